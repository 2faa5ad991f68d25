// Checking an exported clip against its provenance manifest (DESIGN §6). exportSession() writes
// "<clip>.provenance.json" beside every clip: app version, model and weights hash, seed, the
// prompt timeline of the exported range, the settings, and the SHA-256 of every output file.
// Thread-safety: verifyClip() is reentrant.
#pragma once

#include <filesystem>
#include <string>

#include "liveframe/result.h"

namespace liveframe {

struct ClipVerification {
  bool matches = false;
  std::string verdict;  // one line: what was checked and found
  std::filesystem::path manifest;
};

// `clip` is the clip, its manifest, an image sequence's pattern ("shot.%05d.exr") or any
// image of the sequence. Checks every file's size and SHA-256, the frame count, and for video
// the codec, size and AI-generated metadata. An error (no readable manifest) is not a verdict.
Result<ClipVerification> verifyClip(const std::filesystem::path& clip);

// Where the manifest of `clip` (named as verifyClip() takes it) is expected.
std::filesystem::path provenanceManifestPath(const std::filesystem::path& clip);

}  // namespace liveframe
