// Tests that every attribute is visibly itself (sky.cpp, scenery.cpp, weather.cpp,
// subjects.cpp): measured on rendered frames, at 256x256 and after downsampling.
#include <gtest/gtest.h>

#include <algorithm>

#include "image_utils.h"
#include "world/world.h"

namespace liveframe::sketch {
namespace {

using world_testing::distance;
using world_testing::Image;
using world_testing::makeScene;
using world_testing::meanColour;
using world_testing::render;
using world_testing::renderAfter;

constexpr float kSkyTop = 0.0f, kSkyBottom = 0.55f;  // the horizon sits at 58% of the height

Image skyFrame(Sky sky) {
  World world(1, makeScene(sky, Scenery::kOcean));
  return renderAfter(world, 5);
}

TEST(Appearance, EachSkyHasItsOwnColours) {
  const auto day = meanColour(skyFrame(Sky::kDay), 0.0f, 0.25f);
  EXPECT_GT(day[2], 0.7f);
  EXPECT_GT(day[2], day[0] + 0.3f);
  const auto night = meanColour(skyFrame(Sky::kNight), 0.0f, 0.25f);
  EXPECT_LT(std::max({night[0], night[1], night[2]}), 0.2f);
  EXPECT_GT(night[2], night[0]);
  const auto sunset = meanColour(skyFrame(Sky::kSunset), 0.45f, 0.56f);  // above the horizon
  EXPECT_GT(sunset[0], 0.8f);
  EXPECT_GT(sunset[0], sunset[2] + 0.3f);
  const auto dawn = meanColour(skyFrame(Sky::kDawn), 0.45f, 0.56f);  // pale pink
  EXPECT_GT(dawn[0], 0.85f);
  EXPECT_GT(dawn[2], 0.55f);
  EXPECT_GT(dawn[0], dawn[1]);

  std::vector<std::array<float, 3>> means;
  for (Sky sky : allValues<Sky>()) means.push_back(meanColour(skyFrame(sky), kSkyTop, kSkyBottom));
  for (std::size_t a = 0; a < means.size(); ++a) {
    for (std::size_t b = a + 1; b < means.size(); ++b) {
      EXPECT_GT(distance(means[a], means[b]), 0.08f)
          << name(static_cast<Sky>(a)) << " vs " << name(static_cast<Sky>(b));
    }
  }
}

TEST(Appearance, AuroraHasGreenAndPurpleBandsAndNightHasStars) {
  const Image aurora = skyFrame(Sky::kAurora);
  const Image night = skyFrame(Sky::kNight);
  int green = 0, purple = 0, night_stars = 0, sky_pixels = 0;
  for (int y = 0; y < static_cast<int>(kSkyBottom * 256); ++y) {
    for (int x = 0; x < 256; ++x, ++sky_pixels) {
      const auto c = aurora.at(x, y);
      green += c[1] > c[0] + 0.15f && c[1] > c[2];
      purple += c[2] > c[1] + 0.1f && c[0] > c[1];
      const auto n = night.at(x, y);
      night_stars += std::min({n[0], n[1], n[2]}) > 0.45f;
    }
  }
  EXPECT_GT(green, sky_pixels / 20);
  EXPECT_GT(purple, sky_pixels / 30);
  EXPECT_GT(night_stars, 40);  // twinkling dots (and the moon)
}

Image sceneryFrame(Scenery scenery, Sky sky = Sky::kDay) {
  World world(2, makeScene(sky, scenery));
  return renderAfter(world, 5);
}

TEST(Appearance, EachSceneryHasItsOwnLook) {
  const auto ocean = meanColour(sceneryFrame(Scenery::kOcean), 0.7f, 1.0f);
  EXPECT_GT(ocean[2], ocean[0] + 0.25f);
  const auto desert = meanColour(sceneryFrame(Scenery::kDesert), 0.7f, 1.0f);
  EXPECT_GT(desert[0], 0.7f);
  EXPECT_GT(desert[0], desert[1]);
  EXPECT_GT(desert[1], desert[2]);
  const auto meadow = meanColour(sceneryFrame(Scenery::kMeadow), 0.7f, 1.0f);
  EXPECT_GT(meadow[1], meadow[0] + 0.15f);
  EXPECT_GT(meadow[1], meadow[2] + 0.2f);
  const auto snowy = meanColour(sceneryFrame(Scenery::kSnowyHills), 0.7f, 1.0f);
  EXPECT_GT(std::min({snowy[0], snowy[1], snowy[2]}), 0.7f);
  const auto city = meanColour(sceneryFrame(Scenery::kCity), 0.7f, 1.0f);
  EXPECT_LT(std::max({city[0], city[1], city[2]}), 0.45f);
  EXPECT_LT(std::max({city[0], city[1], city[2]}) - std::min({city[0], city[1], city[2]}), 0.1f);

  for (Sky sky : {Sky::kDay, Sky::kSunset, Sky::kNight}) {
    std::vector<std::array<float, 3>> means;
    for (Scenery scenery : allValues<Scenery>()) {
      means.push_back(meanColour(sceneryFrame(scenery, sky), 0.6f, 1.0f));
    }
    const float least = sky == Sky::kNight ? 0.04f : 0.12f;
    for (std::size_t a = 0; a < means.size(); ++a) {
      for (std::size_t b = a + 1; b < means.size(); ++b) {
        EXPECT_GT(distance(means[a], means[b]), least)
            << name(sky) << ": " << name(static_cast<Scenery>(a)) << " vs "
            << name(static_cast<Scenery>(b));
      }
    }
  }
}

TEST(Appearance, CityWindowsLightUpAtNight) {
  auto lit = [](const Image& image) {
    int count = 0;
    for (int y = 0; y < 150; ++y) {
      for (int x = 0; x < 256; ++x) {
        const auto c = image.at(x, y);
        count += c[0] > 0.8f && c[1] > 0.6f && c[2] < 0.6f;  // warm yellow
      }
    }
    return count;
  };
  EXPECT_GT(lit(sceneryFrame(Scenery::kCity, Sky::kNight)), 200);
  EXPECT_LT(lit(sceneryFrame(Scenery::kCity, Sky::kDay)), 20);
}

struct Stats {
  float contrast = 0.0f;    // standard deviation of luminance
  float saturation = 0.0f;  // mean (max - min) channel
  float luminance = 0.0f;
};

Stats stats(const Image& image) {
  double sum = 0, sum2 = 0, saturation = 0;
  const int n = image.width * image.height;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      const auto c = image.at(x, y);
      const double l = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
      sum += l;
      sum2 += l * l;
      saturation += std::max({c[0], c[1], c[2]}) - std::min({c[0], c[1], c[2]});
    }
  }
  const double mean = sum / n;
  return {static_cast<float>(std::sqrt(sum2 / n - mean * mean)), static_cast<float>(saturation / n),
          static_cast<float>(mean)};
}

