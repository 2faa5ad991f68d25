// The prompts the evaluator streams, and what the probe should read from a frame of each.
// Thread-safety: every function here may run on any thread.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "liveframe/result.h"
#include "sketch/eval/probe_data.h"
#include "world/caption.h"

namespace liveframe::sketch {

// Twenty prompts that together name every sky, scenery, weather, colour and shape, in the
// caption grammar's varied word orders.
std::vector<std::string> defaultEvalPrompts();

// One prompt a line; blank lines and lines starting with '#' are skipped. An unreadable or
// empty file is an error naming it.
Result<std::vector<std::string>> loadPromptList(const std::filesystem::path& path);

// The probe classes a prompt accepts, per head. A subject head is constrained only when every
// subject the prompt names states that attribute (the probe reads the largest subject, which
// may be any of them); "no objects" accepts only "none".
struct PromptExpectation {
  std::array<std::vector<int>, kProbeHeadCount> accepted;  // empty: the prompt leaves it free

  bool constrains(ProbeHead head) const {
    return !accepted[static_cast<std::size_t>(head)].empty();
  }
  bool agrees(ProbeHead head, const ProbeLabels& reading) const;
  int constrainedCount() const;
};

PromptExpectation expectationFor(const ParsedPrompt& prompt);

}  // namespace liveframe::sketch
