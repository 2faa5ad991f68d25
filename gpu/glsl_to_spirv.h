// glslang 12 with relaxed Vulkan rules (studio.md §3.2): OCIO's GLSL declares loose uniforms,
// which strict Vulkan GLSL rejects; relaxed mode gathers them into one uniform block and
// gives samplers free bindings. Also reflects where everything landed.
// Thread-safety: safe from any thread (compiles are serialised inside).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "liveframe/result.h"

namespace liveframe::gpu {

struct ReflectedSampler {
  std::string name;
  std::uint32_t binding = 0;
  int gl_type = 0;  // GL_SAMPLER_1D, GL_SAMPLER_2D, GL_SAMPLER_3D, ...
};

struct ReflectedUniform {  // a member of the global uniform block
  std::string name;        // without a trailing "[0]"
  int offset = 0;          // bytes into the block (std140)
  int gl_type = 0;         // GL_FLOAT, GL_FLOAT_VEC3, GL_BOOL, GL_INT, ...
  int array_size = 1;
  int array_stride = 0;
};

struct FragmentModule {
  std::vector<std::uint32_t> spirv;
  std::vector<ReflectedSampler> samplers;
  std::vector<ReflectedUniform> uniforms;
  int uniform_block_size = 0;  // 0: no live uniforms
};

inline constexpr const char* kUniformBlockName = "OcioUniforms";
inline constexpr std::uint32_t kUniformBlockBinding = 1;

// `source` is a whole fragment shader (#version 450); loose uniforms go to kUniformBlockName
// at set 0, binding kUniformBlockBinding. Errors carry glslang's first message.
Result<FragmentModule> compileRelaxedFragment(const std::string& source);

// GL type enums as glslang's reflection reports them (from the GL headers, which we avoid).
inline constexpr int kGlFloat = 0x1406;
inline constexpr int kGlInt = 0x1404;
inline constexpr int kGlBool = 0x8B56;
inline constexpr int kGlFloatVec3 = 0x8B51;
inline constexpr int kGlSampler1D = 0x8B5D;
inline constexpr int kGlSampler2D = 0x8B5E;
inline constexpr int kGlSampler3D = 0x8B5F;

}  // namespace liveframe::gpu
