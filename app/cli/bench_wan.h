// `liveframe bench --model wan`: options and entry point.
#pragma once

#include <string>

#include "cli/common.h"

namespace liveframe::cli {

struct WanBenchArgs {
  bool random_weights = false;
  bool json = false;
  bool decode = true;
  std::string config = "1.3b";
  std::string size = "832x480";
  int blocks = 3;
  int frames_per_block = 3;
  int threads = 0;  // 0: every core
};

int benchWan(const WanBenchArgs& args);

}  // namespace liveframe::cli
