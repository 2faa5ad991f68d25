#include "wan/flow_schedule.h"

#include <gtest/gtest.h>

namespace liveframe::wan {
namespace {

TEST(FlowSchedule, WarpedStepsAreTheShiftedTrainingTimesteps) {
  // wan-causal.md §2: [1000, 750, 500, 250] with shift 5 → [1000, 937.5, 833.33, 625].
  FlowSchedule schedule(5.0);
  auto warped = schedule.samplingTimesteps({1000, 750, 500, 250}, true);
  ASSERT_EQ(warped.size(), 4u);
  EXPECT_NEAR(warped[0], 1000.0, 1e-3);
  EXPECT_NEAR(warped[1], 937.5, 1e-3);
  EXPECT_NEAR(warped[2], 833.333, 1e-3);
  EXPECT_NEAR(warped[3], 625.0, 1e-3);
  // Shift 8, the demo's default: [1000, 960, 888.9, 727.3].
  auto demo = FlowSchedule(8.0).samplingTimesteps({1000, 750, 500, 250}, true);
  EXPECT_NEAR(demo[1], 960.0, 1e-2);
  EXPECT_NEAR(demo[2], 888.9, 1e-1);
  EXPECT_NEAR(demo[3], 727.3, 1e-1);
  // Unwarped (CausVid) steps are used as they are.
  auto plain = schedule.samplingTimesteps({1000, 757, 522}, false);
  EXPECT_EQ(plain[1], 757.0);
}

TEST(FlowSchedule, X0AndNoiseAreInverseAtTheSameTimestep) {
  FlowSchedule schedule(5.0);
  torch::manual_seed(3);
  auto clean = torch::randn({2, 16, 4, 6});
  auto noise = torch::randn({2, 16, 4, 6});
  const double t = schedule.samplingTimesteps({750}, true)[0];
  auto noisy = schedule.addNoise(clean, noise, t);
  auto flow = noise - clean;  // the velocity the model is trained to predict
  auto recovered = schedule.flowToX0(flow, noisy, t);
  EXPECT_LT((recovered - clean).abs().max().item<double>(), 1e-5);
  EXPECT_NEAR(schedule.sigmaAt(1000.0), 1.0, 1e-6);
}

}  // namespace
}  // namespace liveframe::wan
