#pragma once

#include "sketch/sketch_config.h"

namespace liveframe::sketch {

// FLOPs (2 x multiply-adds) the model spends per generated frame, counted from its shapes.
double flopsPerFrame(const SketchConfig& config);

}  // namespace liveframe::sketch
