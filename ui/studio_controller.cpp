#include "studio_controller.h"

#include <QDir>
#include <QMetaObject>
#include <QPointer>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QVariantMap>

#include <algorithm>
#include <filesystem>
#include <random>
#include <thread>

#include "display_link.h"
#include "session_timeline.h"
#include "liveframe/model.h"
#include "liveframe/session.h"

namespace liveframe::ui {
namespace {

constexpr int kHudIntervalMs = 250;
constexpr int kMaxHistory = 200;

QString qs(const std::string& text) { return QString::fromStdString(text); }

// Engine events arrive on the engine's output thread; the controller sees them on its own.
class EventForwarder final : public FrameSink {
 public:
  explicit EventForwarder(QPointer<StudioController> controller,
                          std::function<void(StudioController*, const Event&)> deliver)
      : controller_(std::move(controller)), deliver_(std::move(deliver)) {}
  void onFrame(const FramePtr&) override {}
  void onEvent(const Event& event) override {
    StudioController* target = controller_.data();
    if (target == nullptr) return;
    QMetaObject::invokeMethod(
        target, [target, event, deliver = deliver_] { deliver(target, event); },
        Qt::QueuedConnection);
  }

 private:
  QPointer<StudioController> controller_;
  std::function<void(StudioController*, const Event&)> deliver_;
};

bool builtInWithoutWeights(const std::string& model) {
  for (const auto& entry : listModels()) {
    if (entry.id == model) return !entry.available;
  }
  return false;
}

std::uint64_t freshSeed() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32 | device()) & ((1ull << 53) - 1);
}

std::filesystem::path defaultRecordFolder() {
  QString videos = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
  if (videos.isEmpty()) videos = QDir::homePath();
  return std::filesystem::path(videos.toStdString()) / "Liveframe";
}

std::string recordingName() {
  // 2026-11-25T05:30:00Z -> 2026-11-25_05-30-00.lfsession
  std::string name = utcNow();
  std::replace(name.begin(), name.end(), 'T', '_');
  std::replace(name.begin(), name.end(), ':', '-');
  if (!name.empty() && name.back() == 'Z') name.pop_back();
  return name;
}

}  // namespace

StudioController::StudioController(StudioOptions options, QObject* parent)
    : QObject(parent),
      options_(std::move(options)),
      link_(std::make_shared<DisplayLink>()),
      timeline_(new SessionTimeline(this)) {
  connect(timeline_, &SessionTimeline::error, this, &StudioController::setError);
  seed_ = options_.engine.seed;
  if (options_.record_folder.empty()) options_.record_folder = defaultRecordFolder();
  if (!options_.engine.initial_prompt.empty()) {
    current_prompt_ = qs(options_.engine.initial_prompt);
    history_.append(current_prompt_);
  }
  event_sink_ = std::make_shared<EventForwarder>(
      QPointer<StudioController>(this),
      [](StudioController* c, const Event& event) { c->onEngineEvent(event); });
  loadColor();
  hud_timer_.setInterval(kHudIntervalMs);
  connect(&hud_timer_, &QTimer::timeout, this, &StudioController::refreshHud);
  hud_timer_.start();
}

StudioController::~StudioController() { shutdown(); }

// ---- model lifetime -------------------------------------------------------------------------

