// The Wan family as a VideoModel, on folders laid out like the released downloads at the
// reference vectors' tiny sizes: every part loads from its own file format, prompts go through
// the tokenizer and umT5 into the DiT, blocks stream endlessly through the rolling cache, both
// decoders yield 4 frames per latent frame (4·F − 3 on a stream's first block), a LongLive
// folder re-caches on a prompt switch, and wrong folders are one-line errors.
#include "wan/wan_model.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <chrono>
#include <fstream>
#include <thread>

#include "liveframe/engine.h"
#include "tiny_wan_folder.h"
#include "wan/checkpoint.h"
#include "wan/umt5_tokenizer.h"

namespace liveframe::wan {
namespace {

namespace fs = std::filesystem;

class WanModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lf_wan_model_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<WanModel> load(const tiny::TinyFolderOptions& files,
                                 WanModelOptions options = {}) {
    // A folder per load, so that no file of an earlier one is found.
    const fs::path folder =
        tiny::writeTinyWanFolder(dir_ / ("wan" + std::to_string(loads_++)), files);
    options.width = tiny::kTinyWidth;
    options.height = tiny::kTinyHeight;
    auto model = WanModel::load(scanWanFolder(folder), options);
    EXPECT_TRUE(model.ok()) << model.error();
    return model.ok() ? std::move(model).value() : nullptr;
  }

