// ViewportItem (QML: Viewport): shows the engine's newest frame through our own Vulkan pipeline
// (upload, OpenColorIO display/view pass, scale pass) as a native texture in Qt Quick's scene
// graph (studio.md §2). The GUI thread only copies parameters; the render thread takes the
// frame and records the passes into Qt's command buffer (ViewportNode).
//
// Thread-safety: a QQuickItem: GUI thread, except what updatePaintNode() hands to the node.
#pragma once

#include <QPointer>
#include <QQuickItem>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>
#include <mutex>

#include "liveframe/color.h"

namespace liveframe::gpu {
struct DisplayProgram;
}

namespace liveframe::ui {

class StudioController;
class PostTarget;

class ViewportItem : public QQuickItem {
  Q_OBJECT
  QML_NAMED_ELEMENT(Viewport)
  Q_PROPERTY(liveframe::ui::StudioController* controller READ controller WRITE setController
                 NOTIFY controllerChanged)
  // Shows the timeline's recorded frames instead of the live stream.
  Q_PROPERTY(bool showRecording READ showRecording WRITE setShowRecording NOTIFY
                 showRecordingChanged)
  // 0 fit (letterbox), 1 fill (crop), 2 one to one.
  Q_PROPERTY(int scaleMode READ scaleMode WRITE setScaleMode NOTIFY scaleModeChanged)
  // 0 Catmull-Rom, 1 bilinear, 2 nearest.
  Q_PROPERTY(int filter READ filter WRITE setFilter NOTIFY filterChanged)
  // Set when the viewport cannot show frames (no Vulkan, a colour program that failed).
  Q_PROPERTY(QString problem READ problem NOTIFY problemChanged)
  // "display / view" of the colour pass on screen now (tests wait for a switch to land).
  Q_PROPERTY(QString appliedView READ appliedView NOTIFY appliedViewChanged)

 public:
  explicit ViewportItem(QQuickItem* parent = nullptr);
  ~ViewportItem() override;

  StudioController* controller() const { return controller_; }
  void setController(StudioController* controller);
  bool showRecording() const { return show_recording_; }
  void setShowRecording(bool show);
  int scaleMode() const { return scale_mode_; }
  void setScaleMode(int mode);
  int filter() const { return filter_; }
  void setFilter(int filter);
  QString problem() const { return problem_; }
  QString appliedView() const { return applied_view_; }

  // Posted by the render thread (ViewportNode), run on the GUI thread.
  Q_INVOKABLE void reportProblem(const QString& problem);
  Q_INVOKABLE void reportApplied(const QString& view);
  Q_INVOKABLE void requestSync(const QString& unused);

 signals:
  void controllerChanged();
  void showRecordingChanged();
  void scaleModeChanged();
  void filterChanged();
  void problemChanged();
  void appliedViewChanged();

 protected:
  QSGNode* updatePaintNode(QSGNode* old, UpdatePaintNodeData* data) override;
  void releaseResources() override;

 private:
  void connectController();
  void setWakeUps(bool on);
  void rebuildProgram();  // on a worker thread; the result is picked up at the next sync
  void onProgramBuilt(std::shared_ptr<const gpu::DisplayProgram> program, const QString& label,
                      quint64 generation);

  QPointer<StudioController> controller_;
  QMetaObject::Connection color_connection_;
  std::shared_ptr<PostTarget> post_target_;
  bool show_recording_ = false;
  int scale_mode_ = 0;
  int filter_ = 0;
  QString problem_, applied_view_;
  std::shared_ptr<const gpu::DisplayProgram> program_;
  QString program_label_;
  quint64 program_generation_ = 0;
};

}  // namespace liveframe::ui
