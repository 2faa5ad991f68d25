#include "exr_writer.h"

#include <Imath/half.h>
#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfFrameBuffer.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfOutputFile.h>
#include <OpenEXR/ImfStandardAttributes.h>
#include <OpenEXR/ImfStringAttribute.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <vector>

#include "staged_output.h"

extern "C" {
#include <libavutil/rational.h>
}

namespace liveframe::export_internal {
namespace {

using Imath::V2f;

constexpr const char* kChannels[] = {"R", "G", "B", "A"};

int channelCount(const ExportPlan& plan) { return plan.overlays_only ? 4 : 3; }

// Collects the file in memory: OpenEXR finishes a file (its offset table) in a destructor that
// swallows write errors, so the bytes go to disk afterwards, where every error is seen.
// Thread-safety: Unsafe; one writeExr() call.
class MemoryStream final : public Imf::OStream {
 public:
  MemoryStream() : Imf::OStream("memory") {}
  void write(const char bytes[], int count) override {
    const auto size = static_cast<std::size_t>(count);
    if (position_ + size > bytes_.size()) bytes_.resize(position_ + size);
    std::copy(bytes, bytes + size, bytes_.begin() + static_cast<std::ptrdiff_t>(position_));
    position_ += size;
  }
  uint64_t tellp() override { return position_; }
  void seekp(uint64_t position) override { position_ = position; }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t position_ = 0;
};

// The primaries of the colour spaces we know; none (no attribute) for the rest.
std::optional<Imf::Chromaticities> chromaticitiesOf(const ColorPlan& color) {
  if (color.tags.primaries == "bt709") return Imf::Chromaticities();  // Rec.709, D65
  if (color.tags.primaries == "bt2020") {
    return Imf::Chromaticities(V2f(0.708f, 0.292f), V2f(0.170f, 0.797f), V2f(0.131f, 0.046f),
                               V2f(0.3127f, 0.3290f));
  }
  const V2f aces_white(0.32168f, 0.33767f);
  if (color.color_space == "ACEScg") {
    return Imf::Chromaticities(V2f(0.713f, 0.293f), V2f(0.165f, 0.830f), V2f(0.128f, 0.044f),
                               aces_white);
  }
  if (color.color_space == "ACES2065-1") {
    return Imf::Chromaticities(V2f(0.7347f, 0.2653f), V2f(0.0f, 1.0f), V2f(0.0001f, -0.0770f),
                               aces_white);
  }
  return std::nullopt;
}

Imf::Header exrHeader(const ExportPlan& plan, const MetadataEntries& metadata,
                      const std::string& xmp) {
  Imf::Header header(plan.width, plan.height, 1.0f, V2f(0, 0), 1.0f, Imf::INCREASING_Y,
                     Imf::ZIP_COMPRESSION);
  for (int c = 0; c < channelCount(plan); ++c) {
    header.channels().insert(kChannels[c], Imf::Channel(Imf::HALF));
  }
  if (const auto chromaticities = chromaticitiesOf(plan.color)) {
    Imf::addChromaticities(header, *chromaticities);
  }
  const AVRational rate = av_d2q(plan.fps, 1001000);
  Imf::addFramesPerSecond(header, Imf::Rational(rate.num, static_cast<unsigned>(rate.den)));
  for (const auto& [key, value] : metadata) {
    if (key == "comment") {
      Imf::addComments(header, value);
    } else {
      header.insert(key, Imf::StringAttribute(value));
    }
  }
  header.insert("colorSpace", Imf::StringAttribute(plan.color.color_space));
  if (!xmp.empty()) header.insert("xmp", Imf::StringAttribute(xmp));
  return header;
}

}  // namespace

Status writeExr(const std::filesystem::path& path, const std::string& name, const ExportPlan& plan,
                std::span<const float> pixels, const MetadataEntries& metadata,
                const std::string& xmp) {
  // OpenEXR reports failures (a full disk among them) as exceptions: they stop here.
  MemoryStream stream;
  try {
    Imf::OutputFile file(stream, exrHeader(plan, metadata, xmp));
    // OpenEXR converts pixel types when reading, not when writing: half it is, here.
    std::vector<half> halves(pixels.begin(), pixels.end());
    Imf::FrameBuffer frame_buffer;
    const int channels = channelCount(plan);
    const std::size_t pixel_stride = static_cast<std::size_t>(channels) * sizeof(half);
    const std::size_t row_stride = pixel_stride * static_cast<std::size_t>(plan.width);
    char* base = reinterpret_cast<char*>(halves.data());
    for (int c = 0; c < channels; ++c) {
      frame_buffer.insert(kChannels[c], Imf::Slice(Imf::HALF, base + c * sizeof(half),
                                                   pixel_stride, row_stride));
    }
    file.setFrameBuffer(frame_buffer);
    file.writePixels(plan.height);
  } catch (const std::exception& error) {
    return Error{"cannot encode " + name + ": " + error.what()};
  }
  return writeBytes(path, stream.bytes(), name);
}

}  // namespace liveframe::export_internal
