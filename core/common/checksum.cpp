#define XXH_INLINE_ALL
#include <xxhash.h>

#include "liveframe/frame.h"

namespace liveframe {

std::uint64_t pixelChecksum(std::span<const std::uint8_t> bytes) {
  return XXH3_64bits(bytes.data(), bytes.size());
}

}  // namespace liveframe
