// Captions for the sketch world, from a small grammar with free word order and synonyms:
//   "a red ball bouncing over the ocean at sunset"
//   "sunset, ocean, bouncing red ball"
//   "night sky with stars above snowy hills, snowing"
//   "an orange cube spinning in the desert at dawn, camera panning left"
// and the parser that reads such prompts back into attributes.
// Thread-safety: every function here may be called from any thread (no shared mutable state).
//
// Omissions: a caption leaves out each attribute now and then (each is mentioned in most
// captions: sky and scenery ~88%, weather ~80%, a subject's colour ~90%, its motion ~85%,
// a camera move ~85%, a static camera ~50%). What a prompt leaves out, the world picks at
// random (sceneFromPrompt in clip.h), so the model learns that an unmentioned attribute can
// be anything.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "world/attributes.h"
#include "world/rng.h"

namespace liveframe::sketch {

struct ParsedSubject {
  std::optional<Shape> shape;  // empty for "a red object"
  std::optional<Colour> colour;
  std::optional<Motion> motion;

  bool operator==(const ParsedSubject&) const = default;
};

// What a prompt specifies; every field left empty is unspecified.
struct ParsedPrompt {
  std::optional<Sky> sky;
  std::optional<Scenery> scenery;
  std::optional<Weather> weather;
  std::vector<ParsedSubject> subjects;  // in order of mention
  bool no_subjects = false;             // "no objects", "empty scene", "landscape only"
  std::optional<CameraMove> camera;
  std::vector<std::string> unknown_words;  // in order, repeats kept

  bool operator==(const ParsedPrompt&) const = default;
};

struct Caption {
  std::string text;
  ParsedPrompt mentioned;  // exactly what `text` states (parsePrompt(text) == mentioned)
};

// A random caption of `scene`, with what it mentions.
Caption describeScene(const Scene& scene, Rng& rng);
inline std::string caption(const Scene& scene, Rng& rng) { return describeScene(scene, rng).text; }

// Every word the grammar can produce: lower-case, sorted, unique.
std::vector<std::string> vocabulary();

// Lower-cases `text`, splits it on non-letters (punctuation also ends a subject phrase), maps
// synonyms to attributes and binds colour/shape/motion per subject: "a red ball and a blue
// cube spinning" gives a red ball (no motion) and a spinning blue cube. When a prompt names
// one attribute twice, the first strong mention wins.
ParsedPrompt parsePrompt(std::string_view text);

}  // namespace liveframe::sketch
