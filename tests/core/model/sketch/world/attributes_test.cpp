// Tests attributes.h (names) and rng.h (a generator whose draws are pinned bit for bit).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "world/attributes.h"
#include "world/rng.h"

namespace liveframe::sketch {
namespace {

template <typename E>
void expectNamesUniqueAndRoundTrip() {
  std::set<std::string> names;
  for (E value : allValues<E>()) {
    const std::string_view text = name(value);
    EXPECT_FALSE(text.empty());
    for (char c : text) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || c == ' ') << text;
    }
    EXPECT_TRUE(names.emplace(text).second) << "duplicate name " << text;
    EXPECT_EQ(valueFromName<E>(text), value);
  }
  EXPECT_EQ(static_cast<int>(names.size()), kValueCount<E>);
}

TEST(Attributes, NamesAreUniqueLowerCaseAndRoundTrip) {
  expectNamesUniqueAndRoundTrip<Sky>();
  expectNamesUniqueAndRoundTrip<Scenery>();
  expectNamesUniqueAndRoundTrip<Weather>();
  expectNamesUniqueAndRoundTrip<Shape>();
  expectNamesUniqueAndRoundTrip<Colour>();
  expectNamesUniqueAndRoundTrip<Motion>();
  expectNamesUniqueAndRoundTrip<CameraMove>();
  EXPECT_EQ(name(Scenery::kSnowyHills), "snowy hills");
  EXPECT_EQ(name(Motion::kDriftingLeft), "drifting left");
  EXPECT_EQ(name(CameraMove::kPanLeft), "pan left");
  EXPECT_FALSE(valueFromName<Sky>("dusk").has_value());  // synonyms live in caption.h
}

TEST(Attributes, DescribeNamesEveryAttribute) {
  Scene scene;
  scene.sky = Sky::kSunset;
  scene.scenery = Scenery::kOcean;
  scene.weather = Weather::kRain;
  scene.subjects = {{Shape::kBall, Colour::kRed, Motion::kBouncing}};
  scene.camera = CameraMove::kPanLeft;
  EXPECT_EQ(describe(scene),
            "sky=sunset scenery=ocean weather=rain subjects=[red ball bouncing] camera=pan left");
}

TEST(Rng, MatchesTheReferenceXoshiro256StarStar) {
  // Values from an independent Python implementation of splitmix64-seeded xoshiro256**.
  Rng zero(0);
  EXPECT_EQ(zero.next(), 0x99ec5f36cb75f2b4ull);
  EXPECT_EQ(zero.next(), 0xbf6e1f784956452aull);
  Rng rng(42);
  EXPECT_EQ(rng.next(), 0x15780b2e0c2ec716ull);
  EXPECT_EQ(rng.next(), 0x6104d9866d113a7eull);
  EXPECT_EQ(rng.next(), 0xae17533239e499a1ull);
  EXPECT_EQ(mixSeed(7, 3), 0xa503ef88e857d4c3ull);
}

TEST(Rng, SameSeedSameDrawsDifferentSeedDifferentDraws) {
  Rng a(123), b(123), c(124);
  int differences = 0;
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t value = a.next();
    EXPECT_EQ(value, b.next());
    differences += value != c.next();
  }
  EXPECT_GT(differences, 95);
}

TEST(Rng, DrawsStayInRangeAndAreRoughlyUniform) {
  Rng rng(5);
  std::array<int, 7> counts{};
  for (int i = 0; i < 70000; ++i) {
    const int value = rng.below(7);
    ASSERT_GE(value, 0);
    ASSERT_LT(value, 7);
    ++counts[static_cast<std::size_t>(value)];
    const double unit = rng.uniform();
    ASSERT_GE(unit, 0.0);
    ASSERT_LT(unit, 1.0);
    const int ranged = rng.range(12, 36);
    ASSERT_GE(ranged, 12);
    ASSERT_LE(ranged, 36);
  }
  for (int count : counts) {
    EXPECT_NEAR(count, 10000, 500);
  }
  int hits = 0;
  for (int i = 0; i < 10000; ++i) hits += rng.chance(0.3);
  EXPECT_NEAR(hits, 3000, 200);
}

}  // namespace
}  // namespace liveframe::sketch
