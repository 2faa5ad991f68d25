// parsePrompt: words -> terms (longest phrase first) -> attributes, with subject phrases
// bound by position: a colour and a pre-noun motion wait for the next noun; a motion right
// after a noun ("a red ball bouncing") belongs to that noun unless a separator ("and", an
// article, punctuation, or a scene-level term) came between.
#include <algorithm>
#include <map>
#include <set>

#include "world/caption.h"
#include "world/lexicon.h"

namespace liveframe::sketch {

namespace {

using lexicon::Role;
using lexicon::Term;

struct Word {
  std::string text;
  bool after_break = false;  // punctuation between this word and the previous one
};

std::vector<Word> splitPromptWords(std::string_view text) {
  std::vector<Word> words;
  bool pending_break = false;
  std::string current;
  auto flush = [&] {
    if (current.empty()) return;
    words.push_back({current, pending_break});
    current.clear();
    pending_break = false;
  };
  for (char c : text) {
    const bool upper = c >= 'A' && c <= 'Z';
    if ((c >= 'a' && c <= 'z') || upper) {
      current += upper ? static_cast<char>(c - 'A' + 'a') : c;
      continue;
    }
    flush();
    if (std::string_view(",.;:!?()").find(c) != std::string_view::npos) pending_break = true;
  }
  flush();
  return words;
}

struct Lookup {
  std::map<std::string, const Term*, std::less<>> terms;
  std::set<std::string, std::less<>> known;
};

const Lookup& lookup() {
  static const Lookup kLookup = [] {
    Lookup result;
    for (const Term& term : lexicon::terms()) result.terms.emplace(std::string(term.phrase), &term);
    for (const std::string& word : vocabulary()) result.known.insert(word);
    return result;
  }();
  return kLookup;
}

struct Item {
  const Term* term;
  bool after_break;
};

// Matches the longest phrase (up to three words, no punctuation inside) at each position.
std::vector<Item> matchTerms(const std::vector<Word>& words, ParsedPrompt& parsed) {
  const Lookup& table = lookup();
  std::vector<Item> items;
  std::size_t i = 0;
  bool pending_break = false;  // from punctuation or an article before the next term
  while (i < words.size()) {
    pending_break |= words[i].after_break;
    std::size_t matched = 0;
    const Term* term = nullptr;
    std::string phrase;
    for (std::size_t n = 1; n <= 3 && i + n <= words.size(); ++n) {
      if (n > 1 && words[i + n - 1].after_break) break;
      phrase += (n > 1 ? " " : "") + words[i + n - 1].text;
      const auto found = table.terms.find(phrase);
      if (found != table.terms.end()) {
        matched = n;
        term = found->second;
      }
    }
    if (term != nullptr) {
      items.push_back({term, pending_break});
      pending_break = false;
    } else {
      const std::string& word = words[i].text;
      if (!table.known.contains(word)) parsed.unknown_words.push_back(word);
      // An article starts a new noun phrase: "a ball, a rising star" binds "rising" ahead.
      if (word == "a" || word == "an" || word == "the") pending_break = true;
      matched = 1;
    }
    i += matched;
  }
  return items;
}

}  // namespace

ParsedPrompt parsePrompt(std::string_view text) {
  ParsedPrompt parsed;
  const std::vector<Item> items = matchTerms(splitPromptWords(text), parsed);
  bool weak_sky = false;
  ParsedSubject pending;
  bool has_pending = false;
  bool noun_open = false;  // the last subject may still take a motion after its noun
  for (const Item& item : items) {
    const Term& term = *item.term;
    const bool subject_term = term.role == Role::kShape || term.role == Role::kColour ||
                              term.role == Role::kMotion || term.role == Role::kGenericNoun;
    if (item.after_break || !subject_term) noun_open = false;
    switch (term.role) {
      case Role::kSky:
        if (!parsed.sky || (weak_sky && !term.weak)) {
          parsed.sky = static_cast<Sky>(term.value);
          weak_sky = term.weak;
        }
        break;
      case Role::kScenery:
        if (!parsed.scenery) parsed.scenery = static_cast<Scenery>(term.value);
        break;
      case Role::kWeather:
        if (!parsed.weather) parsed.weather = static_cast<Weather>(term.value);
        break;
      case Role::kCamera:
        if (!parsed.camera) parsed.camera = static_cast<CameraMove>(term.value);
        break;
      case Role::kNoSubjects:
        parsed.no_subjects = true;
        break;
      case Role::kSeparator:
        break;
      case Role::kColour:
        pending.colour = static_cast<Colour>(term.value);
        has_pending = true;
        break;
      case Role::kMotion:
        if (noun_open && !parsed.subjects.back().motion && !has_pending) {
          parsed.subjects.back().motion = static_cast<Motion>(term.value);
          noun_open = false;
        } else {
          pending.motion = static_cast<Motion>(term.value);
          has_pending = true;
        }
        break;
      case Role::kShape:
      case Role::kGenericNoun:
        if (term.role == Role::kShape) pending.shape = static_cast<Shape>(term.value);
        parsed.subjects.push_back(pending);
        pending = {};
        has_pending = false;
        noun_open = true;
        break;
    }
  }
  if (has_pending) parsed.subjects.push_back(pending);  // "something red": no noun
  return parsed;
}

}  // namespace liveframe::sketch
