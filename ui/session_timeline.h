// SessionTimeline: a recorded session on the studio's timeline (issue P4): its frames played
// and scrubbed in the viewport, markers at every journal event, in/out points and named ranges,
// the list of sessions on disk, and export with progress, time left and cancel.
//
// Threading: a GUI-thread QObject. Opening a session, decoding frames for playback and
// exporting run on worker threads and report back through queued invocations; the GUI never
// waits on them. Decoded frames reach the viewport through this timeline's own DisplayLink.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

#include "liveframe/session.h"
#include "title_layer.h"

namespace liveframe::ui {

class DisplayLink;


class SessionTimeline : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("owned by StudioController")

  Q_PROPERTY(QString sessionPath READ sessionPath NOTIFY sessionChanged)
  Q_PROPERTY(QString sessionName READ sessionName NOTIFY sessionChanged)
  Q_PROPERTY(bool loaded READ loaded NOTIFY sessionChanged)
  Q_PROPERTY(int frameCount READ frameCount NOTIFY sessionChanged)
  Q_PROPERTY(double fps READ fps NOTIFY sessionChanged)
  Q_PROPERTY(int frameWidth READ frameWidth NOTIFY sessionChanged)
  Q_PROPERTY(int frameHeight READ frameHeight NOTIFY sessionChanged)
  Q_PROPERTY(liveframe::ui::TitleLayer* title READ title CONSTANT)
  Q_PROPERTY(QString summary READ summary NOTIFY sessionChanged)
  Q_PROPERTY(QVariantList markers READ markers NOTIFY sessionChanged)
  Q_PROPERTY(int thumbnailGeneration READ thumbnailGeneration NOTIFY sessionChanged)

  Q_PROPERTY(int playhead READ playhead WRITE seek NOTIFY playheadChanged)
  Q_PROPERTY(bool playing READ playing NOTIFY playingChanged)
  Q_PROPERTY(int inPoint READ inPoint NOTIFY rangeChanged)
  Q_PROPERTY(int outPoint READ outPoint NOTIFY rangeChanged)  // exclusive
  Q_PROPERTY(QVariantList ranges READ ranges NOTIFY rangesChanged)

  Q_PROPERTY(QStringList sessions READ sessions NOTIFY sessionsChanged)

  Q_PROPERTY(bool exporting READ exporting NOTIFY exportChanged)
  Q_PROPERTY(double exportProgress READ exportProgress NOTIFY exportChanged)  // 0..1
  Q_PROPERTY(double exportRemainingS READ exportRemainingS NOTIFY exportChanged)
  Q_PROPERTY(QString exportResult READ exportResult NOTIFY exportChanged)

 public:
  explicit SessionTimeline(QObject* parent = nullptr);
  ~SessionTimeline() override;

  Q_INVOKABLE void open(const QString& folder);
  Q_INVOKABLE void close();
  Q_INVOKABLE void play();
  Q_INVOKABLE void pause();
  Q_INVOKABLE void togglePlay();
  Q_INVOKABLE void seek(int frame);
  Q_INVOKABLE void step(int frames);
  Q_INVOKABLE void setInPoint();   // at the playhead
  Q_INVOKABLE void setOutPoint();  // after the playhead's frame
  Q_INVOKABLE void clearRange();
  Q_INVOKABLE void addRange(const QString& name);
  Q_INVOKABLE void selectRange(int index);
  Q_INVOKABLE void removeRange(int index);
  Q_INVOKABLE QString timecode(int frame) const;

  // The sessions (*.lfsession) in `folder`, newest first, plus those opened before.
  Q_INVOKABLE void refreshSessions(const QString& folder);
  Q_INVOKABLE void revealSession(const QString& path);
  Q_INVOKABLE bool deleteSession(const QString& path);  // the QML asks for confirmation first

  // Exports [inPoint, outPoint) to `output`; codec/format as the CLI names them. `options`:
  // crf, width, height, fps, colorSpace, display, view, label, provenance, otio, edl, and
  // titleOnly (the title layer alone, with alpha). An active title is composited.
  Q_INVOKABLE bool exportClip(const QString& output, const QString& codec,
                              const QVariantMap& options);
  Q_INVOKABLE void cancelExport();

  QString sessionPath() const;
  QString sessionName() const;
  bool loaded() const { return session_ != nullptr; }
  int frameCount() const;
  double fps() const;
  int frameWidth() const { return session_ ? session_->header().width : 0; }
  int frameHeight() const { return session_ ? session_->header().height : 0; }
  TitleLayer* title() const { return title_; }
  QString summary() const { return summary_; }
  QVariantList markers() const { return markers_; }
  int thumbnailGeneration() const { return generation_; }
  int playhead() const { return playhead_; }
  bool playing() const { return playing_; }
  int inPoint() const { return in_; }
  int outPoint() const { return out_; }
  QVariantList ranges() const { return ranges_; }
  QStringList sessions() const { return sessions_; }
  bool exporting() const { return export_thread_.joinable() && !export_done_; }
  double exportProgress() const { return export_progress_; }
  double exportRemainingS() const { return export_remaining_s_; }
  QString exportResult() const { return export_result_; }

  // C++ only: the frames to show, and the session thumbnails read from.
  std::shared_ptr<DisplayLink> displayLink() const { return link_; }
  std::shared_ptr<const Session> session() const;

 signals:
  void sessionChanged();
  void playheadChanged();
  void playingChanged();
  void rangeChanged();
  void rangesChanged();
  void sessionsChanged();
  void exportChanged();
  void error(const QString& message);  // one line, for the studio's banner

 private:
  void onOpened(std::shared_ptr<const Session> session, quint64 generation);
  void onExportFinished(const QString& result, bool ok);
  void requestFrame(int frame);  // the playback thread decodes it and shows it
  void playbackMain(std::stop_token stop);
  void onPlaybackAdvanced(int frame, bool reached_end);

  std::shared_ptr<DisplayLink> link_;
  TitleLayer* title_;  // child
  mutable std::mutex mutex_;  // guards session_ (the playback thread and thumbnails read it)
  std::shared_ptr<const Session> session_;
  quint64 open_generation_ = 0;
  int generation_ = 0;
  QString summary_;
  QVariantList markers_;
  int playhead_ = 0;
  bool playing_ = false;
  std::atomic<int> in_{0}, out_{0};  // the playback thread reads out_
  QVariantList ranges_;
  QStringList sessions_, opened_;

  // Playback thread: shows `wanted_` (or plays from it) and reports back.
  std::mutex play_mutex_;
  std::condition_variable_any play_wake_;
  int wanted_ = -1;
  bool play_ = false;
  std::jthread playback_;

  std::jthread export_thread_;
  std::atomic<bool> export_done_{true};
  double export_progress_ = 0, export_remaining_s_ = 0;
  QString export_result_;
};

}  // namespace liveframe::ui
