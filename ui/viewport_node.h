// ViewportNode: the render-thread half of the viewport (studio.md §2). It owns the
// gpu::DisplayPipeline on Qt's own VkDevice, records upload + colour + scale passes into Qt's
// command buffer in beforeRendering, shows the result as a native texture, and reports each
// new frame's presentation to the engine on frameSwapped.
//
// Thread-safety: created, used and destroyed on Qt's render thread; sync() runs while the GUI
// thread is blocked (QQuickItem::updatePaintNode).
#pragma once

#include <QObject>
#include <QPointer>
#include <QQuickWindow>
#include <QSGNode>
#include <QSGSimpleTextureNode>
#include <QSize>
#include <QString>

#include <memory>
#include <mutex>

#include "display_link.h"
#include "liveframe/gpu/display_pipeline.h"

namespace liveframe::ui {

// A GUI-thread object the render thread may post calls to: the owner clears it in its
// destructor, after which posts are dropped (a queued call already posted dies with it).
class PostTarget {
 public:
  explicit PostTarget(QObject* target) : target_(target) {}
  void clear();
  // Queues target->method(argument) on the target's thread; `method` is a Q_INVOKABLE.
  void post(const char* method, const QString& argument);

 private:
  std::mutex mutex_;
  QObject* target_;
};

// What the GUI thread hands over at each sync.
struct ViewportParams {
  std::shared_ptr<DisplayLink> link;  // where frames come from: the live stream or a recording
  QSize pixel_size;
  gpu::ScaleMode mode = gpu::ScaleMode::kFit;
  gpu::ScaleFilter filter = gpu::ScaleFilter::kCatmullRom;
  gpu::DisplayProgramPtr program;  // null: frames shown without colour management
  QString program_label;           // "sRGB / Film": reported back once it is on screen
  double exposure = 0;
};

class ViewportNode final : public QObject, public QSGNode {
  Q_OBJECT

 public:
  ViewportNode(QQuickWindow* window, std::shared_ptr<PostTarget> item);
  ~ViewportNode() override;

  void sync(const ViewportParams& params);

 private:
  void onBeforeRendering();
  void onFrameSwapped();
  bool createPipeline();

  QQuickWindow* window_;
  std::shared_ptr<PostTarget> item_;  // the ViewportItem: reportProblem, reportApplied
  std::shared_ptr<DisplayLink> link_;
  std::unique_ptr<gpu::DisplayPipeline> pipeline_;
  bool failed_ = false;
  QSGSimpleTextureNode* picture_ = nullptr;  // child; owns its texture
  VkImage wrapped_image_ = VK_NULL_HANDLE;   // the image picture_'s texture shows
  QSize wrapped_size_;
  ViewportParams params_;
  gpu::DisplayProgramPtr applied_program_;
  QString applied_label_;
  bool dirty_ = true;          // settings changed since the last recorded passes
  bool label_pending_ = false;  // a new program's first passes are recorded, not yet reported
  FramePtr shown_;              // the frame recorded in this render, reported on swap
  FramePtr pending_;            // shown again after a switch of link (take() may be empty)
};

}  // namespace liveframe::ui
