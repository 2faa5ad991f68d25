#include "baked_lut.h"

#include "lut_textures.h"

namespace liveframe::gpu {

Result<LutTexture> bakeDisplayLut(const ColorConfig& config, const DisplayViewRequest& request,
                                  int edge) {
  Result<ColorProcessorPtr> processor = config.displayProcessor(request);
  if (!processor.ok()) return Error{processor.error()};
  const std::size_t points = static_cast<std::size_t>(edge) * edge * edge;
  // Lattice point i holds the source value (i / (edge - 1))^2: a square-root shaper spends
  // the points near black, where display transforms are steepest (sRGB -> BT.1886 is ~5 codes
  // off there with an even lattice). Red varies fastest, matching the texture's x axis.
  std::vector<float> levels(static_cast<std::size_t>(edge));
  for (int i = 0; i < edge; ++i) {
    const float u = static_cast<float>(i) / static_cast<float>(edge - 1);
    levels[static_cast<std::size_t>(i)] = u * u;
  }
  std::vector<float> lattice(points * 3);
  std::size_t i = 0;
  for (float blue : levels) {
    for (float green : levels) {
      for (float red : levels) {
        lattice[i++] = red;
        lattice[i++] = green;
        lattice[i++] = blue;
      }
    }
  }
  if (Status status = processor.value()->apply(lattice, lattice); !status.ok()) {
    return Error{status.error()};
  }
  LutTexture lut;
  lut.sampler_name = "lf_lut";
  lut.binding = 1;
  lut.shape = LutTexture::Shape::k3D;
  lut.width = lut.height = lut.depth = static_cast<std::uint32_t>(edge);
  lut.channels = 4;
  lut.linear_filter = true;
  lut.texels = toHalfTexels(lattice.data(), points, 3);
  return lut;
}

}  // namespace liveframe::gpu
