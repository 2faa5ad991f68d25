// The transformer stage's token loss weights: subjects' cells weigh more, nothing else does.
#include <gtest/gtest.h>

#include <numeric>

#include "sketch/train/training_data.h"
#include "world/clip.h"

namespace liveframe::sketch {
namespace {

constexpr int kGrid = 8;

float at(const std::vector<float>& weights, int row, int col) {
  return weights[static_cast<std::size_t>(row * kGrid + col)];
}

TEST(SubjectTokenWeights, AFrameWithoutSubjectsWeighsEveryTokenOne) {
  const auto weights = subjectTokenWeights(FrameLabels{}, kGrid, 4.0f);
  ASSERT_EQ(weights.size(), 64u);
  for (float w : weights) EXPECT_EQ(w, 1.0f);
}

TEST(SubjectTokenWeights, ACentredSubjectWeighsTheFourCellsItTouches) {
  FrameLabels labels;
  labels.subjects.push_back({Subject{}, 0.5f, 0.5f, 0.09f});  // reach 0.1125 < one cell
  const auto weights = subjectTokenWeights(labels, kGrid, 4.0f);
  for (int row = 0; row < kGrid; ++row) {
    for (int col = 0; col < kGrid; ++col) {
      const bool centre = (row == 3 || row == 4) && (col == 3 || col == 4);
      EXPECT_EQ(at(weights, row, col), centre ? 5.0f : 1.0f) << row << "," << col;
    }
  }
}

TEST(SubjectTokenWeights, ASubjectInACornerAndTwoSubjectsOverlapWithoutAdding) {
  FrameLabels labels;
  labels.subjects.push_back({Subject{}, 0.02f, 0.02f, 0.1f});  // top left
  labels.subjects.push_back({Subject{}, 0.03f, 0.03f, 0.1f});  // same cells
  const auto weights = subjectTokenWeights(labels, kGrid, 2.0f);
  EXPECT_EQ(at(weights, 0, 0), 3.0f);  // not 5: weights do not stack
  EXPECT_EQ(at(weights, 1, 1), 1.0f);  // nearest point (0.125, 0.125) is 0.134 away
  EXPECT_EQ(at(weights, 7, 7), 1.0f);
}

TEST(SubjectTokenWeights, RenderedClipsWeighTheirSubjects) {
  // Over a few world clips, frames labelled with subjects get extra weight, others none.
  int with = 0, without = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const Clip clip = generateClip(seed, 4, 64, 64);
    for (const auto& labels : clip.labels) {
      const auto weights = subjectTokenWeights(labels, kGrid, 4.0f);
      const float total = std::accumulate(weights.begin(), weights.end(), 0.0f);
      if (labels.subjects.empty()) {
        EXPECT_EQ(total, 64.0f);
        ++without;
      } else {
        EXPECT_GT(total, 64.0f);
        EXPECT_LT(total, 64.0f + 4.0f * 32) << "a subject should cover well under half the cells";
        ++with;
      }
    }
  }
  EXPECT_GT(with, 0);
}

}  // namespace
}  // namespace liveframe::sketch
