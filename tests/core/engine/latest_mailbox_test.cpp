#include <gtest/gtest.h>

#include "liveframe/engine.h"

namespace liveframe {
namespace {

FramePtr frame(std::int64_t index) {
  auto f = std::make_shared<Frame>();
  f->frame_index = index;
  return f;
}

TEST(LatestMailbox, HandsOutOnlyTheNewestFrameOnce) {
  LatestMailbox mailbox;
  EXPECT_EQ(mailbox.take(), nullptr);
  mailbox.onFrame(frame(1));
  mailbox.onFrame(frame(2));
  mailbox.onFrame(frame(3));
  EXPECT_EQ(mailbox.overwritten(), 2);
  auto taken = mailbox.take();
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(taken->frame_index, 3);
  EXPECT_EQ(mailbox.take(), nullptr);
  EXPECT_EQ(mailbox.peek()->frame_index, 3);
}

}  // namespace
}  // namespace liveframe
