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
