#include "clip_metadata.h"

namespace liveframe::export_internal {
namespace {

std::string escapeXml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string labelSentence(const SessionHeader& header) {
  return "AI-generated with Liveframe " + liveframeVersion() + " (model " + header.model_id +
         ", weights " + header.weights_hash + ", seed " + std::to_string(header.seed) + ")";
}

}  // namespace

std::string liveframeVersion() { return LIVEFRAME_VERSION; }

MetadataEntries clipMetadata(const SessionHeader& header, const std::string& created_utc) {
  return {
      {"comment", labelSentence(header)},
      {"ai_generated", "true"},
      {"ai_model", header.model_id},
      {"ai_model_weights", header.weights_hash},
      {"ai_seed", std::to_string(header.seed)},
      {"digital_source_type", kDigitalSourceType},
      {"software", "Liveframe " + liveframeVersion()},
      {"creation_time", created_utc},
  };
}

std::string xmpPacket(const SessionHeader& header, const std::string& created_utc) {
  // The begin attribute holds U+FEFF, the byte-order mark XMP readers look for.
  return "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
         "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
         " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
         "  <rdf:Description rdf:about=\"\"\n"
         "    xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"\n"
         "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
         "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
         "   <Iptc4xmpExt:DigitalSourceType>" +
         std::string(kDigitalSourceType) +
         "</Iptc4xmpExt:DigitalSourceType>\n"
         "   <xmp:CreatorTool>Liveframe " +
         escapeXml(liveframeVersion()) + "</xmp:CreatorTool>\n   <xmp:CreateDate>" +
         escapeXml(created_utc) +
         "</xmp:CreateDate>\n"
         "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" +
         escapeXml(labelSentence(header)) +
         "</rdf:li></rdf:Alt></dc:description>\n"
         "  </rdf:Description>\n"
         " </rdf:RDF>\n"
         "</x:xmpmeta>\n"
         "<?xpacket end=\"w\"?>";
}

std::string metadataValue(const MetadataEntries& entries, const std::string& key) {
  for (const auto& [name, value] : entries) {
    if (name == key) return value;
  }
  return {};
}

}  // namespace liveframe::export_internal
