// Released-checkpoint reading: torch.save pickles (.pth/.pt, as Self-Forcing, CausVid,
// LongLive and Wan2.1 ship them) load exactly like the safetensors with the same keys; LoRA
// merges; wrong or partial files are one-line errors naming the file and the key; model folders
// say which file is missing and where it was looked for.
#include "wan/checkpoint.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include <fstream>

#include "io/safetensors.h"
#include "model/weights.h"
#include "wan/causal_dit.h"
#include "wan/wan_config.h"
#include "wan/wan_folder.h"
#include "tiny_wan_folder.h"

namespace liveframe::wan {
namespace {

namespace fs = std::filesystem;

fs::path vectorDir() { return fs::path(LIVEFRAME_SHARED_DIR) / "testvectors/wan"; }

class Scratch {
 public:
  Scratch() : path_(fs::temp_directory_path() / ("lf_ckpt_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Scratch() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

using tiny::tensorDict;
using tiny::writePickle;

TEST(StateDict, ASelfForcingStylePickleLoadsTheDitExactlyAsItsSafetensors) {
  Scratch scratch;
  const fs::path reference = vectorDir() / "causal_dit_global.weights.safetensors";
  auto file = io::SafetensorsFile::open(reference);
  ASSERT_TRUE(file.ok()) << file.error();
  // As Self-Forcing saves it: {"generator": .., "critic": .., "generator_ema": ..}, every key
  // under "model." (and one FSDP wrapper inside, as FSDP-trained files have).
  auto ema = tensorDict(), critic = tensorDict();
  for (const auto& name : (*file)->names()) {
    auto tensor = model::toTorch(*(*file)->find(name)).value();
    const std::string wrapped =
        name.rfind("blocks.0.", 0) == 0 ? "model._fsdp_wrapped_module." + name : "model." + name;
    ema.insert(wrapped, tensor);
    critic.insert(wrapped, torch::zeros_like(tensor));
  }
  c10::impl::GenericDict checkpoint(c10::StringType::get(), c10::AnyType::get());
  checkpoint.insert("critic", critic);
  checkpoint.insert("generator_ema", ema);
  writePickle(scratch.path() / "self_forcing_dmd.pt", checkpoint);

  auto dict = StateDict::open(scratch.path() / "self_forcing_dmd.pt", {"generator_ema", "generator"});
  ASSERT_TRUE(dict.ok()) << dict.error();
  EXPECT_EQ(dict->size(), (*file)->names().size());
  const auto config = DitConfig::fromMetadata((*file)->metadata()).value();
  CausalDit from_pickle(config), from_safetensors(config);
  ASSERT_TRUE(dict->loadInto(*from_pickle)) << dict->loadInto(*from_pickle).error();
  ASSERT_TRUE(model::loadModule(*from_safetensors, **file, ""));
  const auto a = from_pickle->named_parameters(), b = from_safetensors->named_parameters();
  ASSERT_EQ(a.size(), b.size());
  for (const auto& item : a) {
    EXPECT_TRUE(torch::equal(item.value(), b[item.key()])) << item.key();
  }
  // The safetensors reads through the same class, to the same tensors.
  auto direct = StateDict::open(reference);
  ASSERT_TRUE(direct.ok()) << direct.error();
  EXPECT_EQ(direct->names(), dict->names());
}

TEST(StateDict, AFlatBf16PthConvertsToTheModulesDtype) {
  Scratch scratch;
  torch::nn::Linear linear(3, 2);
  auto flat = tensorDict();
  flat.insert("weight", torch::arange(6, torch::kFloat32).view({2, 3}).to(torch::kBFloat16));
  flat.insert("bias", torch::tensor({0.5f, -1.5f}).to(torch::kBFloat16));
  writePickle(scratch.path() / "models_t5_umt5-xxl-enc-bf16.pth", flat);
  auto dict = StateDict::open(scratch.path() / "models_t5_umt5-xxl-enc-bf16.pth");
  ASSERT_TRUE(dict.ok()) << dict.error();
  ASSERT_TRUE(dict->loadInto(*linear));
  EXPECT_EQ(linear->weight.dtype(), torch::kFloat32);
  EXPECT_FLOAT_EQ(linear->weight[1][2].item<float>(), 5.0f);
  EXPECT_FLOAT_EQ(linear->bias[1].item<float>(), -1.5f);
}

TEST(StateDict, WrongOrPartialFilesAreOneLineErrorsNamingFileAndKey) {
  Scratch scratch;
  auto flat = tensorDict();
  flat.insert("weight", torch::zeros({2, 4}));
  writePickle(scratch.path() / "w.pth", flat);
  torch::nn::Linear linear(3, 2);
  auto dict = StateDict::open(scratch.path() / "w.pth");
  ASSERT_TRUE(dict.ok()) << dict.error();
  const auto shape = dict->loadInto(*linear);
  ASSERT_FALSE(shape);
  EXPECT_EQ(shape.error(), "w.pth: tensor 'weight' has shape [2, 4], expected [2, 3]");
  torch::nn::Linear wider(4, 2);
  const auto missing = dict->loadInto(*wider);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "w.pth: missing tensor 'bias'");

  c10::impl::GenericDict training(c10::StringType::get(), c10::AnyType::get());
  training.insert("critic", flat);
  writePickle(scratch.path() / "critic_only.pt", training);
  const auto section = StateDict::open(scratch.path() / "critic_only.pt", {"generator_ema", "generator"});
  ASSERT_FALSE(section.ok());
  EXPECT_EQ(section.error(),
            "critic_only.pt: no 'generator_ema' or 'generator' in the checkpoint (it holds: critic)");

  // Truncated: half of a real pickle.
  const auto bytes = torch::pickle_save(flat);
  std::ofstream(scratch.path() / "cut.pth", std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
  const auto cut = StateDict::open(scratch.path() / "cut.pth");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().rfind("cut.pth: cannot read the PyTorch checkpoint", 0), 0u) << cut.error();
  EXPECT_EQ(cut.error().find('\n'), std::string::npos);

  std::ofstream(scratch.path() / "text.pth") << "not a checkpoint";
  const auto text = StateDict::open(scratch.path() / "text.pth");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error(), "text.pth: not a PyTorch checkpoint (no torch.save header)");
  const auto absent = StateDict::open(scratch.path() / "absent.pth");
  ASSERT_FALSE(absent.ok());
  EXPECT_NE(absent.error().find("absent.pth: no such checkpoint file"), std::string::npos);
}

TEST(StateDict, LongLiveLoraMergesAsWPlusBA) {
  Scratch scratch;
  auto base = tensorDict();
  base.insert("model.blocks.0.self_attn.q.weight", torch::ones({3, 4}));
  base.insert("model.blocks.0.self_attn.q.bias", torch::zeros({3}));
  writePickle(scratch.path() / "longlive_base.pt", base);
  const auto a = torch::arange(8, torch::kFloat32).view({2, 4});  // [r, in]
  const auto b = torch::arange(6, torch::kFloat32).view({3, 2});  // [out, r]
  auto lora = tensorDict();
  lora.insert("base_model.model.blocks.0.self_attn.q.lora_A.weight", a);
  lora.insert("base_model.model.blocks.0.self_attn.q.lora_B.weight", b);
  c10::impl::GenericDict lora_file(c10::StringType::get(), c10::AnyType::get());
  lora_file.insert("generator_lora", lora);
  writePickle(scratch.path() / "lora.pt", lora_file);

  auto dict = StateDict::open(scratch.path() / "longlive_base.pt", {"generator"});
  auto adapter = StateDict::open(scratch.path() / "lora.pt", {"generator_lora"});
  ASSERT_TRUE(dict.ok() && adapter.ok());
  ASSERT_TRUE(dict->mergeLora(*adapter, 0.5f));
  const auto merged = *dict->find("blocks.0.self_attn.q.weight");
  EXPECT_TRUE(torch::allclose(merged, torch::ones({3, 4}) + 0.5f * torch::matmul(b, a)));

  auto bad = tensorDict();
  bad.insert("base_model.model.blocks.0.self_attn.q.lora_A.weight", torch::zeros({2, 5}));
  bad.insert("base_model.model.blocks.0.self_attn.q.lora_B.weight", b);
  bad.insert("base_model.model.blocks.9.ffn.0.lora_A.weight", a);
  writePickle(scratch.path() / "bad_lora.pt", bad);
  auto bad_adapter = StateDict::open(scratch.path() / "bad_lora.pt");
  ASSERT_TRUE(bad_adapter.ok());
  const auto status = dict->mergeLora(*bad_adapter, 1.0f);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().find("bad_lora.pt: "), std::string::npos) << status.error();
  EXPECT_TRUE(torch::allclose(*dict->find("blocks.0.self_attn.q.weight"), merged))
      << "a failed merge must leave the weights as they were";
}

TEST(StateDict, PlainKeysDropTheTrainingWrappers) {
  EXPECT_EQ(plainKey("model.blocks.0.ffn.0.weight"), "blocks.0.ffn.0.weight");
  EXPECT_EQ(plainKey("_fsdp_wrapped_module.model.head.head.weight"), "head.head.weight");
  EXPECT_EQ(plainKey("model.blocks.3._fsdp_wrapped_module.norm3.bias"), "blocks.3.norm3.bias");
  EXPECT_EQ(plainKey("base_model.model.blocks.0.self_attn.q.lora_A.weight"),
            "base_model.model.blocks.0.self_attn.q.lora_A.weight");
  EXPECT_EQ(plainKey("token_embedding.weight"), "token_embedding.weight");
}

void touch(const fs::path& file) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << "x";
}

TEST(WanFolder, SaysWhichFileIsMissingAndWhereItWasLookedFor) {
  Scratch scratch;
  const fs::path dir = scratch.path();
  EXPECT_FALSE(looksLikeWanFolder(dir));
  touch(dir / "self_forcing_dmd.pt");
  touch(dir / "wan_models/Wan2.1-T2V-1.3B/models_t5_umt5-xxl-enc-bf16.pth");
  touch(dir / "wan_models/Wan2.1-T2V-1.3B/Wan2.1_VAE.pth");
  WanFolder scan = scanWanFolder(dir);
  EXPECT_TRUE(looksLikeWanFolder(dir));
  EXPECT_FALSE(scan.complete());
  EXPECT_EQ(scan.generator, GeneratorKind::kSelfForcing);
  EXPECT_EQ(scan.generatorName(), "Self-Forcing (self_forcing_dmd.pt)");
  EXPECT_EQ(scan.part("text encoder")->found,
            dir / "wan_models/Wan2.1-T2V-1.3B/models_t5_umt5-xxl-enc-bf16.pth");
  EXPECT_EQ(scan.missingText(),
            dir.string() + ": missing the umT5 SentencePiece tokenizer: spiece.model (looked for " +
                (dir / "google/umt5-xxl/spiece.model").string() + ", " +
                (dir / "Wan2.1-T2V-1.3B/google/umt5-xxl/spiece.model").string() + ", " +
                (dir / "wan_models/Wan2.1-T2V-1.3B/google/umt5-xxl/spiece.model").string() + ")");
  touch(dir / "Wan2.1-T2V-1.3B/google/umt5-xxl/spiece.model");
  scan = scanWanFolder(dir);
  EXPECT_TRUE(scan.complete()) << scan.missingText();
  EXPECT_EQ(scan.missingText(), "");
  EXPECT_EQ(scan.part("generator")->sections, (std::vector<std::string>{"generator_ema", "generator"}));
  EXPECT_TRUE(scan.part("fast decoder")->found.empty());  // optional: complete without it
}

TEST(WanFolder, LongLiveNeedsItsLoraAndAFinetuneWinsOverTheBase) {
  Scratch scratch;
  const fs::path dir = scratch.path();
  touch(dir / "diffusion_pytorch_model.safetensors");
  EXPECT_EQ(scanWanFolder(dir).generator, GeneratorKind::kWanBase);
  touch(dir / "models/longlive_base.pt");
  WanFolder scan = scanWanFolder(dir);
  EXPECT_EQ(scan.generator, GeneratorKind::kLongLive);
  ASSERT_NE(scan.part("lora"), nullptr);
  EXPECT_TRUE(scan.part("lora")->found.empty());
  touch(dir / "models/lora.pt");
  EXPECT_EQ(scanWanFolder(dir).part("lora")->found, dir / "models/lora.pt");
}

}  // namespace
}  // namespace liveframe::wan
