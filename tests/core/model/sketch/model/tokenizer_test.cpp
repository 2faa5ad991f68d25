#include "sketch/tokenizer.h"

#include <gtest/gtest.h>

namespace liveframe::sketch {
namespace {

TEST(Tokenizer, LowerCasesSplitsAndMarksUnknownWords) {
  Tokenizer tokenizer({"red", "ball", "ocean", "sunset"});
  const auto encoded = tokenizer.encode("A RED ball, over the Ocean!", 8);
  ASSERT_EQ(encoded.length, 6);
  EXPECT_EQ(encoded.ids[0], Tokenizer::kUnknown);  // "a"
  EXPECT_NE(encoded.ids[1], Tokenizer::kUnknown);  // "red"
  EXPECT_EQ(encoded.ids[6], Tokenizer::kPad);
  EXPECT_EQ(encoded.unknown_words, (std::vector<std::string>{"a", "over", "the"}));
  EXPECT_EQ(tokenizer.unknownWords("red sunset"), std::vector<std::string>{});
}

TEST(Tokenizer, TruncatesAndSurvivesHostileInput) {
  Tokenizer tokenizer({"red"});
  const std::string long_text(100000, 'r');
  const auto encoded = tokenizer.encode(long_text + " red red", 4);
  EXPECT_EQ(encoded.length, 3);
  const auto binary = tokenizer.encode(std::string("\xff\xfe red \x80", 6), 4);
  EXPECT_EQ(binary.ids[0], Tokenizer::kUnknown);
  EXPECT_EQ(binary.ids[1], 2);  // "red"
  EXPECT_EQ(tokenizer.encode("", 4).length, 0);
}

}  // namespace
}  // namespace liveframe::sketch
