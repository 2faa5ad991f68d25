// Shared pieces of the `liveframe` subcommands.
#pragma once

#include <CLI/CLI.hpp>

#include <atomic>
#include <string>
#include <utility>

#include "liveframe/model.h"
#include "liveframe/result.h"
#include "liveframe/session.h"

namespace liveframe::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Set by SIGINT/SIGTERM; long-running commands poll it and stop cleanly.
std::atomic<bool>& interrupted();
void installSignalHandlers();

// Prints "liveframe: error: MESSAGE" on stderr and returns kExitFailure.
int fail(const std::string& message);

// The number at the start of `text` and how many characters it took (0: none there).
std::pair<double, std::size_t> leadingNumber(const std::string& text);

// "WIDTHxHEIGHT" (e.g. 832x480) → width, height ≥ 1; a one-line error naming `what` otherwise.
Status parseFrameSize(const std::string& text, const std::string& what, int& width, int& height);

std::string appVersion();
// Where the built-in model's weights file is missing, `--model sketch` streams its
// architecture at random weights (with a note on stderr) instead of failing.
bool useRandomWeightsFallback(const std::string& model, bool random_weights);

// The header of a session recorded now from a model.
SessionHeader sessionHeader(const ModelInfo& info, std::uint64_t seed);

// Each subcommand registers itself and sets *exit_code when it runs.
void addRunCommand(CLI::App& app, int* exit_code);
void addInfoCommand(CLI::App& app, int* exit_code);
void addRecoverCommand(CLI::App& app, int* exit_code);
void addModelsCommand(CLI::App& app, int* exit_code);
void addBenchCommand(CLI::App& app, int* exit_code);
void addTrainCommand(CLI::App& app, int* exit_code);
void addEvalCommand(CLI::App& app, int* exit_code);
void addExportCommand(CLI::App& app, int* exit_code);
void addVerifyCommand(CLI::App& app, int* exit_code);
void addRenderCommand(CLI::App& app, int* exit_code);
void addCheckVectorsCommand(CLI::App& app, int* exit_code);

}  // namespace liveframe::cli
