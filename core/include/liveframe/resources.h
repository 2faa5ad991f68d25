// Where the app's resources (model weights, OCIO config) are found.
// Thread-safety: reads the environment and the file system only; safe from any thread.
#pragma once

#include <filesystem>

namespace liveframe {

// $LIVEFRAME_RESOURCES, else <prefix>/share/liveframe/resources beside an installed binary,
// else the source tree's resources/.
std::filesystem::path resourceDir();

}  // namespace liveframe
