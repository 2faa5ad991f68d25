#include "cli/common.h"

#include <csignal>
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
  return makeSessionHeader(info, seed, appVersion());
}

}  // namespace liveframe::cli
