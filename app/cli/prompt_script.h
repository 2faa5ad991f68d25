// Prompt scripts: timed prompt changes for `liveframe run --script FILE`.
//
//   # comment
//   0      a red ball bouncing over the ocean at sunset
//   5      night sky with stars over the ocean      (seconds; f120 means frame 120)
//   5      /transition 24                           (frames of blend for later changes)
//   8      /actions left                            (left, right, in, out, none; combine: left+in)
//   12     /blend 0.7 red ball at sunset | 0.3 blue cube at night
//   15     /mark chorus
//   20     /reset 42                                (new seed)
//
// Times become frame indices at the model's frame rate, so a script runs the same on any machine.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "liveframe/event.h"
#include "liveframe/result.h"

namespace liveframe::cli {

Result<std::vector<Event>> parsePromptScript(const std::string& text, double fps,
                                             const std::string& file_name);
Result<std::vector<Event>> loadPromptScript(const std::filesystem::path& path, double fps);
Result<unsigned> parseActions(const std::string& text);

}  // namespace liveframe::cli
