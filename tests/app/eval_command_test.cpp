// `liveframe eval` through the real binary: bad input gives one clear line and a non-zero exit.
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace liveframe {
namespace {

namespace fs = std::filesystem;

class EvalCommandTest : public ::testing::Test {
 protected:
  test::ScratchDir scratch_{"lf_eval_cli"};
  test::CliResult run(const std::string& arguments) {
    return test::runCli(arguments, scratch_.path());
  }
};

using test::expectOneLineError;

TEST_F(EvalCommandTest, HasHelp) {
  const auto r = run("eval --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--train-probe"), std::string::npos);
}

TEST_F(EvalCommandTest, AMissingPromptListIsOneLine) {
  expectOneLineError(run("eval sketch --random-weights --prompts /nonexistent/prompts.txt"), 1,
                     "/nonexistent/prompts.txt");
}

TEST_F(EvalCommandTest, AMissingProbeSaysHowToCreateIt) {
  const auto r = run("eval sketch --random-weights --probe /nonexistent/probe.safetensors");
  expectOneLineError(r, 1, "/nonexistent/probe.safetensors");
  EXPECT_NE(r.err.find("liveframe eval sketch --train-probe"), std::string::npos) << r.err;
}

TEST_F(EvalCommandTest, TheAutoencoderCeilingReadsFramesThroughTheCommittedAutoencoder) {
  // The training checkpoint committed beside the shipped model: its decoder keeps subjects, so
  // the probe still reads most of them (a blank or broken round trip would read none).
  const fs::path autoencoder =
      fs::path(LIVEFRAME_RESOURCE_DIR) / "models/sketch/training/autoencoder.safetensors";
  const auto r = run("eval sketch --frames 4 --autoencoder " + autoencoder.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("probe accuracy on 40 held-out world frames"), std::string::npos) << r.out;
  for (const char* head : {"sky", "scenery", "weather", "colour", "shape"}) {
    EXPECT_NE(r.out.find(std::string("  ") + head), std::string::npos) << head << "\n" << r.out;
  }
  const auto at = r.out.find("  sky");
  ASSERT_NE(at, std::string::npos);
  const double through = std::stod(r.out.substr(r.out.find("autoencoder", at) + 11));
  EXPECT_GT(through, 80.0) << r.out;
  expectOneLineError(run("eval sketch --autoencoder /nonexistent/ae.safetensors"), 1,
                     "/nonexistent/ae.safetensors");
}

TEST_F(EvalCommandTest, AForeignProbeFileIsOneLine) {
  const auto path = scratch_.path() / "probe.safetensors";
  std::ofstream(path) << "not a probe";
  expectOneLineError(run("eval sketch --random-weights --probe " + path.string()), 1,
                     "probe.safetensors");
}

TEST_F(EvalCommandTest, OnlyTheSketchFamilyAndSaneNumbers) {
  expectOneLineError(run("eval wan --random-weights"), 1, "sketch");
  expectOneLineError(run("eval sketch --minutes -1"), 2, "--minutes");
  expectOneLineError(run("eval sketch --frames 0"), 2, "--frames");
}

}  // namespace
}  // namespace liveframe
