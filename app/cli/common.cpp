#include "cli/common.h"

#include <csignal>
#include <ctime>
#include <iostream>

namespace liveframe::cli {

std::atomic<bool>& interrupted() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {
extern "C" void onSignal(int) { interrupted().store(true); }
}  // namespace

void installSignalHandlers() {
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
}

int fail(const std::string& message) {
  std::cerr << "liveframe: error: " << message << "\n";
  return kExitFailure;
}

std::string appVersion() { return LIVEFRAME_VERSION; }

std::string utcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

bool useRandomWeightsFallback(const std::string& model, bool random_weights) {
  if (random_weights) return true;
  for (const auto& entry : listModels()) {
    if (entry.id == model && !entry.available) {
      std::cerr << "liveframe: note: no trained weights for '" << model << "' at "
                << entry.weights.string() << " yet; streaming its architecture at random weights\n";
      return true;
    }
  }
  return false;
}

SessionHeader sessionHeader(const ModelInfo& info, std::uint64_t seed) {
  SessionHeader header;
  header.model_id = info.id;
  header.weights_hash = info.weights_hash;
  header.seed = seed;
  header.width = info.width;
  header.height = info.height;
  header.fps = info.fps;
  header.app_version = appVersion();
  header.start_time_utc = utcNow();
  return header;
}

}  // namespace liveframe::cli