Image weatherFrame(Weather weather, Sky sky = Sky::kDay, Scenery scenery = Scenery::kMeadow) {
  World world(3, makeScene(sky, scenery, weather));
  return renderAfter(world, 12);
}

TEST(Appearance, EachWeatherChangesTheFrameItsOwnWay) {
  const Stats clear = stats(weatherFrame(Weather::kClear));
  const Stats fog = stats(weatherFrame(Weather::kFog));
  const Stats rain = stats(weatherFrame(Weather::kRain));
  EXPECT_LT(fog.contrast, 0.7f * clear.contrast);        // washed out
  EXPECT_LT(fog.saturation, 0.6f * clear.saturation);    // toward grey
  EXPECT_LT(rain.saturation, 0.75f * clear.saturation);  // overcast
  EXPECT_LT(rain.luminance, clear.luminance);

  // Snow: many small bright flakes against a dark night sky.
  auto bright = [](const Image& image) {
    int count = 0;
    for (int y = 0; y < 100; ++y) {
      for (int x = 0; x < 256; ++x)
        count += std::min({image.at(x, y)[0], image.at(x, y)[1]}) > 0.45f;
    }
    return count;
  };
  EXPECT_GT(bright(weatherFrame(Weather::kSnow, Sky::kNight)),
            bright(weatherFrame(Weather::kClear, Sky::kNight)) + 500);

  // And every weather differs clearly from every other.
  std::vector<Image> frames;
  for (Weather weather : allValues<Weather>()) frames.push_back(weatherFrame(weather, Sky::kNight));
  for (std::size_t a = 0; a < frames.size(); ++a) {
    for (std::size_t b = a + 1; b < frames.size(); ++b) {
      double difference = 0;
      for (std::size_t i = 0; i < frames[a].rgb.size(); ++i) {
        difference += std::abs(frames[a].rgb[i] - frames[b].rgb[i]);
      }
      EXPECT_GT(difference / frames[a].rgb.size(), 6.0)
          << name(static_cast<Weather>(a)) << " vs " << name(static_cast<Weather>(b));
    }
  }
}

