#include "cli/replay.h"

#include <iostream>

#include "cli/common.h"

namespace liveframe::cli {

void configureReplay(const Session& session, const std::string& model, EngineOptions& options) {
  const auto& header = session.header();
  options.seed = header.seed;
  if (model == "sketch" && header.model_id != "sketch") options.model = header.model_id;
  options.random_weights = header.weights_hash == "random";
  options.width = header.width;  // a Wan stream replays at the size it was recorded at
  options.height = header.height;
  for (const auto& event : session.events()) {
    if (event.type != "pause" && event.type != "resume" && event.type != "marker") {
      options.replay_events.push_back(event);
    }
  }
}

int reportReplay(const std::string& what, const std::vector<FrameRecord>& expected,
                 const std::map<std::int64_t, std::uint64_t>& actual) {
  std::size_t same = 0;
  for (const auto& record : expected) {
    const auto it = actual.find(record.frame_index);
    same += it != actual.end() && it->second == record.checksum;
  }
  std::cout << what << ": " << same << " of " << expected.size()
            << " recorded frames reproduced bit for bit\n";
  if (same == expected.size()) return kExitOk;
  return fail(what + " differs from the recording (" + std::to_string(expected.size() - same) +
              " frames differ)");
}

}  // namespace liveframe::cli
