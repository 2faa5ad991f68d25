// VkResult -> Status, so a failed Vulkan call becomes one line naming the call; and zeroed
// Vulkan structs.
#pragma once

#include <vulkan/vulkan.h>

#include <string>

#include "liveframe/result.h"

namespace liveframe::gpu {

// A readable name for the common results; null for the others.
const char* vkResultName(VkResult result);

inline Status vkCheck(VkResult result, const char* call) {
  if (result == VK_SUCCESS) return Status::success();
  const char* name = vkResultName(result);
  return Error{std::string("Vulkan: ") + call + " failed (" +
               (name ? std::string(name) : "VkResult " + std::to_string(result)) + ")"};
}

// A zeroed Vulkan struct with its sType set (brace-initialising only sType trips GCC's
// -Wmissing-field-initializers).
template <typename T>
T vkStruct(VkStructureType type) {
  T value{};
  value.sType = type;
  return value;
}

}  // namespace liveframe::gpu

// Returns the Status from the enclosing function when a Vulkan call fails.
#define LF_VK_TRY(call)                                                                        \
  do {                                                                                         \
    if (::liveframe::Status status_ = ::liveframe::gpu::vkCheck((call), #call); !status_.ok()) \
      return ::liveframe::Error{status_.error()};                                              \
  } while (false)

// Returns the Status from the enclosing function when it is an error.
#define LF_TRY(expression)                                         \
  do {                                                             \
    if (::liveframe::Status status_ = (expression); !status_.ok()) \
      return ::liveframe::Error{status_.error()};                  \
  } while (false)