// What a subject adds to a frame, against the same world without it.
world_testing::Mask subjectMask(const Subject& subject, Sky sky, Scenery scenery, int frames = 6) {
  World with(4, makeScene(sky, scenery, Weather::kClear, {subject}));
  World without(4, makeScene(sky, scenery));
  return world_testing::differenceMask(renderAfter(with, frames), renderAfter(without, frames));
}

TEST(Appearance, SubjectPixelsHaveTheSubjectsColour) {
  for (Colour colour : allValues<Colour>()) {
    for (auto [sky, scenery] :
         {std::pair{Sky::kDay, Scenery::kCity}, std::pair{Sky::kNight, Scenery::kDesert},
          std::pair{Sky::kSunset, Scenery::kMeadow}}) {
      const world_testing::Mask mask =
          subjectMask({Shape::kBall, colour, Motion::kSpinning}, sky, scenery);
      EXPECT_GT(mask.count, 1500) << name(colour);
      EXPECT_EQ(world_testing::nearestColour(mask.mean), colour)
          << name(colour) << " ball over " << name(scenery) << " at " << name(sky) << ": mean "
          << mask.mean[0] << " " << mask.mean[1] << " " << mask.mean[2];
    }
  }
  for (Shape shape : allValues<Shape>()) {
    const world_testing::Mask mask =
        subjectMask({shape, Colour::kRed, Motion::kDriftingRight}, Sky::kDay, Scenery::kSnowyHills);
    EXPECT_EQ(world_testing::nearestColour(mask.mean), Colour::kRed) << name(shape);
  }
}

// A subject's mask resampled to a 32x32 grid over its bounding box.
std::vector<bool> normalizedShape(const world_testing::Mask& mask, int size, int* x0, int* y0,
                                  int* x1, int* y1) {
  *x0 = size, *y0 = size, *x1 = -1, *y1 = -1;
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      if (!mask.on[static_cast<std::size_t>(y) * size + x]) continue;
      *x0 = std::min(*x0, x), *x1 = std::max(*x1, x), *y0 = std::min(*y0, y),
      *y1 = std::max(*y1, y);
    }
  }
  std::vector<bool> grid(32 * 32);
  for (int gy = 0; gy < 32; ++gy) {
    for (int gx = 0; gx < 32; ++gx) {
      const int x = *x0 + (gx * (*x1 - *x0) + 16) / 32, y = *y0 + (gy * (*y1 - *y0) + 16) / 32;
      grid[static_cast<std::size_t>(gy * 32 + gx)] =
          mask.on[static_cast<std::size_t>(y) * size + x];
    }
  }
  return grid;
}

