#include "engine/bounded_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace liveframe {
namespace {

TEST(BoundedQueue, PushWaitsForRoomAndNothingIsLost) {
  BoundedQueue<int> queue(2);
  std::vector<int> received;
  std::thread consumer([&] {
    while (auto item = queue.pop(std::chrono::milliseconds(500))) {
      received.push_back(*item);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  int waits = 0;
  for (int i = 0; i < 50; ++i) {
    bool waited = false;
    ASSERT_TRUE(queue.push(i, &waited));
    waits += waited;
  }
  queue.close();
  consumer.join();
  ASSERT_EQ(received.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(received[i], i);
  EXPECT_GT(waits, 0);  // the slow consumer pushed back
}

TEST(BoundedQueue, CloseWakesABlockedProducer) {
  BoundedQueue<int> queue(1);
  ASSERT_TRUE(queue.push(1));
  std::thread producer([&] { EXPECT_FALSE(queue.push(2)); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  queue.close();
  producer.join();
  EXPECT_EQ(queue.pop(std::chrono::milliseconds(1)).value(), 1);
  EXPECT_FALSE(queue.pop(std::chrono::milliseconds(1)).has_value());
}

}  // namespace
}  // namespace liveframe
