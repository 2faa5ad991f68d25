// The real studio window for UI tests: the controller, Main.qml and the Vulkan viewport, as
// liveframe-studio makes them, driven with key events and read back with grabWindow().
#pragma once

#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "display_link.h"
#include "session_timeline.h"
#include "studio_setup.h"
#include "studio_controller.h"

namespace liveframe::test {

// Small windows keep lavapipe's share of the 2 CPU cores small.
inline constexpr int kWindowWidth = 960;
inline constexpr int kWindowHeight = 640;

inline ui::StudioOptions quickStudioOptions() {
  ui::StudioOptions options;
  options.engine.model = "sketch";
  options.engine.random_weights = true;
  options.engine.seed = 7;
  options.engine.initial_prompt = "a red ball bouncing over the ocean at sunset";
  return options;
}

class StudioHarness {
 public:
  explicit StudioHarness(ui::StudioOptions options = quickStudioOptions()) {
    const QString model = QString::fromStdString(options.engine.model);
    controller_ = std::make_unique<ui::StudioController>(std::move(options));
    qml_ = std::make_unique<QQmlApplicationEngine>();
    if (ui::loadStudio(*qml_, controller_.get())) {
      window_ = qobject_cast<QQuickWindow*>(qml_->rootObjects().first());
    }
    if (window_ != nullptr) {
      window_->resize(kWindowWidth, kWindowHeight);
      window_->requestActivate();
      active_ = QTest::qWaitForWindowActive(window_, 10000);
    }
    controller_->loadModel(model);
  }
  ~StudioHarness() {
    controller_->shutdown();
    qml_.reset();
  }

  // Without a window manager nothing has focus until the window is activated, and key events
  // would be lost.
  bool ok() const { return window_ != nullptr && active_; }
  QQuickWindow* window() const { return window_; }
  ui::StudioController& controller() const { return *controller_; }
  ui::DisplayLink& link() const { return *controller_->displayLink(); }
  ui::SessionTimeline& timeline() const { return *controller_->timeline(); }

  // Waits (processing events) until `done` holds or `timeout` passes.
  static bool waitFor(const std::function<bool()>& done,
                      std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    return QTest::qWaitFor(done, static_cast<int>(timeout.count()));
  }
  bool waitForPresentedFrames(std::int64_t frames) {
    const std::int64_t target = link().presentedFrames() + frames;
    return waitFor([&] { return link().presentedFrames() >= target; });
  }

  template <typename T = QQuickItem>
  T* find(const char* object_name) const {
    return window_->findChild<T*>(QString::fromLatin1(object_name));
  }
  QImage grab() const { return window_->grabWindow(); }
  // The viewport's rectangle in window pixels.
  QRect viewportRect() const {
    QQuickItem* item = find("viewport");
    const QPointF origin = item->mapToScene(QPointF(0, 0));
    const qreal dpr = window_->effectiveDevicePixelRatio();
    return QRect(qRound(origin.x() * dpr), qRound(origin.y() * dpr), qRound(item->width() * dpr),
                 qRound(item->height() * dpr));
  }

  void key(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QTest::keyClick(window_, key, modifiers);
  }
  // Qt 6.4's keyClicks() takes only a QWidget; a QWindow is typed into one key at a time.
  void type(const std::string& text) {
    for (char c : text) QTest::keyClick(window_, c);
  }

 private:
  std::unique_ptr<ui::StudioController> controller_;
  std::unique_ptr<QQmlApplicationEngine> qml_;
  QQuickWindow* window_ = nullptr;
  bool active_ = false;
};

}  // namespace liveframe::test
