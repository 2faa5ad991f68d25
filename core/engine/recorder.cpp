#include "liveframe/recorder.h"

#include <atomic>
#include <mutex>
#include <thread>
#include <variant>

#include "engine/bounded_queue.h"

namespace liveframe {

using RecordItem = std::variant<FramePtr, Event>;

struct Recorder::Impl {
  Impl(std::unique_ptr<SessionWriter> w, const Options& o, std::filesystem::path f)
      : writer(std::move(w)), options(o), folder(std::move(f)), queue(o.queue_frames) {}

  void run();
  void write(const RecordItem& item);
  void setError(const std::string& message) {
    std::lock_guard lock(mutex);
    if (error.empty()) error = message;
    failed = true;
  }

  std::unique_ptr<SessionWriter> writer;
  Options options;
  std::filesystem::path folder;
  BoundedQueue<RecordItem> queue;
  std::thread thread;
  mutable std::mutex mutex;
  std::string error;  // guarded by mutex
  std::atomic<bool> failed{false}, finished{false};
  std::atomic<std::int64_t> frames{0}, stalls{0};
  std::atomic<std::int64_t> bytes{0};
  Status close_status;
};

void Recorder::Impl::write(const RecordItem& item) {
  if (failed) return;  // after a write error, drain without writing
  Status status;
  if (const auto* frame = std::get_if<FramePtr>(&item)) {
    if (options.before_frame_write) options.before_frame_write((*frame)->frame_index);
    status = writer->appendFrame(**frame, (*frame)->time_us);
    if (status.ok()) frames.fetch_add(1);
  } else {
    status = writer->appendEvent(std::get<Event>(item));
  }
  if (status.ok()) status = writer->flush(false);
  if (!status.ok()) setError(status.error());
  bytes = writer->bytesWritten();
}

void Recorder::Impl::run() {
  const auto tick = std::chrono::milliseconds(options.writer.journal_flush_ms);
  while (true) {
    auto item = queue.pop(tick);
    if (item) {
      write(*item);
    } else if (queue.closed()) {
      break;
    } else if (!failed) {
      // Idle: keep the journal's 250 ms promise even when no frame arrives (pause).
      if (auto status = writer->flush(false); !status.ok()) setError(status.error());
    }
  }
  close_status = writer->close();
  if (!close_status.ok()) setError(close_status.error());
  bytes = writer->bytesWritten();
}

Result<std::shared_ptr<Recorder>> Recorder::start(const std::filesystem::path& folder,
                                                  const SessionHeader& header,
                                                  const Options& options) {
  auto writer = SessionWriter::create(folder, header, options.writer);
  if (!writer.ok()) return Error{writer.error()};
  auto impl = std::make_unique<Impl>(std::move(writer).value(), options, folder);
  impl->thread = std::thread([raw = impl.get()] { raw->run(); });
  return std::shared_ptr<Recorder>(new Recorder(std::move(impl)));
}

Recorder::Recorder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Recorder::~Recorder() { (void)finish(); }

void Recorder::onFrame(const FramePtr& frame) {
  if (impl_->failed || impl_->finished) return;
  // Counted before blocking, so that a stalled engine is visible while it waits.
  if (impl_->queue.size() >= impl_->options.queue_frames) impl_->stalls.fetch_add(1);
  impl_->queue.push(frame);
}

void Recorder::onEvent(const Event& event) {
  if (impl_->failed || impl_->finished) return;
  impl_->queue.push(event);
}

Status Recorder::finish() {
  if (!impl_->finished.exchange(true)) {
    impl_->queue.close();
    if (impl_->thread.joinable()) impl_->thread.join();
  }
  if (impl_->failed) return Error{error()};
  return Status::success();
}

bool Recorder::failed() const { return impl_->failed; }
std::string Recorder::error() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->error;
}
std::int64_t Recorder::framesWritten() const { return impl_->frames; }
std::int64_t Recorder::bytesWritten() const { return impl_->bytes; }
std::int64_t Recorder::stalls() const { return impl_->stalls; }
std::size_t Recorder::queueDepth() const { return impl_->queue.size(); }
const std::filesystem::path& Recorder::folder() const { return impl_->folder; }

}  // namespace liveframe
