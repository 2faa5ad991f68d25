#include "cli/common.h"

#include <csignal>
#include <cstdio>
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

Status parseFrameSize(const std::string& text, const std::string& what, int& width, int& height) {
  int w = 0, h = 0;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || (x != 'x' && x != 'X') ||
      w < 1 || h < 1) {
    return Error{"bad " + what + " '" + text + "' (use WIDTHxHEIGHT, e.g. 832x480)"};
  }
  width = w;
  height = h;
  return Status::success();
}

int fail(const std::string& message) {
  std::cerr << "liveframe: error: " << message << "\n";
  return kExitFailure;
}

std::pair<double, std::size_t> leadingNumber(const std::string& text) {
  std::size_t used = 0;
  try {
    const double value = std::stod(text, &used);
    return {value, used};
  } catch (const std::exception&) {
    return {0.0, 0};
  }
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
