#include "cli/prompt_script.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "liveframe/engine.h"
#include "liveframe/model.h"

namespace liveframe::cli {
namespace {

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

Result<std::int64_t> parseTime(const std::string& token, double fps) {
  try {
    std::size_t used = 0;
    if (!token.empty() && token[0] == 'f') {
      const long long frame = std::stoll(token.substr(1), &used);
      if (used + 1 != token.size() || frame < 0) throw std::invalid_argument(token);
      return static_cast<std::int64_t>(frame);
    }
    const double seconds = std::stod(token, &used);
    if (used != token.size() || !(seconds >= 0)) throw std::invalid_argument(token);
    return static_cast<std::int64_t>(std::llround(seconds * fps));
  } catch (const std::exception&) {
    return Error{"bad time '" + token + "' (seconds like 2.5, or a frame like f60)"};
  }
}

Result<Command> parseDirective(const std::string& name, const std::string& argument) {
  try {
    if (name == "transition") return Command{command::SetTransition{std::stoi(argument)}};
    if (name == "mark") return Command{command::Mark{argument}};
    if (name == "reset") return Command{command::Reset{std::stoull(argument)}};
    if (name == "pause") return Command{command::Pause{}};
    if (name == "resume") return Command{command::Resume{}};
    if (name == "actions") {
      auto actions = parseActions(argument);
      if (!actions.ok()) return Error{actions.error()};
      return Command{command::SetActions{*actions}};
    }
    if (name == "blend") {
      command::SetBlend blend;
      std::istringstream parts(argument);
      for (std::string part; std::getline(parts, part, '|');) {
        std::istringstream in(part);
        float weight = 0;
        std::string text;
        if (!(in >> weight)) return Error{"blend parts are 'WEIGHT text | WEIGHT text'"};
        std::getline(in, text);
        blend.prompts.emplace_back(trim(text), weight);
      }
      return Command{blend};
    }
  } catch (const std::exception&) {
    return Error{"bad argument '" + argument + "' for /" + name};
  }
  return Error{"unknown directive /" + name};
}

}  // namespace

Result<unsigned> parseActions(const std::string& text) {
  unsigned actions = kActionNone;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, '+');) {
    item = trim(item);
    if (item == "left")
      actions |= kActionPanLeft;
    else if (item == "right")
      actions |= kActionPanRight;
    else if (item == "in")
      actions |= kActionZoomIn;
    else if (item == "out")
      actions |= kActionZoomOut;
    else if (item != "none")
      return Error{"unknown action '" + item + "' (left, right, in, out, none)"};
  }
  return actions;
}

Result<std::vector<Event>> parsePromptScript(const std::string& text, double fps,
                                             const std::string& file_name) {
  std::vector<Event> events;
  std::istringstream lines(text);
  int line_number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++line_number;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    const auto where = file_name + ":" + std::to_string(line_number) + ": ";
    const auto space = line.find_first_of(" \t");
    if (space == std::string::npos) return Error{where + "expected 'TIME prompt text'"};
    auto frame = parseTime(line.substr(0, space), fps);
    if (!frame.ok()) return Error{where + frame.error()};
    const std::string rest = trim(line.substr(space));
    Command command = command::SetPrompt{rest};
    if (rest[0] == '/') {
      const auto gap = rest.find_first_of(" \t");
      auto parsed = parseDirective(rest.substr(1, gap == std::string::npos ? gap : gap - 1),
                                   gap == std::string::npos ? "" : trim(rest.substr(gap)));
      if (!parsed.ok()) return Error{where + parsed.error()};
      command = parsed.value();
    }
    if (const auto* prompt = std::get_if<command::SetPrompt>(&command)) {
      if (auto status = validatePrompt(prompt->text); !status.ok()) {
        return Error{where + status.error()};
      }
    }
    if (auto* blend = std::get_if<command::SetBlend>(&command)) {
      for (const auto& [prompt, weight] : blend->prompts) {
        if (auto status = validatePrompt(prompt); !status.ok())
          return Error{where + status.error()};
      }
    }
    Event event = eventFromCommand(command);
    event.frame_index = *frame;
    events.push_back(event);
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.frame_index < b.frame_index; });
  for (std::size_t i = 0; i < events.size(); ++i) events[i].id = i + 1;
  if (events.empty() || (events.front().type != "prompt" && events.front().type != "blend")) {
    if (std::none_of(events.begin(), events.end(),
                     [](const Event& e) { return e.type == "prompt" || e.type == "blend"; })) {
      return Error{file_name + ": the script has no prompt"};
    }
  }
  return events;
}

Result<std::vector<Event>> loadPromptScript(const std::filesystem::path& path, double fps) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path.string() + ": cannot read the prompt script"};
  std::ostringstream text;
  text << in.rdbuf();
  return parsePromptScript(text.str(), fps, path.filename().string());
}

}  // namespace liveframe::cli
