#include <gtest/gtest.h>

#include "liveframe/engine.h"

namespace liveframe {
namespace {

TEST(ValidatePrompt, RejectsEmptyHugeAndNonUtf8WithOneLine) {
  EXPECT_TRUE(validatePrompt("a red ball").ok());
  EXPECT_TRUE(validatePrompt("café au lait, 夕焼け").ok());
  for (const std::string& bad :
       {std::string(""), std::string("  \n\t"), std::string(100 * 1024, 'a'),
        std::string("red \xff\xfe ball"), std::string("\xc3")}) {
    const auto status = validatePrompt(bad);
    ASSERT_FALSE(status.ok()) << bad.size();
    EXPECT_EQ(status.error().find('\n'), std::string::npos);
  }
  EXPECT_NE(validatePrompt(std::string(100 * 1024, 'a')).error().find("102400 bytes"),
            std::string::npos);
}

}  // namespace
}  // namespace liveframe
