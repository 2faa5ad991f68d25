// The grammar's phrase tables. Rules that keep parsing unambiguous:
//  - colour words appear only in subject phrases (no "blue sky", no "white snow");
//  - "snowy" only names the snowy hills (weather uses "snow", "snowing", "snowfall");
//  - "left"/"right"/"up" only follow a motion verb or "pan"; "in"/"out" only follow "zoom";
//  - "star" (singular) is the shape, "stars" is the night sky.
#include "world/lexicon.h"

#include <array>

namespace liveframe::sketch::lexicon {

namespace {

using SV = std::string_view;

template <typename E, std::size_t N>
Phrases select(const std::array<Phrases, N>& table, E value) {
  return table[static_cast<std::size_t>(value)];
}

// ---- Sky ----
constexpr SV kDawnAdverbials[] = {"at dawn", "at sunrise", "at daybreak", "in the morning",
                                  "early in the morning"};
constexpr SV kDayAdverbials[] = {"during the day", "at midday", "at noon", "in daylight",
                                 "in the daytime"};
constexpr SV kSunsetAdverbials[] = {"at sunset", "at dusk", "at sundown", "in the evening"};
constexpr SV kNightAdverbials[] = {"at night", "at midnight", "under the stars",
                                   "on a starry night", "at nighttime"};
constexpr SV kAuroraAdverbials[] = {"under the northern lights", "under an aurora",
                                    "beneath the aurora borealis", "under the polar lights"};
constexpr SV kDawnNouns[] = {"dawn", "sunrise", "daybreak", "morning sky", "dawn sky"};
constexpr SV kDayNouns[] = {"day", "daytime", "midday sky", "daylight", "noon"};
constexpr SV kSunsetNouns[] = {"sunset", "dusk", "sunset sky", "evening sky", "sundown"};
constexpr SV kNightNouns[] = {"night", "night sky with stars", "starry night", "starry sky",
                              "midnight"};
constexpr SV kAuroraNouns[] = {"aurora", "northern lights", "aurora borealis", "polar lights"};

// ---- Scenery ----
constexpr SV kOceanLocatives[] = {"over the ocean", "above the sea", "over the waves",
                                  "on the sea"};
constexpr SV kDesertLocatives[] = {"in the desert", "over the dunes", "over sand dunes",
                                   "above the desert"};
constexpr SV kMeadowLocatives[] = {"in a meadow", "over a field", "above the grassland",
                                   "in a grassy field"};
constexpr SV kSnowyLocatives[] = {"over snowy hills", "above the snowfield", "over snowy slopes",
                                  "in the snowfield"};
constexpr SV kCityLocatives[] = {"over the city", "above the skyline",
                                 "in front of the city skyline", "over the cityscape"};
constexpr SV kOceanNouns[] = {"ocean", "sea", "seascape", "waves"};
constexpr SV kDesertNouns[] = {"desert", "dunes", "sand dunes", "desert dunes"};
constexpr SV kMeadowNouns[] = {"meadow", "field", "grassland", "grassy field"};
constexpr SV kSnowyNouns[] = {"snowy hills", "snowfield", "snowy slopes"};
constexpr SV kCityNouns[] = {"city skyline", "skyline", "city", "cityscape"};

// ---- Weather ----
constexpr SV kClearClauses[] = {"clear weather", "clear skies", "clear"};
constexpr SV kRainClauses[] = {"raining", "rain", "in the rain", "heavy rain", "rainfall"};
constexpr SV kSnowClauses[] = {"snowing", "falling snow", "snowfall", "snowflakes falling"};
constexpr SV kFogClauses[] = {"foggy", "in thick fog", "misty", "hazy", "fog"};
constexpr SV kClearAdjectives[] = {"clear"};
constexpr SV kRainAdjectives[] = {"rainy"};
constexpr SV kFogAdjectives[] = {"foggy", "misty", "hazy"};

// ---- Camera ----
constexpr SV kStaticClauses[] = {"static camera", "still camera", "fixed camera", "static shot"};
constexpr SV kPanLeftClauses[] = {"camera panning left", "panning left", "the camera pans left",
                                  "pan left"};
constexpr SV kPanRightClauses[] = {"camera panning right", "panning right", "the camera pans right",
                                   "pan right"};
constexpr SV kZoomInClauses[] = {"zooming in", "camera zooming in", "the camera zooms in",
                                 "zoom in"};
constexpr SV kZoomOutClauses[] = {"zooming out", "camera zooming out", "the camera zooms out",
                                  "zoom out"};

// ---- Subjects ----
constexpr SV kBallNouns[] = {"ball", "sphere", "orb"};
constexpr SV kCubeNouns[] = {"cube", "box", "block"};
constexpr SV kPyramidNouns[] = {"pyramid"};
constexpr SV kRingNouns[] = {"ring", "hoop", "donut"};
constexpr SV kStarNouns[] = {"star"};
constexpr SV kRedWords[] = {"red", "crimson", "scarlet"};
constexpr SV kOrangeWords[] = {"orange", "amber"};
constexpr SV kYellowWords[] = {"yellow", "golden"};
constexpr SV kGreenWords[] = {"green", "emerald"};
constexpr SV kBlueWords[] = {"blue", "azure", "cobalt"};
constexpr SV kPurpleWords[] = {"purple", "violet"};
constexpr SV kWhiteWords[] = {"white", "ivory"};
constexpr SV kBouncingBefore[] = {"bouncing"};
constexpr SV kSpinningBefore[] = {"spinning", "rotating"};
constexpr SV kRisingBefore[] = {"rising"};
constexpr SV kBouncingAfter[] = {"bouncing", "hopping", "bounces"};
constexpr SV kLeftAfter[] = {"drifting left", "moving left", "floating left", "gliding left",
                             "drifts left"};
constexpr SV kRightAfter[] = {"drifting right", "moving right", "floating right", "gliding right",
                              "drifts right"};
constexpr SV kSpinningAfter[] = {"spinning", "rotating", "twirling", "spins", "spinning in place"};
constexpr SV kRisingAfter[] = {"rising", "floating up", "ascending", "drifting up", "rises"};
constexpr SV kGenericNouns[] = {"object", "shape", "thing"};
constexpr SV kNoSubjects[] = {"no objects", "empty scene", "landscape only"};
constexpr SV kTemplateWords[] = {"a", "an", "the", "and", "with", "above", "over"};

constexpr Term kTerms[] = {
    // Sky.
    {"dawn", Role::kSky, 0},
    {"sunrise", Role::kSky, 0},
    {"daybreak", Role::kSky, 0},
    {"morning", Role::kSky, 0},
    {"day", Role::kSky, 1},
    {"daytime", Role::kSky, 1},
    {"midday", Role::kSky, 1},
    {"noon", Role::kSky, 1},
    {"daylight", Role::kSky, 1},
    {"sunset", Role::kSky, 2},
    {"dusk", Role::kSky, 2},
    {"sundown", Role::kSky, 2},
    {"evening", Role::kSky, 2},
    {"night", Role::kSky, 3},
    {"nighttime", Role::kSky, 3},
    {"midnight", Role::kSky, 3},
    {"starry", Role::kSky, 3},
    {"stars", Role::kSky, 3, true},
    {"aurora", Role::kSky, 4},
    {"borealis", Role::kSky, 4},
    {"northern lights", Role::kSky, 4},
    {"polar lights", Role::kSky, 4},
    // Scenery.
    {"ocean", Role::kScenery, 0},
    {"sea", Role::kScenery, 0},
    {"seascape", Role::kScenery, 0},
    {"waves", Role::kScenery, 0},
    {"desert", Role::kScenery, 1},
    {"dunes", Role::kScenery, 1},
    {"sand", Role::kScenery, 1},
    {"meadow", Role::kScenery, 2},
    {"field", Role::kScenery, 2},
    {"grassland", Role::kScenery, 2},
    {"grassy", Role::kScenery, 2},
    {"snowy", Role::kScenery, 3},
    {"snowfield", Role::kScenery, 3},
    {"hills", Role::kScenery, 3},
    {"slopes", Role::kScenery, 3},
    {"city", Role::kScenery, 4},
    {"skyline", Role::kScenery, 4},
    {"cityscape", Role::kScenery, 4},
    // Weather.
    {"clear", Role::kWeather, 0},
    {"rain", Role::kWeather, 1},
    {"raining", Role::kWeather, 1},
    {"rainy", Role::kWeather, 1},
    {"rainfall", Role::kWeather, 1},
    {"snow", Role::kWeather, 2},
    {"snowing", Role::kWeather, 2},
    {"snowfall", Role::kWeather, 2},
    {"snowflakes", Role::kWeather, 2},
    {"fog", Role::kWeather, 3},
    {"foggy", Role::kWeather, 3},
    {"misty", Role::kWeather, 3},
    {"hazy", Role::kWeather, 3},
    // Camera.
    {"static camera", Role::kCamera, 0},
    {"still camera", Role::kCamera, 0},
    {"fixed camera", Role::kCamera, 0},
    {"static shot", Role::kCamera, 0},
    {"panning left", Role::kCamera, 1},
    {"pans left", Role::kCamera, 1},
    {"pan left", Role::kCamera, 1},
    {"panning right", Role::kCamera, 2},
    {"pans right", Role::kCamera, 2},
    {"pan right", Role::kCamera, 2},
    {"zooming in", Role::kCamera, 3},
    {"zooms in", Role::kCamera, 3},
    {"zoom in", Role::kCamera, 3},
    {"zooming out", Role::kCamera, 4},
    {"zooms out", Role::kCamera, 4},
    {"zoom out", Role::kCamera, 4},
    // Shapes.
    {"ball", Role::kShape, 0},
    {"sphere", Role::kShape, 0},
    {"orb", Role::kShape, 0},
    {"cube", Role::kShape, 1},
    {"box", Role::kShape, 1},
    {"block", Role::kShape, 1},
    {"pyramid", Role::kShape, 2},
    {"ring", Role::kShape, 3},
    {"hoop", Role::kShape, 3},
    {"donut", Role::kShape, 3},
    {"star", Role::kShape, 4},
    {"object", Role::kGenericNoun},
    {"shape", Role::kGenericNoun},
    {"thing", Role::kGenericNoun},
    // Colours.
    {"red", Role::kColour, 0},
    {"crimson", Role::kColour, 0},
    {"scarlet", Role::kColour, 0},
    {"orange", Role::kColour, 1},
    {"amber", Role::kColour, 1},
    {"yellow", Role::kColour, 2},
    {"golden", Role::kColour, 2},
    {"green", Role::kColour, 3},
    {"emerald", Role::kColour, 3},
    {"blue", Role::kColour, 4},
    {"azure", Role::kColour, 4},
    {"cobalt", Role::kColour, 4},
    {"purple", Role::kColour, 5},
    {"violet", Role::kColour, 5},
    {"white", Role::kColour, 6},
    {"ivory", Role::kColour, 6},
    // Motions.
    {"bouncing", Role::kMotion, 0},
    {"hopping", Role::kMotion, 0},
    {"bounces", Role::kMotion, 0},
    {"drifting left", Role::kMotion, 1},
    {"moving left", Role::kMotion, 1},
    {"floating left", Role::kMotion, 1},
    {"gliding left", Role::kMotion, 1},
    {"drifts left", Role::kMotion, 1},
    {"drifting right", Role::kMotion, 2},
    {"moving right", Role::kMotion, 2},
    {"floating right", Role::kMotion, 2},
    {"gliding right", Role::kMotion, 2},
    {"drifts right", Role::kMotion, 2},
    {"spinning", Role::kMotion, 3},
    {"rotating", Role::kMotion, 3},
    {"twirling", Role::kMotion, 3},
    {"spins", Role::kMotion, 3},
    {"rising", Role::kMotion, 4},
    {"floating up", Role::kMotion, 4},
    {"ascending", Role::kMotion, 4},
    {"drifting up", Role::kMotion, 4},
    {"rises", Role::kMotion, 4},
    // Structure.
    {"no objects", Role::kNoSubjects},
    {"empty scene", Role::kNoSubjects},
    {"empty", Role::kNoSubjects},
    {"landscape only", Role::kNoSubjects},
    {"and", Role::kSeparator},
};

}  // namespace

Phrases skyAdverbials(Sky sky) {
  static constexpr std::array<Phrases, 5> kTable = {
      kDawnAdverbials, kDayAdverbials, kSunsetAdverbials, kNightAdverbials, kAuroraAdverbials};
  return select(kTable, sky);
}

Phrases skyNouns(Sky sky) {
  static constexpr std::array<Phrases, 5> kTable = {kDawnNouns, kDayNouns, kSunsetNouns,
                                                    kNightNouns, kAuroraNouns};
  return select(kTable, sky);
}

Phrases sceneryLocatives(Scenery scenery) {
  static constexpr std::array<Phrases, 5> kTable = {
      kOceanLocatives, kDesertLocatives, kMeadowLocatives, kSnowyLocatives, kCityLocatives};
  return select(kTable, scenery);
}

Phrases sceneryNouns(Scenery scenery) {
  static constexpr std::array<Phrases, 5> kTable = {kOceanNouns, kDesertNouns, kMeadowNouns,
                                                    kSnowyNouns, kCityNouns};
  return select(kTable, scenery);
}

Phrases weatherClauses(Weather weather) {
  static constexpr std::array<Phrases, 4> kTable = {kClearClauses, kRainClauses, kSnowClauses,
                                                    kFogClauses};
  return select(kTable, weather);
}

Phrases weatherAdjectives(Weather weather) {
  static constexpr std::array<Phrases, 4> kTable = {kClearAdjectives, kRainAdjectives, Phrases(),
                                                    kFogAdjectives};
  return select(kTable, weather);
}

Phrases cameraClauses(CameraMove camera) {
  static constexpr std::array<Phrases, 5> kTable = {
      kStaticClauses, kPanLeftClauses, kPanRightClauses, kZoomInClauses, kZoomOutClauses};
  return select(kTable, camera);
}

Phrases shapeNouns(Shape shape) {
  static constexpr std::array<Phrases, 5> kTable = {kBallNouns, kCubeNouns, kPyramidNouns,
                                                    kRingNouns, kStarNouns};
  return select(kTable, shape);
}

Phrases colourWords(Colour colour) {
  static constexpr std::array<Phrases, 7> kTable = {
      kRedWords, kOrangeWords, kYellowWords, kGreenWords, kBlueWords, kPurpleWords, kWhiteWords};
  return select(kTable, colour);
}

Phrases motionsBefore(Motion motion) {
  static constexpr std::array<Phrases, 5> kTable = {kBouncingBefore, Phrases(), Phrases(),
                                                    kSpinningBefore, kRisingBefore};
  return select(kTable, motion);
}

Phrases motionsAfter(Motion motion) {
  static constexpr std::array<Phrases, 5> kTable = {kBouncingAfter, kLeftAfter, kRightAfter,
                                                    kSpinningAfter, kRisingAfter};
  return select(kTable, motion);
}

Phrases genericNouns() { return kGenericNouns; }
Phrases noSubjectPhrases() { return kNoSubjects; }
Phrases templateWords() { return kTemplateWords; }
std::span<const Term> terms() { return kTerms; }

}  // namespace liveframe::sketch::lexicon
