// How an evaluation is shown: a table for people and JSON for scripts (the same numbers).
// Thread-safety: pure functions of their arguments.
#pragma once

#include <string>

#include "sketch/eval/evaluator.h"

namespace liveframe::sketch {

// Fractions become percentages; drift deltas are last minus first, in points.
std::string reportJson(const EvalReport& report, int indent = 2);
std::string reportTable(const EvalReport& report);

}  // namespace liveframe::sketch
