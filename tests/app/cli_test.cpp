// Bad input through the real binary: one clear line on stderr and a non-zero exit.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>
#include "cli_runner.h"

#include "liveframe/session.h"
#include "tiny_wan_folder.h"

namespace liveframe {
namespace {

using test::runCli;
namespace fs = std::filesystem;

class CliTest : public ::testing::Test {
 protected:
  test::ScratchDir scratch_{"lf_cli"};
  const fs::path& dir() const { return scratch_.path(); }
  test::CliResult run(const std::string& arguments) { return runCli(arguments, dir()); }
  // A quick headless run: random weights, one thread, no pacing.
  static std::string quick(const std::string& extra) {
    return "run --random-weights --threads 1 --fps 0 --quiet " + extra;
  }
};

using test::expectOneLineError;

TEST_F(CliTest, EverySubcommandHasHelp) {
  for (const char* sub : {"run", "info", "recover", "models", "bench", "train", "check-vectors"}) {
    const auto r = run(std::string(sub) + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << sub;
  }
}

TEST_F(CliTest, UnknownFlagIsAUsageError) {
  expectOneLineError(run("run --bogus"), 2, "--bogus");
  expectOneLineError(run("no-such-command"), 2, "no-such-command");
  expectOneLineError(run("run --seconds -3 --prompt x"), 2, "--seconds");
}

TEST_F(CliTest, BadPromptsAreRejected) {
  expectOneLineError(run(quick("--frames 1 --prompt ''")), 1, "the prompt is empty");
  expectOneLineError(run(quick("--frames 1 --prompt \"$(head -c 102400 /dev/zero | tr '\\0' a)\"")),
                     1, "102400 bytes");
  expectOneLineError(run(quick("--frames 1 --prompt \"$(printf 'red \\377 ball')\"")), 1,
                     "not valid UTF-8");
  expectOneLineError(run(quick("--frames 1")), 1, "nothing to generate");
}

TEST_F(CliTest, MissingCorruptAndTruncatedWeightsNameTheFile) {
  expectOneLineError(run("run -q --frames 1 --prompt x --model /nonexistent/w.safetensors"), 1,
                     "/nonexistent/w.safetensors");
  std::ofstream(dir() / "garbage.safetensors") << "definitely not a model";
  expectOneLineError(
      run("run -q --frames 1 --prompt x --model " + (dir() / "garbage.safetensors").string()), 1,
      "garbage.safetensors");
  const fs::path real =
      fs::path(LIVEFRAME_SHARED_DIR) / "testvectors/wan/causal_dit_global.weights.safetensors";
  if (fs::exists(real)) {
    const auto cut = dir() / "cut.safetensors";
    fs::copy_file(real, cut);
    fs::resize_file(cut, fs::file_size(cut) / 2);
    expectOneLineError(run("run -q --frames 1 --prompt x --model " + cut.string()), 1, "truncated");
  }
  expectOneLineError(run("run -q --frames 1 --prompt x --model nonesuch"), 1, "unknown model");
}

TEST_F(CliTest, CheckVectorsPassesFailsAboveTheToleranceAndNamesBadFiles) {
  const fs::path vectors = fs::path(LIVEFRAME_SHARED_DIR) / "testvectors/wan";
  const std::string dit =
      "check-vectors --weights " + (vectors / "causal_dit_global.weights.safetensors").string() +
      " --vectors " + (vectors / "causal_dit_global.vectors.safetensors").string();
  auto passed = run(dit + " --json");
  ASSERT_EQ(passed.exit_code, 0) << passed.err;
  auto report = nlohmann::json::parse(passed.out);
  EXPECT_EQ(report["component"], "causal_dit");
  EXPECT_EQ(report["tensors_compared"], 38);
  EXPECT_LE(report["max_relative_error"].get<double>(), 1e-4);
  // fp32 against fp32 is close but not bit-exact: a tolerance of 1e-12 must fail.
  expectOneLineError(run(dit + " --tolerance 1e-12"), 1, "disagrees with the vectors");
  expectOneLineError(run("check-vectors --weights " + (dir() / "none.safetensors").string() +
                         " --vectors " + (vectors / "umt5_encoder.vectors.safetensors").string()),
                     1, "none.safetensors");
  expectOneLineError(
      run("check-vectors --weights " + (vectors / "wan_vae.vectors.safetensors").string() +
          " --vectors " + (vectors / "wan_vae.vectors.safetensors").string()),
      1, "not a Wan component");
}

TEST_F(CliTest, BenchWanMeasuresTheCausalStreamAtRandomWeights) {
  auto r =
      run("bench --model wan --random-weights --config tiny --size 64x48 --blocks 2 --threads 1 "
          "--json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["block_ms"].size(), 2u);
  EXPECT_EQ(report["tokens_per_frame"], 12);  // (48/16)·(64/16)
  EXPECT_EQ(report["pixel_frames_per_block"], 12);
  EXPECT_GT(report["fps"].get<double>(), 0);
  EXPECT_GT(report["prompt_switch_ms"].get<double>(), 0);
  EXPECT_GT(report["prompt_switch_recache_ms"].get<double>(), 0);
  EXPECT_EQ(report["recache_frames"], 6);  // 3 blocks of 3 frames in a 12-frame window, sink 3
  EXPECT_GT(report["gflop_per_block"].get<double>(), 0);
  expectOneLineError(run("bench --model wan --config tiny"), 1, "--random-weights");
  expectOneLineError(run("bench --model wan --random-weights --config 7b"), 1, "7b");
  expectOneLineError(run("bench --model wan --random-weights --size 100x7"), 1, "WIDTHxHEIGHT");
  expectOneLineError(run("bench --model wan --random-weights --config tiny --size 72x48"), 1,
                     "multiple of 16");
}

TEST_F(CliTest, AWanFolderSaysWhichFileIsMissingAndModelsListsItsParts) {
  const fs::path wan = dir() / "wan";
  fs::create_directories(wan);
  expectOneLineError(run("run -q --frames 1 --prompt x --model " + wan.string()), 1,
                     "not a model folder");
  std::ofstream(wan / "self_forcing_dmd.pt") << "x";
  const auto r = run("run -q --frames 1 --prompt x --model " + wan.string());
  expectOneLineError(r, 1, "missing the umT5 text encoder: models_t5_umt5-xxl-enc-bf16.pth");
  EXPECT_NE(r.err.find((wan / "Wan2.1-T2V-1.3B/models_t5_umt5-xxl-enc-bf16.pth").string()),
            std::string::npos)
      << "where it was looked for: " << r.err;
  const auto models = run("models " + wan.string());
  EXPECT_EQ(models.exit_code, 0) << models.err;
  EXPECT_NE(models.out.find("found    generator: " + (wan / "self_forcing_dmd.pt").string()),
            std::string::npos)
      << models.out;
  EXPECT_NE(models.out.find("missing  tokenizer: spiece.model"), std::string::npos) << models.out;
  EXPECT_NE(models.out.find("missing  decoder: Wan2.1_VAE.pth"), std::string::npos) << models.out;
  expectOneLineError(run("models " + (dir() / "nope").string()), 1, "no such folder");
}

TEST_F(CliTest, UnwritableRecordFolderIsAClearError) {
  expectOneLineError(run(quick("--frames 1 --prompt x --record /dev/null/a.lfsession")), 1,
                     "/dev/null/a.lfsession");
}

TEST_F(CliTest, BrokenSessionsAreClearErrors) {
  expectOneLineError(run("info " + (dir() / "missing.lfsession").string()), 1, "missing.lfsession");
  const auto torn = dir() / "torn.lfsession";
  fs::create_directories(torn);
  std::ofstream(torn / "session.json") << "{\"format_version\": 1, \"model_id\": \"sk";
  expectOneLineError(run("info " + torn.string()), 1, "session.json");
  expectOneLineError(run("recover " + torn.string()), 1, "session.json");
}

TEST_F(CliTest, RecordInfoAndReplayAgree) {
  const auto script = dir() / "script.txt";
  std::ofstream(script) << "0 a red ball bouncing over the ocean at sunset\n"
                           "f4 /transition 3\n"
                           "f5 night sky with stars over snowy hills\n"
                           "f8 /actions left\n"
                           "f9 /mark chorus\n";
  const auto session = dir() / "a.lfsession";
  auto r = run(quick("--frames 14 --script " + script.string() + " --record " + session.string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run("info --json " + session.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto info = nlohmann::json::parse(r.out);
  ASSERT_EQ(info["frames"].size(), 14u);
  for (std::size_t i = 0; i < 14; ++i) {
    EXPECT_EQ(info["frames"][i]["frame_index"].get<int>(), static_cast<int>(i));
    EXPECT_EQ(info["frames"][i]["checksum"].get<std::string>().size(), 16u);
  }
  ASSERT_EQ(info["events"].size(), 5u);
  EXPECT_EQ(info["events"][2]["type"], "prompt");
  EXPECT_EQ(info["events"][2]["frame_index"], 5);
  EXPECT_EQ(info["events"][4]["payload"]["label"], "chorus");
  // Replay from the journal: identical frames.
  r = run("run -q --threads 1 --fps 0 --replay " + session.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("14 of 14 recorded frames reproduced"), std::string::npos) << r.out;
}

TEST_F(CliTest, AWanFolderStreamsRecordsAndReplaysBitForBit) {
  const fs::path wan =
      wan::tiny::writeTinyWanFolder(dir() / "wan", {wan::tiny::TinyGenerator::kLongLive});
  const auto models = run("models " + wan.string());
  EXPECT_EQ(models.exit_code, 0) << models.err;
  EXPECT_NE(models.out.find("found    lora: " + (wan / "lora.pt").string()), std::string::npos)
      << models.out;
  const auto script = dir() / "wan_script.txt";
  std::ofstream(script) << "0 a red ball over the ocean\nf20 a blue robot\n";
  const auto session = dir() / "wan.lfsession";
  auto r = run("run -q --threads 1 --fps 0 --size 48x32 --frames 40 --model " + wan.string() +
               " --script " + script.string() + " --record " + session.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("recorded 45 frames"), std::string::npos) << r.out;
  r = run("info --json " + session.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto info = nlohmann::json::parse(r.out);
  EXPECT_EQ(info["header"]["width"], 48);
  EXPECT_EQ(info["header"]["height"], 32);
  EXPECT_EQ(info["header"]["model_id"], fs::absolute(wan).lexically_normal().string());
  // The switch at frame 20 lands at the next block boundary (frame 21).
  ASSERT_EQ(info["events"].size(), 2u);
  EXPECT_EQ(info["events"][1]["frame_index"], 21);
  r = run("run -q --threads 1 --fps 0 --replay " + session.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("45 of 45 recorded frames reproduced"), std::string::npos) << r.out;
  // The engine benchmark measures a folder too.
  r = run("bench --no-record --json --seconds 2 --warmup 0 --switches 2 --size 48x32 --model " +
          wan.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto bench = nlohmann::json::parse(r.out);
  EXPECT_EQ(bench["resolution"], "48x32");
  EXPECT_GT(bench["fps"].get<double>(), 0);
  EXPECT_GT(bench["latency_ms"]["switches"].get<int>(), 0);
  expectOneLineError(run("run -q --frames 1 --prompt x --size 50x32 --model " + wan.string()), 1,
                     "multiple of 16 pixels each way, not 50x32");
  expectOneLineError(run("run -q --frames 1 --prompt x --size 48x32 --model sketch"), 1,
                     "the built-in model renders 256x256 only");
  expectOneLineError(run("run -q --frames 1 --prompt x --size 48by32"), 1, "bad --size '48by32'");
}

TEST_F(CliTest, BadScriptsPointAtTheLine) {
  const auto script = dir() / "bad.txt";
  std::ofstream(script) << "0 red ball\nsoon night\n";
  expectOneLineError(run(quick("--frames 1 --script " + script.string())), 1, "bad.txt:2");
  std::ofstream(script) << "0 /actions sideways\n";
  expectOneLineError(run(quick("--frames 1 --script " + script.string())), 1, "sideways");
}

}  // namespace
}  // namespace liveframe

namespace liveframe {
namespace {

TEST(CliTrain, SmokeTrainingLowersBothLossesAndExportsAModel) {
  test::ScratchDir scratch("lf_train");
  const auto r = test::runCli("train sketch --smoke --threads 1", scratch.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("smoke autoencoder: loss"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("smoke transformer: loss"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("exported model streamed 3 frames"), std::string::npos) << r.out;
}

// The committed training checkpoints exported with other inference settings: they land in the
// weights' config, and the file streams with them.
TEST(CliTrain, ExportWritesTheChosenSamplingGuidanceAndContextNoise) {
  test::ScratchDir scratch("lf_train_export");
  const auto checkpoints = std::filesystem::path(LIVEFRAME_RESOURCE_DIR) / "models/sketch/training";
  const auto out = scratch.path() / "guided.safetensors";
  const auto r = test::runCli("train sketch --checkpoints " + checkpoints.string() + " --export " +
                                  out.string() +
                                  " --sampling 1,0.5,0.25 --guidance 2.5 --guided-steps 1"
                                  " --context-noise 0.3",
                              scratch.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::ifstream in(out, std::ios::binary);
  std::uint64_t header_bytes = 0;
  in.read(reinterpret_cast<char*>(&header_bytes), sizeof header_bytes);
  std::string header(header_bytes, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_bytes));
  for (const char* field :
       {R"("sketch.sampling_timesteps":"1,0.5,0.25")", R"("sketch.guidance_scale":"2.5")",
        R"("sketch.guided_steps":"1")", R"("sketch.context_noise":"0.3")"}) {
    EXPECT_NE(header.find(field), std::string::npos) << field;
  }
  const auto streamed = test::runCli(
      "run --model " + out.string() + " --frames 3 --fps 0 --quiet --prompt 'red ball'",
      scratch.path());
  EXPECT_EQ(streamed.exit_code, 0) << streamed.err;
  test::expectOneLineError(test::runCli("train sketch --checkpoints " + checkpoints.string() +
                                            " --export x.safetensors --sampling 1,0.5,0.7",
                                        scratch.path()),
                           1, "descending list of timesteps");
  for (const char* sampling : {"0.75,0.5", "1,0.5,"}) {  // must start at pure noise; no blanks
    test::expectOneLineError(
        test::runCli("train sketch --export x.safetensors --sampling " + std::string(sampling),
                     scratch.path()),
        1, "--sampling");
  }
  test::expectOneLineError(test::runCli("train sketch --guidance 2", scratch.path()), 1,
                           "go with --export");
}

TEST(CliTrain, TransformerStageNeedsTheAutoencoderFirst) {
  test::ScratchDir scratch("lf_train_order");
  const auto r = test::runCli("train sketch --stage transformer --steps 1 --checkpoints " +
                                  (scratch.path() / "ckpt").string(),
                              scratch.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("train the autoencoder stage first"), std::string::npos) << r.err;
  EXPECT_EQ(r.errLines(), 1) << r.err;
}

}  // namespace
}  // namespace liveframe
