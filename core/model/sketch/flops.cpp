// Arithmetic per frame of the sketch model, counted from its shapes (bench's FLOP/s figure).
#include "sketch/flops.h"

namespace liveframe::sketch {

double flopsPerFrame(const SketchConfig& c) {
  const double d = c.dim, tokens = c.tokensPerFrame();
  const double keys = static_cast<double>(c.sink_frames + c.window_frames + 1) * tokens;
  // Multiply-adds per token per block: projections (qkv 3, out 1, cross q 1, cross out 1),
  // the MLP (2 * ratio), self-attention over every cache slot, cross-attention over the text.
  const double per_token =
      (6.0 + 2.0 * c.mlp_ratio) * d * d + 2.0 * keys * d + 2.0 * c.text_queries * d;
  const double passes = c.passesPerFrame();
  const double transformer = passes * tokens * per_token * c.layers;
  // Decoder convolutions (3x3): conv_in, res blocks at the coarsest levels, one conv per level.
  double decoder = 0;
  double side = c.latent_grid;
  const auto& ch = c.decoder_channels;
  decoder += 9.0 * c.latent_channels * ch[0] * side * side;
  for (std::size_t i = 0; i + 1 < ch.size(); ++i) {
    if (i < 2) decoder += 2 * 9.0 * ch[i] * ch[i] * side * side;
    side *= 2;
    decoder += 9.0 * ch[i] * ch[i + 1] * side * side;
  }
  decoder += 9.0 * ch.back() * 3.0 * c.pixel_shuffle * c.pixel_shuffle * side * side;
  return 2.0 * (transformer + decoder);
}

}  // namespace liveframe::sketch
