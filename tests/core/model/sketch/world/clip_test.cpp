// Tests clip.h: random scenes, clip plans (changes, actions) and rendered clips.
#include <gtest/gtest.h>

#include <thread>

#include "image_utils.h"
#include "world/clip.h"

namespace liveframe::sketch {
namespace {

// How many attributes differ between two scenes (a subject added/removed or recoloured
// counts once).
int attributeChanges(const Scene& a, const Scene& b) {
  int changes = (a.sky != b.sky) + (a.scenery != b.scenery) + (a.weather != b.weather);
  if (a.subjects.size() != b.subjects.size()) return changes + 1;
  for (std::size_t i = 0; i < a.subjects.size(); ++i) changes += a.subjects[i] != b.subjects[i];
  return changes;
}

TEST(Clip, RandomScenesCoverEveryAttribute) {
  Rng rng(8);
  std::set<int> skies, sceneries, weathers, shapes, colours, motions, cameras, counts;
  for (int i = 0; i < 2000; ++i) {
    const Scene scene = randomScene(rng);
    ASSERT_LE(scene.subjects.size(), static_cast<std::size_t>(kMaxSubjects));
    skies.insert(static_cast<int>(scene.sky));
    sceneries.insert(static_cast<int>(scene.scenery));
    weathers.insert(static_cast<int>(scene.weather));
    cameras.insert(static_cast<int>(scene.camera));
    counts.insert(static_cast<int>(scene.subjects.size()));
    for (const Subject& s : scene.subjects) {
      shapes.insert(static_cast<int>(s.shape));
      colours.insert(static_cast<int>(s.colour));
      motions.insert(static_cast<int>(s.motion));
    }
  }
  EXPECT_EQ(skies.size(), 5u);
  EXPECT_EQ(sceneries.size(), 5u);
  EXPECT_EQ(weathers.size(), 4u);
  EXPECT_EQ(shapes.size(), 5u);
  EXPECT_EQ(colours.size(), 7u);
  EXPECT_EQ(motions.size(), 5u);
  EXPECT_EQ(cameras.size(), 5u);
  EXPECT_EQ(counts.size(), 3u);
}

TEST(Clip, PlansHaveTheRightMixOfChangesAndActions) {
  constexpr int kClips = 2000, kFrames = 120;
  int with_changes = 0, with_actions = 0, scenery_changes = 0, changes = 0;
  for (int seed = 0; seed < kClips; ++seed) {
    const ClipSpec spec = planClip(static_cast<std::uint64_t>(seed), kFrames, 64, 64);
    with_changes += !spec.changes.empty();
    with_actions += !spec.actions.empty();
    ASSERT_LE(spec.changes.size(), 2u);
    ASSERT_LE(spec.actions.size(), 2u);
    const Scene* previous = &spec.initial_scene;
    int last_end = 0;
    for (const SceneChange& change : spec.changes) {
      EXPECT_GE(change.transition_frames, 12);
      EXPECT_LE(change.transition_frames, 36);
      EXPECT_GE(change.frame, last_end);
      EXPECT_LT(change.frame + change.transition_frames, kFrames);
      const int differing = attributeChanges(*previous, change.scene);
      EXPECT_GE(differing, 1);
      EXPECT_LE(differing, 2);
      EXPECT_EQ(change.scene.camera, previous->camera);
      EXPECT_FALSE(change.caption.empty());
      scenery_changes += change.scene.scenery != previous->scenery;
      ++changes;
      last_end = change.frame + change.transition_frames;
      previous = &change.scene;
    }
    int action_end = 0;
    for (const ActionSegment& segment : spec.actions) {
      EXPECT_GE(segment.first_frame, action_end);
      EXPECT_GE(segment.frame_count, 6);
      EXPECT_LE(segment.first_frame + segment.frame_count, kFrames);
      EXPECT_NE(segment.actions, 0u);
      EXPECT_EQ(segment.actions & ~kAllActions, 0u);
      action_end = segment.first_frame + segment.frame_count;
    }
  }
  EXPECT_NEAR(with_changes, kClips / 2, kClips / 20);
  EXPECT_NEAR(with_actions, kClips * 3 / 10, kClips / 20);
  EXPECT_LT(scenery_changes, changes / 10);  // rarely the scenery
  EXPECT_GT(scenery_changes, 0);
}

TEST(Clip, SameSeedSameClipDifferentSeedDifferentClip) {
  const Clip a = generateClip(5, 16, 48, 48);
  const Clip b = generateClip(5, 16, 48, 48);
  const Clip c = generateClip(6, 16, 48, 48);
  EXPECT_EQ(world_testing::checksum(a.pixels), world_testing::checksum(b.pixels));
  EXPECT_EQ(a.captions, b.captions);
  EXPECT_NE(world_testing::checksum(a.pixels), world_testing::checksum(c.pixels));
  ASSERT_EQ(a.frame_count, 16);
  EXPECT_EQ(a.pixels.size(), 16u * 48 * 48 * 3);
  EXPECT_EQ(a.labels.size(), 16u);
  EXPECT_EQ(a.captions.size(), 16u);
  EXPECT_EQ(a.actions.size(), 16u);
}

TEST(Clip, PerFrameCaptionsLabelsAndActionsFollowThePlan) {
  int checked_changes = 0, checked_actions = 0;
  for (std::uint64_t seed = 0; seed < 60 && (checked_changes < 5 || checked_actions < 5); ++seed) {
    const ClipSpec spec = planClip(seed, 96, 32, 32);
    if (spec.changes.empty() && spec.actions.empty()) continue;
    const Clip clip = renderClip(spec);
    EXPECT_EQ(clip.captions.front(), spec.initial_caption);
    for (const SceneChange& change : spec.changes) {
      EXPECT_EQ(clip.captions[static_cast<std::size_t>(change.frame)], change.caption);
      const int done = change.frame + change.transition_frames;
      const FrameLabels& labels = clip.labels[static_cast<std::size_t>(done)];
      EXPECT_EQ(labels.sky, change.scene.sky) << "seed " << seed;
      EXPECT_EQ(labels.scenery, change.scene.scenery);
      EXPECT_EQ(labels.weather, change.scene.weather);
      ++checked_changes;
    }
    for (const ActionSegment& segment : spec.actions) {
      for (int f = segment.first_frame; f < segment.first_frame + segment.frame_count; ++f) {
        EXPECT_EQ(clip.actions[static_cast<std::size_t>(f)] & segment.actions, segment.actions);
      }
      // Panning actions show in the labels once the camera has ramped up.
      const std::size_t late = static_cast<std::size_t>(segment.first_frame + 8);
      if (segment.actions == kActionPanLeft && late < clip.labels.size()) {
        EXPECT_EQ(clip.labels[late].camera, CameraMove::kPanLeft) << "seed " << seed;
      }
      ++checked_actions;
    }
  }
  EXPECT_GE(checked_changes, 5);
  EXPECT_GE(checked_actions, 5);
}

TEST(Clip, ClipsCanBeGeneratedOnSeveralThreads) {
  std::array<std::uint64_t, 4> sums{};
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < sums.size(); ++i) {
    threads.emplace_back(
        [&sums, i] { sums[i] = world_testing::checksum(generateClip(i % 2, 12, 40, 40).pixels); });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(sums[0], sums[2]);
  EXPECT_EQ(sums[1], sums[3]);
  EXPECT_EQ(sums[0], world_testing::checksum(generateClip(0, 12, 40, 40).pixels));
}

TEST(Clip, ScenesFromPromptsKeepWhatIsSaidAndRandomizeTheRest) {
  const ParsedPrompt prompt = parsePrompt("a red ball over the ocean");
  std::set<int> skies, motions;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    Rng rng(seed);
    const Scene scene = sceneFromPrompt(prompt, rng);
    EXPECT_EQ(scene.scenery, Scenery::kOcean);
    ASSERT_EQ(scene.subjects.size(), 1u);
    EXPECT_EQ(scene.subjects[0].shape, Shape::kBall);
    EXPECT_EQ(scene.subjects[0].colour, Colour::kRed);
    skies.insert(static_cast<int>(scene.sky));
    motions.insert(static_cast<int>(scene.subjects[0].motion));
  }
  EXPECT_EQ(skies.size(), 5u);
  EXPECT_EQ(motions.size(), 5u);
  Rng rng(1);
  EXPECT_TRUE(sceneFromPrompt(parsePrompt("no objects, sunset"), rng).subjects.empty());
}

}  // namespace
}  // namespace liveframe::sketch
