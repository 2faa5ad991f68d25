// JSON forms of session.json (the header, written once) and state.json (written at close).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "liveframe/result.h"
#include "liveframe/session.h"

namespace liveframe::session_internal {

std::string encodeHeader(const SessionHeader& header);
// The error is the reason only ("field \"fps\" is missing or not a positive number"); the
// caller adds which file it was.
Result<SessionHeader> decodeHeader(std::string_view text);

// state.json: present with closed=true once a writer closed (or open() repaired) the session.
struct SessionState {
  bool closed = false;
  std::int64_t frames = 0;
  std::int64_t events = 0;
  std::string repaired;  // the repair's summary, when open() rather than a writer closed it
};

std::string encodeState(const SessionState& state);
std::optional<SessionState> decodeState(std::string_view text);

}  // namespace liveframe::session_internal
