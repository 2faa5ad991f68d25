// verifyClip(): an exported clip against its provenance manifest.
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "clip_metadata.h"
#include "export_plan.h"
#include "io/sha256.h"
#include "liveframe/provenance.h"
#include "media_probe.h"
#include "provenance_manifest.h"

namespace liveframe {
namespace {

using namespace export_internal;
using nlohmann::json;

constexpr std::string_view kManifestSuffix = ".provenance.json";

bool endsWith(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "shot.00012.exr" -> "shot.exr": an image of a sequence named after its pattern's base.
std::string withoutFrameNumber(const std::string& name) {
  const std::size_t dot = name.rfind('.');
  const std::size_t stem_end = dot == std::string::npos ? name.size() : dot;
  std::size_t digits = stem_end;
  while (digits > 0 && std::isdigit(static_cast<unsigned char>(name[digits - 1]))) --digits;
  if (digits == stem_end) return name;
  std::string base = name.substr(0, digits) + name.substr(stem_end);
  if (const auto twin = base.find(".."); twin != std::string::npos) base.erase(twin, 1);
  return base;
}

Result<json> readManifest(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"no provenance manifest for the clip (looked for " + path.string() + ")"};
  std::stringstream text;
  text << in.rdbuf();
  json manifest = json::parse(text.str(), nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object() ||
      manifest.value("schema", "") != kProvenanceSchema) {
    return Error{path.string() + " is not a Liveframe provenance manifest"};
  }
  return manifest;
}

// The first difference between the files on disk and the manifest's list, or empty.
std::string compareFiles(const std::filesystem::path& folder, const json& files) {
  for (const auto& file : files) {
    const std::string name = file.value("name", "");
    // A single clip is named by the verdict already; images of a sequence name themselves.
    const std::string it = files.size() == 1 ? "it" : name;
    const auto path = folder / name;
    std::error_code error;
    const auto bytes = std::filesystem::file_size(path, error);
    if (error) return name + " is missing";
    if (bytes != file.value("bytes", std::uint64_t{0})) {
      return it + " is " + std::to_string(bytes) + " bytes, the manifest says " +
             std::to_string(file.value("bytes", std::uint64_t{0}));
    }
    auto hash = io::sha256File(path);
    if (!hash) return hash.error();
    if (hash.value() != file.value("sha256", "")) {
      return (files.size() == 1 ? "its" : name + ":") +
             std::string(" SHA-256 differs from the manifest (changed after export)");
    }
  }
  return {};
}

// What the container says against what the manifest says, for video clips.
std::string compareVideo(const std::filesystem::path& path, const json& manifest) {
  auto facts = probeMedia(path);
  if (!facts) return facts.error();
  const json& settings = manifest["settings"];
  const std::string codec = settings.value("codec", "");
  const std::string expected_codec = codec.rfind("prores", 0) == 0 ? "prores" : codec;
  if (facts->codec != expected_codec) return "the stream is " + facts->codec + ", not " + codec;
  if (facts->width != settings.value("width", 0) || facts->height != settings.value("height", 0)) {
    return "the picture is " + std::to_string(facts->width) + "x" + std::to_string(facts->height);
  }
  const auto frames = manifest["output"].value("frames", std::int64_t{0});
  if (facts->frames != frames) {
    return "it has " + std::to_string(facts->frames) + " frames, the manifest says " +
           std::to_string(frames);
  }
  const auto& metadata = facts->metadata;
  const auto model = manifest["model"].value("id", "");
  const auto generated = metadata.find("ai_generated");
  const auto model_tag = metadata.find("ai_model");
  if (generated == metadata.end() || generated->second != "true" || model_tag == metadata.end() ||
      model_tag->second != model) {
    return "its metadata lacks the AI-generated label of model " + model;
  }
  return {};
}

}  // namespace

std::filesystem::path provenanceManifestPath(const std::filesystem::path& clip) {
  const std::string name = clip.filename().string();
  if (endsWith(name, kManifestSuffix)) return clip;
  const auto folder = clip.parent_path();
  if (name.find('%') != std::string::npos) {
    return folder / (sequenceBaseName(name) + std::string(kManifestSuffix));
  }
  std::error_code error;
  const auto direct = folder / (name + std::string(kManifestSuffix));
  if (std::filesystem::exists(direct, error)) return direct;
  return folder / (withoutFrameNumber(name) + std::string(kManifestSuffix));
}

Result<ClipVerification> verifyClip(const std::filesystem::path& clip) {
  ClipVerification result;
  result.manifest = provenanceManifestPath(clip);
  auto manifest = readManifest(result.manifest);
  if (!manifest) return Error{manifest.error()};
  try {
    const json& output = manifest->at("output");
    const json& files = output.at("files");
    const auto folder = result.manifest.parent_path();
    const std::string manifest_name = result.manifest.filename().string();
    const std::string clip_name = files.size() == 1
                                      ? files[0].value("name", "")
                                      : manifest->at("settings").value("sequence_pattern", "");
    const auto frames = output.value("frames", std::int64_t{0});
    std::string difference = compareFiles(folder, files);
    const bool sequence = manifest->at("settings").contains("sequence_pattern");
    if (difference.empty() && sequence && static_cast<std::int64_t>(files.size()) != frames) {
      difference = "the manifest lists " + std::to_string(files.size()) + " images for " +
                   std::to_string(frames) + " frames";
    }
    if (difference.empty() && !sequence) difference = compareVideo(folder / clip_name, *manifest);
    result.matches = difference.empty();
    if (!result.matches) {
      result.verdict = "MISMATCH: " + clip_name + " does not match " + manifest_name + ": " + difference;
      return result;
    }
    char fps[32];
    std::snprintf(fps, sizeof fps, "%g", manifest->at("settings").value("fps", 0.0));
    result.verdict = "OK: " + clip_name + " matches " + manifest_name + " (" +
                     manifest->at("settings").value("codec", "") + ", " + std::to_string(frames) +
                     " frames at " + fps + " fps, " + std::to_string(files.size()) +
                     (files.size() == 1 ? " file" : " files") + " hashed; AI-generated by " +
                     manifest->at("model").value("id", "") + ", seed " +
                     std::to_string(manifest->value("seed", std::uint64_t{0})) + ")";
    return result;
  } catch (const json::exception& error) {
    return Error{result.manifest.string() + " is damaged: " + error.what()};
  } catch (const std::exception& error) {  // out of memory and the like: an error, not a throw
    return Error{"cannot verify " + clip.string() + ": " + error.what()};
  }
}

}  // namespace liveframe
