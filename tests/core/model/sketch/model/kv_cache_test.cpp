#include "sketch/kv_cache.h"

#include <gtest/gtest.h>

namespace liveframe::sketch {
namespace {

TEST(DistanceBucket, SelfWindowSinkAndHidden) {
  const int window = 3, sink = 1;
  EXPECT_EQ(distanceBucket(10, 10, window, sink), 0);
  EXPECT_EQ(distanceBucket(10, 9, window, sink), 1);
  EXPECT_EQ(distanceBucket(10, 7, window, sink), 3);
  EXPECT_EQ(distanceBucket(10, 6, window, sink), -1);          // fell out of the window
  EXPECT_EQ(distanceBucket(10, 0, window, sink), window + 1);  // the sink, far away
  EXPECT_EQ(distanceBucket(2, 0, window, sink), 2);            // the sink, still in the window
  EXPECT_EQ(distanceBucket(3, 4, window, sink), -1);           // the future
}

TEST(KvCache, KeepsSinkAndLastWindowFramesForever) {
  const int window = 3, sink = 1;
  KvCache cache(1, 1, 4, 2, sink, window, torch::TensorOptions());
  EXPECT_EQ(cache.slots(), sink + window + 1);
  for (int frame = 0; frame < 1000; ++frame) {
    const auto& buckets = cache.slotBuckets(frame);
    int visible = 0;
    for (auto b : buckets) visible += b >= 0;
    // itself + min(frame, sink + window) earlier frames
    EXPECT_EQ(visible, 1 + std::min(frame, sink + window)) << "frame " << frame;
    cache.commit(frame);
    EXPECT_LE(cache.framesHeld(), sink + window);
  }
  // After 1000 frames: the sink (bucket window+1) and frames 997..999 (buckets 3, 2, 1).
  auto buckets = cache.slotBuckets(1000);
  std::sort(buckets.begin(), buckets.end());
  EXPECT_EQ(buckets, (std::vector<std::int64_t>{0, 1, 2, 3, 4}));
}

}  // namespace
}  // namespace liveframe::sketch
