// Where the app's resources (model weights, OCIO config) are found.
#pragma once

#include <filesystem>

#include "liveframe/resources.h"

namespace liveframe::model {

using liveframe::resourceDir;  // moved to liveframe_common so colour code can find the config
std::filesystem::path builtinSketchWeights();

}  // namespace liveframe::model
