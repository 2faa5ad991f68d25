#include "thumbnail_provider.h"

#include <QImage>
#include <QRunnable>
#include <QThreadPool>

#include "session_timeline.h"

namespace liveframe::ui {
namespace {

class ThumbnailResponse final : public QQuickImageResponse, public QRunnable {
 public:
  ThumbnailResponse(std::shared_ptr<const Session> session, int frame, QSize size)
      : session_(std::move(session)), frame_(frame), size_(size) {
    setAutoDelete(false);  // Qt Quick deletes the response
  }
  void run() override {
    if (session_ && frame_ >= 0 && static_cast<std::size_t>(frame_) < session_->frames().size()) {
      auto frame = session_->readFrame(static_cast<std::size_t>(frame_));
      if (frame.ok()) {
        const QImage view(frame->rgb.data(), frame->width, frame->height, frame->width * 3,
                          QImage::Format_RGB888);
        image_ = size_.isValid() && !size_.isEmpty()
                     ? view.scaled(size_, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                     : view.copy();
      } else {
        error_ = QString::fromStdString(frame.error());
      }
    }
    emit finished();
  }
  QQuickTextureFactory* textureFactory() const override {
    return QQuickTextureFactory::textureFactoryForImage(image_);
  }
  QString errorString() const override { return error_; }

 private:
  std::shared_ptr<const Session> session_;
  int frame_;
  QSize size_;
  QImage image_;
  QString error_;
};

}  // namespace

QQuickImageResponse* ThumbnailProvider::requestImageResponse(const QString& id,
                                                             const QSize& requested_size) {
  const int frame = id.section(QLatin1Char('/'), 1, 1).toInt();
  auto session = timeline_ ? timeline_->session() : nullptr;
  auto* response = new ThumbnailResponse(std::move(session), frame,
                                         requested_size.isValid() ? requested_size : QSize(96, 96));
  QThreadPool::globalInstance()->start(response);
  return response;
}

}  // namespace liveframe::ui
