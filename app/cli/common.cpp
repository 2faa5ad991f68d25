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

}  // namespace liveframe::cli
