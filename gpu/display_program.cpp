// buildDisplayProgram: OCIO's shader compiled for Vulkan, else the baked fallback.
#include "liveframe/gpu/display_program.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "baked_lut.frag.h"
#include "baked_lut.h"
#include "color/ocio_config.h"
#include "glsl_to_spirv.h"
#include "ocio_shader.h"
#include "vk_check.h"

namespace liveframe::gpu {
namespace {

// Vulkan guarantees 16 samplers per stage; the frame takes one.
constexpr std::size_t kMaxLuts = 15;

std::string fragmentSource(const std::string& ocio_glsl) {
  return std::string(R"(#version 450
layout(location = 0) in vec2 v_uv;
layout(location = 0) out vec4 o_color;
layout(set = 0, binding = 0) uniform sampler2D lf_frame;
)") + ocio_glsl +
         R"(
void main() {
  vec4 frame = vec4(texelFetch(lf_frame, ivec2(gl_FragCoord.xy), 0).rgb, 1.0);
  o_color = vec4()" +
         kOcioFunctionName + R"((frame).rgb, 1.0);
}
)";
}

int expectedSamplerType(LutTexture::Shape shape) {
  switch (shape) {
    case LutTexture::Shape::k1D:
      return kGlSampler1D;
    case LutTexture::Shape::k2D:
      return kGlSampler2D;
    case LutTexture::Shape::k3D:
      return kGlSampler3D;
  }
  return 0;
}

Status bindLuts(const FragmentModule& module, std::vector<LutTexture> luts,
                DisplayProgram& program) {
  for (LutTexture& lut : luts) {
    const ReflectedSampler* found = nullptr;
    for (const ReflectedSampler& sampler : module.samplers) {
      if (sampler.name == lut.sampler_name) found = &sampler;
    }
    if (found == nullptr) continue;  // optimised out of the shader
    if (found->gl_type != expectedSamplerType(lut.shape)) {
      return Error{"OCIO sampler " + lut.sampler_name + " has an unexpected type"};
    }
    lut.binding = found->binding;
    program.luts.push_back(std::move(lut));
  }
  if (program.luts.size() > kMaxLuts) {
    return Error{"the shader needs " + std::to_string(program.luts.size()) + " LUTs (at most " +
                 std::to_string(kMaxLuts) + ")"};
  }
  return Status::success();
}

template <typename T>
void put(std::vector<std::byte>& block, std::size_t offset, T value) {
  if (offset + sizeof(T) <= block.size()) std::memcpy(block.data() + offset, &value, sizeof(T));
}

// Lays OCIO's uniform values out where the compiler put them (std140 offsets and strides).
Status fillUniformBlock(const FragmentModule& module, const std::vector<OcioUniform>& uniforms,
                        DisplayProgram& program) {
  if (module.uniform_block_size == 0) return Status::success();
  program.uniform_binding = kUniformBlockBinding;
  program.uniform_defaults.assign(static_cast<std::size_t>(module.uniform_block_size),
                                  std::byte{0});
  for (const ReflectedUniform& member : module.uniforms) {
    const OcioUniform* value = nullptr;
    for (const OcioUniform& uniform : uniforms) {
      if (uniform.name == member.name) value = &uniform;
    }
    if (value == nullptr) return Error{"shader uniform " + member.name + " is unknown to OCIO"};
    const auto offset = static_cast<std::size_t>(member.offset);
    if (value->is_exposure) program.exposure_offset = member.offset;
    switch (value->type) {
      case OcioUniform::Type::kBool:
        put<std::uint32_t>(program.uniform_defaults, offset, value->floats[0] != 0.0f ? 1u : 0u);
        break;
      case OcioUniform::Type::kFloat:
      case OcioUniform::Type::kFloat3:
        for (std::size_t i = 0; i < value->floats.size(); ++i) {
          put(program.uniform_defaults, offset + 4 * i, value->floats[i]);
        }
        break;
      case OcioUniform::Type::kFloatArray:
      case OcioUniform::Type::kIntArray: {
        const std::size_t stride = member.array_stride > 0 ? member.array_stride : 16;
        const std::size_t count = std::min<std::size_t>(
            member.array_size, std::max(value->floats.size(), value->ints.size()));
        for (std::size_t i = 0; i < count; ++i) {
          if (value->type == OcioUniform::Type::kFloatArray) {
            put(program.uniform_defaults, offset + stride * i, value->floats[i]);
          } else {
            put<std::int32_t>(program.uniform_defaults, offset + stride * i, value->ints[i]);
          }
        }
        break;
      }
    }
  }
  return Status::success();
}

Result<DisplayProgram> compileOcioProgram(const OcioShader& shader) {
  Result<FragmentModule> module = compileRelaxedFragment(fragmentSource(shader.glsl));
  if (!module.ok()) return Error{module.error()};
  DisplayProgram program;
  program.fragment_spirv = std::move(module.value().spirv);
  program.cache_id = shader.cache_id;
  for (const ReflectedSampler& sampler : module.value().samplers) {
    if (sampler.name == "lf_frame" && sampler.binding != program.source_binding) {
      return Error{"the frame sampler did not land at binding 0"};
    }
  }
  LF_TRY(bindLuts(module.value(), shader.luts, program));
  LF_TRY(fillUniformBlock(module.value(), shader.uniforms, program));
  return program;
}

Result<DisplayProgram> bakeProgram(const ColorConfig& config, DisplayViewRequest request,
                                   const DisplayProgramOptions& options) {
  request.exposure_stops = options.bake_exposure_stops;
  Result<LutTexture> lut = bakeDisplayLut(config, request, DisplayProgramOptions::kBakeEdge);
  if (!lut.ok()) return Error{lut.error()};
  DisplayProgram program;
  program.fragment_spirv.assign(std::begin(kBakedLutFrag), std::end(kBakedLutFrag));
  program.luts.push_back(std::move(lut.value()));
  program.baked = true;
  program.baked_exposure_stops = options.bake_exposure_stops;
  char exposure[32];
  std::snprintf(exposure, sizeof exposure, "%.17g", options.bake_exposure_stops);
  program.cache_id = "baked:" + config.cacheId() + ":" +
                     color::describeDisplayView(config, request) + ":" + exposure;
  return program;
}

}  // namespace

Result<DisplayProgramPtr> buildDisplayProgram(const ColorConfig& config, std::string_view display,
                                              std::string_view view,
                                              const DisplayProgramOptions& options) {
  DisplayViewRequest request;
  request.display = display;
  request.view = view;
  request.source = options.source;
  std::string fallback_reason = "baking was asked for";
  if (!options.force_bake) {
    Result<OcioShader> shader = extractOcioShader(config, request);
    if (!shader.ok()) return Error{shader.error()};  // unknown names: baking cannot help
    Result<DisplayProgram> program = compileOcioProgram(shader.value());
    if (program.ok()) {
      program.value().description = color::describeDisplayView(config, request);
      return std::make_shared<const DisplayProgram>(std::move(program.value()));
    }
    fallback_reason = program.error();
  }
  Result<DisplayProgram> baked = bakeProgram(config, request, options);
  if (!baked.ok()) return Error{baked.error()};
  request.exposure_stops = options.bake_exposure_stops;
  baked.value().description = color::describeDisplayView(config, request) + " (baked LUT)";
  baked.value().fallback_reason = fallback_reason;
  return std::make_shared<const DisplayProgram>(std::move(baked.value()));
}

}  // namespace liveframe::gpu
