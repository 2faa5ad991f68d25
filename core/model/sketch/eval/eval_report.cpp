#include "sketch/eval/eval_report.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

namespace liveframe::sketch {
namespace {

using nlohmann::json;

// + 0.0 turns a rounded -0.0 into 0.0, which reads better in JSON.
double points(double fraction) { return std::round(1000.0 * fraction) / 10.0 + 0.0; }
double rounded(double value) { return std::round(100.0 * value) / 100.0 + 0.0; }

json perAttribute(const std::map<std::string, double>& scores) {
  json out = json::object();
  for (const auto& [head, score] : scores) out[head] = points(score);
  return out;
}

json adherenceJson(const AdherenceResult& result, bool with_prompts) {
  json out = {{"overall", points(result.overall)},
              {"per_attribute", perAttribute(result.per_attribute)}};
  if (!with_prompts) return out;
  out["prompts"] = json::array();
  for (const auto& prompt : result.prompts) {
    double sum = 0;
    for (const auto& [head, score] : prompt.per_attribute) sum += score;
    const double overall =
        prompt.per_attribute.empty() ? 0.0 : sum / static_cast<double>(prompt.per_attribute.size());
    out["prompts"].push_back({{"prompt", prompt.prompt},
                              {"frames", prompt.frames},
                              {"overall", points(overall)},
                              {"per_attribute", perAttribute(prompt.per_attribute)}});
  }
  return out;
}

json windowJson(const DriftWindow& window) {
  return {{"frames", window.frames},
          {"adherence", points(window.adherence)},
          {"luminance_mean", rounded(window.stats.luminance_mean)},
          {"luminance_stddev", rounded(window.stats.luminance_stddev)},
          {"saturation_mean", rounded(window.stats.saturation_mean)}};
}

json driftJson(const DriftResult& drift) {
  const auto& a = drift.first;
  const auto& b = drift.last;
  return {{"prompt", drift.prompt},
          {"minutes", rounded(drift.minutes)},
          {"frames", drift.frames},
          {"window_minutes", rounded(drift.window_minutes)},
          {"first", windowJson(a)},
          {"last", windowJson(b)},
          {"delta_points",
           {{"adherence", rounded(100.0 * (b.adherence - a.adherence))},
            {"luminance_mean", rounded(b.stats.luminance_mean - a.stats.luminance_mean)},
            {"luminance_stddev", rounded(b.stats.luminance_stddev - a.stats.luminance_stddev)},
            {"saturation_mean", rounded(b.stats.saturation_mean - a.stats.saturation_mean)}}}};
}

json switchJson(const SwitchResult& result) {
  json each = json::array();
  for (const auto& record : result.switches) {
    each.push_back({{"from", record.from},
                    {"to", record.to},
                    {"detected", record.latency.detected},
                    {"frames", record.latency.frames},
                    {"ms", rounded(record.latency.ms)}});
  }
  return {{"switches", result.switches.size()},
          {"detected", result.detected},
          {"frames", {{"p50", rounded(result.frames.p50)}, {"max", rounded(result.frames.max)}}},
          {"ms", {{"p50", rounded(result.ms.p50)}, {"max", rounded(result.ms.max)}}},
          {"each", each}};
}

// In head order (sky first), which reads better than the map's alphabetical order.
std::string attributeLine(const AdherenceResult& result) {
  std::string line;
  for (ProbeHead head : kProbeHeads) {
    const auto score = result.per_attribute.find(std::string(name(head)));
    if (score == result.per_attribute.end()) continue;
    char cell[48];
    std::snprintf(cell, sizeof cell, "%s%s %.1f%%", line.empty() ? "" : "  ",
                  std::string(name(head)).c_str(), 100.0 * score->second);
    line += cell;
  }
  return line;
}

}  // namespace

std::string reportJson(const EvalReport& report, int indent) {
  const json out = {{"model",
                     {{"id", report.model.id},
                      {"weights", report.model.weights_hash},
                      {"resolution", std::to_string(report.model.width) + "x" +
                                         std::to_string(report.model.height)}}},
                    {"probe", report.probe},
                    {"adherence", adherenceJson(report.adherence, true)},
                    {"reference_world_frames", adherenceJson(report.reference, false)},
                    {"switch_latency", switchJson(report.switching)},
                    {"drift", driftJson(report.drift)},
                    {"action",
                     {{"agreement", points(report.action.agreement)},
                      {"pan_left_agreement", points(report.action.left_agreement)},
                      {"pan_right_agreement", points(report.action.right_agreement)},
                      {"pan_left_mean_shift_px", rounded(report.action.left_mean_shift_px)},
                      {"pan_right_mean_shift_px", rounded(report.action.right_mean_shift_px)},
                      {"pairs", report.action.pairs}}}};
  return out.dump(indent);
}

std::string reportTable(const EvalReport& r) {
  std::ostringstream out;
  char line[512];
  auto row = [&](const char* label, const std::string& value) {
    std::snprintf(line, sizeof line, "  %-26s %s\n", label, value.c_str());
    out << line;
  };
  auto format = [&](const char* pattern, auto... values) {
    std::snprintf(line, sizeof line, pattern, values...);
    return std::string(line);
  };
  out << "liveframe eval: " << r.model.id << " (weights " << r.model.weights_hash << ", "
      << r.model.width << "x" << r.model.height << "), probe " << r.probe << "\n";
  row("adherence",
      format("%.1f%% over %zu prompts", 100.0 * r.adherence.overall, r.adherence.prompts.size()));
  row("  per attribute", attributeLine(r.adherence));
  row("  world frames (ceiling)",
      format("%.1f%%  (%s)", 100.0 * r.reference.overall, attributeLine(r.reference).c_str()));
  const auto& s = r.switching;
  row("switch latency (sky)",
      format("p50 %.1f frames / %.0f ms, max %.0f frames / %.0f ms (%d of %zu detected)",
             s.frames.p50, s.ms.p50, s.frames.max, s.ms.max, s.detected, s.switches.size()));
  const auto& d = r.drift;
  row("drift",
      format("%.2f min stream, first vs last %.2f min window", d.minutes, d.window_minutes));
  row("  adherence",
      format("%.1f%% -> %.1f%% (%+.1f points)", 100.0 * d.first.adherence, 100.0 * d.last.adherence,
             100.0 * (d.last.adherence - d.first.adherence)));
  const auto stat = [&](const char* label, double a, double b) {
    row(label, format("%.1f -> %.1f (%+.1f points)", a, b, b - a));
  };
  stat("  luminance mean", d.first.stats.luminance_mean, d.last.stats.luminance_mean);
  stat("  luminance stddev", d.first.stats.luminance_stddev, d.last.stats.luminance_stddev);
  stat("  saturation mean", d.first.stats.saturation_mean, d.last.stats.saturation_mean);
  const auto& a = r.action;
  row("action response",
      format("%.1f%% of %d frame pairs move the right way", 100.0 * a.agreement, a.pairs));
  row("  pan left / pan right",
      format("%.1f%% (%+.2f px/frame) / %.1f%% (%+.2f px/frame)", 100.0 * a.left_agreement,
             a.left_mean_shift_px, 100.0 * a.right_agreement, a.right_mean_shift_px));
  return out.str();
}

}  // namespace liveframe::sketch
