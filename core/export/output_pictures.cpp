#include "output_pictures.h"

#include "video_writer.h"

namespace liveframe::export_internal {

ConverterSettings converterSettings(const ExportPlan& plan) {
  ConverterSettings settings;
  settings.source_width = plan.source_width;
  settings.source_height = plan.source_height;
  settings.width = plan.width;
  settings.height = plan.height;
  settings.color = plan.color.processor;
  settings.label = plan.label;
  settings.pixel_format = plan.pixel_format;
  AVCodecContext tags{};
  applyColorTags(plan, tags);
  settings.matrix = tags.colorspace;
  settings.range = tags.color_range;
  return settings;
}

Result<std::unique_ptr<OutputPictures>> OutputPictures::create(
    const ExportPlan& plan, std::shared_ptr<const Session> session,
    const std::vector<OverlayLayer>& overlays) {
  auto compositor = OverlayCompositor::create(overlays, plan.source_width, plan.source_height);
  if (!compositor) return Error{compositor.error()};
  std::unique_ptr<OutputPictures> pictures(
      new OutputPictures(plan, std::move(session), std::move(compositor).value()));
  const ConverterSettings settings = converterSettings(plan);
  if (plan.overlays_only) {
    auto converter = LayerConverter::create(settings);
    if (!converter) return Error{converter.error()};
    pictures->layers_ = std::move(converter).value();
    pictures->layer_.resize(static_cast<std::size_t>(plan.source_width) * plan.source_height * 4);
  } else {
    auto converter = FrameConverter::create(settings);
    if (!converter) return Error{converter.error()};
    pictures->frames_ = std::move(converter).value();
  }
  return pictures;
}

Result<const Frame*> OutputPictures::picture(std::size_t index) {
  auto frame = reader_.read(plan_.positions[index]);
  if (!frame) return Error{frame.error()};
  const std::int64_t timeline_frame = plan_.timeline_frames[index];
  if (!overlays_.showsAt(timeline_frame)) return frame;
  composited_ = **frame;  // the reader's frame is its cache: composite into a copy
  if (composited_.rgb.size() == static_cast<std::size_t>(plan_.source_width) *
                                    static_cast<std::size_t>(plan_.source_height) * 3) {
    overlays_.compositeOnto(composited_.rgb, timeline_frame);
  }  // else the converter reports the frame's wrong size
  return &composited_;
}

std::span<const float> OutputPictures::layer(std::size_t index) {
  overlays_.renderLayer(layer_, plan_.timeline_frames[index]);
  return layer_;
}

Status OutputPictures::toVideoFrame(std::size_t index, AVFrame& out) {
  if (layers_) return layers_->toVideoFrame(layer(index), out);
  auto frame = picture(index);
  if (!frame) return Error{frame.error()};
  return frames_->toVideoFrame(**frame, out);
}

Result<std::span<const float>> OutputPictures::toFloatPixels(std::size_t index) {
  if (layers_) return layers_->toFloatRgba(layer(index));
  auto frame = picture(index);
  if (!frame) return Error{frame.error()};
  return frames_->toFloatRgb(**frame);
}

}  // namespace liveframe::export_internal
