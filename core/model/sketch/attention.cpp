#include "sketch/attention.h"

namespace liveframe::sketch {

RmsNormImpl::RmsNormImpl(int64_t dim) { weight = register_parameter("weight", torch::ones({dim})); }

torch::Tensor RmsNormImpl::forward(const torch::Tensor& x) {
  return x * torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6) * weight;
}

}  // namespace liveframe::sketch
