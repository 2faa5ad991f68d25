#include "engine/prompt_schedule.h"

#include <algorithm>
#include <chrono>

#include "liveframe/frame.h"

namespace liveframe {

PromptSchedule::PromptSchedule(model::VideoModel& model, std::size_t cache_capacity)
    : model_(model), capacity_(cache_capacity) {}

model::ConditioningPtr PromptSchedule::encode(const std::string& text) {
  if (auto it = cache_.find(text); it != cache_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second.second);
    ++hits_;
    return it->second.first;
  }
  ++misses_;
  const auto start = Clock::now();
  auto conditioning = model_.encodePrompt(text);
  last_encode_ms_ += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  lru_.push_front(text);
  cache_[text] = {conditioning, lru_.begin()};
  if (cache_.size() > capacity_) {
    cache_.erase(lru_.back());
    lru_.pop_back();
  }
  return conditioning;
}

void PromptSchedule::setTarget(const std::vector<std::pair<std::string, float>>& prompts,
                               int transition_frames) {
  last_encode_ms_ = 0;
  model::ConditioningPtr target;
  if (prompts.size() == 1) {
    target = encode(prompts.front().first);
  } else {
    float total = 0;
    for (const auto& prompt : prompts) total += prompt.second;
    std::vector<std::pair<model::ConditioningPtr, float>> parts;
    for (const auto& [text, weight] : prompts) {
      parts.emplace_back(encode(text), total > 0 ? weight / total : 1.0f / prompts.size());
    }
    target = model_.blend(parts);
  }
  // A transition starts from wherever the stream is now, even mid-way through another one.
  from_ = current_ ? current_ : target;
  target_ = target;
  transition_frames_ = current_ ? transition_frames : 0;
  transition_done_ = 0;
}

model::ConditioningPtr PromptSchedule::next(int frames) {
  if (!target_) return nullptr;
  if (transition_done_ >= transition_frames_ || from_ == target_) {
    current_ = target_;
    return current_;
  }
  transition_done_ = std::min(transition_frames_, transition_done_ + std::max(1, frames));
  const float alpha = static_cast<float>(transition_done_) / static_cast<float>(transition_frames_);
  // Smoothstep: a transition eases in and out like a cross-fade an editor would make.
  const float eased = alpha * alpha * (3.0f - 2.0f * alpha);
  current_ = transition_done_ >= transition_frames_
                 ? target_
                 : model_.blend({{from_, 1.0f - eased}, {target_, eased}});
  return current_;
}

}  // namespace liveframe
