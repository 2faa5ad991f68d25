// Shared by the colour tests: the shipped config, an environment variable set for one test,
// and the sRGB curve written out independently of OCIO.
#pragma once

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "liveframe/color.h"

namespace liveframe::testing {

inline std::filesystem::path shippedConfig() {
  return std::filesystem::path(LIVEFRAME_RESOURCE_DIR) / "ocio" / "config.ocio";
}

inline ColorConfigPtr loadShipped() {
  Result<ColorConfigPtr> config = ColorConfig::load(shippedConfig());
  EXPECT_TRUE(config.ok()) << config.error();
  return config.ok() ? config.value() : nullptr;
}

// Sets (or, with nullopt, unsets) a variable until the end of the scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

inline DisplayViewRequest request(std::string display, std::string view,
                                  double exposure_stops = 0) {
  DisplayViewRequest request;
  request.display = std::move(display);
  request.view = std::move(view);
  request.exposure_stops = exposure_stops;
  return request;
}

inline double srgbDecode(double encoded) {
  return encoded <= 0.04045 ? encoded / 12.92 : std::pow((encoded + 0.055) / 1.055, 2.4);
}

inline bool hasOneLine(const std::string& message) {
  return !message.empty() && message.find('\n') == std::string::npos;
}

}  // namespace liveframe::testing
