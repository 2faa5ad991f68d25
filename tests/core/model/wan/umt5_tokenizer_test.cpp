// umT5's tokenizer as Wan uses it, on a small unigram SentencePiece model written here (the
// released spiece.model is 4.5 MB and not downloadable here): Wan's prompt
// cleaning, EOS, padding and truncation, the mask, and one-line errors for bad files.
#include "wan/umt5_tokenizer.h"

#include "tiny_wan_folder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace liveframe::wan {
namespace {

namespace fs = std::filesystem;

class Umt5TokenizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("lf_spm_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "spiece.model", std::ios::binary) << tiny::unigramModel();
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static Umt5Tokenizer tokenizer() {
    auto opened = Umt5Tokenizer::open(dir_ / "spiece.model");
    EXPECT_TRUE(opened.ok()) << opened.error();
    return std::move(opened).value();
  }
  static fs::path dir_;
};
fs::path Umt5TokenizerTest::dir_;

TEST(CleanPromptText, UnescapesHtmlTwiceAndCollapsesWhitespace) {
  EXPECT_EQ(cleanPromptText("  a red\tball \n\n over  the ocean  "), "a red ball over the ocean");
  EXPECT_EQ(cleanPromptText("rock &amp;amp; roll"), "rock & roll");  // html.unescape twice
  EXPECT_EQ(cleanPromptText("&#65;&#x42;&lt;&gt;&quot;"), "AB<>\"");
  EXPECT_EQ(cleanPromptText("&bogus; & a;b"), "&bogus; & a;b");
  EXPECT_EQ(cleanPromptText(" \t\n "), "");
}

TEST_F(Umt5TokenizerTest, AppendsEosPadsWithZeroAndMasksThePadding) {
  const auto t = tokenizer();
  EXPECT_EQ(t.vocabularySize(), 3 + 1 + 8 + 26);
  const auto tokens = t.encode("a red ball bouncing over the ocean", 32);
  ASSERT_EQ(tokens.ids.size(), 32u);
  ASSERT_EQ(tokens.mask.size(), 32u);
  ASSERT_GT(tokens.length, 2);
  ASSERT_LT(tokens.length, 32);
  EXPECT_EQ(tokens.ids[static_cast<std::size_t>(tokens.length - 1)], Umt5Tokenizer::kEosId);
  for (int i = 0; i < 32; ++i) {
    const auto at = static_cast<std::size_t>(i);
    EXPECT_EQ(tokens.mask[at], i < tokens.length ? 1 : 0) << i;
    if (i >= tokens.length) {
      EXPECT_EQ(tokens.ids[at], Umt5Tokenizer::kPadId) << i;
    }
    if (i < tokens.length - 1) {
      EXPECT_GT(tokens.ids[at], 2) << "a real piece, not pad/eos/unk, at " << i;
    }
  }
  // Wan's cleaning: the same prompt with other whitespace gives the same ids.
  EXPECT_EQ(t.encode("  a red\tball\n bouncing   over the ocean ", 32).ids, tokens.ids);
  EXPECT_NE(t.encode("a blue ball bouncing over the ocean", 32).ids, tokens.ids);
}

TEST_F(Umt5TokenizerTest, TruncatesKeepingEosAndAnEmptyPromptIsJustEos) {
  const auto t = tokenizer();
  const auto full = t.encode("a robot walking through a neon city in the rain", 64);
  const auto cut = t.encode("a robot walking through a neon city in the rain", 4);
  ASSERT_EQ(cut.ids.size(), 4u);
  EXPECT_EQ(cut.length, 4);
  EXPECT_EQ(std::vector<std::int64_t>(cut.ids.begin(), cut.ids.begin() + 3),
            std::vector<std::int64_t>(full.ids.begin(), full.ids.begin() + 3));
  EXPECT_EQ(cut.ids[3], Umt5Tokenizer::kEosId);
  const auto empty = t.encode("   ", 8);
  EXPECT_EQ(empty.length, 1);
  EXPECT_EQ(empty.ids, (std::vector<std::int64_t>{1, 0, 0, 0, 0, 0, 0, 0}));
  // A 100 kB prompt is truncated, not rejected.
  EXPECT_EQ(t.encode(std::string(100000, 'a'), 512).length, 512);
}

TEST_F(Umt5TokenizerTest, BadFilesAreOneLineErrors) {
  const auto missing = Umt5Tokenizer::open(dir_ / "absent.model");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error(), (dir_ / "absent.model").string() + ": no such tokenizer file");
  std::ofstream(dir_ / "garbage.model") << "not a sentencepiece model";
  const auto garbage = Umt5Tokenizer::open(dir_ / "garbage.model");
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error().rfind("garbage.model: not a SentencePiece model (", 0), 0u)
      << garbage.error();
  EXPECT_EQ(garbage.error().find('\n'), std::string::npos);
}

}  // namespace
}  // namespace liveframe::wan
