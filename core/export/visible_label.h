// The optional visible "AI-GENERATED" label burned into exported pictures (DESIGN §6): white
// 5x7 pixel-font capitals on a half-transparent dark band in the lower left, scaled with the
// picture's height so it stays legible from thumbnails to 4K. Internal to core/export.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace liveframe::export_internal {

// Draws `text` (upper-cased; characters without a glyph are spaces) into packed 16-bit RGB.
// What does not fit in the picture is clipped.
void burnLabel(std::span<std::uint16_t> rgb48, int width, int height, const std::string& text);

}  // namespace liveframe::export_internal
