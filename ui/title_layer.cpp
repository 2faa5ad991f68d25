#include "title_layer.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace liveframe::ui {

int TitleLayer::fadeFrames(double fps) const {
  return std::max(0, static_cast<int>(std::lround(fade_s_ * fps)));
}

double TitleLayer::opacityAt(int frame, double fps) const {
  if (!active() || frame < in_ || frame >= out_) return 0;
  const int fade = std::min(fadeFrames(fps), (out_ - in_) / 2);
  if (fade <= 0) return 1;
  const double in = (frame - in_ + 1) / static_cast<double>(fade);
  const double out = (out_ - frame) / static_cast<double>(fade);
  return std::clamp(std::min(in, out), 0.0, 1.0);
}

QImage TitleLayer::rasterize(int width, int height) const {
  // Premultiplied for painting, then straight alpha for the exporter.
  QImage image(width, height, QImage::Format_RGBA8888_Premultiplied);
  image.fill(Qt::transparent);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setRenderHint(QPainter::TextAntialiasing);
  QFont font;
  font.setBold(true);
  font.setPixelSize(std::max(1, static_cast<int>(std::lround(size_ * height))));
  painter.setFont(font);
  const QFontMetricsF metrics(font);
  const QRectF box(0, 0, width, metrics.height() * 1.2);
  QRectF placed = box;
  placed.moveCenter(QPointF(x_ * width, y_ * height));
  // A soft shadow keeps light text readable over a bright sky.
  painter.setPen(QColor(0, 0, 0, 160));
  painter.drawText(placed.translated(0, std::max(1.0, height / 256.0)), Qt::AlignCenter, text_);
  painter.setPen(color_);
  painter.drawText(placed, Qt::AlignCenter, text_);
  painter.end();
  return image.convertToFormat(QImage::Format_RGBA8888);
}

}  // namespace liveframe::ui
