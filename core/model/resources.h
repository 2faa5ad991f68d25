// Where the app's resources (model weights, OCIO config) are found.
#pragma once

#include <filesystem>

namespace liveframe::model {

// $LIVEFRAME_RESOURCES, else <prefix>/share/liveframe/resources beside an installed binary,
// else the source tree's resources/.
std::filesystem::path resourceDir();
std::filesystem::path builtinSketchWeights();

}  // namespace liveframe::model
