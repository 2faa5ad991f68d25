#include "wan/umt5_tokenizer.h"

#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <system_error>

namespace liveframe::wan {
namespace {

// libliveframe_spm.so's C interface (wan/spm_shim.cpp), resolved once.
struct SpmModule {
  void* (*load)(const char*, char*, std::size_t) = nullptr;
  int (*encode)(void*, const char*, int*, int) = nullptr;
  int (*size)(void*) = nullptr;
  void (*free)(void*) = nullptr;
  std::string error;  // why it could not be loaded; empty when it was
};

// Installed: <prefix>/bin/liveframe beside <prefix>/lib/liveframe/libliveframe_spm.so; else
// the build tree's.
std::string modulePath() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "lib/liveframe/libliveframe_spm.so";
    if (std::filesystem::is_regular_file(installed, ec)) return installed.string();
  }
  return LIVEFRAME_SPM_MODULE;
}

const SpmModule& spmModule() {
  static const SpmModule module = [] {
    SpmModule m;
    // RTLD_LOCAL keeps SentencePiece's protobuf-lite out of the global scope; DEEPBIND makes
    // SentencePiece bind to its own copy (else libtorch's libprotobuf 3.21 rejects it). The
    // price: under DEEPBIND, std::cerr is the uninitialised libstdc++ copy, so the module must
    // never log (Load/Encode do not on these paths; the trainer does and is not exposed).
    const std::string path = modulePath();
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!handle) {
      m.error = std::string("cannot load the SentencePiece module (") + dlerror() + ")";
      return m;
    }
    m.load = reinterpret_cast<decltype(m.load)>(dlsym(handle, "lf_spm_load"));
    m.encode = reinterpret_cast<decltype(m.encode)>(dlsym(handle, "lf_spm_encode"));
    m.size = reinterpret_cast<decltype(m.size)>(dlsym(handle, "lf_spm_size"));
    m.free = reinterpret_cast<decltype(m.free)>(dlsym(handle, "lf_spm_free"));
    if (!m.load || !m.encode || !m.size || !m.free) {
      m.error = "the SentencePiece module " + path + " lacks its functions";
    }
    return m;
  }();
  return module;
}

void appendUtf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// The entities prompts meet in practice (named ones of HTML's basic set, and numeric ones);
// anything else is left as written.
std::string unescapeHtml(const std::string& text) {
  static const std::map<std::string, unsigned long> named = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0}};
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::size_t end = text[i] == '&' ? text.find(';', i) : std::string::npos;
    if (end == std::string::npos || end - i > 10) {
      out += text[i];
      continue;
    }
    const std::string name = text.substr(i + 1, end - i - 1);
    unsigned long code = 0;
    bool known = false;
    if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string digits = name.substr(hex ? 2 : 1);
      known = !digits.empty() && digits.find_first_not_of(hex ? "0123456789abcdefABCDEF"
                                                              : "0123456789") == std::string::npos;
      if (known) code = std::stoul(digits, nullptr, hex ? 16 : 10);
      known = known && code > 0 && code <= 0x10FFFF;
    } else if (const auto it = named.find(name); it != named.end()) {
      code = it->second;
      known = true;
    }
    if (!known) {
      out += text[i];
      continue;
    }
    appendUtf8(out, code);
    i = end;
  }
  return out;
}

}  // namespace

std::string cleanPromptText(const std::string& text) {
  const std::string unescaped = unescapeHtml(unescapeHtml(text));
  std::string out;
  bool space = false;
  for (const char c : unescaped) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

Result<Umt5Tokenizer> Umt5Tokenizer::open(const std::filesystem::path& model) {
  const std::string name = model.filename().string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(model, ec)) {
    return Error{model.string() + ": no such tokenizer file"};
  }
  const SpmModule& spm = spmModule();
  if (!spm.error.empty()) return Error{name + ": " + spm.error};
  char error[256] = {};
  void* handle = spm.load(model.string().c_str(), error, sizeof error);
  if (!handle) {
    std::string why = error;
    why = why.substr(0, why.find('\n')).substr(0, 160);
    return Error{name + ": not a SentencePiece model (" + why + ")"};
  }
  Umt5Tokenizer tokenizer;
  tokenizer.processor_ = std::shared_ptr<void>(handle, spm.free);
  return tokenizer;
}

Umt5Tokens Umt5Tokenizer::encode(const std::string& text, int text_len) const {
  const SpmModule& spm = spmModule();
  const std::string clean = cleanPromptText(text);
  std::vector<int> pieces(static_cast<std::size_t>(std::max(0, text_len)));
  const int count = spm.encode(processor_.get(), clean.c_str(), pieces.data(), text_len);
  pieces.resize(static_cast<std::size_t>(std::clamp(count, 0, std::max(0, text_len))));
  Umt5Tokens tokens;
  const int keep = std::max(0, std::min(static_cast<int>(pieces.size()), text_len - 1));
  tokens.ids.assign(static_cast<std::size_t>(text_len), kPadId);
  tokens.mask.assign(static_cast<std::size_t>(text_len), 0);
  for (int i = 0; i < keep; ++i) tokens.ids[static_cast<std::size_t>(i)] = pieces[static_cast<std::size_t>(i)];
  if (text_len > 0) tokens.ids[static_cast<std::size_t>(keep)] = kEosId;
  tokens.length = text_len > 0 ? keep + 1 : 0;
  for (int i = 0; i < tokens.length; ++i) tokens.mask[static_cast<std::size_t>(i)] = 1;
  return tokens;
}

int Umt5Tokenizer::vocabularySize() const { return spmModule().size(processor_.get()); }

}  // namespace liveframe::wan
