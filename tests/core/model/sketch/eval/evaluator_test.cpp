// The evaluator end to end through the real engine, at random weights and tiny budgets (the
// numbers mean nothing here; the plumbing must work), and the report formats.
#include "sketch/eval/evaluator.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sketch/eval/eval_report.h"
#include "trained_probe.h"

namespace liveframe::sketch {
namespace {

EvalOptions tinyOptions() {
  EvalOptions o;
  o.random_weights = true;
  o.prompts = {"a red ball bouncing over the ocean at sunset", "city skyline at night, no objects"};
  o.frames_per_prompt = 8;
  o.warmup_frames = 2;
  o.switches = 2;
  o.switch_hold_frames = 10;
  o.drift_minutes = 0.02;  // 29 frames
  o.action_hold_frames = 14;
  return o;
}

TEST(EvaluatorTest, RunsEveryEvaluationThroughTheEngineAtRandomWeights) {
  auto probe = Probe::untrained(1);
  Evaluator evaluator(*probe, tinyOptions(), nullptr);
  auto report = evaluator.runAll("untrained");
  ASSERT_TRUE(report.ok()) << report.error();
  EXPECT_EQ(report->model.id, "sketch");
  ASSERT_EQ(report->adherence.prompts.size(), 2u);
  const auto& first = report->adherence.prompts[0];
  EXPECT_EQ(first.frames, 6);                 // 8 frames, 2 of warm-up
  EXPECT_EQ(first.per_attribute.size(), 4u);  // sky, scenery, colour, shape
  EXPECT_EQ(report->adherence.prompts[1].per_attribute.count("colour"), 1u);  // must be "none"
  EXPECT_GE(report->adherence.overall, 0.0);
  EXPECT_LE(report->adherence.overall, 1.0);
  EXPECT_EQ(report->reference.prompts.size(), 2u);
  EXPECT_EQ(report->switching.switches.size(), 2u);
  EXPECT_EQ(report->drift.frames, 29);
  EXPECT_GT(report->drift.first.frames, 0);
  EXPECT_GT(report->drift.last.frames, 0);
  EXPECT_GT(report->action.pairs, 0);

  const auto json = nlohmann::json::parse(reportJson(*report));
  for (const char* key : {"model", "probe", "adherence", "reference_world_frames", "switch_latency",
                          "drift", "action"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_TRUE(json["drift"].contains("delta_points"));
  const std::string table = reportTable(*report);
  for (const char* row : {"adherence", "switch latency", "drift", "action response"}) {
    EXPECT_NE(table.find(row), std::string::npos) << row;
  }
}

TEST(EvaluatorTest, AnInterruptionEndsTheEvaluationWithAnError) {
  auto probe = Probe::untrained(1);
  EvalOptions options = tinyOptions();
  options.interrupted = [] { return true; };
  Evaluator evaluator(*probe, options, nullptr);
  auto result = evaluator.adherence();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error(), "interrupted");
}

TEST(EvaluatorTest, WorldFramesAgreeWithTheirPromptsThroughATrainedProbe) {
  auto& trained = test::sharedTrainedProbe();
  ASSERT_GT(trained.report.steps, 0);
  EvalOptions options = tinyOptions();
  options.prompts = {"a red ball bouncing over the ocean at sunset",
                     "a white cube in the desert during the day, snowing",
                     "city skyline at night, no objects, rain"};
  options.frames_per_prompt = 24;
  Evaluator evaluator(*trained.probe, options, nullptr);
  const AdherenceResult reference = evaluator.referenceAdherence();
  EXPECT_GE(reference.per_attribute.at("sky"), 0.8);
  EXPECT_GE(reference.per_attribute.at("scenery"), 0.6);
}

}  // namespace
}  // namespace liveframe::sketch
