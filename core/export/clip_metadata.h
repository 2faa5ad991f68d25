// What an exported clip says about itself (DESIGN §6): the AI-generated label, the model and
// the seed, as container metadata key/values and as an XMP packet with the IPTC digital source
// type. Internal to core/export. Thread-safety: pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "liveframe/session.h"

namespace liveframe::export_internal {

inline constexpr const char* kDigitalSourceType =
    "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

std::string liveframeVersion();

using MetadataEntries = std::vector<std::pair<std::string, std::string>>;

// The keys every container gets: comment, ai_generated, ai_model, ai_model_weights, ai_seed,
// digital_source_type, software, creation_time.
MetadataEntries clipMetadata(const SessionHeader& header, const std::string& created_utc);

// A complete XMP packet (UTF-8) carrying the same statements.
std::string xmpPacket(const SessionHeader& header, const std::string& created_utc);

// The value of `key` in `entries`, or empty.
std::string metadataValue(const MetadataEntries& entries, const std::string& key);

}  // namespace liveframe::export_internal
