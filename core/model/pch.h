// Precompiled header for libtorch-heavy translation units (torch/torch.h costs ~10 s a unit).
#pragma once
#include <torch/torch.h>
