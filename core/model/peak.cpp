// The machine's matmul peak, for bench's "achieved vs peak" figure.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>

#include "liveframe/model.h"

namespace liveframe {

double measureMatmulGflops(int threads) {
  if (threads > 0) at::set_num_threads(threads);
  constexpr int64_t n = 1024;
  const auto a = at::randn({n, n});
  const auto b = at::randn({n, n});
  auto c = at::mm(a, b);  // warm-up
  double best = 0;
  for (int round = 0; round < 5; ++round) {
    const auto start = std::chrono::steady_clock::now();
    constexpr int repeats = 4;
    for (int i = 0; i < repeats; ++i) at::mm_out(c, a, b);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::max(best, 2.0 * n * n * n * repeats / seconds / 1e9);
  }
  return best;
}

}  // namespace liveframe
