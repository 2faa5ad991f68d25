// Reading a display/view's GPU shader, uniforms and LUTs out of OCIO (studio.md §3.1, §3.3).
#include "ocio_shader.h"

#include "color/ocio_config.h"
#include "lut_textures.h"

namespace liveframe::gpu {
namespace OCIO = color::OCIO;
namespace {

// OCIO keeps the exposure in a dynamic property that the uniform's getter reads; setting a
// marker value and seeing which uniform reports it finds the exposure without trusting names.
constexpr double kExposureMarker = 1234.5;

OcioUniform readUniform(const char* name, const OCIO::GpuShaderDesc::UniformData& data) {
  OcioUniform uniform;
  uniform.name = name;
  switch (data.m_type) {
    case OCIO::UNIFORM_DOUBLE:
      uniform.type = OcioUniform::Type::kFloat;
      uniform.floats = {static_cast<float>(data.m_getDouble())};
      uniform.is_exposure = data.m_getDouble() == kExposureMarker;
      break;
    case OCIO::UNIFORM_BOOL:
      uniform.type = OcioUniform::Type::kBool;
      uniform.floats = {data.m_getBool() ? 1.0f : 0.0f};
      break;
    case OCIO::UNIFORM_FLOAT3: {
      uniform.type = OcioUniform::Type::kFloat3;
      const OCIO::Float3& value = data.m_getFloat3();
      uniform.floats.assign(value.begin(), value.end());
      break;
    }
    case OCIO::UNIFORM_VECTOR_FLOAT: {
      uniform.type = OcioUniform::Type::kFloatArray;
      const float* values = data.m_vectorFloat.m_getVector();
      uniform.floats.assign(values, values + data.m_vectorFloat.m_getSize());
      break;
    }
    case OCIO::UNIFORM_VECTOR_INT: {
      uniform.type = OcioUniform::Type::kIntArray;
      const int* values = data.m_vectorInt.m_getVector();
      uniform.ints.assign(values, values + data.m_vectorInt.m_getSize());
      break;
    }
    case OCIO::UNIFORM_UNKNOWN:
      break;
  }
  return uniform;
}

void readLuts(const OCIO::GpuShaderDesc& desc, std::vector<LutTexture>& luts) {
  for (unsigned i = 0; i < desc.getNumTextures(); ++i) {
    const char* texture_name = nullptr;
    const char* sampler_name = nullptr;
    unsigned width = 0, height = 0;
    OCIO::GpuShaderDesc::TextureType channel_type;
    OCIO::Interpolation interpolation;
    desc.getTexture(i, texture_name, sampler_name, width, height, channel_type, interpolation);
    const float* values = nullptr;
    desc.getTextureValues(i, values);
    LutTexture lut;
    lut.sampler_name = sampler_name;
    lut.shape = height > 1 ? LutTexture::Shape::k2D : LutTexture::Shape::k1D;
    lut.width = width;
    lut.height = height;
    const int source_channels = channel_type == OCIO::GpuShaderDesc::TEXTURE_RED_CHANNEL ? 1 : 3;
    lut.channels = source_channels == 1 ? 1 : 4;
    lut.linear_filter = interpolation != OCIO::INTERP_NEAREST;
    lut.texels = toHalfTexels(values, std::size_t{width} * height, source_channels);
    luts.push_back(std::move(lut));
  }
  for (unsigned i = 0; i < desc.getNum3DTextures(); ++i) {
    const char* texture_name = nullptr;
    const char* sampler_name = nullptr;
    unsigned edge = 0;
    OCIO::Interpolation interpolation;
    desc.get3DTexture(i, texture_name, sampler_name, edge, interpolation);
    const float* values = nullptr;
    desc.get3DTextureValues(i, values);
    LutTexture lut;
    lut.sampler_name = sampler_name;
    lut.shape = LutTexture::Shape::k3D;
    lut.width = lut.height = lut.depth = edge;
    lut.channels = 4;
    // Tetrahedral (and nearest) fetch lattice points themselves; only linear uses the filter.
    lut.linear_filter = interpolation == OCIO::INTERP_LINEAR;
    lut.texels = toHalfTexels(values, std::size_t{edge} * edge * edge, 3);
    luts.push_back(std::move(lut));
  }
}

}  // namespace

Result<OcioShader> extractOcioShader(const ColorConfig& config, const DisplayViewRequest& request) {
  Result<OCIO::ConstTransformRcPtr> transform =
      color::displayViewTransform(config, request, color::Exposure::kDynamic);
  if (!transform.ok()) return Error{transform.error()};
  try {
    OCIO::ConstGPUProcessorRcPtr processor =
        config.impl().config->getProcessor(transform.value())->getDefaultGPUProcessor();
    OCIO::GpuShaderDescRcPtr desc = OCIO::GpuShaderDesc::CreateShaderDesc();
    desc->setLanguage(OCIO::GPU_LANGUAGE_GLSL_4_0);
    desc->setFunctionName(kOcioFunctionName);
    desc->setResourcePrefix("ocio_");
    processor->extractGpuShaderInfo(desc);

    OcioShader shader;
    shader.glsl = desc->getShaderText();
    shader.cache_id = processor->getCacheID();
    OCIO::DynamicPropertyRcPtr exposure;
    if (desc->hasDynamicProperty(OCIO::DYNAMIC_PROPERTY_EXPOSURE)) {
      exposure = desc->getDynamicProperty(OCIO::DYNAMIC_PROPERTY_EXPOSURE);
      OCIO::DynamicPropertyValue::AsDouble(exposure)->setValue(kExposureMarker);
    }
    for (unsigned i = 0; i < desc->getNumUniforms(); ++i) {
      OCIO::GpuShaderDesc::UniformData data;
      const char* name = desc->getUniform(i, data);
      shader.uniforms.push_back(readUniform(name, data));
      if (shader.uniforms.back().is_exposure) shader.uniforms.back().floats = {0.0f};
    }
    readLuts(*desc, shader.luts);
    return shader;
  } catch (const OCIO::Exception& e) {
    return Error{"OCIO GPU shader for " + color::describeDisplayView(config, request) + ": " +
                 color::oneLine(e.what())};
  }
}

}  // namespace liveframe::gpu
