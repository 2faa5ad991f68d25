// TitleLayer: a text layer on the timeline (issue P4): text, position, size, colour, in/out
// and fades. The viewport previews it over the recording (QML); exports get it rasterized with
// the same Qt text engine at the output size, composited or as a layer of its own with alpha.
//
// Thread-safety: GUI thread only.
#pragma once

#include <QColor>
#include <QImage>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace liveframe::ui {

class TitleLayer : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("owned by SessionTimeline")

  Q_PROPERTY(bool enabled MEMBER enabled_ NOTIFY changed)
  Q_PROPERTY(QString text MEMBER text_ NOTIFY changed)
  Q_PROPERTY(double x MEMBER x_ NOTIFY changed)        // centre, 0..1 of the picture width
  Q_PROPERTY(double y MEMBER y_ NOTIFY changed)        // centre, 0..1 of the picture height
  Q_PROPERTY(double size MEMBER size_ NOTIFY changed)  // text height, 0..1 of the picture height
  Q_PROPERTY(QColor color MEMBER color_ NOTIFY changed)
  Q_PROPERTY(int inPoint MEMBER in_ NOTIFY changed)    // timeline frames, [in, out)
  Q_PROPERTY(int outPoint MEMBER out_ NOTIFY changed)
  Q_PROPERTY(double fadeSeconds MEMBER fade_s_ NOTIFY changed)

 public:
  explicit TitleLayer(QObject* parent = nullptr) : QObject(parent) {}

  bool active() const { return enabled_ && !text_.trimmed().isEmpty() && out_ > in_; }
  // Opacity at a timeline frame (0 outside [in, out), linear fades at both ends).
  Q_INVOKABLE double opacityAt(int frame, double fps) const;
  // The text on transparent black, straight alpha, RGBA8888, at `width` x `height`.
  QImage rasterize(int width, int height) const;
  int inPoint() const { return in_; }
  int outPoint() const { return out_; }
  int fadeFrames(double fps) const;
  QString text() const { return text_; }

 signals:
  void changed();

 private:
  bool enabled_ = false;
  QString text_;
  double x_ = 0.5, y_ = 0.82, size_ = 0.09, fade_s_ = 0.5;
  QColor color_{Qt::white};
  int in_ = 0, out_ = 0;
};

}  // namespace liveframe::ui
