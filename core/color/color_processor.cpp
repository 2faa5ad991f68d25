// Packed RGB buffers through OCIO's CPU processors, one per bit-depth pair.
#include <cstddef>

#include "color/ocio_config.h"

namespace liveframe {
namespace OCIO = color::OCIO;

struct ColorProcessor::Impl {
  OCIO::ConstCPUProcessorRcPtr u8_to_u8;
  OCIO::ConstCPUProcessorRcPtr u8_to_f32;
  OCIO::ConstCPUProcessorRcPtr f32_to_f32;
  bool no_op = false;
  std::string description;
};

namespace {

template <typename T>
constexpr OCIO::BitDepth kBitDepth =
    std::is_same_v<T, float> ? OCIO::BIT_DEPTH_F32 : OCIO::BIT_DEPTH_UINT8;

template <typename T>
OCIO::PackedImageDesc packedRows(const T* pixels, long width, long height) {
  constexpr std::ptrdiff_t pixel_bytes = 3 * sizeof(T);
  return OCIO::PackedImageDesc(const_cast<T*>(pixels), width, height, OCIO::CHANNEL_ORDERING_RGB,
                               kBitDepth<T>, sizeof(T), pixel_bytes, pixel_bytes * width);
}

// OCIO converts one row at a time through a float scratch row, so a frame goes in as rows of
// a fixed width (plus one short row) rather than one long row that would need a huge scratch.
template <typename In, typename Out>
Status applyPacked(const OCIO::CPUProcessor& processor, std::span<const In> in, std::span<Out> out,
                   const std::string& description) {
  if (in.size() % 3 != 0 || in.size() != out.size()) {
    return Error{"colour: cannot apply " + description + " to buffers of " +
                 std::to_string(in.size()) + " and " + std::to_string(out.size()) +
                 " values (need equal sizes, 3 per pixel)"};
  }
  constexpr long kRowPixels = 4096;
  const long pixels = static_cast<long>(in.size() / 3);
  const long full_rows = pixels / kRowPixels;
  try {
    const auto run = [&](std::size_t first_value, long width, long height) {
      auto source = packedRows(in.data() + first_value, width, height);
      auto destination = packedRows(out.data() + first_value, width, height);
      if (static_cast<const void*>(in.data()) == static_cast<const void*>(out.data())) {
        processor.apply(destination);  // in place
      } else {
        processor.apply(source, destination);
      }
    };
    if (full_rows > 0) run(0, kRowPixels, full_rows);
    if (const long rest = pixels % kRowPixels; rest > 0) {
      run(static_cast<std::size_t>(full_rows * kRowPixels) * 3, rest, 1);
    }
  } catch (const OCIO::Exception& e) {
    return Error{"colour: " + description + ": " + color::oneLine(e.what())};
  }
  return Status::success();
}

}  // namespace

ColorProcessorPtr color::makeProcessor(const OCIO::ConstProcessorRcPtr& processor,
                                       std::string description) {
  auto impl = std::make_shared<ColorProcessor::Impl>();
  impl->u8_to_u8 = processor->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_UINT8, OCIO::BIT_DEPTH_UINT8,
                                                       OCIO::OPTIMIZATION_DEFAULT);
  impl->u8_to_f32 = processor->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_UINT8, OCIO::BIT_DEPTH_F32,
                                                        OCIO::OPTIMIZATION_DEFAULT);
  impl->f32_to_f32 = processor->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_F32,
                                                         OCIO::OPTIMIZATION_DEFAULT);
  impl->no_op = processor->isNoOp();
  impl->description = std::move(description);
  return std::make_shared<const ColorProcessor>(std::move(impl));
}

ColorProcessor::ColorProcessor(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Status ColorProcessor::apply(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) const {
  return applyPacked(*impl_->u8_to_u8, in, out, impl_->description);
}

Status ColorProcessor::apply(std::span<const std::uint8_t> in, std::span<float> out) const {
  return applyPacked(*impl_->u8_to_f32, in, out, impl_->description);
}

Status ColorProcessor::apply(std::span<const float> in, std::span<float> out) const {
  return applyPacked(*impl_->f32_to_f32, in, out, impl_->description);
}

bool ColorProcessor::isNoOp() const { return impl_->no_op; }
const std::string& ColorProcessor::description() const { return impl_->description; }

}  // namespace liveframe