  fs::path dir_;
  int loads_ = 0;
};

TEST_F(WanModelTest, AFolderLoadsWithTheShapesOfItsFiles) {
  auto model = load({});
  ASSERT_TRUE(model);
  const ModelInfo& info = model->info();
  EXPECT_EQ(info.width, tiny::kTinyWidth);
  EXPECT_EQ(info.height, tiny::kTinyHeight);
  EXPECT_EQ(info.frames_per_step, 12);  // 3 latent frames × 4
  EXPECT_EQ(info.latent_shape, (std::vector<long>{16, 4, 6}));
  EXPECT_EQ(info.device, "cpu");
  EXPECT_EQ(info.id, fs::absolute(dir_ / "wan0").lexically_normal().string());
  EXPECT_NE(info.description.find("Self-Forcing (self_forcing_dmd.pt)"), std::string::npos);
  EXPECT_NE(info.description.find("Wan VAE decoder"), std::string::npos);
  EXPECT_EQ(info.weights_hash.size(), 33u);  // generator + decoder
  EXPECT_GT(info.flops_per_frame, 0);
  EXPECT_EQ(model->ditConfig().dim, 64);  // from config.json
  EXPECT_EQ(model->ditConfig().text_dim, 32);
  EXPECT_FALSE(model->recachesOnSwitch());
  EXPECT_FALSE(model->usesTaehv());
  EXPECT_TRUE(model->streamConfig().rolling());
}

TEST_F(WanModelTest, APromptIsUmt5OfItsTokensZeroedPastItsLength) {
  auto model = load({});
  ASSERT_TRUE(model);
  const std::string prompt = "a red ball over the ocean";
  const auto conditioning = model->encodePrompt(prompt);
  ASSERT_EQ(conditioning->tokens.sizes(), (c10::IntArrayRef{16, 32}));
  // The same arithmetic by hand from the same files.
  auto tokenizer = Umt5Tokenizer::open(dir_ / "wan0/google/umt5-xxl/spiece.model").value();
  const auto tokens = tokenizer.encode(prompt, 16);
  auto dict = StateDict::open(dir_ / "wan0/models_t5_umt5-xxl-enc-bf16.pth").value();
  Umt5Config config;
  config.vocab = 100;
  config.dim = config.dim_attn = 32;
  config.dim_ffn = 64;
  config.num_heads = 4;
  config.num_layers = 2;
  config.num_buckets = 8;
  config.text_len = 16;
  Umt5Encoder encoder(config);
  ASSERT_TRUE(dict.loadInto(*encoder));
  torch::NoGradGuard no_grad;
  const auto ids = torch::tensor(tokens.ids).unsqueeze(0);
  const auto mask = torch::tensor(tokens.mask).unsqueeze(0);
  const auto expected = zeroPadding(encoder->forward(ids, mask), mask).squeeze(0);
  EXPECT_TRUE(torch::allclose(conditioning->tokens, expected, 1e-5, 1e-6));
  EXPECT_GT(conditioning->tokens.slice(0, 0, tokens.length).abs().sum().item<float>(), 0);
  EXPECT_EQ(conditioning->tokens.slice(0, tokens.length).abs().sum().item<float>(), 0);
  // Blends of two prompts are row-wise (every prompt has all text_len rows).
  const auto other = model->encodePrompt("a blue robot");
  const auto blend = model->blend({{conditioning, 0.25f}, {other, 0.75f}});
  EXPECT_TRUE(torch::allclose(blend->tokens, 0.25 * conditioning->tokens + 0.75 * other->tokens));
}

TEST_F(WanModelTest, ABf16TextEncoderRunsInBf16AsTheReleasedFileIsStored) {
  auto fp32 = load({});
  tiny::TinyFolderOptions files;
  files.bf16_text_encoder = true;
  auto bf16 = load(files);
  ASSERT_TRUE(fp32 && bf16);
  const auto a = fp32->encodePrompt("a red ball over the ocean")->tokens;
  const auto b = bf16->encodePrompt("a red ball over the ocean")->tokens;
  EXPECT_EQ(b.scalar_type(), torch::kFloat32);  // handed to the DiT in its precision
  EXPECT_FALSE(torch::equal(a, b));              // computed in bf16, not upcast first
  // bf16 keeps 8 bits of mantissa: close to the fp32 encoding, not equal.
  const double error = (a - b).abs().max().item<double>() / a.abs().max().item<double>();
  EXPECT_LT(error, 0.1);
}

TEST_F(WanModelTest, BlocksDecodeToFourFramesPerLatentFrameAndStreamPastTheWindow) {
  auto model = load({});
  ASSERT_TRUE(model);
  const auto prompt = model->encodePrompt("a red ball");
  auto stream = model->beginStream(3);
  std::vector<Frame> frames;
  std::int64_t decoded = 0;
  // 10 blocks = 30 latent frames, past the 21-frame rolling window.
  for (int block = 0; block < 10; ++block) {
    const auto latents = model->step(*stream, *prompt, 0);
    ASSERT_EQ(latents.sizes(), (c10::IntArrayRef{1, 3, 16, 4, 6}));
    ASSERT_TRUE(torch::isfinite(latents).all().item<bool>());
    frames.clear();
    model->decode(*stream, latents, frames);
    const std::int64_t expected = block == 0 ? 9 : 12;  // 1 + 4 + 4, then 4 + 4 + 4
    ASSERT_EQ(static_cast<std::int64_t>(frames.size()), expected) << "block " << block;
    decoded += expected;
    EXPECT_EQ(stream->frame_index, decoded);
    for (const auto& frame : frames) {
      ASSERT_EQ(frame.width, tiny::kTinyWidth);
      ASSERT_EQ(frame.height, tiny::kTinyHeight);
      ASSERT_EQ(frame.rgb.size(), static_cast<std::size_t>(tiny::kTinyWidth * tiny::kTinyHeight * 3));
    }
  }
  // Random weights still make pictures that vary.
  const auto [low, high] = std::minmax_element(frames[0].rgb.begin(), frames[0].rgb.end());
  EXPECT_LT(*low, *high);
}

TEST_F(WanModelTest, AStreamIsReproducibleFromItsSeedAndFollowsItsPrompt) {
  auto model = load({});
  ASSERT_TRUE(model);
  const auto red = model->encodePrompt("a red ball");
  const auto blue = model->encodePrompt("a blue robot");
  auto run = [&](std::uint64_t seed, const model::Conditioning& second) {
    auto stream = model->beginStream(seed);
    auto first = model->step(*stream, *red, 0);
    return torch::cat({first, model->step(*stream, second, 0)}, 1);
  };
  const auto a = run(5, *red);
  EXPECT_TRUE(torch::equal(a, run(5, *red)));
  EXPECT_FALSE(torch::allclose(a, run(6, *red)));
  const auto switched = run(5, *blue);
  EXPECT_TRUE(torch::equal(a.slice(1, 0, 3), switched.slice(1, 0, 3)));
  EXPECT_FALSE(torch::allclose(a.slice(1, 3), switched.slice(1, 3)));
}

// Frames re-cached by a switch after `blocks` blocks of one prompt (0: none).
std::int64_t recacheAfter(WanModel& model, int blocks) {
  const auto red = model.encodePrompt("a red ball");
  const auto blue = model.encodePrompt("a blue robot");
  auto stream = model.beginStream(1);
  for (int block = 0; block < blocks; ++block) model.step(*stream, *red, 0);
  model.switchPrompt(*stream, *blue);
  model.step(*stream, *blue, 0);
  const std::int64_t frames = WanModel::lastRecacheFrames(*stream);
  // The next block under the same prompt does not re-cache again.
  model.step(*stream, *blue, 0);
  EXPECT_EQ(WanModel::lastRecacheFrames(*stream), frames);
  return frames;
}

TEST_F(WanModelTest, ALongLiveFolderMergesItsLoraAndReCachesTheWindowOnASwitch) {
  auto model = load({tiny::TinyGenerator::kLongLive});
  ASSERT_TRUE(model);
  EXPECT_TRUE(model->recachesOnSwitch());
  EXPECT_EQ(model->streamConfig().local_attn_frames, 12);
  EXPECT_EQ(model->streamConfig().sink_frames, 3);
  EXPECT_NE(model->info().description.find("LongLive"), std::string::npos);
  EXPECT_EQ(recacheAfter(*model, 4), 9);  // the 12-frame window after its 3-frame sink
  EXPECT_EQ(recacheAfter(*model, 2), 3);  // 6 frames so far, 3 of them the sink
  {  // A transition blends to the new prompt instead (the engine's blend frames come first).
    const auto red = model->encodePrompt("a red ball");
    const auto blue = model->encodePrompt("a blue robot");
    auto stream = model->beginStream(1);
    for (int block = 0; block < 4; ++block) model->step(*stream, *red, 0);
    model->switchPrompt(*stream, *blue);
    model->step(*stream, *model->blend({{red, 0.5f}, {blue, 0.5f}}), 0);
    model->step(*stream, *blue, 0);
    EXPECT_EQ(WanModel::lastRecacheFrames(*stream), 0);
  }

  // Self-Forcing's default is a transition without re-cache; asked for, it re-caches too.
  auto plain = load({});
  ASSERT_TRUE(plain);
  EXPECT_EQ(recacheAfter(*plain, 2), 0);
  WanModelOptions recache;
  recache.recache_on_switch = true;
  auto asked = load({}, recache);
  ASSERT_TRUE(asked);
  EXPECT_EQ(recacheAfter(*asked, 2), 3);

  // The LoRA is merged: the same seed and prompt make another first block than the base alone.
  const auto red = model->encodePrompt("a red ball");
  const auto plain_red = plain->encodePrompt("a red ball");
  EXPECT_TRUE(torch::allclose(plain_red->tokens, red->tokens));
  auto base_stream = plain->beginStream(4);
  auto lora_stream = model->beginStream(4);
  EXPECT_FALSE(torch::allclose(plain->step(*base_stream, *plain_red, 0),
                               model->step(*lora_stream, *red, 0), 1e-4, 1e-5));
}

TEST_F(WanModelTest, TaehvDropsItsWarmUpFramesAndKeepsMemoryPerStream) {
  auto model = load({tiny::TinyGenerator::kSelfForcing, /*taehv=*/true});
  ASSERT_TRUE(model);
  EXPECT_TRUE(model->usesTaehv());
  EXPECT_NE(model->info().description.find("TAEHV"), std::string::npos);
  const auto prompt = model->encodePrompt("a red ball");
  auto decodeTwoBlocks = [&](std::uint64_t seed) {
    auto stream = model->beginStream(seed);
    std::vector<Frame> frames;
    model->decode(*stream, model->step(*stream, *prompt, 0), frames);
    EXPECT_EQ(frames.size(), 9u);
    model->decode(*stream, model->step(*stream, *prompt, 0), frames);
    EXPECT_EQ(frames.size(), 21u);
    return frames;
  };
  const auto first = decodeTwoBlocks(2);
  // A new stream starts TAEHV's memory afresh: the same seed decodes to the same frames.
  const auto again = decodeTwoBlocks(2);
  ASSERT_EQ(first.size(), again.size());
  for (std::size_t i = 0; i < first.size(); ++i) EXPECT_EQ(first[i].rgb, again[i].rgb) << i;
}

TEST_F(WanModelTest, WrongFoldersAreOneLineErrors) {
  auto message = [&](const tiny::TinyFolderOptions& files, const std::string& sub) {
    const fs::path folder = tiny::writeTinyWanFolder(dir_ / sub, files);
    WanModelOptions options;
    options.width = tiny::kTinyWidth;
    options.height = tiny::kTinyHeight;
    auto model = WanModel::load(scanWanFolder(folder), options);
    EXPECT_FALSE(model.ok());
    const std::string text = model.ok() ? "" : model.error();
    EXPECT_EQ(text.find('\n'), std::string::npos) << text;
    return text;
  };
  EXPECT_NE(message({tiny::TinyGenerator::kBaseOnly}, "base").find("bidirectional 50-step model"),
            std::string::npos);
  // Without config.json the DiT is taken as Wan2.1-T2V-1.3B, which these weights are not.
  const std::string shapes = message({tiny::TinyGenerator::kSelfForcing, false, false}, "noconfig");
  EXPECT_EQ(shapes,
            "self_forcing_dmd.pt: tensor 'patch_embedding.weight' has shape [64, 16, 1, 2, 2], "
            "expected [1536, 16, 1, 2, 2] by the DiT configuration Wan2.1-T2V-1.3B's (no "
            "config.json in the folder)");

  const fs::path folder = tiny::writeTinyWanFolder(dir_ / "badjson");
  std::ofstream(folder / "config.json") << "{\"dim\": ";
  auto bad = WanModel::load(scanWanFolder(folder));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), (folder / "config.json").string() + ": not a JSON configuration");
  std::ofstream(folder / "config.json") << R"({"dim": 64, "num_heads": 4, "num_layers": 2,)"
                                        << R"( "ffn_dim": 128, "text_len": 16, "text_dim": 48})";
  bad = WanModel::load(scanWanFolder(folder));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(),
            "self_forcing_dmd.pt: tensor 'text_embedding.0.weight' has shape [64, 32], expected "
            "[64, 48] by the DiT configuration config.json");
  std::ofstream(folder / "config.json") << R"({"dim": 64, "num_heads": 4, "num_layers": 3,)"
                                        << R"( "ffn_dim": 128, "text_len": 16, "text_dim": 32})";
  bad = WanModel::load(scanWanFolder(folder));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(),
            "self_forcing_dmd.pt: holds 2 DiT layers, expected 3 by the DiT configuration "
            "config.json");
  std::ofstream(folder / "config.json") << R"({"dim": 64, "num_heads": 4, "num_layers": 2,)"
                                        << R"( "ffn_dim": 128, "text_len": 16, "text_dim": 32})";
  WanModelOptions odd;
  odd.width = 50;
  odd.height = 32;
  bad = WanModel::load(scanWanFolder(folder), odd);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), "a Wan frame size must be a multiple of 16 pixels each way, not 50x32");
}

