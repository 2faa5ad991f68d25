// The caption generator: decides what to mention, writes the subject phrases, then lays the
// pieces out with one of four templates (sentence, list, sky first, weather adjective).
#include "world/caption.h"

#include <algorithm>
#include <set>

#include "world/lexicon.h"

namespace liveframe::sketch {

namespace {

using lexicon::Phrases;

std::string pick(Phrases phrases, Rng& rng) {
  return std::string(
      phrases[static_cast<std::size_t>(rng.below(static_cast<int>(phrases.size())))]);
}

std::string withArticle(const std::string& phrase) {
  const bool vowel =
      !phrase.empty() && std::string_view("aeiou").find(phrase[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + phrase;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

template <typename T>
void shuffle(std::vector<T>& items, Rng& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    std::swap(items[i - 1], items[static_cast<std::size_t>(rng.below(static_cast<int>(i)))]);
  }
}

// The phrase of one subject ("bouncing red ball", "blue cube drifting left", "object"), and
// what it states.
std::string subjectPhrase(const Subject& subject, Rng& rng, ParsedSubject& said) {
  std::vector<std::string> words;
  std::string after;
  if (rng.chance(0.85)) {
    said.motion = subject.motion;
    const Phrases before = lexicon::motionsBefore(subject.motion);
    if (!before.empty() && rng.chance(0.4)) {
      words.push_back(pick(before, rng));
    } else {
      after = pick(lexicon::motionsAfter(subject.motion), rng);
    }
  }
  if (rng.chance(0.9)) {
    said.colour = subject.colour;
    words.push_back(pick(lexicon::colourWords(subject.colour), rng));
  }
  if (rng.chance(0.92)) {
    said.shape = subject.shape;
    words.push_back(pick(lexicon::shapeNouns(subject.shape), rng));
  } else {
    words.push_back(pick(lexicon::genericNouns(), rng));
  }
  words.push_back(after);
  return join(words, " ");
}

struct Pieces {
  std::string sky_adverbial, sky_noun;
  std::string scenery_locative, scenery_noun;
  std::string weather_clause, weather_adjective;
  std::string camera_clause;
  std::string no_subjects;
  std::vector<std::string> subjects;  // without articles
};

Pieces choosePieces(const Scene& scene, Rng& rng, ParsedPrompt& said) {
  Pieces pieces;
  if (rng.chance(0.88)) {
    said.sky = scene.sky;
    pieces.sky_adverbial = pick(lexicon::skyAdverbials(scene.sky), rng);
    pieces.sky_noun = pick(lexicon::skyNouns(scene.sky), rng);
  }
  if (rng.chance(0.88)) {
    said.scenery = scene.scenery;
    pieces.scenery_locative = pick(lexicon::sceneryLocatives(scene.scenery), rng);
    pieces.scenery_noun = pick(lexicon::sceneryNouns(scene.scenery), rng);
  }
  if (rng.chance(scene.weather == Weather::kClear ? 0.65 : 0.88)) {
    said.weather = scene.weather;
    pieces.weather_clause = pick(lexicon::weatherClauses(scene.weather), rng);
    const Phrases adjectives = lexicon::weatherAdjectives(scene.weather);
    if (!adjectives.empty()) pieces.weather_adjective = pick(adjectives, rng);
  }
  if (rng.chance(scene.camera == CameraMove::kStatic ? 0.5 : 0.85)) {
    said.camera = scene.camera;
    pieces.camera_clause = pick(lexicon::cameraClauses(scene.camera), rng);
  }
  if (scene.subjects.empty()) {
    if (rng.chance(0.5)) {
      said.no_subjects = true;
      pieces.no_subjects = pick(lexicon::noSubjectPhrases(), rng);
    }
  } else if (rng.chance(0.93)) {
    for (const Subject& subject : scene.subjects) {
      said.subjects.emplace_back();
      pieces.subjects.push_back(subjectPhrase(subject, rng, said.subjects.back()));
    }
  }
  return pieces;
}

std::string subjectsWithArticles(const Pieces& pieces) {
  std::vector<std::string> phrases;
  for (const std::string& phrase : pieces.subjects) phrases.push_back(withArticle(phrase));
  return join(phrases, " and ");
}

std::string clauses(std::vector<std::string> parts, Rng& rng) {
  shuffle(parts, rng);
  return join(parts, ", ");
}

// "a red ball bouncing over the ocean at sunset, raining, camera panning left"
std::string sentence(const Pieces& pieces, Rng& rng) {
  std::string head = subjectsWithArticles(pieces);
  if (!head.empty()) {
    if (!pieces.scenery_locative.empty()) head += " " + pieces.scenery_locative;
  } else if (!pieces.scenery_noun.empty()) {
    head = (rng.chance(0.5) ? "the " : "") + pieces.scenery_noun;
  }
  if (!pieces.sky_adverbial.empty()) {
    head = head.empty() ? pieces.sky_noun : head + " " + pieces.sky_adverbial;
  }
  const std::string rest =
      clauses({pieces.weather_clause, pieces.camera_clause, pieces.no_subjects}, rng);
  return join({head, rest}, ", ");
}

// "sunset, ocean, bouncing red ball": items in any order, but subjects keep theirs (the
// parser numbers subjects in order of mention).
std::string list(const Pieces& pieces, Rng& rng) {
  std::vector<std::string> items = {pieces.sky_noun, pieces.scenery_noun, pieces.weather_clause,
                                    pieces.camera_clause, pieces.no_subjects};
  const std::string kSubjectSlot = "\x01";
  for (std::size_t i = 0; i < pieces.subjects.size(); ++i) items.push_back(kSubjectSlot);
  shuffle(items, rng);
  std::size_t next_subject = 0;
  for (std::string& item : items) {
    if (item != kSubjectSlot) continue;
    const std::string& subject = pieces.subjects[next_subject++];
    item = rng.chance(0.3) ? withArticle(subject) : subject;
  }
  return join(items, ", ");
}

// "night sky with stars above snowy hills, snowing, a red ball bouncing"
std::string skyFirst(const Pieces& pieces, Rng& rng) {
  const std::string head = pieces.sky_noun + (rng.chance(0.5) ? " above " : " over ") +
                           (rng.chance(0.5) ? "the " : "") + pieces.scenery_noun;
  const std::string rest = clauses({pieces.weather_clause, subjectsWithArticles(pieces),
                                    pieces.camera_clause, pieces.no_subjects},
                                   rng);
  return join({head, rest}, ", ");
}

// "foggy meadow at night with a bouncing red ball, zooming in"
std::string weatherFirst(const Pieces& pieces, Rng& rng) {
  std::string head = pieces.weather_adjective + " " + pieces.scenery_noun;
  if (!pieces.sky_adverbial.empty()) head += " " + pieces.sky_adverbial;
  if (!pieces.subjects.empty()) head += " with " + subjectsWithArticles(pieces);
  return join({head, clauses({pieces.camera_clause, pieces.no_subjects}, rng)}, ", ");
}

void addWords(Phrases phrases, std::set<std::string>& words) {
  for (std::string_view phrase : phrases) {
    std::size_t start = 0;
    while (start < phrase.size()) {
      const std::size_t end = std::min(phrase.find(' ', start), phrase.size());
      words.emplace(phrase.substr(start, end - start));
      start = end + 1;
    }
  }
}

}  // namespace

Caption describeScene(const Scene& scene, Rng& rng) {
  Caption result;
  const Pieces pieces = choosePieces(scene, rng, result.mentioned);
  const int style = rng.below(20);  // 8 sentence, 5 list, 3 sky first, 4 weather first
  const bool has_sky_and_scenery = !pieces.sky_noun.empty() && !pieces.scenery_noun.empty();
  const bool has_adjective = !pieces.weather_adjective.empty() && !pieces.scenery_noun.empty();
  if (style >= 8 && style < 13) {
    result.text = list(pieces, rng);
  } else if (style >= 13 && style < 16 && has_sky_and_scenery) {
    result.text = skyFirst(pieces, rng);
  } else if (style >= 16 && has_adjective) {
    result.text = weatherFirst(pieces, rng);
  } else {
    result.text = sentence(pieces, rng);
  }
  return result;
}

std::vector<std::string> vocabulary() {
  std::set<std::string> words;
  for (Sky sky : allValues<Sky>()) {
    addWords(lexicon::skyAdverbials(sky), words);
    addWords(lexicon::skyNouns(sky), words);
  }
  for (Scenery scenery : allValues<Scenery>()) {
    addWords(lexicon::sceneryLocatives(scenery), words);
    addWords(lexicon::sceneryNouns(scenery), words);
  }
  for (Weather weather : allValues<Weather>()) {
    addWords(lexicon::weatherClauses(weather), words);
    addWords(lexicon::weatherAdjectives(weather), words);
  }
  for (CameraMove camera : allValues<CameraMove>()) addWords(lexicon::cameraClauses(camera), words);
  for (Shape shape : allValues<Shape>()) addWords(lexicon::shapeNouns(shape), words);
  for (Colour colour : allValues<Colour>()) addWords(lexicon::colourWords(colour), words);
  for (Motion motion : allValues<Motion>()) {
    addWords(lexicon::motionsBefore(motion), words);
    addWords(lexicon::motionsAfter(motion), words);
  }
  addWords(lexicon::genericNouns(), words);
  addWords(lexicon::noSubjectPhrases(), words);
  addWords(lexicon::templateWords(), words);
  return {words.begin(), words.end()};
}

}  // namespace liveframe::sketch
