#include "glsl_to_spirv.h"

#include <gtest/gtest.h>

namespace liveframe::gpu {
namespace {

// OCIO-style GLSL: loose uniforms and samplers without layouts, which only relaxed rules take.
constexpr const char* kLooseShader = R"(#version 450
layout(location = 0) out vec4 o_color;
layout(set = 0, binding = 0) uniform sampler2D lf_frame;
uniform float gain;
uniform vec3 tint;
uniform sampler3D lut;
void main() {
  vec3 c = texelFetch(lf_frame, ivec2(gl_FragCoord.xy), 0).rgb * gain * tint;
  o_color = vec4(texture(lut, c).rgb, 1.0);
}
)";

TEST(GlslToSpirvTest, GathersLooseUniformsIntoOneBlock) {
  Result<FragmentModule> module = compileRelaxedFragment(kLooseShader);
  ASSERT_TRUE(module.ok()) << module.error();
  EXPECT_EQ(module.value().spirv.at(0), 0x07230203u);
  EXPECT_EQ(module.value().uniform_block_size, 28);  // float at 0, vec3 at 16 (std140)
  ASSERT_EQ(module.value().uniforms.size(), 2u);
  for (const ReflectedUniform& uniform : module.value().uniforms) {
    if (uniform.name == "gain") {
      EXPECT_EQ(uniform.offset, 0);
      EXPECT_EQ(uniform.gl_type, kGlFloat);
    } else {
      EXPECT_EQ(uniform.name, "tint");
      EXPECT_EQ(uniform.offset, 16);
      EXPECT_EQ(uniform.gl_type, kGlFloatVec3);
    }
  }
  ASSERT_EQ(module.value().samplers.size(), 2u);
  for (const ReflectedSampler& sampler : module.value().samplers) {
    if (sampler.name == "lf_frame") {
      EXPECT_EQ(sampler.binding, 0u);
    } else {
      EXPECT_EQ(sampler.name, "lut");
      EXPECT_EQ(sampler.gl_type, kGlSampler3D);
      EXPECT_NE(sampler.binding, 0u);
      EXPECT_NE(sampler.binding, kUniformBlockBinding);
    }
  }
}

TEST(GlslToSpirvTest, ErrorsAreOneLine) {
  Result<FragmentModule> module = compileRelaxedFragment("#version 450\nvoid main() { nope(); }\n");
  ASSERT_FALSE(module.ok());
  EXPECT_EQ(module.error().rfind("glslang: ", 0), 0u) << module.error();
  EXPECT_EQ(module.error().find('\n'), std::string::npos);
  EXPECT_NE(module.error().find("nope"), std::string::npos) << module.error();
}

}  // namespace
}  // namespace liveframe::gpu