void StudioController::loadModel(const QString& model) {
  stopEngine();
  const std::uint64_t generation = ++load_generation_;
  EngineOptions options = options_.engine;
  options.model = model.toStdString();
  // --size is a Wan folder's frame size; other models render at their own.
  std::error_code ec;
  if (!std::filesystem::is_directory(options.model, ec)) options.width = options.height = 0;
  if (!options.random_weights && builtInWithoutWeights(options.model)) {
    // The app works out of the box before a built-in model's weights are trained.
    options.random_weights = true;
    setNotice(QStringLiteral("No trained weights for '%1' yet: streaming its architecture at "
                             "random weights")
                  .arg(model));
  }
  options.seed = seed_;
  options.initial_prompt = current_prompt_.toStdString();
  options.transition_frames = 0;
  setStatus(QStringLiteral("loading %1").arg(model));
  QPointer<StudioController> self(this);
  // Engine::create reads and checks weights: seconds for a large model, so off the GUI thread.
  std::thread([self, options, generation] {
    auto created = Engine::create(options);
    if (self.isNull()) return;
    if (!created.ok()) {
      QMetaObject::invokeMethod(
          self.data(),
          [self, message = qs(created.error()), generation] {
            if (self) self->onModelFailed(message, generation);
          },
          Qt::QueuedConnection);
      return;
    }
    std::shared_ptr<Engine> engine(std::move(*created));
    QMetaObject::invokeMethod(
        self.data(),
        [self, engine, generation] {
          if (self) self->onModelLoaded(engine, generation);
        },
        Qt::QueuedConnection);
  }).detach();
}

void StudioController::onModelLoaded(std::shared_ptr<Engine> engine, std::uint64_t generation) {
  if (generation != load_generation_) return;  // a newer load is on its way
  engine_ = std::move(engine);
  info_ = engine_->info();
  options_.engine.model = info_->id;
  vocabulary_.clear();
  sorted_vocabulary_ = engine_->vocabulary();
  std::sort(sorted_vocabulary_.begin(), sorted_vocabulary_.end());
  for (const auto& word : sorted_vocabulary_) vocabulary_.append(qs(word));
  // The display first: a recorder held up by a slow disk must never hold up this frame's display.
  engine_->addSink(link_);
  engine_->addSink(event_sink_);
  link_->setEngine(engine_);
  if (transition_s_ > 0) submit(command::SetTransition{transitionFrames()}, "transition");
  engine_->start();
  paused_ = false;
  emit pausedChanged();
  emit modelChanged();
  setStatus(QStringLiteral("streaming"));
}

void StudioController::onModelFailed(const QString& message, std::uint64_t generation) {
  if (generation != load_generation_) return;
  setStatus(QStringLiteral("no model"));
  setError(QStringLiteral("Could not load the model: %1").arg(message));
}

void StudioController::stopEngine() {
  stopRecording();
  if (!engine_) return;
  engine_->stop();
  link_->setEngine(nullptr);
  engine_.reset();
  setStatus(QStringLiteral("stopped"));
}

void StudioController::shutdown() {
  ++load_generation_;  // a load still running is dropped when it lands
  hud_timer_.stop();
  stopEngine();
}

bool StudioController::streaming() const { return engine_ && engine_->running(); }

QString StudioController::modelName() const { return info_ ? qs(info_->id) : QString(); }
QString StudioController::modelDescription() const {
  return info_ ? qs(info_->description) : QString();
}

QStringList StudioController::availableModels() const {
  QStringList names;
  for (const auto& entry : listModels()) names.append(qs(entry.id));
  return names;
}

// ---- commands -------------------------------------------------------------------------------

void StudioController::submit(Command command, const char* what) {
  if (!engine_) {
    setError(QStringLiteral("No model is streaming: cannot apply the %1").arg(what));
    return;
  }
  auto id = engine_->submit(std::move(command));
  if (!id.ok()) {
    setError(qs(id.error()));
    return;
  }
  if (std::string_view(what) == "prompt" || std::string_view(what) == "blend") {
    last_prompt_event_id_ = *id;
  }
}

bool StudioController::applyPrompt(const QString& text) {
  const std::string utf8 = text.trimmed().toStdString();
  if (auto valid = validatePrompt(utf8); !valid.ok()) {
    setError(QStringLiteral("Prompt not applied: %1").arg(qs(valid.error())));
    return false;
  }
  if (!engine_) {
    setError(QStringLiteral("No model is streaming: the prompt was not applied"));
    return false;
  }
  submit(command::SetPrompt{utf8}, "prompt");
  current_prompt_ = text.trimmed();
  rememberPrompt(current_prompt_);
  emit currentPromptChanged();
  return true;
}

