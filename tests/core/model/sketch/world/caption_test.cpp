// Tests caption.h: the grammar, its vocabulary and the prompt parser (round trip).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "world/caption.h"
#include "world/clip.h"
#include "world/lexicon.h"

namespace liveframe::sketch {
namespace {

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> result;
  std::string current;
  for (char c : text + " ") {
    if (c >= 'a' && c <= 'z') {
      current += c;
    } else if (!current.empty()) {
      result.push_back(current);
      current.clear();
    }
  }
  return result;
}

// Checks that what `parsed` states is true of `scene`.
void expectTrueOf(const ParsedPrompt& parsed, const Scene& scene, const std::string& text) {
  if (parsed.sky) {
    EXPECT_EQ(*parsed.sky, scene.sky) << text;
  }
  if (parsed.scenery) {
    EXPECT_EQ(*parsed.scenery, scene.scenery) << text;
  }
  if (parsed.weather) {
    EXPECT_EQ(*parsed.weather, scene.weather) << text;
  }
  if (parsed.camera) {
    EXPECT_EQ(*parsed.camera, scene.camera) << text;
  }
  if (parsed.no_subjects) {
    EXPECT_TRUE(scene.subjects.empty()) << text;
  }
  if (parsed.subjects.empty()) return;
  ASSERT_EQ(parsed.subjects.size(), scene.subjects.size()) << text;
  for (std::size_t s = 0; s < scene.subjects.size(); ++s) {
    const ParsedSubject& said = parsed.subjects[s];
    if (said.shape) {
      EXPECT_EQ(*said.shape, scene.subjects[s].shape) << text;
    }
    if (said.colour) {
      EXPECT_EQ(*said.colour, scene.subjects[s].colour) << text;
    }
    if (said.motion) {
      EXPECT_EQ(*said.motion, scene.subjects[s].motion) << text;
    }
  }
}

TEST(Caption, ParsingACaptionRecoversEverythingItMentions) {
  Rng rng(2024);
  for (int i = 0; i < 5000; ++i) {
    const Scene scene = randomScene(rng);
    const Caption caption = describeScene(scene, rng);
    const ParsedPrompt parsed = parsePrompt(caption.text);
    ASSERT_EQ(parsed, caption.mentioned) << "\"" << caption.text << "\" of " << describe(scene);
    EXPECT_TRUE(parsed.unknown_words.empty()) << caption.text;
    expectTrueOf(parsed, scene, caption.text);
  }
}

TEST(Caption, EachAttributeIsMentionedInMostCaptionsButNotAll) {
  Rng rng(99);
  std::map<std::string, int> count;
  constexpr int kScenes = 5000;
  for (int i = 0; i < kScenes; ++i) {
    const Scene scene = randomScene(rng);
    const ParsedPrompt said = describeScene(scene, rng).mentioned;
    for (const ParsedSubject& subject : said.subjects) {
      count["colour"] += subject.colour.has_value();
      count["motion"] += subject.motion.has_value();
      count["subject"] += 1;
    }
    count["sky"] += said.sky.has_value();
    count["scenery"] += said.scenery.has_value();
    count["weather"] += said.weather.has_value();
    count["moving camera"] += said.camera.has_value() && scene.camera != CameraMove::kStatic;
    count["moving scenes"] += scene.camera != CameraMove::kStatic;
    count["subjects"] += !said.subjects.empty();
    count["scenes with subjects"] += !scene.subjects.empty();
  }
  EXPECT_GT(count["sky"], kScenes * 80 / 100);
  EXPECT_GT(count["scenery"], kScenes * 80 / 100);
  EXPECT_GT(count["weather"], kScenes * 70 / 100);
  EXPECT_GT(count["colour"], count["subject"] * 80 / 100);
  EXPECT_GT(count["motion"], count["subject"] * 75 / 100);
  EXPECT_GT(count["moving camera"], count["moving scenes"] * 75 / 100);
  EXPECT_GT(count["subjects"], count["scenes with subjects"] * 85 / 100);
  EXPECT_LT(count["sky"], kScenes * 97 / 100);
  EXPECT_LT(count["colour"], count["subject"]);
}

TEST(Caption, WordOrderAndSynonymsVary) {
  const Scene scene{Sky::kSunset,
                    Scenery::kOcean,
                    Weather::kRain,
                    {{Shape::kBall, Colour::kRed, Motion::kBouncing}},
                    CameraMove::kPanLeft};
  Rng rng(1);
  std::set<std::string> captions;
  std::set<std::string> first_words;
  std::set<std::string> vocabulary_used;
  for (int i = 0; i < 400; ++i) {
    const std::string text = caption(scene, rng);
    captions.insert(text);
    const auto list = words(text);
    first_words.insert(list.front());
    vocabulary_used.insert(list.begin(), list.end());
  }
  EXPECT_GT(captions.size(), 200u);
  EXPECT_GT(first_words.size(), 8u);  // free word order: many ways to start
  for (const char* synonym : {"sunset", "dusk", "ocean", "sea", "ball", "sphere", "orb"}) {
    EXPECT_TRUE(vocabulary_used.contains(synonym)) << synonym;
  }
}

TEST(Caption, ParsesHandWrittenPrompts) {
  ParsedPrompt p = parsePrompt("A Red Ball bouncing over the OCEAN at sunset");
  EXPECT_EQ(p.sky, Sky::kSunset);
  EXPECT_EQ(p.scenery, Scenery::kOcean);
  ASSERT_EQ(p.subjects.size(), 1u);
  EXPECT_EQ(p.subjects[0], (ParsedSubject{Shape::kBall, Colour::kRed, Motion::kBouncing}));
  EXPECT_FALSE(p.weather.has_value());
  EXPECT_FALSE(p.camera.has_value());

  p = parsePrompt("sunset, ocean, bouncing red ball");
  EXPECT_EQ(p.sky, Sky::kSunset);
  EXPECT_EQ(p.subjects.at(0), (ParsedSubject{Shape::kBall, Colour::kRed, Motion::kBouncing}));

  p = parsePrompt("night sky with stars above snowy hills, snowing");
  EXPECT_EQ(p.sky, Sky::kNight);
  EXPECT_EQ(p.scenery, Scenery::kSnowyHills);
  EXPECT_EQ(p.weather, Weather::kSnow);
  EXPECT_TRUE(p.subjects.empty());

  p = parsePrompt("an orange cube spinning in the desert at dawn, camera panning left");
  EXPECT_EQ(p.sky, Sky::kDawn);
  EXPECT_EQ(p.scenery, Scenery::kDesert);
  EXPECT_EQ(p.camera, CameraMove::kPanLeft);
  EXPECT_EQ(p.subjects.at(0), (ParsedSubject{Shape::kCube, Colour::kOrange, Motion::kSpinning}));
  EXPECT_TRUE(p.unknown_words.empty());
}

TEST(Caption, BindsColourShapeAndMotionPerSubject) {
  ParsedPrompt p = parsePrompt("a red ball and a blue cube");
  ASSERT_EQ(p.subjects.size(), 2u);
  EXPECT_EQ(p.subjects[0], (ParsedSubject{Shape::kBall, Colour::kRed, std::nullopt}));
  EXPECT_EQ(p.subjects[1], (ParsedSubject{Shape::kCube, Colour::kBlue, std::nullopt}));

  p = parsePrompt("a red ball and a blue cube spinning");
  EXPECT_FALSE(p.subjects.at(0).motion.has_value());
  EXPECT_EQ(p.subjects.at(1).motion, Motion::kSpinning);

  p = parsePrompt("a red ball drifting left and a rising yellow star");
  EXPECT_EQ(p.subjects.at(0).motion, Motion::kDriftingLeft);
  EXPECT_EQ(p.subjects.at(1), (ParsedSubject{Shape::kStar, Colour::kYellow, Motion::kRising}));

  p = parsePrompt("red ball, spinning blue cube");  // punctuation ends a subject phrase
  EXPECT_FALSE(p.subjects.at(0).motion.has_value());
  EXPECT_EQ(p.subjects.at(1).motion, Motion::kSpinning);

  p = parsePrompt("a green object floating up");
  EXPECT_EQ(p.subjects.at(0), (ParsedSubject{std::nullopt, Colour::kGreen, Motion::kRising}));

  p = parsePrompt("empty scene, dusk over the sea");
  EXPECT_TRUE(p.no_subjects);
  EXPECT_TRUE(p.subjects.empty());
}

TEST(Caption, MapsSynonyms) {
  auto sky = [](const char* text) { return parsePrompt(text).sky; };
  auto scenery = [](const char* text) { return parsePrompt(text).scenery; };
  auto shape = [](const char* text) { return parsePrompt(text).subjects.at(0).shape; };
  auto motion = [](const char* text) { return parsePrompt(text).subjects.at(0).motion; };
  EXPECT_EQ(sky("dusk"), Sky::kSunset);
  EXPECT_EQ(sky("daybreak"), Sky::kDawn);
  EXPECT_EQ(sky("under the stars"), Sky::kNight);
  EXPECT_EQ(sky("northern lights"), Sky::kAurora);
  EXPECT_EQ(sky("stars under the aurora borealis"), Sky::kAurora);  // a weak "stars" yields
  EXPECT_EQ(scenery("the sea"), Scenery::kOcean);
  EXPECT_EQ(scenery("dunes"), Scenery::kDesert);
  EXPECT_EQ(scenery("a grassland"), Scenery::kMeadow);
  EXPECT_EQ(scenery("field"), Scenery::kMeadow);
  EXPECT_EQ(scenery("skyline"), Scenery::kCity);
  EXPECT_EQ(scenery("snowfield"), Scenery::kSnowyHills);
  EXPECT_EQ(parsePrompt("misty").weather, Weather::kFog);
  EXPECT_EQ(parsePrompt("snowy hills").weather, std::nullopt);  // snowy names the hills
  EXPECT_EQ(shape("a sphere"), Shape::kBall);
  EXPECT_EQ(shape("an orb"), Shape::kBall);
  EXPECT_EQ(shape("a hoop"), Shape::kRing);
  EXPECT_EQ(motion("a ball moving left"), Motion::kDriftingLeft);
  EXPECT_EQ(motion("a ball floating left"), Motion::kDriftingLeft);
  EXPECT_EQ(motion("a ball gliding right"), Motion::kDriftingRight);
  EXPECT_EQ(motion("a ball floating up"), Motion::kRising);
  EXPECT_EQ(parsePrompt("zooming in").camera, CameraMove::kZoomIn);
  EXPECT_EQ(parsePrompt("the camera pans right").camera, CameraMove::kPanRight);
}

TEST(Caption, ReportsUnknownWords) {
  const ParsedPrompt p = parsePrompt("a purple sphere over the moon, 4k, trending");
  EXPECT_EQ(p.unknown_words, (std::vector<std::string>{"moon", "k", "trending"}));
  EXPECT_EQ(p.subjects.at(0).colour, Colour::kPurple);
}

TEST(Caption, VocabularyIsSortedUniqueLowerCaseAndComplete) {
  const std::vector<std::string> vocabulary = sketch::vocabulary();
  ASSERT_FALSE(vocabulary.empty());
  EXPECT_TRUE(std::is_sorted(vocabulary.begin(), vocabulary.end()));
  EXPECT_EQ(std::adjacent_find(vocabulary.begin(), vocabulary.end()), vocabulary.end());
  for (const std::string& word : vocabulary) {
    EXPECT_FALSE(word.empty());
    for (char c : word) {
      EXPECT_TRUE(c >= 'a' && c <= 'z') << word;
    }
  }
  const std::set<std::string> known(vocabulary.begin(), vocabulary.end());
  for (const char* word :
       {"sunset", "dusk",     "ocean",     "sea",     "dunes", "field",  "grassland",
        "meadow", "skyline",  "snowfield", "sphere",  "orb",   "ball",   "drifting",
        "moving", "floating", "left",      "panning", "zoom",  "aurora", "night"}) {
    EXPECT_TRUE(known.contains(word)) << word;
  }
  // Every word the parser understands is in the vocabulary...
  for (const lexicon::Term& term : lexicon::terms()) {
    for (const std::string& word : words(std::string(term.phrase))) {
      EXPECT_TRUE(known.contains(word)) << term.phrase;
    }
  }
  // ...and so is every word of every caption.
  Rng rng(77);
  for (int i = 0; i < 3000; ++i) {
    for (const std::string& word : words(caption(randomScene(rng), rng))) {
      ASSERT_TRUE(known.contains(word)) << word;
    }
  }
  std::cout << "[ vocab    ] " << vocabulary.size() << " words\n";
}

}  // namespace
}  // namespace liveframe::sketch