TEST(Appearance, ShapesAreDistinguishable) {
  std::vector<std::vector<bool>> grids;
  for (Shape shape : allValues<Shape>()) {
    const world_testing::Mask mask = subjectMask({shape, Colour::kWhite, Motion::kDriftingRight},
                                                 Sky::kNight, Scenery::kCity, 0);
    int x0, y0, x1, y1;
    grids.push_back(normalizedShape(mask, 256, &x0, &y0, &x1, &y1));
    const float height = static_cast<float>(y1 - y0 + 1) / 256.0f;
    EXPECT_GT(height, 0.15f) << name(shape) << ": subjects are 15-25% of the frame height";
    EXPECT_LT(height, 0.27f) << name(shape);
    const auto& grid = grids.back();
    const auto filled = std::count(grid.begin(), grid.end(), true) / 1024.0f;
    if (shape == Shape::kBall) {
      EXPECT_NEAR(filled, 0.785f, 0.06f);
    }
    if (shape == Shape::kRing) {
      EXPECT_FALSE(grid[16 * 32 + 16]) << "the ring has a hole";
    }
    if (shape == Shape::kStar) {
      EXPECT_LT(filled, 0.55f);
    }
    if (shape == Shape::kPyramid) {
      auto width = [&](int row) {
        return std::count(grid.begin() + row * 32, grid.begin() + row * 32 + 32, true);
      };
      EXPECT_LT(width(5), width(24) / 2) << "a pyramid narrows to its apex";
    }
  }
  for (std::size_t a = 0; a < grids.size(); ++a) {
    for (std::size_t b = a + 1; b < grids.size(); ++b) {
      int both = 0, either = 0;
      for (std::size_t i = 0; i < grids[a].size(); ++i) {
        both += grids[a][i] && grids[b][i];
        either += grids[a][i] || grids[b][i];
      }
      // Silhouettes only: the cube at rest (a hexagon) covers 88% of the ball's disc at the
      // spawn radius; its three shaded faces are what set it apart.
      EXPECT_LT(static_cast<float>(both) / either, 0.9f)
          << name(static_cast<Shape>(a)) << " vs " << name(static_cast<Shape>(b));
    }
  }
}

// Box-filters a square frame down by `factor`.
std::vector<float> downsample(const Image& image, int factor) {
  const int size = image.width / factor;
  std::vector<float> out(static_cast<std::size_t>(size * size * 3));
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      const auto c = image.at(x, y);
      for (int k = 0; k < 3; ++k) {
        out[static_cast<std::size_t>(((y / factor) * size + x / factor) * 3 + k)] +=
            c[k] / static_cast<float>(factor * factor);
      }
    }
  }
  return out;
}

TEST(Appearance, LowResolutionFramesMatchDownsampledFullFrames) {
  for (int seed = 0; seed < 5; ++seed) {
    const Scene scene =
        makeScene(static_cast<Sky>(seed), static_cast<Scenery>((seed * 2) % 5), Weather::kClear,
                  {{static_cast<Shape>(seed), static_cast<Colour>(seed), Motion::kBouncing}});
    World world(seed, scene);
    for (int i = 0; i < 9; ++i) world.advance();
    const std::vector<float> full = downsample(render(world, 256, 256), 4);
    const std::vector<float> small = downsample(render(world, 64, 64), 1);
    double difference = 0;
    for (std::size_t i = 0; i < full.size(); ++i) difference += std::abs(full[i] - small[i]);
    EXPECT_LT(difference / full.size(), 0.04) << describe(scene);
    // At the latent's 8x8 the two agree closely too.
    const std::vector<float> latent_full = downsample(render(world, 256, 256), 32);
    const std::vector<float> latent_small = downsample(render(world, 64, 64), 8);
    double latent_difference = 0;
    for (std::size_t i = 0; i < latent_full.size(); ++i) {
      latent_difference += std::abs(latent_full[i] - latent_small[i]);
    }
    EXPECT_LT(latent_difference / latent_full.size(), 0.02) << describe(scene);
  }
}

}  // namespace
}  // namespace liveframe::sketch
