// Names of codecs and containers, and which codec goes in which container.
#include "export_formats.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace liveframe {
namespace {

struct CodecName {
  ExportCodec codec;
  std::string_view name;
};
constexpr std::array kCodecNames = {
    CodecName{ExportCodec::H264, "h264"},        CodecName{ExportCodec::Hevc, "hevc"},
    CodecName{ExportCodec::ProRes422Hq, "prores"}, CodecName{ExportCodec::ProRes4444, "prores4444"},
    CodecName{ExportCodec::Ffv1, "ffv1"},        CodecName{ExportCodec::Av1, "av1"},
    CodecName{ExportCodec::Png, "png"},          CodecName{ExportCodec::Exr, "exr"},
};

struct ContainerName {
  ExportContainer container;
  std::string_view name;
};
constexpr std::array kContainerNames = {
    ContainerName{ExportContainer::Mp4, "mp4"},
    ContainerName{ExportContainer::Mov, "mov"},
    ContainerName{ExportContainer::Mkv, "mkv"},
    ContainerName{ExportContainer::PngSequence, "png"},
    ContainerName{ExportContainer::ExrSequence, "exr"},
};

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The codecs each container takes, its first choice first (ecosystem.md: the MP4 muxer refuses
// ProRes and FFV1).
std::vector<ExportCodec> codecsFor(ExportContainer container) {
  switch (container) {
    case ExportContainer::Mp4:
      return {ExportCodec::H264, ExportCodec::Hevc, ExportCodec::Av1};
    case ExportContainer::Mov:
      return {ExportCodec::ProRes422Hq, ExportCodec::ProRes4444, ExportCodec::H264,
              ExportCodec::Hevc};
    case ExportContainer::Mkv:
      return {ExportCodec::Ffv1, ExportCodec::H264, ExportCodec::Hevc, ExportCodec::Av1};
    case ExportContainer::PngSequence:
      return {ExportCodec::Png};
    case ExportContainer::ExrSequence:
      return {ExportCodec::Exr};
  }
  return {};
}

ExportContainer naturalContainer(ExportCodec codec) {
  switch (codec) {
    case ExportCodec::H264:
    case ExportCodec::Hevc:
    case ExportCodec::Av1:
      return ExportContainer::Mp4;
    case ExportCodec::ProRes422Hq:
    case ExportCodec::ProRes4444:
      return ExportContainer::Mov;
    case ExportCodec::Ffv1:
      return ExportContainer::Mkv;
    case ExportCodec::Png:
      return ExportContainer::PngSequence;
    case ExportCodec::Exr:
      return ExportContainer::ExrSequence;
  }
  return ExportContainer::Mp4;
}

}  // namespace

std::string_view exportCodecName(ExportCodec codec) {
  for (const auto& entry : kCodecNames) {
    if (entry.codec == codec) return entry.name;
  }
  return "?";
}

std::string_view exportContainerName(ExportContainer container) {
  for (const auto& entry : kContainerNames) {
    if (entry.container == container) return entry.name;
  }
  return "?";
}

Result<ExportCodec> parseExportCodec(std::string_view name) {
  const std::string wanted = lowercase(name);
  for (const auto& entry : kCodecNames) {
    if (entry.name == wanted) return entry.codec;
  }
  if (wanted == "h265") return ExportCodec::Hevc;
  return Error{"unknown codec '" + std::string(name) +
               "' (codecs: h264, hevc, prores, prores4444, ffv1, av1, png, exr)"};
}

Result<ExportContainer> parseExportContainer(std::string_view name) {
  std::string wanted = lowercase(name);
  if (!wanted.empty() && wanted.front() == '.') wanted.erase(0, 1);
  for (const auto& entry : kContainerNames) {
    if (entry.name == wanted) return entry.container;
  }
  return Error{"unknown format '" + std::string(name) + "' (formats: mp4, mov, mkv, png, exr)"};
}

namespace export_internal {

bool isImageSequence(ExportContainer container) {
  return container == ExportContainer::PngSequence || container == ExportContainer::ExrSequence;
}

Result<ContainerAndCodec> chooseFormat(const std::filesystem::path& output,
                                       std::optional<ExportContainer> container,
                                       std::optional<ExportCodec> codec) {
  if (!container) {
    const std::string extension = output.extension().string();
    if (auto from_extension = parseExportContainer(extension)) {
      container = from_extension.value();
    } else if (codec) {
      container = naturalContainer(*codec);
    } else {
      return Error{"cannot tell the format of " + output.string() +
                   " from its extension: name it .mp4, .mov, .mkv, .png or .exr, or give a format"};
    }
  }
  const auto allowed = codecsFor(*container);
  if (!codec) return ContainerAndCodec{*container, allowed.front()};
  if (std::find(allowed.begin(), allowed.end(), *codec) == allowed.end()) {
    std::string names;
    for (const auto allowed_codec : allowed) {
      names += (names.empty() ? "" : ", ") + std::string(exportCodecName(allowed_codec));
    }
    return Error{std::string(exportCodecName(*codec)) + " cannot go in " +
                 std::string(exportContainerName(*container)) + " (it takes " + names +
                 "; " + std::string(exportCodecName(*codec)) + " goes in ." +
                 std::string(exportContainerName(naturalContainer(*codec))) + ")"};
  }
  return ContainerAndCodec{*container, *codec};
}

}  // namespace export_internal
}  // namespace liveframe
