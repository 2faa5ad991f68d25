#include "session_timeline.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QPointer>
#include <QUrl>

#include <algorithm>
#include <chrono>

#include "display_link.h"
#include "liveframe/export.h"
#include "title_layer.h"

namespace liveframe::ui {
namespace {

QString qs(const std::string& text) { return QString::fromStdString(text); }

// One line for a marker: what the event did, as a person reads it.
QString describe(const Event& event) {
  const QJsonObject payload =
      QJsonDocument::fromJson(QByteArray::fromStdString(event.payload_json)).object();
  const QString type = qs(event.type);
  if (type == QLatin1String("prompt")) return payload.value(QLatin1String("text")).toString();
  if (type == QLatin1String("marker")) {
    const QString label = payload.value(QLatin1String("label")).toString();
    return label.isEmpty() ? QStringLiteral("marker") : label;
  }
  if (type == QLatin1String("blend")) {
    QStringList parts;
    for (const auto& prompt : payload.value(QLatin1String("prompts")).toArray()) {
      const QJsonObject p = prompt.toObject();
      parts.append(QStringLiteral("%1 × %2")
                       .arg(p.value(QLatin1String("text")).toString())
                       .arg(p.value(QLatin1String("weight")).toDouble(), 0, 'f', 2));
    }
    return QStringLiteral("blend: ") + parts.join(QStringLiteral(" + "));
  }
  if (type == QLatin1String("transition")) {
    return QStringLiteral("transition %1 frames").arg(payload.value(QLatin1String("frames")).toInt());
  }
  if (type == QLatin1String("reset")) {
    return QStringLiteral("reset, seed %1")
        .arg(payload.value(QLatin1String("seed")).toVariant().toString());
  }
  return type;
}

// The timeline position (index into frames()) of the first frame at or after `frame_index`.
int positionOf(const Session& session, std::int64_t frame_index) {
  const auto& frames = session.frames();
  const auto it = std::lower_bound(
      frames.begin(), frames.end(), frame_index,
      [](const FrameRecord& record, std::int64_t index) { return record.frame_index < index; });
  return static_cast<int>(it - frames.begin());
}

}  // namespace

SessionTimeline::SessionTimeline(QObject* parent)
    : QObject(parent), link_(std::make_shared<DisplayLink>()), title_(new TitleLayer(this)) {
  playback_ = std::jthread([this](std::stop_token stop) { playbackMain(stop); });
}

SessionTimeline::~SessionTimeline() {
  cancelExport();
  if (export_thread_.joinable()) export_thread_.join();
  playback_.request_stop();
  play_wake_.notify_all();
}

// ---- session --------------------------------------------------------------------------------

void SessionTimeline::open(const QString& folder) {
  pause();
  const quint64 generation = ++open_generation_;
  QPointer<SessionTimeline> self(this);
  const std::filesystem::path path = folder.toStdString();
  std::thread([self, path, generation] {
    // Read-only: a session still being recorded, or one a crash left, is shown as it is and
    // never changed (`liveframe recover` repairs).
    auto opened = Session::open(path, Session::Mode::ReadOnly);
    if (self.isNull()) return;
    if (!opened.ok()) {
      QMetaObject::invokeMethod(
          self.data(),
          [self, message = qs(opened.error())] {
            if (self) emit self->error(QStringLiteral("Cannot open the session: %1").arg(message));
          },
          Qt::QueuedConnection);
      return;
    }
    std::shared_ptr<const Session> session = *opened;
    QMetaObject::invokeMethod(
        self.data(),
        [self, session, generation] {
          if (self) self->onOpened(session, generation);
        },
        Qt::QueuedConnection);
  }).detach();
}

void SessionTimeline::onOpened(std::shared_ptr<const Session> session, quint64 generation) {
  if (generation != open_generation_) return;
  {
    std::lock_guard lock(mutex_);
    session_ = std::move(session);
  }
  const Session& s = *session_;
  const auto& header = s.header();
  markers_.clear();
  for (const Event& event : s.events()) {
    QVariantMap marker;
    marker[QStringLiteral("frame")] = positionOf(s, event.frame_index);
    marker[QStringLiteral("type")] = qs(event.type);
    marker[QStringLiteral("text")] = describe(event);
    markers_.append(marker);
  }
  summary_ = QStringLiteral("%1 · %2×%3 · %4 fps · seed %5 · %6 frames")
                 .arg(qs(header.model_id))
                 .arg(header.width)
                 .arg(header.height)
                 .arg(header.fps, 0, 'f', 0)
                 .arg(header.seed)
                 .arg(s.frames().size());
  if (!s.report().was_clean) summary_ += QStringLiteral(" · ") + qs(s.report().summary());
  in_ = 0;
  out_ = frameCount();
  if (title_->outPoint() <= title_->inPoint() || title_->outPoint() > frameCount()) {
    title_->setProperty("inPoint", 0);
    title_->setProperty("outPoint", frameCount());
  }
  ranges_.clear();
  playhead_ = 0;
  ++generation_;
  const QString path = sessionPath();
  opened_.removeAll(path);
  opened_.prepend(path);
  emit sessionChanged();
  emit rangeChanged();
  emit rangesChanged();
  emit playheadChanged();
  requestFrame(0);
}

void SessionTimeline::close() {
  pause();
  {
    std::lock_guard lock(mutex_);
    session_.reset();
  }
  markers_.clear();
  summary_.clear();
  ++generation_;
  emit sessionChanged();
}

std::shared_ptr<const Session> SessionTimeline::session() const {
  std::lock_guard lock(mutex_);
  return session_;
}

QString SessionTimeline::sessionPath() const {
  return session_ ? qs(session_->folder().string()) : QString();
}
QString SessionTimeline::sessionName() const {
  return session_ ? qs(session_->folder().filename().string()) : QString();
}
int SessionTimeline::frameCount() const {
  return session_ ? static_cast<int>(session_->frames().size()) : 0;
}
double SessionTimeline::fps() const {
  return session_ && session_->header().fps > 0 ? session_->header().fps : 24.0;
}

QString SessionTimeline::timecode(int frame) const {
  return qs(formatTimecode(std::max(0, frame), fps()));
}

// ---- playback -------------------------------------------------------------------------------

void SessionTimeline::requestFrame(int frame) {
  {
    std::lock_guard lock(play_mutex_);
    wanted_ = frame;
  }
  play_wake_.notify_all();
}

void SessionTimeline::seek(int frame) {
  if (!session_) return;
  frame = std::clamp(frame, 0, std::max(0, frameCount() - 1));
  if (frame != playhead_) {
    playhead_ = frame;
    emit playheadChanged();
  }
  requestFrame(frame);
}

void SessionTimeline::step(int frames) {
  pause();
  seek(playhead_ + frames);
}

void SessionTimeline::play() {
  if (!session_ || playing_) return;
  if (playhead_ >= out_ - 1) seek(in_);  // from the in point again at the end
  {
    std::lock_guard lock(play_mutex_);
    wanted_ = playhead_;
    play_ = true;
  }
  play_wake_.notify_all();
  playing_ = true;
  emit playingChanged();
}

void SessionTimeline::pause() {
  {
    std::lock_guard lock(play_mutex_);
    play_ = false;
  }
  if (!playing_) return;
  playing_ = false;
  emit playingChanged();
}

void SessionTimeline::togglePlay() { playing_ ? pause() : play(); }

void SessionTimeline::playbackMain(std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  int current = 0;
  auto next_tick = Clock::now();
  while (!stop.stop_requested()) {
    bool playing = false;
    int frame = -1;
    {
      std::unique_lock lock(play_mutex_);
      play_wake_.wait(lock, stop, [&] { return wanted_ >= 0 || play_; });
      if (stop.stop_requested()) return;
      if (wanted_ >= 0) {
        current = wanted_;
        wanted_ = -1;
        next_tick = Clock::now();
      }
      playing = play_;
      frame = current;
    }
    const auto session = this->session();
    if (!session || frame >= static_cast<int>(session->frames().size())) {
      std::lock_guard lock(play_mutex_);
      play_ = false;
      continue;
    }
    auto decoded = session->readFrame(static_cast<std::size_t>(frame));
    if (decoded.ok()) link_->onFrame(std::make_shared<const Frame>(std::move(*decoded)));
    if (!playing) continue;
    // Recorded time, not wall time, paces playback: frames come at the session's rate.
    const double fps = session->header().fps > 0 ? session->header().fps : 24.0;
    next_tick += std::chrono::microseconds(static_cast<std::int64_t>(1e6 / fps));
    std::this_thread::sleep_until(next_tick);
    ++current;
    const int out = out_.load();
    const int end = out > 0 ? out : static_cast<int>(session->frames().size());
    const bool reached_end = current >= end;
    if (reached_end) {
      std::lock_guard lock(play_mutex_);
      play_ = false;
    }
    QPointer<SessionTimeline> self(this);
    QMetaObject::invokeMethod(
        this,
        [self, shown = reached_end ? current - 1 : current, reached_end] {
          if (self) self->onPlaybackAdvanced(shown, reached_end);
        },
        Qt::QueuedConnection);
  }
}

void SessionTimeline::onPlaybackAdvanced(int frame, bool reached_end) {
  if (!playing_) return;
  playhead_ = frame;
  emit playheadChanged();
  if (reached_end) {
    playing_ = false;
    emit playingChanged();
  }
}

// ---- in/out and ranges ----------------------------------------------------------------------

void SessionTimeline::setInPoint() {
  in_ = playhead_;
  if (out_ <= in_) out_ = frameCount();
  emit rangeChanged();
}

void SessionTimeline::setOutPoint() {
  out_ = playhead_ + 1;
  if (in_ >= out_) in_ = 0;
  emit rangeChanged();
}

void SessionTimeline::clearRange() {
  in_ = 0;
  out_ = frameCount();
  emit rangeChanged();
}

void SessionTimeline::addRange(const QString& name) {
  QVariantMap range;
  range[QStringLiteral("name")] =
      name.trimmed().isEmpty() ? QStringLiteral("range %1").arg(ranges_.size() + 1) : name.trimmed();
  range[QStringLiteral("in")] = in_.load();
  range[QStringLiteral("out")] = out_.load();
  ranges_.append(range);
  emit rangesChanged();
}

void SessionTimeline::selectRange(int index) {
  if (index < 0 || index >= ranges_.size()) return;
  const QVariantMap range = ranges_[index].toMap();
  in_ = range.value(QStringLiteral("in")).toInt();
  out_ = range.value(QStringLiteral("out")).toInt();
  emit rangeChanged();
  seek(in_);
}

void SessionTimeline::removeRange(int index) {
  if (index < 0 || index >= ranges_.size()) return;
  ranges_.removeAt(index);
  emit rangesChanged();
}

// ---- sessions on disk -----------------------------------------------------------------------

void SessionTimeline::refreshSessions(const QString& folder) {
  QStringList found;
  QDir dir(folder);
  const auto entries = dir.entryInfoList({QStringLiteral("*.lfsession")}, QDir::Dirs,
                                         QDir::Time);  // newest first
  for (const QFileInfo& entry : entries) found.append(entry.absoluteFilePath());
  for (const QString& path : opened_) {
    if (!found.contains(path) && QFileInfo::exists(path)) found.append(path);
  }
  sessions_ = found;
  emit sessionsChanged();
}

void SessionTimeline::revealSession(const QString& path) {
  QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
}

bool SessionTimeline::deleteSession(const QString& path) {
  if (!path.endsWith(QStringLiteral(".lfsession"))) {
    emit error(QStringLiteral("Not deleted: %1 is not a session folder").arg(path));
    return false;
  }
  if (path == sessionPath()) close();
  if (!QDir(path).removeRecursively()) {
    emit error(QStringLiteral("Could not delete %1").arg(path));
    return false;
  }
  sessions_.removeAll(path);
  opened_.removeAll(path);
  emit sessionsChanged();
  return true;
}

// ---- export ---------------------------------------------------------------------------------

bool SessionTimeline::exportClip(const QString& output, const QString& codec,
                                 const QVariantMap& options) {
  if (!session_) {
    emit error(QStringLiteral("Open a session before exporting"));
    return false;
  }
  if (exporting()) {
    emit error(QStringLiteral("An export is already running"));
    return false;
  }
  ExportOptions o;
  o.output = output.toStdString();
  if (!codec.isEmpty()) {
    auto parsed = parseExportCodec(codec.toStdString());
    if (!parsed.ok()) {
      emit error(qs(parsed.error()));
      return false;
    }
    o.codec = *parsed;
  }
  o.from_frame = in_.load();
  o.to_frame = out_.load();
  o.crf = options.value(QStringLiteral("crf"), -1).toInt();
  o.width = options.value(QStringLiteral("width"), 0).toInt();
  o.height = options.value(QStringLiteral("height"), 0).toInt();
  o.fps = options.value(QStringLiteral("fps"), 0).toDouble();
  o.color_space = options.value(QStringLiteral("colorSpace")).toString().toStdString();
  o.display = options.value(QStringLiteral("display")).toString().toStdString();
  o.view = options.value(QStringLiteral("view")).toString().toStdString();
  o.visible_label = options.value(QStringLiteral("label"), false).toBool();
  o.provenance = options.value(QStringLiteral("provenance"), true).toBool();
  o.otio = options.value(QStringLiteral("otio"), false).toBool();
  o.edl = options.value(QStringLiteral("edl"), false).toBool();
  o.overlays_only = options.value(QStringLiteral("titleOnly"), false).toBool();
  if (title_->active()) {
    // Rasterized at the output size with the same text engine as the viewport's preview.
    const int width = o.width > 0 ? o.width : frameWidth();
    const int height = o.height > 0 ? o.height : frameHeight();
    const QImage image = title_->rasterize(width, height);
    OverlayLayer layer;
    layer.name = "title: " + title_->text().toStdString();
    layer.width = width;
    layer.height = height;
    layer.rgba.assign(image.constBits(), image.constBits() + image.sizeInBytes());
    layer.from_frame = title_->inPoint();
    layer.to_frame = title_->outPoint();
    layer.fade_in_frames = layer.fade_out_frames = title_->fadeFrames(fps());
    o.overlays.push_back(std::move(layer));
  } else if (o.overlays_only) {
    emit error(QStringLiteral("Export the title layer: the title is off or empty"));
    return false;
  }

  if (export_thread_.joinable()) export_thread_.join();
  export_done_ = false;
  export_progress_ = 0;
  export_remaining_s_ = 0;
  export_result_.clear();
  emit exportChanged();
  QPointer<SessionTimeline> self(this);
  export_thread_ = std::jthread([self, session = session_, o](std::stop_token stop) {
    ExportCallbacks callbacks;
    callbacks.stop = stop;
    callbacks.progress = [self](const ExportProgress& p) {
      if (self.isNull()) return;
      const double fraction =
          p.frames_total > 0 ? static_cast<double>(p.frames_done) / p.frames_total : 0;
      QMetaObject::invokeMethod(
          self.data(),
          [self, fraction, remaining = p.remaining_s] {
            if (!self) return;
            self->export_progress_ = fraction;
            self->export_remaining_s_ = remaining;
            emit self->exportChanged();
          },
          Qt::QueuedConnection);
    };
    auto clip = exportSession(session, o, callbacks);
    const bool ok = clip.ok();
    const QString result = ok ? qs(clip->files.front().string()) : qs(clip.error());
    if (self.isNull()) return;
    QMetaObject::invokeMethod(
        self.data(),
        [self, result, ok] {
          if (self) self->onExportFinished(result, ok);
        },
        Qt::QueuedConnection);
  });
  return true;
}

void SessionTimeline::onExportFinished(const QString& result, bool ok) {
  export_done_ = true;
  if (ok) {
    export_progress_ = 1;
    export_remaining_s_ = 0;
    export_result_ = result;
  } else {
    export_result_.clear();
    emit error(QStringLiteral("Export failed: %1").arg(result));
  }
  emit exportChanged();
}

void SessionTimeline::cancelExport() {
  if (export_thread_.joinable()) export_thread_.request_stop();
}

}  // namespace liveframe::ui
