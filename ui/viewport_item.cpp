#include "viewport_item.h"

#include <QQuickWindow>

#include <thread>

#include "display_link.h"
#include "liveframe/gpu/display_program.h"
#include "session_timeline.h"
#include "studio_controller.h"
#include "viewport_node.h"

namespace liveframe::ui {

ViewportItem::ViewportItem(QQuickItem* parent)
    : QQuickItem(parent), post_target_(std::make_shared<PostTarget>(this)) {
  setFlag(ItemHasContents, true);
}

ViewportItem::~ViewportItem() {
  post_target_->clear();
  setWakeUps(false);
}

// A new frame on either link (live stream, recording) schedules a render; the frame itself
// is taken on the render thread.
void ViewportItem::setWakeUps(bool on) {
  if (!controller_) return;
  for (const auto& link : {controller_->displayLink(), controller_->timeline()->displayLink()}) {
    if (on) {
      link->setWakeUp(
          [this] { QMetaObject::invokeMethod(this, &QQuickItem::update, Qt::QueuedConnection); });
    } else {
      link->setWakeUp({});
    }
  }
}

void ViewportItem::setShowRecording(bool show) {
  if (show == show_recording_) return;
  show_recording_ = show;
  update();
  emit showRecordingChanged();
}

void ViewportItem::setController(StudioController* controller) {
  if (controller == controller_) return;
  if (controller_) {
    setWakeUps(false);
    disconnect(color_connection_);
  }
  controller_ = controller;
  connectController();
  emit controllerChanged();
}

void ViewportItem::connectController() {
  if (!controller_) return;
  setWakeUps(true);
  color_connection_ = connect(controller_, &StudioController::displayViewChanged, this,
                              &ViewportItem::rebuildProgram);
  rebuildProgram();
}

void ViewportItem::setScaleMode(int mode) {
  mode = std::clamp(mode, 0, 2);
  if (mode == scale_mode_) return;
  scale_mode_ = mode;
  update();
  emit scaleModeChanged();
}

void ViewportItem::setFilter(int filter) {
  filter = std::clamp(filter, 0, 2);
  if (filter == filter_) return;
  filter_ = filter;
  update();
  emit filterChanged();
}

void ViewportItem::rebuildProgram() {
  if (!controller_) return;
  const auto config = controller_->colorConfig();
  if (!config) return;  // no OCIO config at all: frames are shown as they are
  const std::string display = controller_->display().toStdString();
  const std::string view = controller_->view().toStdString();
  const QString label = controller_->display() + QStringLiteral(" / ") + controller_->view();
  gpu::DisplayProgramOptions options;
  options.bake_exposure_stops = controller_->exposure();
  const quint64 generation = ++program_generation_;
  QPointer<ViewportItem> self(this);
  // OCIO + glslang take ~0.1 s: never on the GUI or render thread.
  std::thread([self, config, display, view, label, options, generation] {
    auto program = gpu::buildDisplayProgram(*config, display, view, options);
    if (self.isNull()) return;
    const QString error = program.ok() ? QString() : QString::fromStdString(program.error());
    gpu::DisplayProgramPtr built = program.ok() ? *program : nullptr;
    QMetaObject::invokeMethod(
        self.data(),
        [self, built, label, error, generation] {
          if (!self) return;
          if (!error.isEmpty()) {
            self->reportProblem(QStringLiteral("Colour view %1 not applied: %2").arg(label, error));
            return;
          }
          self->onProgramBuilt(built, label, generation);
        },
        Qt::QueuedConnection);
  }).detach();
}

void ViewportItem::onProgramBuilt(std::shared_ptr<const gpu::DisplayProgram> program,
                                  const QString& label, quint64 generation) {
  if (generation != program_generation_) return;  // a newer switch is on its way
  if (!program->fallback_reason.empty()) {
    reportProblem(QStringLiteral("Colour view %1 runs as a baked LUT: %2")
                      .arg(label, QString::fromStdString(program->fallback_reason)));
  }
  program_ = std::move(program);
  program_label_ = label;
  update();
}

QSGNode* ViewportItem::updatePaintNode(QSGNode* old, UpdatePaintNodeData*) {
  if (!controller_ || window() == nullptr) {
    delete old;
    return nullptr;
  }
  auto* node = static_cast<ViewportNode*>(old);
  if (node == nullptr) node = new ViewportNode(window(), post_target_);
  ViewportParams params;
  params.link = show_recording_ ? controller_->timeline()->displayLink()
                                : controller_->displayLink();
  const qreal dpr = window()->effectiveDevicePixelRatio();
  params.pixel_size = QSize(qRound(width() * dpr), qRound(height() * dpr));
  params.mode = static_cast<gpu::ScaleMode>(scale_mode_);
  params.filter = static_cast<gpu::ScaleFilter>(filter_);
  params.program = program_;
  params.program_label = program_label_;
  params.exposure = controller_->exposure();
  node->sync(params);
  return node;
}

void ViewportItem::releaseResources() {
  // The node (and its Vulkan objects) goes with the scene graph on the render thread.
}

void ViewportItem::reportProblem(const QString& problem) {
  problem_ = problem;
  emit problemChanged();
  if (controller_) QMetaObject::invokeMethod(controller_, "showError", Q_ARG(QString, problem));
}

void ViewportItem::reportApplied(const QString& view) {
  applied_view_ = view;
  emit appliedViewChanged();
}

void ViewportItem::requestSync(const QString&) { update(); }

}  // namespace liveframe::ui
