// The fallback colour program: the display/view run on the CPU over an edge^3 lattice of
// source values and sampled trilinearly by a fixed shader (studio.md §3.4).
// Thread-safety: safe from any thread.
#pragma once

#include "liveframe/color.h"
#include "liveframe/gpu/display_program.h"
#include "liveframe/result.h"

namespace liveframe::gpu {

// `request` carries the exposure to bake in. The LUT binds at 1 (the frame at 0).
Result<LutTexture> bakeDisplayLut(const ColorConfig& config, const DisplayViewRequest& request,
                                  int edge);

}  // namespace liveframe::gpu
