// ThumbnailProvider: "image://thumbs/GENERATION/FRAME" decodes a recorded frame of the
// timeline's session, scaled to the requested size, on Qt's thread pool (never the GUI
// thread). GENERATION changes whenever another session is opened, so cached images of the
// previous one are never shown.
//
// Thread-safety: requestImageResponse may run on any thread; the session is read through
// SessionTimeline::session(), which is thread-safe.
#pragma once

#include <QPointer>
#include <QQuickAsyncImageProvider>

namespace liveframe::ui {

class SessionTimeline;

class ThumbnailProvider final : public QQuickAsyncImageProvider {
 public:
  explicit ThumbnailProvider(SessionTimeline* timeline) : timeline_(timeline) {}
  QQuickImageResponse* requestImageResponse(const QString& id,
                                            const QSize& requested_size) override;

 private:
  QPointer<SessionTimeline> timeline_;
};

}  // namespace liveframe::ui
