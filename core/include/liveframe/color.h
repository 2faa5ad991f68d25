// Colour management (DESIGN §5): the OpenColorIO config, display/view transforms for the
// viewport and colour-space conversions and container tags for export. OCIO stays behind
// this header; the GPU viewport (gpu/) builds its shaders from the same ColorConfig.
//
// Thread-safety: ColorConfig and ColorProcessor are immutable once made, so any thread may
// use them, and several threads may apply one processor at once. Loading a config reads
// files and takes milliseconds: keep it off the render thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "liveframe/result.h"

namespace liveframe {

// Colour-space names of the shipped config (resources/ocio/config.ocio).
inline constexpr std::string_view kColorSpaceModelOutput = "sRGB - Texture";  // what models emit
inline constexpr std::string_view kColorSpaceSceneLinear = "Linear Rec.709 (sRGB)";  // for EXR
inline constexpr std::string_view kColorSpaceVideo = "Rec.709 - Display";  // BT.1886 video
inline constexpr std::string_view kColorSpaceAcescg = "ACEScg";
inline constexpr std::string_view kColorSpaceRaw = "Raw";

// Packed RGB pixels (3 values per pixel, rows top to bottom) through one transform.
// Thread-safety: immutable; apply from any number of threads at once.
class ColorProcessor {
 public:
  // 8-bit codes in and out (rounded, clamped to 0..255). `in` and `out` may be the same buffer.
  Status apply(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) const;
  // 8-bit codes in, floats out (1.0 = code 255 at the input; no clamp): the EXR path.
  Status apply(std::span<const std::uint8_t> in, std::span<float> out) const;
  // Floats in and out, no clamp. `in` and `out` may be the same buffer.
  Status apply(std::span<const float> in, std::span<float> out) const;

  bool isNoOp() const;
  const std::string& description() const;  // "sRGB - Texture -> sRGB / Film, exposure +1"

  struct Impl;
  explicit ColorProcessor(std::shared_ptr<const Impl> impl);

 private:
  std::shared_ptr<const Impl> impl_;
};
using ColorProcessorPtr = std::shared_ptr<const ColorProcessor>;

// A display/view transform from a source colour space, as the viewport shows frames.
struct DisplayViewRequest {
  std::string display;  // empty: the config's default display
  std::string view;     // empty: the display's default view
  // Viewer exposure, applied to the (display-referred) source before the view in OCIO's video
  // style: code values scale by 2^(0.54 * stops), so a stop looks like one on screen.
  double exposure_stops = 0;
  std::string source;  // empty: modelOutputSpace()
};

// The tags a container or codec should carry for pixels in one colour space, as the names
// FFmpeg gives its enums (av_color_primaries_name & co, so av_color_*_from_name reads them).
// `matrix` and `range` are for a Y'CbCr encode; an RGB encode (PNG, EXR, FFV1 in RGB) writes
// matrix "gbr" and range "pc" instead. Colour spaces we do not know give "unknown" throughout.
struct ContainerColorTags {
  std::string primaries = "unknown";  // AVColorPrimaries: "bt709", ...
  std::string transfer = "unknown";   // AVColorTransferCharacteristic: "bt709", "iec61966-2-1",
                                      // "linear", ...
  std::string matrix = "unknown";     // AVColorSpace: "bt709", ...
  std::string range = "unknown";      // AVColorRange: "tv" (limited) or "pc" (full)
};
ContainerColorTags containerColorTags(std::string_view color_space);

// An OCIO config, loaded once and shared.
class ColorConfig {
 public:
  // Resolves the config: `explicit_path` if given (missing or broken is an error), else $OCIO,
  // else the shipped config. An $OCIO file that cannot be loaded falls back to the shipped
  // config and sets note() to one line saying so.
  static Result<std::shared_ptr<const ColorConfig>> load(
      const std::filesystem::path& explicit_path = {});
  // resourceDir()/ocio/config.ocio.
  static std::filesystem::path shippedConfigPath();

  const std::filesystem::path& path() const;  // the file actually loaded
  const std::string& note() const;            // empty unless $OCIO had to be ignored
  const std::string& cacheId() const;         // changes when the config's content does

  std::vector<std::string> displays() const;
  // Views of `display`; empty for an unknown display.
  std::vector<std::string> views(std::string_view display) const;
  std::vector<std::string> colorSpaces() const;
  std::string defaultDisplay() const;
  std::string defaultView(std::string_view display) const;  // empty for an unknown display
  bool hasColorSpace(std::string_view name) const;
  // The colour space that models' 8-bit sRGB frames are in: "sRGB - Texture" when the config
  // has it (or a known alias of it), else the config's default role.
  std::string modelOutputSpace() const;

  // What the viewport shows. Errors name an unknown display, view or colour space.
  Result<ColorProcessorPtr> displayProcessor(const DisplayViewRequest& request) const;
  // Colour space to colour space, for export ("sRGB - Texture" -> "Linear Rec.709 (sRGB)").
  Result<ColorProcessorPtr> conversion(std::string_view from, std::string_view to) const;

  struct Impl;
  explicit ColorConfig(std::unique_ptr<Impl> impl);
  ~ColorConfig();
  const Impl& impl() const { return *impl_; }  // for core/color and gpu/ (OCIO inside)

 private:
  std::unique_ptr<Impl> impl_;
};
using ColorConfigPtr = std::shared_ptr<const ColorConfig>;

}  // namespace liveframe
