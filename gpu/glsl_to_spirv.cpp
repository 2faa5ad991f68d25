#include "glsl_to_spirv.h"

#include <glslang/Public/ResourceLimits.h>
#include <glslang/Public/ShaderLang.h>
#include <glslang/SPIRV/GlslangToSpv.h>

#include <mutex>

namespace liveframe::gpu {
namespace {

// glslang keeps process-wide tables; initialise once and let one compile run at a time
// (a compile takes ~0.1 s and happens on a view switch, so this never contends in practice).
std::mutex& compilerMutex() {
  static std::mutex mutex;
  static const bool initialised = glslang::InitializeProcess();
  (void)initialised;
  return mutex;
}

// The first non-empty line of a glslang log, trimmed: enough to say what went wrong.
std::string firstLine(const char* log) {
  std::string text = log ? log : "";
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string::npos) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      return line;
    }
    start = end + 1;
  }
  return "no message";
}

std::string withoutArraySuffix(std::string name) {
  if (name.size() > 3 && name.compare(name.size() - 3, 3, "[0]") == 0) name.resize(name.size() - 3);
  return name;
}

void reflect(const glslang::TProgram& program, FragmentModule& module) {
  for (int i = 0; i < program.getNumUniformBlocks(); ++i) {
    const glslang::TObjectReflection& block = program.getUniformBlock(i);
    if (block.name == kUniformBlockName) module.uniform_block_size = block.size;
  }
  for (int i = 0; i < program.getNumUniformVariables(); ++i) {
    const glslang::TObjectReflection& uniform = program.getUniform(i);
    if (uniform.index >= 0) {  // a block member
      ReflectedUniform member;
      member.name = withoutArraySuffix(uniform.name);
      member.offset = uniform.offset;
      member.gl_type = uniform.glDefineType;
      member.array_size = uniform.size;
      member.array_stride = uniform.arrayStride;
      module.uniforms.push_back(std::move(member));
    } else if (uniform.getBinding() >= 0) {  // an opaque sampler
      module.samplers.push_back(
          {uniform.name, static_cast<std::uint32_t>(uniform.getBinding()), uniform.glDefineType});
    }
  }
}

}  // namespace

Result<FragmentModule> compileRelaxedFragment(const std::string& source) {
  std::lock_guard lock(compilerMutex());
  glslang::TShader shader(EShLangFragment);
  const char* text = source.c_str();
  shader.setStrings(&text, 1);
  shader.setEnvInput(glslang::EShSourceGlsl, EShLangFragment, glslang::EShClientVulkan, 100);
  shader.setEnvClient(glslang::EShClientVulkan, glslang::EShTargetVulkan_1_1);
  shader.setEnvTarget(glslang::EShTargetSpv, glslang::EShTargetSpv_1_3);
  shader.setEnvInputVulkanRulesRelaxed();
  shader.setGlobalUniformBlockName(kUniformBlockName);
  shader.setGlobalUniformSet(0);
  shader.setGlobalUniformBinding(kUniformBlockBinding);
  shader.setAutoMapBindings(true);
  shader.setAutoMapLocations(true);
  const auto rules = static_cast<EShMessages>(EShMsgSpvRules | EShMsgVulkanRules);
  if (!shader.parse(GetDefaultResources(), 450, false, rules)) {
    return Error{"glslang: " + firstLine(shader.getInfoLog())};
  }
  glslang::TProgram program;
  program.addShader(&shader);
  if (!program.link(rules) || !program.mapIO()) {
    return Error{"glslang link: " + firstLine(program.getInfoLog())};
  }
  if (!program.buildReflection(EShReflectionDefault)) {
    return Error{"glslang: reflection failed"};
  }
  FragmentModule module;
  reflect(program, module);
  spv::SpvBuildLogger logger;
  glslang::SpvOptions options;
  options.validate = true;
  glslang::GlslangToSpv(*program.getIntermediate(EShLangFragment), module.spirv, &logger, &options);
  const std::string messages = logger.getAllMessages();
  if (module.spirv.empty() || messages.find("error") != std::string::npos) {
    return Error{"glslang SPIR-V: " + firstLine(messages.c_str())};
  }
  return module;
}

}  // namespace liveframe::gpu
