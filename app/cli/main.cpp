// `liveframe`: the command-line face of the engine (stream, record, inspect, benchmark).
#include <csignal>
#include <iostream>

#include "cli/common.h"

int main(int argc, char** argv) {
  using namespace liveframe::cli;
  // A file-size limit must come back as an error ("File too large"), not kill the recorder.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"Liveframe: real-time AI video from the command line", "liveframe"};
  app.set_version_flag("--version", appVersion());
  app.require_subcommand(1);
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "liveframe: error: " + std::string(e.what()) + " (see --help)\n";
  });
  int exit_code = kExitOk;
  addRunCommand(app, &exit_code);
  addInfoCommand(app, &exit_code);
  addRecoverCommand(app, &exit_code);
  addModelsCommand(app, &exit_code);
  addBenchCommand(app, &exit_code);
  addTrainCommand(app, &exit_code);
  addEvalCommand(app, &exit_code);
  addExportCommand(app, &exit_code);
  addVerifyCommand(app, &exit_code);
  addRenderCommand(app, &exit_code);
  addCheckVectorsCommand(app, &exit_code);
  // CLI11 reports a mistyped command as "a subcommand is required"; name it instead.
  const std::string first = argc > 1 ? argv[1] : "";
  const auto known =
      app.get_subcommands([&](const CLI::App* sub) { return sub->get_name() == first; });
  if (!first.empty() && first[0] != '-' && known.empty()) {
    std::cerr << "liveframe: error: unknown command '" << argv[1]
              << "' (commands: run, info, recover, models, bench, train, eval, export, verify, "
                 "render, check-vectors; see --help)\n";
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return exit_code;
}
