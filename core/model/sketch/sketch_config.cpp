#include "sketch/sketch_config.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace liveframe::sketch {
namespace {

std::string joinInts(const std::vector<int>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + std::to_string(values[i]);
  return out;
}

std::string joinFloats(const std::vector<float>& values) {
  std::ostringstream out;
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? "," : "") << values[i];
  return out.str();
}

// Reads metadata fields into a config, collecting the first problem as an error line.
class Reader {
 public:
  explicit Reader(const std::map<std::string, std::string>& metadata) : metadata_(metadata) {}

  void read(const char* key, int& out) {
    const std::string* text = find(key);
    if (!text) return;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), out);
    if (ec != std::errc() || end != text->data() + text->size() || out < 0) fail(key, *text);
  }
  void read(const char* key, float& out) {
    const std::string* text = find(key);
    if (!text) return;
    std::istringstream in(*text);
    if (!(in >> out)) fail(key, *text);
  }
  void read(const char* key, std::vector<int>& out) {
    const std::string* text = find(key);
    if (!text) return;
    out.clear();
    std::istringstream in(*text);
    for (std::string item; std::getline(in, item, ',');) {
      int value = 0;
      const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
      if (ec != std::errc() || end != item.data() + item.size() || value <= 0)
        return fail(key, *text);
      out.push_back(value);
    }
  }
  void read(const char* key, std::vector<float>& out) {
    const std::string* text = find(key);
    if (!text) return;
    out.clear();
    std::istringstream in(*text);
    for (std::string item; std::getline(in, item, ',');) {
      try {
        out.push_back(std::stof(item));
      } catch (const std::exception&) {
        return fail(key, *text);
      }
    }
  }
  const std::string& error() const { return error_; }

 private:
  const std::string* find(const char* key) const {
    const auto it = metadata_.find(std::string("sketch.") + key);
    return it == metadata_.end() ? nullptr : &it->second;
  }
  void fail(const char* key, const std::string& text) {
    if (error_.empty()) error_ = std::string("bad value '") + text + "' for sketch." + key;
  }
  const std::map<std::string, std::string>& metadata_;
  std::string error_;
};

}  // namespace

std::map<std::string, std::string> SketchConfig::toMetadata() const {
  std::map<std::string, std::string> m;
  auto put = [&](const char* key, std::string value) { m[std::string("sketch.") + key] = value; };
  put("image_size", std::to_string(image_size));
  put("fps", std::to_string(fps));
  put("latent_channels", std::to_string(latent_channels));
  put("latent_grid", std::to_string(latent_grid));
  put("decoder_channels", joinInts(decoder_channels));
  put("pixel_shuffle", std::to_string(pixel_shuffle));
  put("patch", std::to_string(patch));
  put("latent_scale", joinFloats({latent_scale}));
  put("text_dim", std::to_string(text_dim));
  put("text_layers", std::to_string(text_layers));
  put("text_heads", std::to_string(text_heads));
  put("text_max_tokens", std::to_string(text_max_tokens));
  put("text_queries", std::to_string(text_queries));
  put("dim", std::to_string(dim));
  put("layers", std::to_string(layers));
  put("heads", std::to_string(heads));
  put("mlp_ratio", std::to_string(mlp_ratio));
  put("window_frames", std::to_string(window_frames));
  put("sink_frames", std::to_string(sink_frames));
  put("sampling_timesteps", joinFloats(sampling_timesteps));
  put("context_noise", joinFloats({context_noise}));
  put("guidance_scale", joinFloats({guidance_scale}));
  put("guided_steps", std::to_string(guided_steps));
  return m;
}

Result<SketchConfig> SketchConfig::fromMetadata(
    const std::map<std::string, std::string>& metadata) {
  SketchConfig c;
  Reader r(metadata);
  r.read("image_size", c.image_size);
  r.read("fps", c.fps);
  r.read("latent_channels", c.latent_channels);
  r.read("latent_grid", c.latent_grid);
  r.read("decoder_channels", c.decoder_channels);
  r.read("pixel_shuffle", c.pixel_shuffle);
  r.read("patch", c.patch);
  r.read("latent_scale", c.latent_scale);
  r.read("text_dim", c.text_dim);
  r.read("text_layers", c.text_layers);
  r.read("text_heads", c.text_heads);
  r.read("text_max_tokens", c.text_max_tokens);
  r.read("text_queries", c.text_queries);
  r.read("dim", c.dim);
  r.read("layers", c.layers);
  r.read("heads", c.heads);
  r.read("mlp_ratio", c.mlp_ratio);
  r.read("window_frames", c.window_frames);
  r.read("sink_frames", c.sink_frames);
  r.read("sampling_timesteps", c.sampling_timesteps);
  r.read("context_noise", c.context_noise);
  r.read("guidance_scale", c.guidance_scale);
  r.read("guided_steps", c.guided_steps);
  if (!r.error().empty()) return Error{r.error()};
  const int levels = static_cast<int>(c.decoder_channels.size()) - 1;
  if (levels < 1 || levels > 6 || c.pixel_shuffle < 1 ||
      (c.latent_grid << levels) * c.pixel_shuffle != c.image_size) {
    return Error{"sketch config: latent_grid " + std::to_string(c.latent_grid) + " with " +
                 std::to_string(levels) + " upsampling levels and pixel shuffle " +
                 std::to_string(c.pixel_shuffle) + " does not reach image_size " +
                 std::to_string(c.image_size)};
  }
  if (c.patch < 1 || c.latent_grid % c.patch != 0) {
    return Error{"sketch config: latent_grid must be a multiple of patch"};
  }
  if (c.dim % c.heads != 0 || c.text_dim % c.text_heads != 0) {
    return Error{"sketch config: dim must be a multiple of heads"};
  }
  if (!std::isfinite(c.guidance_scale) || c.guidance_scale < 0.0f || c.context_noise < 0.0f ||
      c.context_noise >= 1.0f) {
    return Error{"sketch config: guidance_scale must be >= 0 and context_noise in [0, 1)"};
  }
  if (c.sampling_timesteps.empty() || c.sink_frames < 0 || c.window_frames < 1) {
    return Error{"sketch config: needs at least one sampling step and a window of >= 1 frame"};
  }
  return c;
}

int SketchConfig::passesPerFrame() const {
  const int steps = static_cast<int>(sampling_timesteps.size());
  return steps + (guided() ? std::min(guided_steps, steps) : 0) + 1;
}

SketchConfig SketchConfig::tiny() {
  SketchConfig c;
  c.image_size = 64;
  c.latent_channels = 8;
  c.latent_grid = 4;
  c.decoder_channels = {32, 16, 8};
  c.text_dim = 32;
  c.text_layers = 1;
  c.text_heads = 2;
  c.text_queries = 4;
  c.dim = 64;
  c.layers = 2;
  c.heads = 2;
  c.window_frames = 3;
  return c;
}

}  // namespace liveframe::sketch
