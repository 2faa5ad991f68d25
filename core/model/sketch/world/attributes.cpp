#include "world/attributes.h"

namespace liveframe::sketch {

namespace {

template <typename E, std::size_t N>
std::string_view lookup(const std::array<std::string_view, N>& names, E value) {
  static_assert(N == static_cast<std::size_t>(kValueCount<E>));
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : std::string_view("unknown");
}

}  // namespace

std::string_view name(Sky sky) {
  static constexpr std::array<std::string_view, 5> kNames = {"dawn", "day", "sunset", "night",
                                                             "aurora"};
  return lookup(kNames, sky);
}

std::string_view name(Scenery scenery) {
  static constexpr std::array<std::string_view, 5> kNames = {"ocean", "desert", "meadow",
                                                             "snowy hills", "city"};
  return lookup(kNames, scenery);
}

std::string_view name(Weather weather) {
  static constexpr std::array<std::string_view, 4> kNames = {"clear", "rain", "snow", "fog"};
  return lookup(kNames, weather);
}

std::string_view name(Shape shape) {
  static constexpr std::array<std::string_view, 5> kNames = {"ball", "cube", "pyramid", "ring",
                                                             "star"};
  return lookup(kNames, shape);
}

std::string_view name(Colour colour) {
  static constexpr std::array<std::string_view, 7> kNames = {"red",  "orange", "yellow", "green",
                                                             "blue", "purple", "white"};
  return lookup(kNames, colour);
}

std::string_view name(Motion motion) {
  static constexpr std::array<std::string_view, 5> kNames = {
      "bouncing", "drifting left", "drifting right", "spinning", "rising"};
  return lookup(kNames, motion);
}

std::string_view name(CameraMove camera) {
  static constexpr std::array<std::string_view, 5> kNames = {"static", "pan left", "pan right",
                                                             "zoom in", "zoom out"};
  return lookup(kNames, camera);
}

std::string describe(const Scene& scene) {
  std::string text = "sky=" + std::string(name(scene.sky));
  text += " scenery=" + std::string(name(scene.scenery));
  text += " weather=" + std::string(name(scene.weather));
  text += " subjects=[";
  for (std::size_t i = 0; i < scene.subjects.size(); ++i) {
    const Subject& subject = scene.subjects[i];
    if (i > 0) text += ", ";
    text += std::string(name(subject.colour)) + " " + std::string(name(subject.shape)) + " " +
            std::string(name(subject.motion));
  }
  text += "] camera=" + std::string(name(scene.camera));
  return text;
}

}  // namespace liveframe::sketch
