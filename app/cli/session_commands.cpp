// `liveframe info`, `recover` and `models`.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/common.h"
#include "liveframe/model.h"
#include "liveframe/session.h"

namespace liveframe::cli {
namespace {

using nlohmann::json;

std::string hex(std::uint64_t value) {
  std::ostringstream out;
  out << std::hex << std::setw(16) << std::setfill('0') << value;
  return out.str();
}

json sessionJson(const Session& session) {
  const auto& h = session.header();
  json out;
  out["folder"] = session.folder().string();
  out["header"] = {{"format_version", h.format_version},
                   {"model_id", h.model_id},
                   {"weights_hash", h.weights_hash},
                   {"seed", h.seed},
                   {"width", h.width},
                   {"height", h.height},
                   {"fps", h.fps},
                   {"app_version", h.app_version},
                   {"start_time_utc", h.start_time_utc}};
  const auto& r = session.report();
  out["recovery"] = {{"clean", r.was_clean},         {"frames_recovered", r.frames_recovered},
                     {"frames_lost", r.frames_lost}, {"events_recovered", r.events_recovered},
                     {"events_lost", r.events_lost}, {"bytes_truncated", r.bytes_truncated},
                     {"details", r.details},         {"summary", r.summary()}};
  json events = json::array();
  for (const auto& e : session.events()) {
    json payload = json::parse(e.payload_json, nullptr, false);
    events.push_back({{"id", e.id},
                      {"frame_index", e.frame_index},
                      {"time_us", e.time_us},
                      {"type", e.type},
                      {"payload", payload}});
  }
  out["events"] = events;
  json frames = json::array();
  for (const auto& f : session.frames()) {
    frames.push_back(
        {{"frame_index", f.frame_index}, {"time_us", f.time_us}, {"checksum", hex(f.checksum)}});
  }
  out["frames"] = frames;
  return out;
}

void printText(const Session& session) {
  const auto& h = session.header();
  const auto& frames = session.frames();
  const double duration_s = frames.empty() ? 0 : frames.back().time_us / 1e6;
  std::cout << session.folder().string() << "\n"
            << "  model      " << h.model_id << " (weights " << h.weights_hash << ")\n"
            << "  seed       " << h.seed << "\n"
            << "  frames     " << frames.size() << " at " << h.width << "x" << h.height << ", "
            << h.fps << " fps, " << std::fixed << std::setprecision(2) << duration_s << " s\n"
            << "  recorded   " << h.start_time_utc << " by Liveframe " << h.app_version << "\n"
            << "  state      " << session.report().summary() << "\n"
            << "  events     " << session.events().size() << "\n";
  for (const auto& e : session.events()) {
    std::cout << "    frame " << std::setw(6) << e.frame_index << "  " << std::setw(10) << e.type
              << "  " << e.payload_json << "\n";
  }
}

}  // namespace

void addInfoCommand(CLI::App& app, int* exit_code) {
  auto folder = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("info", "Describe a recorded session (every event and frame)");
  cmd->add_option("session", *folder, "Session folder (NAME.lfsession)")->required();
  cmd->add_flag("--json", *as_json,
                "Machine-readable: every event and every frame's index, time, checksum");
  cmd->callback([=] {
    auto session = Session::open(*folder, Session::Mode::ReadOnly);
    if (!session.ok()) {
      *exit_code = fail(session.error());
      return;
    }
    if (*as_json) {
      std::cout << sessionJson(**session).dump(1) << "\n";
    } else {
      printText(**session);
    }
  });
}

void addRecoverCommand(CLI::App& app, int* exit_code) {
  auto folder = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "recover",
      "Repair a session a crash left open: keep every intact frame, truncate torn tails");
  cmd->add_option("session", *folder, "Session folder (NAME.lfsession)")->required();
  cmd->callback([=] {
    auto session = Session::open(*folder, Session::Mode::Repair);
    if (!session.ok()) {
      *exit_code = fail(session.error());
      return;
    }
    const auto& report = (*session)->report();
    std::cout << report.summary() << "\n";
    for (const auto& line : report.details) std::cout << "  " << line << "\n";
  });
}

void addModelsCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("models", "List the models this build knows and what they need");
  auto folders = std::make_shared<std::vector<std::string>>();
  cmd->add_option("folders", *folders,
                  "Model folders to inspect (Wan: which released files were found, which are "
                  "missing)");
  cmd->callback([=] {
    std::vector<std::filesystem::path> paths;
    for (const auto& folder : *folders) {
      std::error_code ec;
      if (!std::filesystem::is_directory(folder, ec)) {
        *exit_code = fail(folder + ": no such folder");
        return;
      }
      paths.emplace_back(folder);
    }
    for (const auto& entry : listModels(paths)) {
      std::cout << std::left << std::setw(10) << entry.id << " "
                << (entry.available ? "ready    " : "missing  ") << entry.description << "\n"
                << std::setw(10) << ""
                << " weights: " << entry.weights.string() << "\n";
      for (const auto& line : entry.details) std::cout << std::setw(10) << "" << " " << line << "\n";
      if (!entry.available)
        std::cout << std::setw(10) << ""
                  << " missing: " << entry.missing << "\n";
    }
  });
}

}  // namespace liveframe::cli
