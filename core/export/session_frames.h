// Reads a session's frames for an export, also while the session is still being recorded: the
// recorder renames a segment when it closes it, so a frame that cannot be read where the
// snapshot saw it is looked up again in a fresh read-only snapshot. Repeated reads of one
// position (held or repeated frames) decode once. Internal to core/export.
// Thread-safety: Unsafe; one export thread owns a reader.
#pragma once

#include <cstddef>
#include <memory>

#include "liveframe/frame.h"
#include "liveframe/result.h"
#include "liveframe/session.h"

namespace liveframe::export_internal {

class SessionFrameReader {
 public:
  explicit SessionFrameReader(std::shared_ptr<const Session> session)
      : snapshot_(std::move(session)) {}

  // The frame at `position` of the snapshot the export was planned on (Session::frames()).
  // Valid until the next call.
  Result<const Frame*> read(std::size_t position);

 private:
  const std::shared_ptr<const Session> snapshot_;
  std::shared_ptr<const Session> latest_;  // a newer snapshot of a session being recorded
  std::size_t cached_position_ = static_cast<std::size_t>(-1);
  Frame frame_;
};

}  // namespace liveframe::export_internal
