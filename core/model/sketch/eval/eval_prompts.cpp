#include "sketch/eval/eval_prompts.h"

#include <algorithm>
#include <fstream>

namespace liveframe::sketch {
namespace {

// The subject head's accepted classes: every named subject must state the attribute.
template <typename Field>
std::vector<int> subjectClasses(const ParsedPrompt& prompt, Field field) {
  std::vector<int> classes;
  for (const ParsedSubject& subject : prompt.subjects) {
    const auto& value = subject.*field;
    if (!value) return {};
    const int index = static_cast<int>(*value);
    if (std::find(classes.begin(), classes.end(), index) == classes.end()) classes.push_back(index);
  }
  return classes;
}

std::string trimmed(const std::string& line) {
  const auto first = line.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  const auto last = line.find_last_not_of(" \t\r");
  return line.substr(first, last - first + 1);
}

}  // namespace

std::vector<std::string> defaultEvalPrompts() {
  return {
      "a red ball bouncing over the ocean at sunset",
      "an orange cube spinning in the desert at dawn",
      "a yellow star drifting left in a meadow during the day",
      "a green pyramid rising over snowy hills at night",
      "a blue ring drifting right over the city under the northern lights",
      "a purple ball over the ocean at night, raining",
      "a white cube in the desert during the day, snowing",
      "a red star over the city at dawn, foggy",
      "an orange ring in a meadow at sunset, clear weather",
      "a yellow pyramid over snowy hills under an aurora, falling snow",
      "a green ball bouncing over the city skyline at sunset, rain",
      "a blue cube spinning over the ocean at dawn, fog",
      "a purple star rising in the desert at night, clear skies",
      "a white ring over snowy hills during the day, clear",
      "an orange pyramid drifting left in a meadow under the northern lights, rain",
      "sunset, ocean, bouncing yellow ball, snowing",
      "night sky with stars above the desert, a red cube, misty",
      "aurora over the ocean, a white star spinning, clear weather",
      "a meadow at dawn, no objects, clear weather",
      "city skyline during the day, empty scene, rain",
  };
}

Result<std::vector<std::string>> loadPromptList(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return Error{"cannot read the prompt list " + path.string()};
  std::vector<std::string> prompts;
  std::string line;
  while (std::getline(in, line)) {
    const std::string prompt = trimmed(line);
    if (!prompt.empty() && prompt[0] != '#') prompts.push_back(prompt);
  }
  if (in.bad()) return Error{"cannot read the prompt list " + path.string()};
  if (prompts.empty()) return Error{"the prompt list " + path.string() + " has no prompts"};
  return prompts;
}

bool PromptExpectation::agrees(ProbeHead head, const ProbeLabels& reading) const {
  const auto& classes = accepted[static_cast<std::size_t>(head)];
  return std::find(classes.begin(), classes.end(), reading[head]) != classes.end();
}

int PromptExpectation::constrainedCount() const {
  int count = 0;
  for (ProbeHead head : kProbeHeads) count += constrains(head);
  return count;
}

PromptExpectation expectationFor(const ParsedPrompt& prompt) {
  PromptExpectation expectation;
  auto accept = [&](ProbeHead head, std::vector<int> classes) {
    expectation.accepted[static_cast<std::size_t>(head)] = std::move(classes);
  };
  if (prompt.sky) accept(ProbeHead::kSky, {static_cast<int>(*prompt.sky)});
  if (prompt.scenery) accept(ProbeHead::kScenery, {static_cast<int>(*prompt.scenery)});
  if (prompt.weather) accept(ProbeHead::kWeather, {static_cast<int>(*prompt.weather)});
  if (prompt.no_subjects) {
    accept(ProbeHead::kColour, {noneClass(ProbeHead::kColour)});
    accept(ProbeHead::kShape, {noneClass(ProbeHead::kShape)});
  } else if (!prompt.subjects.empty()) {
    accept(ProbeHead::kColour, subjectClasses(prompt, &ParsedSubject::colour));
    accept(ProbeHead::kShape, subjectClasses(prompt, &ParsedSubject::shape));
  }
  return expectation;
}

}  // namespace liveframe::sketch
