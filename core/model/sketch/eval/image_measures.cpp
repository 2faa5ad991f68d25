#include "sketch/eval/image_measures.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace liveframe::sketch {
namespace {

float luma(const std::uint8_t* pixel) {
  return 0.2126f * pixel[0] + 0.7152f * pixel[1] + 0.0722f * pixel[2];
}

// Luminance with each row's mean removed: only horizontal structure is left to correlate.
std::vector<float> rowCentredLuma(const std::uint8_t* rgb, int width, int height) {
  std::vector<float> out(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) {
    float* row = out.data() + static_cast<std::size_t>(y) * width;
    double sum = 0;
    for (int x = 0; x < width; ++x) {
      row[x] = luma(rgb + (static_cast<std::size_t>(y) * width + x) * 3);
      sum += row[x];
    }
    const auto mean = static_cast<float>(sum / width);
    for (int x = 0; x < width; ++x) row[x] -= mean;
  }
  return out;
}

// Normalised cross-correlation of the two images when `current` is `previous` moved by `shift`.
double correlationAt(const std::vector<float>& previous, const std::vector<float>& current,
                     int width, int height, int shift) {
  double product = 0, energy_previous = 0, energy_current = 0;
  const int x0 = std::max(0, -shift), x1 = std::min(width, width - shift);
  for (int y = 0; y < height; ++y) {
    const float* p = previous.data() + static_cast<std::size_t>(y) * width;
    const float* c = current.data() + static_cast<std::size_t>(y) * width;
    for (int x = x0; x < x1; ++x) {
      product += static_cast<double>(p[x]) * c[x + shift];
      energy_previous += static_cast<double>(p[x]) * p[x];
      energy_current += static_cast<double>(c[x + shift]) * c[x + shift];
    }
  }
  const double norm = std::sqrt(energy_previous * energy_current);
  return norm > 0 ? product / norm : 0.0;
}

}  // namespace

ImageStats imageStats(const std::uint8_t* rgb, int width, int height) {
  const std::size_t count = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  double luma_sum = 0, luma_squares = 0, saturation_sum = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* pixel = rgb + i * 3;
    const double y = luma(pixel) / 255.0;
    luma_sum += y;
    luma_squares += y * y;
    const int high = std::max({pixel[0], pixel[1], pixel[2]});
    const int low = std::min({pixel[0], pixel[1], pixel[2]});
    saturation_sum += high > 0 ? static_cast<double>(high - low) / high : 0.0;
  }
  ImageStats stats;
  const double n = static_cast<double>(std::max<std::size_t>(count, 1));
  const double mean = luma_sum / n;
  stats.luminance_mean = 100.0 * mean;
  stats.luminance_stddev = 100.0 * std::sqrt(std::max(0.0, luma_squares / n - mean * mean));
  stats.saturation_mean = 100.0 * saturation_sum / n;
  return stats;
}

double horizontalShift(const std::uint8_t* previous, const std::uint8_t* current, int width,
                       int height, int max_shift_px) {
  if (width <= 2 * max_shift_px || max_shift_px < 1) {
    throw std::invalid_argument("horizontalShift: the frame is too narrow for the shift range");
  }
  const auto a = rowCentredLuma(previous, width, height);
  const auto b = rowCentredLuma(current, width, height);
  std::vector<double> scores(static_cast<std::size_t>(2 * max_shift_px + 1));
  for (int shift = -max_shift_px; shift <= max_shift_px; ++shift) {
    scores[static_cast<std::size_t>(shift + max_shift_px)] =
        correlationAt(a, b, width, height, shift);
  }
  const auto best =
      static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
  double offset = 0;
  if (best > 0 && best + 1 < static_cast<int>(scores.size())) {
    const double left = scores[static_cast<std::size_t>(best - 1)];
    const double centre = scores[static_cast<std::size_t>(best)];
    const double right = scores[static_cast<std::size_t>(best + 1)];
    const double curvature = left - 2 * centre + right;
    if (curvature < 0) offset = 0.5 * (left - right) / curvature;
  }
  return best - max_shift_px + offset;
}

SwitchLatency switchLatency(std::span<const SkyReading> readings, Sky target,
                            std::int64_t submitted_us, int confirm_frames) {
  SwitchLatency latency;
  if (readings.empty()) return latency;
  const int confirm = std::max(1, confirm_frames);
  int run = 0;
  for (std::size_t i = 0; i < readings.size(); ++i) {
    run = readings[i].sky == target ? run + 1 : 0;
    if (run < confirm) continue;
    const SkyReading& first = readings[i + 1 - static_cast<std::size_t>(confirm)];
    latency.detected = true;
    latency.frames = first.frame_index - readings.front().frame_index + 1;
    latency.ms = static_cast<double>(first.time_us - submitted_us) / 1000.0;
    return latency;
  }
  return latency;
}

Summary summarize(std::vector<double> values) {
  Summary summary;
  summary.count = static_cast<int>(values.size());
  if (values.empty()) return summary;
  std::sort(values.begin(), values.end());
  const double middle = 0.5 * static_cast<double>(values.size() - 1);
  const auto low = static_cast<std::size_t>(std::floor(middle));
  const auto high = static_cast<std::size_t>(std::ceil(middle));
  summary.p50 = values[low] + (values[high] - values[low]) * (middle - static_cast<double>(low));
  summary.max = values.back();
  return summary;
}

}  // namespace liveframe::sketch
