// PromptSchedule: which conditioning each frame gets. Caches encoded prompts (so revisiting a
// prompt costs nothing) and blends from the current conditioning to a new one over a
// transition of N frames.
// Thread-safety: Unsafe; the engine thread owns it.
#pragma once

#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/video_model.h"

namespace liveframe {

class PromptSchedule {
 public:
  explicit PromptSchedule(model::VideoModel& model, std::size_t cache_capacity = 64);

  // A new target: one prompt (weights {1}) or a weighted blend. Takes effect at the next frame.
  void setTarget(const std::vector<std::pair<std::string, float>>& prompts, int transition_frames);
  // The conditioning for the next step; advances an ongoing transition by the `frames` that
  // step makes (a Wan step makes a block of 12).
  model::ConditioningPtr next(int frames = 1);
  bool hasTarget() const { return target_ != nullptr; }
  const model::ConditioningPtr& target() const { return target_; }
  double lastEncodeMs() const { return last_encode_ms_; }  // 0 when served from the cache
  std::int64_t cacheHits() const { return hits_; }
  std::int64_t cacheMisses() const { return misses_; }

 private:
  model::ConditioningPtr encode(const std::string& text);

  model::VideoModel& model_;
  std::size_t capacity_;
  std::list<std::string> lru_;  // most recent first
  std::unordered_map<std::string,
                     std::pair<model::ConditioningPtr, std::list<std::string>::iterator>>
      cache_;
  model::ConditioningPtr from_, target_, current_;
  int transition_frames_ = 0, transition_done_ = 0;
  double last_encode_ms_ = 0;
  std::int64_t hits_ = 0, misses_ = 0;
};

}  // namespace liveframe
