// Container/codec colour tags for the shipped config's colour spaces, as FFmpeg names them.
#include <array>

#include "liveframe/color.h"

namespace liveframe {
namespace {

struct TaggedSpace {
  std::string_view color_space;
  ContainerColorTags tags;
};

// A Y'CbCr encode of Rec.709-primaried pixels uses the BT.709 matrix at limited ("tv") range;
// spaces whose primaries FFmpeg has no name for (ACES AP0/AP1) keep "unknown" there.
const std::array<TaggedSpace, 9>& knownSpaces() {
  static const std::array<TaggedSpace, 9> spaces{{
      {"sRGB - Texture", {"bt709", "iec61966-2-1", "bt709", "tv"}},
      {"sRGB - Display", {"bt709", "iec61966-2-1", "bt709", "tv"}},
      {"Rec.709 - Display", {"bt709", "bt709", "bt709", "tv"}},
      {"Linear Rec.709 (sRGB)", {"bt709", "linear", "bt709", "tv"}},
      {"Log2 Rec.709", {"bt709", "unknown", "bt709", "tv"}},
      {"ACEScg", {"unknown", "linear", "unknown", "unknown"}},
      {"ACES2065-1", {"unknown", "linear", "unknown", "unknown"}},
      {"CIE-XYZ-D65", {"smpte428", "linear", "unknown", "unknown"}},
      {"Raw", {}},
  }};
  return spaces;
}

}  // namespace

ContainerColorTags containerColorTags(std::string_view color_space) {
  for (const TaggedSpace& known : knownSpaces()) {
    if (known.color_space == color_space) return known.tags;
  }
  return {};
}

}  // namespace liveframe
