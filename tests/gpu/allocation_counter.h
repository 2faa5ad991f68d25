// Counts global operator new calls while armed (the test binary replaces operator new), to
// show that a hot path allocates nothing.
#pragma once

namespace liveframe::gpu::testing {

void startCountingAllocations();
long stopCountingAllocations();  // allocations since start

}  // namespace liveframe::gpu::testing
