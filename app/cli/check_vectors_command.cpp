// `liveframe check-vectors`: runs a Wan component against a reference vector file and prints
// how closely it agrees (max absolute and relative error); exits 1 above the tolerance.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/common.h"
#include "wan/vector_check.h"

namespace liveframe::cli {

void addCheckVectorsCommand(CLI::App& app, int* exit_code) {
  struct Args {
    std::string weights;
    std::string vectors;
    double tolerance = 1e-4;
    bool json = false;
    bool all = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "check-vectors",
      "Run a Wan component (causal DiT stream, umT5 encoder) against a reference vector file");
  cmd->add_option("--weights", args->weights, "Component weights (X.weights.safetensors)")
      ->required();
  cmd->add_option("--vectors", args->vectors, "Reference vectors (X.vectors.safetensors)")
      ->required();
  cmd->add_option("--tolerance", args->tolerance,
                  "Largest relative error accepted (max |error| / max |reference| per tensor)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--all", args->all, "List every tensor compared, not only the worst five");
  cmd->add_flag("--json", args->json, "Print JSON instead of a table");
  cmd->callback([args, exit_code] {
    auto report = wan::checkVectors(args->weights, args->vectors);
    if (!report) {
      *exit_code = fail(report.error());
      return;
    }
    const bool passed = report->worstRelativeError() <= args->tolerance;
    auto tensors = report->tensors;
    std::stable_sort(tensors.begin(), tensors.end(), [](const auto& a, const auto& b) {
      return a.relative_error > b.relative_error;
    });
    if (!args->all && tensors.size() > 5) tensors.resize(5);
    if (args->json) {
      nlohmann::json out{{"component", report->component},
                         {"tensors_compared", report->tensors.size()},
                         {"max_abs_error", report->worstAbsError()},
                         {"max_relative_error", report->worstRelativeError()},
                         {"tolerance", args->tolerance},
                         {"passed", passed}};
      for (const auto& tensor : tensors) {
        out["tensors"].push_back({{"name", tensor.name},
                                  {"elements", tensor.elements},
                                  {"max_abs_error", tensor.max_abs_error},
                                  {"relative_error", tensor.relative_error}});
      }
      std::cout << out.dump(2) << "\n";
    } else {
      std::cout << report->component << ": " << report->tensors.size()
                << " tensors compared, max abs error " << std::setprecision(3)
                << report->worstAbsError() << ", max relative error "
                << report->worstRelativeError() << " (tolerance " << args->tolerance << ")\n";
      for (const auto& tensor : tensors) {
        std::cout << "  " << std::left << std::setw(28) << tensor.name << " abs " << std::setw(10)
                  << tensor.max_abs_error << " rel " << tensor.relative_error << "\n";
      }
    }
    if (!passed) {
      std::ostringstream message;
      message << std::setprecision(3) << report->component
              << " disagrees with the vectors: relative error " << report->worstRelativeError()
              << " above the tolerance " << args->tolerance;
      *exit_code = fail(message.str());
    }
  });
}

}  // namespace liveframe::cli
