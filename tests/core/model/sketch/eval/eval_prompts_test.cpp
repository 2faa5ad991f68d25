// The evaluation prompts and what each expects the probe to read.
#include "sketch/eval/eval_prompts.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace liveframe::sketch {
namespace {

namespace fs = std::filesystem;

TEST(EvalPromptsTest, TheDefaultListNamesEveryAttributeValueInKnownWords) {
  std::set<int> skies, sceneries, weathers, colours, shapes;
  const auto prompts = defaultEvalPrompts();
  EXPECT_GE(prompts.size(), 18u);
  for (const auto& prompt : prompts) {
    const ParsedPrompt parsed = parsePrompt(prompt);
    EXPECT_TRUE(parsed.unknown_words.empty()) << prompt;
    EXPECT_TRUE(parsed.sky && parsed.scenery) << prompt;
    if (parsed.sky) skies.insert(static_cast<int>(*parsed.sky));
    if (parsed.scenery) sceneries.insert(static_cast<int>(*parsed.scenery));
    if (parsed.weather) weathers.insert(static_cast<int>(*parsed.weather));
    for (const auto& subject : parsed.subjects) {
      if (subject.colour) colours.insert(static_cast<int>(*subject.colour));
      if (subject.shape) shapes.insert(static_cast<int>(*subject.shape));
    }
    EXPECT_GE(expectationFor(parsed).constrainedCount(), 3) << prompt;
  }
  EXPECT_EQ(skies.size(), static_cast<std::size_t>(kValueCount<Sky>));
  EXPECT_EQ(sceneries.size(), static_cast<std::size_t>(kValueCount<Scenery>));
  EXPECT_EQ(weathers.size(), static_cast<std::size_t>(kValueCount<Weather>));
  EXPECT_EQ(colours.size(), static_cast<std::size_t>(kValueCount<Colour>));
  EXPECT_EQ(shapes.size(), static_cast<std::size_t>(kValueCount<Shape>));
}

TEST(EvalPromptsTest, ExpectationsFollowWhatThePromptStates) {
  const auto red_ball = expectationFor(parsePrompt("a red ball bouncing over the ocean at sunset"));
  EXPECT_TRUE(red_ball.constrains(ProbeHead::kSky));
  EXPECT_FALSE(red_ball.constrains(ProbeHead::kWeather));
  ProbeLabels reading;
  reading[ProbeHead::kSky] = static_cast<int>(Sky::kSunset);
  reading[ProbeHead::kColour] = static_cast<int>(Colour::kRed);
  reading[ProbeHead::kShape] = static_cast<int>(Shape::kBall);
  EXPECT_TRUE(red_ball.agrees(ProbeHead::kSky, reading));
  EXPECT_TRUE(red_ball.agrees(ProbeHead::kColour, reading));
  reading[ProbeHead::kShape] = noneClass(ProbeHead::kShape);
  EXPECT_FALSE(red_ball.agrees(ProbeHead::kShape, reading));

  // Two subjects: the largest may be either; a subject without a colour frees the colour head.
  const auto two = expectationFor(parsePrompt("a red ball and a blue cube over the sea"));
  reading[ProbeHead::kColour] = static_cast<int>(Colour::kBlue);
  EXPECT_TRUE(two.agrees(ProbeHead::kColour, reading));
  EXPECT_FALSE(expectationFor(parsePrompt("a red ball and a cube")).constrains(ProbeHead::kColour));

  const auto empty = expectationFor(parsePrompt("a meadow at dawn, no objects"));
  reading[ProbeHead::kColour] = noneClass(ProbeHead::kColour);
  EXPECT_TRUE(empty.agrees(ProbeHead::kColour, reading));
}

TEST(EvalPromptsTest, PromptListsSkipBlankLinesAndComments) {
  const fs::path path =
      fs::temp_directory_path() / ("lf_prompts_" + std::to_string(::getpid()) + ".txt");
  std::ofstream(path) << "# evaluation prompts\n\n  a red ball at sunset  \r\nnight, ocean\n";
  auto prompts = loadPromptList(path);
  ASSERT_TRUE(prompts.ok()) << prompts.error();
  EXPECT_EQ(prompts.value(), (std::vector<std::string>{"a red ball at sunset", "night, ocean"}));
  std::ofstream(path) << "# nothing\n\n";
  auto empty = loadPromptList(path);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().find(path.string()), std::string::npos);
  fs::remove(path);
  auto missing = loadPromptList("/nonexistent/prompts.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("/nonexistent/prompts.txt"), std::string::npos);
}

}  // namespace
}  // namespace liveframe::sketch