bool StudioController::applyBlend(const QVariantList& prompts) {
  command::SetBlend blend;
  QStringList parts;
  for (const QVariant& item : prompts) {
    const QVariantMap entry = item.toMap();
    const QString text = entry.value(QStringLiteral("text")).toString().trimmed();
    const double weight = entry.value(QStringLiteral("weight")).toDouble();
    if (text.isEmpty() || weight <= 0) continue;
    if (auto valid = validatePrompt(text.toStdString()); !valid.ok()) {
      setError(QStringLiteral("Blend not applied: %1").arg(qs(valid.error())));
      return false;
    }
    blend.prompts.emplace_back(text.toStdString(), static_cast<float>(weight));
    parts.append(QStringLiteral("%1 × %2").arg(text).arg(weight, 0, 'f', 2));
  }
  if (blend.prompts.empty()) {
    setError(QStringLiteral("Blend not applied: give at least one prompt a weight above 0"));
    return false;
  }
  if (!engine_) {
    setError(QStringLiteral("No model is streaming: the blend was not applied"));
    return false;
  }
  submit(std::move(blend), "blend");
  current_prompt_ = parts.join(QStringLiteral(" + "));
  emit currentPromptChanged();
  return true;
}

void StudioController::setTransitionSeconds(double seconds) {
  seconds = std::clamp(seconds, 0.0, 3.0);
  if (seconds == transition_s_) return;
  transition_s_ = seconds;
  if (engine_) submit(command::SetTransition{transitionFrames()}, "transition");
  emit transitionSecondsChanged();
}

int StudioController::transitionFrames() const {
  const double fps = info_ && info_->fps > 0 ? info_->fps : 24.0;
  return static_cast<int>(std::lround(transition_s_ * fps));
}

void StudioController::pause() {
  if (paused_ || !engine_) return;
  submit(command::Pause{}, "pause");
  paused_ = true;
  emit pausedChanged();
}

void StudioController::resume() {
  if (!paused_ || !engine_) return;
  submit(command::Resume{}, "resume");
  paused_ = false;
  emit pausedChanged();
}

void StudioController::togglePause() { paused_ ? resume() : pause(); }

void StudioController::reset(bool new_seed) {
  if (new_seed) seed_ = freshSeed();
  submit(command::Reset{seed_}, "reset");
  emit seedChanged();
}

bool StudioController::resetToSeed(const QString& seed) {
  bool ok = false;
  const qulonglong value = seed.trimmed().toULongLong(&ok);
  if (!ok) {
    setError(QStringLiteral("'%1' is not a seed: use a whole number").arg(seed.left(40)));
    return false;
  }
  seed_ = value;
  submit(command::Reset{seed_}, "reset");
  emit seedChanged();
  return true;
}

void StudioController::pressAction(int action) {
  if (!acceptsActions()) return;
  const unsigned next = actions_ | static_cast<unsigned>(action);
  if (next == actions_) return;
  actions_ = next;
  submit(command::SetActions{actions_}, "camera action");
  emit actionsChanged();
}

void StudioController::releaseAction(int action) {
  if (!acceptsActions()) return;
  const unsigned next = actions_ & ~static_cast<unsigned>(action);
  if (next == actions_) return;
  actions_ = next;
  submit(command::SetActions{actions_}, "camera action");
  emit actionsChanged();
}

void StudioController::mark(const QString& label) {
  submit(command::Mark{label.trimmed().isEmpty() ? std::string("marker") : label.toStdString()},
         "marker");
}

void StudioController::rememberPrompt(const QString& text) {
  history_.removeAll(text);
  history_.append(text);
  while (history_.size() > kMaxHistory) history_.removeFirst();
  emit promptHistoryChanged();
}

