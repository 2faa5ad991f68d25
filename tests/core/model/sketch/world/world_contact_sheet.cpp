// world_contact_sheet: renders a grid of sketch-world frames to a binary PPM, to look at.
//   world_contact_sheet SHEET OUT.ppm [CELL_PIXELS]
// SHEET: skies (sky x scenery), weather (weather x scenery), subjects (colour x shape),
// time (transitions over time), camera (pan/zoom over time), lowres (64x64 frames shown
// 4x larger), clips (frames of generated clips).
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "world/clip.h"
#include "world/world.h"

namespace {

using namespace liveframe::sketch;

struct Sheet {
  int columns = 0;
  int rows = 0;
  int cell = 256;
  std::vector<std::uint8_t> rgb;

  Sheet(int c, int r, int cell_pixels) : columns(c), rows(r), cell(cell_pixels) {
    rgb.assign(static_cast<std::size_t>(c * cell) * static_cast<std::size_t>(r * cell) * 3, 0);
  }
  // Copies a size x size frame into cell (column, row), scaled up by nearest neighbour.
  void put(int column, int row, const std::vector<std::uint8_t>& frame, int size) {
    const int width = columns * cell;
    for (int y = 0; y < cell - 2; ++y) {
      for (int x = 0; x < cell - 2; ++x) {
        const int sx = x * size / cell, sy = y * size / cell;
        const std::size_t from = (static_cast<std::size_t>(sy) * size + sx) * 3;
        const std::size_t to =
            (static_cast<std::size_t>(row * cell + y) * width + column * cell + x) * 3;
        for (int k = 0; k < 3; ++k) rgb[to + k] = frame[from + k];
      }
    }
  }
  bool write(const std::string& path) const {
    std::ofstream out(path, std::ios::binary);
    out << "P6\n" << columns * cell << " " << rows * cell << "\n255\n";
    out.write(reinterpret_cast<const char*>(rgb.data()), static_cast<std::streamsize>(rgb.size()));
    return static_cast<bool>(out);
  }
};

std::vector<std::uint8_t> renderAt(World& world, int frames, int size) {
  for (int i = 0; i < frames; ++i) world.advance();
  std::vector<std::uint8_t> frame(static_cast<std::size_t>(size) * size * 3);
  world.render(frame.data(), size, size);
  return frame;
}

Scene sceneOf(Sky sky, Scenery scenery, Weather weather, std::vector<Subject> subjects) {
  Scene scene;
  scene.sky = sky;
  scene.scenery = scenery;
  scene.weather = weather;
  scene.subjects = std::move(subjects);
  return scene;
}

void skies(Sheet& sheet, int size) {
  for (int row = 0; row < 5; ++row) {
    for (int column = 0; column < 5; ++column) {
      const Subject subject{static_cast<Shape>(column), static_cast<Colour>((row + column) % 7),
                            Motion::kSpinning};
      World world(7, sceneOf(static_cast<Sky>(row), static_cast<Scenery>(column), Weather::kClear,
                             {subject}));
      sheet.put(column, row, renderAt(world, 10, size), size);
    }
  }
}

void weather(Sheet& sheet, int size) {
  for (int row = 0; row < 4; ++row) {
    for (int column = 0; column < 5; ++column) {
      const Sky sky = column % 2 == 0 ? Sky::kDay : Sky::kNight;
      const Subject subject{Shape::kBall, Colour::kRed, Motion::kBouncing};
      World world(11,
                  sceneOf(sky, static_cast<Scenery>(column), static_cast<Weather>(row), {subject}));
      sheet.put(column, row, renderAt(world, 20, size), size);
    }
  }
}

void subjects(Sheet& sheet, int size) {
  for (int row = 0; row < 7; ++row) {
    for (int column = 0; column < 5; ++column) {
      const Subject subject{static_cast<Shape>(column), static_cast<Colour>(row),
                            Motion::kSpinning};
      World world(row * 5 + column, sceneOf(static_cast<Sky>((row + column) % 5),
                                            static_cast<Scenery>((row * 2 + column) % 5),
                                            Weather::kClear, {subject}));
      sheet.put(column, row, renderAt(world, 3 * column, size), size);
    }
  }
}

void timeline(Sheet& sheet, int size) {
  const Subject red{Shape::kBall, Colour::kRed, Motion::kBouncing};
  const Subject blue{Shape::kCube, Colour::kBlue, Motion::kDriftingRight};
  const Subject blue_star{Shape::kStar, Colour::kYellow, Motion::kRising};
  World sunset(3, sceneOf(Sky::kSunset, Scenery::kOcean, Weather::kClear, {red, blue}));
  sunset.setScene(sceneOf(Sky::kNight, Scenery::kOcean, Weather::kSnow, {red}), 24);
  World dawn(5, sceneOf(Sky::kDawn, Scenery::kDesert, Weather::kFog, {blue_star}));
  dawn.setScene(sceneOf(Sky::kDay, Scenery::kDesert, Weather::kRain,
                        {Subject{Shape::kStar, Colour::kGreen, Motion::kRising}}),
                24);
  for (int column = 0; column < 8; ++column) {
    sheet.put(column, 0, renderAt(sunset, column == 0 ? 0 : 4, size), size);
    sheet.put(column, 1, renderAt(dawn, column == 0 ? 0 : 4, size), size);
  }
}

void camera(Sheet& sheet, int size) {
  const Subject ring{Shape::kRing, Colour::kOrange, Motion::kSpinning};
  World pan(9, sceneOf(Sky::kSunset, Scenery::kCity, Weather::kClear, {ring}));
  pan.setActions(kActionPanLeft);
  Scene zoom_scene = sceneOf(Sky::kDay, Scenery::kSnowyHills, Weather::kClear, {ring});
  zoom_scene.camera = CameraMove::kZoomIn;
  World zoom(9, zoom_scene);
  for (int column = 0; column < 8; ++column) {
    sheet.put(column, 0, renderAt(pan, column == 0 ? 0 : 8, size), size);
    sheet.put(column, 1, renderAt(zoom, column == 0 ? 0 : 14, size), size);
  }
}

void lowres(Sheet& sheet, int) {
  for (int row = 0; row < 4; ++row) {
    for (int column = 0; column < 5; ++column) {
      Rng rng(static_cast<std::uint64_t>(row * 5 + column) + 100);
      World world(row, randomScene(rng));
      sheet.put(column, row, renderAt(world, 12, 64), 64);
    }
  }
}

void clips(Sheet& sheet, int size) {
  for (int row = 0; row < sheet.rows; ++row) {
    const Clip clip = generateClip(static_cast<std::uint64_t>(row) + 1, 96, size, size);
    std::printf("clip %d: %s\n", row, clip.captions.front().c_str());
    for (int column = 0; column < sheet.columns; ++column) {
      const int index = column * (clip.frame_count - 1) / (sheet.columns - 1);
      const std::uint8_t* frame = clip.frame(index);
      sheet.put(column, row, std::vector<std::uint8_t>(frame, frame + size * size * 3), size);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: %s skies|weather|subjects|time|camera|lowres|clips OUT.ppm [CELL]\n",
                 argv[0]);
    return 2;
  }
  const std::string name = argv[1];
  const int cell = argc > 3 ? std::stoi(argv[3]) : 256;
  struct Layout {
    const char* name;
    int columns, rows, size;
    std::function<void(Sheet&, int)> fill;
  };
  const std::vector<Layout> layouts = {
      {"skies", 5, 5, cell, skies},       {"weather", 5, 4, cell, weather},
      {"subjects", 5, 7, cell, subjects}, {"time", 8, 2, cell, timeline},
      {"camera", 8, 2, cell, camera},     {"lowres", 5, 4, 64, lowres},
      {"clips", 6, 4, cell, clips}};
  for (const Layout& layout : layouts) {
    if (name != layout.name) continue;
    Sheet sheet(layout.columns, layout.rows, cell);
    layout.fill(sheet, layout.size);
    if (!sheet.write(argv[2])) {
      std::fprintf(stderr, "cannot write %s\n", argv[2]);
      return 1;
    }
    return 0;
  }
  std::fprintf(stderr, "unknown sheet '%s'\n", name.c_str());
  return 2;
}