TEST_F(WanModelTest, TheEngineStreamsAFolderAndCountsItsFrames) {
  const fs::path folder = tiny::writeTinyWanFolder(dir_ / "wan");
  EngineOptions options;
  options.model = folder.string();
  options.width = tiny::kTinyWidth;
  options.height = tiny::kTinyHeight;
  options.target_fps = 0;
  options.initial_prompt = "a red ball";
  options.max_frames = 22;
  auto engine = Engine::create(options);
  ASSERT_TRUE(engine.ok()) << engine.error();
  struct Collect : FrameSink {
    std::vector<FramePtr> frames;
    void onFrame(const FramePtr& frame) override { frames.push_back(frame); }
  };
  auto sink = std::make_shared<Collect>();
  (*engine)->addSink(sink);
  (*engine)->start();
  ASSERT_TRUE((*engine)->submit(command::SetPrompt{"a blue robot"}).ok());
  for (int i = 0; i < 600 && (*engine)->running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  (*engine)->stop();
  EXPECT_EQ((*engine)->failure(), "");
  // 9 + 12 + 12: the engine stops at the first block boundary at or past 22 frames (counting
  // 12 a step it would stop after 2 blocks, at 21 frames).
  ASSERT_EQ(sink->frames.size(), 33u);
  for (std::size_t i = 0; i < sink->frames.size(); ++i) {
    EXPECT_EQ(sink->frames[i]->frame_index, static_cast<std::int64_t>(i));
    EXPECT_EQ(sink->frames[i]->width, tiny::kTinyWidth);
  }
}

}  // namespace
}  // namespace liveframe::wan