// ---- recording ------------------------------------------------------------------------------

bool StudioController::startRecording() {
  if (recorder_) return true;
  if (!engine_ || !info_) {
    setError(QStringLiteral("Nothing to record: no model is streaming"));
    return false;
  }
  std::error_code error;
  std::filesystem::create_directories(options_.record_folder, error);
  if (error) {
    setError(QStringLiteral("Cannot record into %1: %2")
                 .arg(qs(options_.record_folder.string()), qs(error.message())));
    return false;
  }
  const auto folder = options_.record_folder / (recordingName() + ".lfsession");
  auto recorder = Recorder::start(folder, makeSessionHeader(*info_, seed_, LIVEFRAME_VERSION),
                                  Recorder::Options{});
  if (!recorder.ok()) {
    setError(QStringLiteral("Cannot record: %1").arg(qs(recorder.error())));
    return false;
  }
  recorder_ = *recorder;
  record_start_frame_ = engine_->framesProduced();
  engine_->addSink(recorder_);
  emit recordingChanged();
  return true;
}

void StudioController::stopRecording() {
  if (!recorder_) return;
  std::shared_ptr<Recorder> recorder = std::move(recorder_);
  recorder_.reset();
  if (engine_) engine_->removeSink(recorder);
  // Draining the queue writes up to ~2 s of frames: never on the GUI thread.
  QPointer<StudioController> self(this);
  std::thread([self, recorder] {
    const Status finished = recorder->finish();
    const QString folder = qs(recorder->folder().string());
    const QString message = finished.ok() ? QString() : qs(finished.error());
    if (self.isNull()) return;
    QMetaObject::invokeMethod(
        self.data(),
        [self, folder, message] {
          if (!self) return;
          if (!message.isEmpty()) {
            self->setError(QStringLiteral("Recording stopped with an error: %1").arg(message));
          }
          self->last_recording_ = folder;
          emit self->recordingChanged();
        },
        Qt::QueuedConnection);
  }).detach();
  emit recordingChanged();
}

void StudioController::toggleRecording() { recorder_ ? stopRecording() : (void)startRecording(); }

QString StudioController::recordPath() const {
  return recorder_ ? qs(recorder_->folder().string()) : QString();
}
QString StudioController::recordFolder() const { return qs(options_.record_folder.string()); }
void StudioController::setRecordFolder(const QString& folder) {
  options_.record_folder = folder.toStdString();
  emit recordFolderChanged();
}

double StudioController::recordElapsedS() const {
  if (!recorder_ || !info_ || info_->fps <= 0) return 0;
  return static_cast<double>(recorder_->framesWritten()) / info_->fps;
}

double StudioController::recordMegabytes() const {
  return recorder_ ? static_cast<double>(recorder_->bytesWritten()) / 1e6 : 0;
}

// ---- events and HUD -------------------------------------------------------------------------

void StudioController::onEngineEvent(const Event& event) {
  if (event.type == "reset") emit seedChanged();
}

void StudioController::refreshHud() {
  if (engine_) {
    stats_ = engine_->stats();
    if (!engine_->running() && !engine_->failure().empty() && status_ != "failed") {
      setStatus(QStringLiteral("failed"));
      setError(QStringLiteral("The stream stopped: %1").arg(qs(engine_->failure())));
    }
  }
  if (recorder_ && recorder_->failed()) {
    setError(QStringLiteral("Recording stopped: %1").arg(qs(recorder_->error())));
    stopRecording();
  }
  emit hudChanged();
}

qint64 StudioController::droppedDisplayFrames() const { return link_->overwritten(); }

QString StudioController::presentedPromptEventId() const {
  return QString::number(link_->presentedPromptEventId());
}

// ---- words ----------------------------------------------------------------------------------

