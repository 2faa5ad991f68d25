// Conversions between engine commands and journal events. Live commands become events and the
// engine applies events only, so a replayed journal walks exactly the path the live run took.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "liveframe/engine.h"

namespace liveframe {

// Decoded fields of an event payload (only those its type uses are set).
struct EventFields {
  std::vector<std::pair<std::string, float>> prompts;  // prompt (one, weight 1) or blend
  std::optional<int> transition_frames;
  std::optional<std::uint64_t> seed;
  std::optional<unsigned> actions;
  std::string label;
};
Result<EventFields> decodeEvent(const Event& event);

}  // namespace liveframe
