#include "session_frames.h"

#include <algorithm>
#include <optional>

namespace liveframe::export_internal {
namespace {

// The position of `frame_index` in a snapshot, if it holds that frame.
std::optional<std::size_t> positionOf(const Session& session, std::int64_t frame_index) {
  const auto& frames = session.frames();
  const auto it = std::lower_bound(
      frames.begin(), frames.end(), frame_index,
      [](const FrameRecord& record, std::int64_t index) { return record.frame_index < index; });
  if (it == frames.end() || it->frame_index != frame_index) return std::nullopt;
  return static_cast<std::size_t>(it - frames.begin());
}

Result<Frame> readByIndex(const Session& session, std::int64_t frame_index) {
  const auto position = positionOf(session, frame_index);
  if (!position) {
    return Error{session.folder().string() + ": frame " + std::to_string(frame_index) +
                 " is gone (the session changed while it was exported)"};
  }
  return session.readFrame(*position);
}

}  // namespace

Result<const Frame*> SessionFrameReader::read(std::size_t position) {
  if (position == cached_position_) return &frame_;
  cached_position_ = static_cast<std::size_t>(-1);
  const FrameRecord& record = snapshot_->frames().at(position);
  auto frame = readByIndex(latest_ ? *latest_ : *snapshot_, record.frame_index);
  if (!frame) {
    // A segment the recorder closed since the snapshot has a new name: look again.
    if (auto reopened = Session::open(snapshot_->folder(), Session::Mode::ReadOnly)) {
      if (auto again = readByIndex(**reopened, record.frame_index)) {
        frame = std::move(again);
        latest_ = std::move(reopened).value();
      }
    }
    if (!frame) return Error{frame.error()};
  }
  if (pixelChecksum(frame->rgb) != record.checksum) {
    return Error{snapshot_->folder().string() + ": frame " + std::to_string(record.frame_index) +
                 " changed while it was exported"};
  }
  frame_ = std::move(frame).value();
  cached_position_ = position;
  return &frame_;
}

}  // namespace liveframe::export_internal
