#include "liveframe/stats.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

namespace liveframe {
namespace {

// Reads a "Key:   1234 kB" line of /proc/self/status.
double procStatusMb(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key + ":", 0) == 0) {
      return std::stod(line.substr(key.size() + 1)) / 1024.0;
    }
  }
  return 0;
}

}  // namespace

double currentRssMb() { return procStatusMb("VmRSS"); }
double peakRssMb() { return procStatusMb("VmHWM"); }

Percentiles percentiles(std::vector<double> samples) {
  Percentiles result;
  result.count = static_cast<std::int64_t>(samples.size());
  if (samples.empty()) return result;
  std::sort(samples.begin(), samples.end());
  auto rank = [&](double q) {
    const auto index = static_cast<std::size_t>(std::ceil(q * samples.size())) - 1;
    return samples[std::min(index, samples.size() - 1)];
  };
  result.p50 = rank(0.50);
  result.p95 = rank(0.95);
  result.max = samples.back();
  return result;
}

}  // namespace liveframe
