// StudioController: the one QObject that exposes the engine to QML (studio.md §4).
//
// Threading: lives on the GUI thread. It never waits on the engine: commands go through the
// non-blocking Engine::submit(); loading a model and finishing a recording run on worker
// threads and report back with queued invocations; engine events reach it only through
// QMetaObject::invokeMethod(..., Qt::QueuedConnection). A 250 ms timer refreshes the HUD.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "liveframe/color.h"
#include "liveframe/engine.h"
#include "liveframe/recorder.h"
#include "session_timeline.h"

namespace liveframe::ui {

class DisplayLink;


// What main() hands the controller from the command line.
struct StudioOptions {
  // Model, seed, initial prompt... A built-in model without trained weights streams at
  // random weights, with a notice.
  EngineOptions engine;
  std::string ocio_config;  // empty: $OCIO, else the shipped config
  std::filesystem::path record_folder;  // where recordings go (default: ~/Videos/Liveframe)
};

class StudioController : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("made by liveframe-studio's main()")

  Q_PROPERTY(QString status READ status NOTIFY statusChanged)
  Q_PROPERTY(bool streaming READ streaming NOTIFY statusChanged)
  Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
  Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)

  Q_PROPERTY(QString modelName READ modelName NOTIFY modelChanged)
  Q_PROPERTY(QString modelDescription READ modelDescription NOTIFY modelChanged)
  Q_PROPERTY(int frameWidth READ frameWidth NOTIFY modelChanged)
  Q_PROPERTY(int frameHeight READ frameHeight NOTIFY modelChanged)
  Q_PROPERTY(double modelFps READ modelFps NOTIFY modelChanged)
  Q_PROPERTY(int denoisingSteps READ denoisingSteps NOTIFY modelChanged)
  Q_PROPERTY(bool acceptsActions READ acceptsActions NOTIFY modelChanged)
  Q_PROPERTY(QStringList vocabulary READ vocabulary NOTIFY modelChanged)
  Q_PROPERTY(QStringList availableModels READ availableModels CONSTANT)
  Q_PROPERTY(liveframe::ui::SessionTimeline* timeline READ timeline CONSTANT)

  Q_PROPERTY(QString seed READ seed NOTIFY seedChanged)  // a string: QML numbers lose 64 bits
  Q_PROPERTY(bool paused READ paused NOTIFY pausedChanged)
  Q_PROPERTY(QString currentPrompt READ currentPrompt NOTIFY currentPromptChanged)
  Q_PROPERTY(QStringList promptHistory READ promptHistory NOTIFY promptHistoryChanged)
  Q_PROPERTY(double transitionSeconds READ transitionSeconds WRITE setTransitionSeconds NOTIFY
                 transitionSecondsChanged)
  Q_PROPERTY(int actions READ actions NOTIFY actionsChanged)

  Q_PROPERTY(bool recording READ recording NOTIFY recordingChanged)
  Q_PROPERTY(QString recordPath READ recordPath NOTIFY recordingChanged)
  Q_PROPERTY(QString recordFolder READ recordFolder WRITE setRecordFolder NOTIFY
                 recordFolderChanged)
  Q_PROPERTY(double recordElapsedS READ recordElapsedS NOTIFY hudChanged)
  Q_PROPERTY(double recordMegabytes READ recordMegabytes NOTIFY hudChanged)
  Q_PROPERTY(QString lastRecording READ lastRecording NOTIFY recordingChanged)

  Q_PROPERTY(double fps READ fps NOTIFY hudChanged)
  Q_PROPERTY(double latencyP50Ms READ latencyP50Ms NOTIFY hudChanged)
  Q_PROPERTY(double latencyP95Ms READ latencyP95Ms NOTIFY hudChanged)
  Q_PROPERTY(double displayLatencyP50Ms READ displayLatencyP50Ms NOTIFY hudChanged)
  Q_PROPERTY(double displayLatencyP95Ms READ displayLatencyP95Ms NOTIFY hudChanged)
  Q_PROPERTY(double stepMs READ stepMs NOTIFY hudChanged)
  Q_PROPERTY(double decodeMs READ decodeMs NOTIFY hudChanged)
  Q_PROPERTY(qint64 framesProduced READ framesProduced NOTIFY hudChanged)
  Q_PROPERTY(qint64 droppedDisplayFrames READ droppedDisplayFrames NOTIFY hudChanged)
  Q_PROPERTY(double rssMb READ rssMb NOTIFY hudChanged)

  Q_PROPERTY(QStringList ocioDisplays READ ocioDisplays NOTIFY colorChanged)
  Q_PROPERTY(QStringList ocioViews READ ocioViews NOTIFY colorChanged)
  Q_PROPERTY(QString display READ display NOTIFY colorChanged)
  Q_PROPERTY(QString view READ view NOTIFY colorChanged)
  Q_PROPERTY(double exposure READ exposure WRITE setExposure NOTIFY colorChanged)
  Q_PROPERTY(QString ocioConfigPath READ ocioConfigPath NOTIFY colorChanged)

  // For tests and the HUD: what the viewport has put on screen.
  Q_PROPERTY(QString presentedPromptEventId READ presentedPromptEventId NOTIFY hudChanged)
  Q_PROPERTY(QString lastPromptEventId READ lastPromptEventId NOTIFY currentPromptChanged)

 public:
  explicit StudioController(StudioOptions options, QObject* parent = nullptr);
  ~StudioController() override;

  // Loads the model on a worker thread and starts streaming; safe to call again to switch.
  Q_INVOKABLE void loadModel(const QString& model);
  Q_INVOKABLE void shutdown();  // finishes a recording, stops the engine; idempotent

  Q_INVOKABLE bool applyPrompt(const QString& text);
  // [{text, weight}, ...]; weights are normalised by the engine.
  Q_INVOKABLE bool applyBlend(const QVariantList& prompts);
  Q_INVOKABLE void pause();
  Q_INVOKABLE void resume();
  Q_INVOKABLE void togglePause();
  Q_INVOKABLE void reset(bool new_seed);
  Q_INVOKABLE bool resetToSeed(const QString& seed);  // a whole number; restarts the stream
  Q_INVOKABLE void pressAction(int action);    // liveframe::Action bits; held until released
  Q_INVOKABLE void releaseAction(int action);
  Q_INVOKABLE void mark(const QString& label);
  Q_INVOKABLE bool startRecording();
  Q_INVOKABLE void stopRecording();
  Q_INVOKABLE void toggleRecording();
  Q_INVOKABLE void setDisplayView(const QString& display, const QString& view);
  Q_INVOKABLE void clearError();
  Q_INVOKABLE void showError(const QString& message);
  Q_INVOKABLE void clearNotice();

  // Words of `text` the model does not know (empty when the model takes any text).
  Q_INVOKABLE QStringList unknownWords(const QString& text) const;
  // Known words starting with `prefix`, best first.
  Q_INVOKABLE QStringList completions(const QString& prefix, int limit = 8) const;

  QString status() const { return status_; }
  bool streaming() const;
  QString errorMessage() const { return error_; }
  QString notice() const { return notice_; }
  QString modelName() const;
  QString modelDescription() const;
  int frameWidth() const { return info_ ? info_->width : 256; }
  int frameHeight() const { return info_ ? info_->height : 256; }
  double modelFps() const { return info_ ? info_->fps : 0; }
  int denoisingSteps() const { return info_ ? info_->denoising_steps : 0; }
  bool acceptsActions() const { return info_ && info_->accepts_actions; }
  QStringList vocabulary() const { return vocabulary_; }
  QStringList availableModels() const;
  QString seed() const { return QString::number(seed_); }
  bool paused() const { return paused_; }
  QString currentPrompt() const { return current_prompt_; }
  QStringList promptHistory() const { return history_; }
  double transitionSeconds() const { return transition_s_; }
  void setTransitionSeconds(double seconds);
  int actions() const { return static_cast<int>(actions_); }
  bool recording() const { return recorder_ != nullptr; }
  QString recordPath() const;
  QString recordFolder() const;
  void setRecordFolder(const QString& folder);
  double recordElapsedS() const;
  double recordMegabytes() const;
  QString lastRecording() const { return last_recording_; }
  double fps() const { return stats_.fps; }
  double latencyP50Ms() const { return stats_.latency_ms.p50; }
  double latencyP95Ms() const { return stats_.latency_ms.p95; }
  double displayLatencyP50Ms() const { return stats_.display_latency_ms.p50; }
  double displayLatencyP95Ms() const { return stats_.display_latency_ms.p95; }
  double stepMs() const { return stats_.stages.step_ms; }
  double decodeMs() const { return stats_.stages.decode_ms; }
  qint64 framesProduced() const { return stats_.frames; }
  qint64 droppedDisplayFrames() const;
  double rssMb() const { return stats_.rss_mb; }
  QStringList ocioDisplays() const;
  QStringList ocioViews() const;
  QString display() const { return display_; }
  QString view() const { return view_; }
  double exposure() const { return exposure_; }
  void setExposure(double stops);
  QString ocioConfigPath() const;
  QString presentedPromptEventId() const;
  QString lastPromptEventId() const { return QString::number(last_prompt_event_id_); }

  // C++ only: the viewport reads frames and the colour setup from here.
  std::shared_ptr<DisplayLink> displayLink() const { return link_; }
  std::shared_ptr<const ColorConfig> colorConfig() const { return color_; }
  SessionTimeline* timeline() const { return timeline_; }

 signals:
  void statusChanged();
  void errorMessageChanged();
  void noticeChanged();
  void modelChanged();
  void seedChanged();
  void pausedChanged();
  void currentPromptChanged();
  void promptHistoryChanged();
  void transitionSecondsChanged();
  void actionsChanged();
  void recordingChanged();
  void recordFolderChanged();
  void hudChanged();
  void colorChanged();
  // The viewport rebuilds its colour pass on this (display, view or exposure).
  void displayViewChanged();

 private:
  void onModelLoaded(std::shared_ptr<Engine> engine, std::uint64_t generation);
  void onModelFailed(const QString& message, std::uint64_t generation);
  void onEngineEvent(const Event& event);
  void refreshHud();
  void setStatus(const QString& status);
  void setError(const QString& message);
  void setNotice(const QString& message);
  void submit(Command command, const char* what);
  void stopEngine();
  void rememberPrompt(const QString& text);
  void loadColor();
  int transitionFrames() const;

  StudioOptions options_;
  std::shared_ptr<DisplayLink> link_;
  std::shared_ptr<FrameSink> event_sink_;
  std::shared_ptr<Engine> engine_;
  std::optional<ModelInfo> info_;
  std::uint64_t load_generation_ = 0;  // a newer loadModel() wins over an older one
  std::shared_ptr<Recorder> recorder_;
  QString last_recording_;
  std::int64_t record_start_frame_ = 0;
  QStringList vocabulary_;
  std::vector<std::string> sorted_vocabulary_;
  QString status_ = QStringLiteral("starting");
  QString error_, notice_, current_prompt_;
  QStringList history_;
  std::uint64_t seed_ = 1;
  std::uint64_t last_prompt_event_id_ = 0;
  bool paused_ = false;
  double transition_s_ = 0.5;
  unsigned actions_ = kActionNone;
  StatsSnapshot stats_;
  std::shared_ptr<const ColorConfig> color_;
  QString display_, view_;
  double exposure_ = 0;
  QTimer hud_timer_;
  SessionTimeline* timeline_;  // child
};

}  // namespace liveframe::ui
