// Which codec goes in which container (internal to core/export).
// Thread-safety: pure functions.
#pragma once

#include <filesystem>
#include <optional>

#include "liveframe/export.h"

namespace liveframe::export_internal {

bool isImageSequence(ExportContainer container);

struct ContainerAndCodec {
  ExportContainer container;
  ExportCodec codec;
};

// The container follows `container`, else the output's extension, else the codec; the codec
// follows `codec`, else the container's first choice. A pair the container cannot hold is an
// error that says where the codec goes instead.
Result<ContainerAndCodec> chooseFormat(const std::filesystem::path& output,
                                       std::optional<ExportContainer> container,
                                       std::optional<ExportCodec> codec);

}  // namespace liveframe::export_internal