QStringList StudioController::unknownWords(const QString& text) const {
  QStringList unknown;
  if (sorted_vocabulary_.empty()) return unknown;
  static const QRegularExpression kWord(QStringLiteral("[A-Za-z']+"));
  for (auto it = kWord.globalMatch(text); it.hasNext();) {
    const QString word = it.next().captured().toLower();
    if (!std::binary_search(sorted_vocabulary_.begin(), sorted_vocabulary_.end(),
                            word.toStdString()) &&
        !unknown.contains(word)) {
      unknown.append(word);
    }
  }
  return unknown;
}

QStringList StudioController::completions(const QString& prefix, int limit) const {
  QStringList found;
  const std::string start = prefix.toLower().toStdString();
  if (start.empty()) return found;
  for (auto it = std::lower_bound(sorted_vocabulary_.begin(), sorted_vocabulary_.end(), start);
       it != sorted_vocabulary_.end() && it->rfind(start, 0) == 0 && found.size() < limit; ++it) {
    if (*it != start) found.append(qs(*it));
  }
  return found;
}

// ---- messages -------------------------------------------------------------------------------

void StudioController::setStatus(const QString& status) {
  if (status == status_) return;
  status_ = status;
  emit statusChanged();
}

void StudioController::setError(const QString& message) {
  error_ = message;
  emit errorMessageChanged();
}

void StudioController::clearError() { setError(QString()); }

void StudioController::showError(const QString& message) { setError(message); }

void StudioController::setNotice(const QString& message) {
  notice_ = message;
  emit noticeChanged();
}

void StudioController::clearNotice() { setNotice(QString()); }

}  // namespace liveframe::ui

namespace liveframe::ui {

// ---- colour ---------------------------------------------------------------------------------

void StudioController::loadColor() {
  auto config = ColorConfig::load(options_.ocio_config);
  if (!config.ok() && !options_.ocio_config.empty()) {
    // A bad --ocio is reported, and the shipped config keeps the viewport right.
    setError(QStringLiteral("OpenColorIO config not used: %1").arg(qs(config.error())));
    config = ColorConfig::load(ColorConfig::shippedConfigPath());
  }
  if (!config.ok()) {
    setError(QStringLiteral("No OpenColorIO config: %1; showing frames without colour management")
                 .arg(qs(config.error())));
    return;
  }
  color_ = *config;
  if (!color_->note().empty()) setNotice(qs(color_->note()));
  display_ = qs(color_->defaultDisplay());
  view_ = qs(color_->defaultView(color_->defaultDisplay()));
  emit colorChanged();
}

void StudioController::setDisplayView(const QString& display, const QString& view) {
  if (!color_) return;
  const std::string d = display.toStdString();
  auto views = color_->views(d);
  if (views.empty()) {
    setError(QStringLiteral("Unknown display '%1'").arg(display));
    return;
  }
  // A view the new display lacks falls back to its default.
  const std::string v = std::find(views.begin(), views.end(), view.toStdString()) != views.end()
                            ? view.toStdString()
                            : color_->defaultView(d);
  if (qs(d) == display_ && qs(v) == view_) return;
  display_ = qs(d);
  view_ = qs(v);
  emit colorChanged();
  emit displayViewChanged();
}

void StudioController::setExposure(double stops) {
  stops = std::clamp(stops, -10.0, 10.0);
  if (stops == exposure_) return;
  exposure_ = stops;
  emit colorChanged();
  emit displayViewChanged();
}

QStringList StudioController::ocioDisplays() const {
  QStringList out;
  if (color_) {
    for (const auto& d : color_->displays()) out.append(qs(d));
  }
  return out;
}

QStringList StudioController::ocioViews() const {
  QStringList out;
  if (color_) {
    for (const auto& v : color_->views(display_.toStdString())) out.append(qs(v));
  }
  return out;
}

QString StudioController::ocioConfigPath() const {
  return color_ ? qs(color_->path().string()) : QString();
}

}  // namespace liveframe::ui
