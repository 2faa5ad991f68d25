// OCIO's GPU description of a display/view: GLSL 4.0 text defining `vec4 ocioDisplay(vec4)`,
// its uniforms with their current values, and its LUTs (already as half floats).
// Thread-safety: a pure function of an immutable config; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "liveframe/color.h"
#include "liveframe/gpu/display_program.h"
#include "liveframe/result.h"

namespace liveframe::gpu {

struct OcioUniform {
  std::string name;
  enum class Type { kFloat, kBool, kFloat3, kFloatArray, kIntArray } type = Type::kFloat;
  std::vector<float> floats;  // kFloat, kBool (0/1), kFloat3, kFloatArray
  std::vector<int> ints;      // kIntArray
  bool is_exposure = false;   // the viewer exposure, rewritten every frame
};

struct OcioShader {
  std::string glsl;  // declarations and the function `ocioDisplay`
  std::string cache_id;
  std::vector<OcioUniform> uniforms;
  std::vector<LutTexture> luts;  // binding left 0: the compiler assigns it
};

inline constexpr const char* kOcioFunctionName = "ocioDisplay";

Result<OcioShader> extractOcioShader(const ColorConfig& config, const DisplayViewRequest& request);

}  // namespace liveframe::gpu
