// The caption grammar's words (internal to world/): the phrases the generator (caption.cpp)
// writes for each attribute, and the terms the parser (prompt_parser.cpp) reads back. One
// table of each so that the two cannot drift apart; world_test checks the round trip.
#pragma once

#include <span>
#include <string_view>

#include "world/attributes.h"

namespace liveframe::sketch::lexicon {

using Phrases = std::span<const std::string_view>;

// ---- What the generator writes -------------------------------------------------------------
Phrases skyAdverbials(Sky sky);              // "at sunset", "under the northern lights"
Phrases skyNouns(Sky sky);                   // "sunset", "night sky with stars"
Phrases sceneryLocatives(Scenery scenery);   // "over the ocean", "in the desert"
Phrases sceneryNouns(Scenery scenery);       // "ocean", "sand dunes", "city skyline"
Phrases weatherClauses(Weather weather);     // "raining", "in thick fog"
Phrases weatherAdjectives(Weather weather);  // "rainy", "foggy" (none for snow)
Phrases cameraClauses(CameraMove camera);    // "camera panning left", "zoom in"
Phrases shapeNouns(Shape shape);             // "ball", "sphere", "orb"
Phrases colourWords(Colour colour);          // "red", "crimson"
Phrases motionsBefore(Motion motion);        // before the colour: "bouncing" (none for drifting)
Phrases motionsAfter(Motion motion);         // after the noun: "drifting left", "floating up"
Phrases genericNouns();                      // a subject of unnamed shape: "object", "shape"
Phrases noSubjectPhrases();                  // "no objects", "empty scene"
Phrases templateWords();                     // words the templates add: "a", "and", "with"

// ---- What the parser reads -----------------------------------------------------------------
enum class Role : std::uint8_t {
  kSky,
  kScenery,
  kWeather,
  kCamera,
  kShape,
  kColour,
  kMotion,
  kGenericNoun,  // a subject whose shape is not named
  kNoSubjects,
  kSeparator,  // "and": ends a subject phrase
};

struct Term {
  std::string_view phrase;  // one to three words, lower case, single spaces
  Role role;
  int value = 0;      // the attribute enum's value
  bool weak = false;  // yields to any other term of the same role ("stars" -> night)
};
std::span<const Term> terms();

}  // namespace liveframe::sketch::lexicon
