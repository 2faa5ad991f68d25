// A C interface over libsentencepiece, built as its own shared module and loaded with
// dlopen(RTLD_LOCAL | RTLD_DEEPBIND) by umt5_tokenizer.cpp. Debian's libsentencepiece embeds a
// protobuf-lite whose symbols, loaded into the global scope beside libtorch's libprotobuf.so.32,
// interpose it and crash libprotobuf's static initialiser; loaded locally they cannot.
// Thread-safety: lf_spm_encode on one handle may run concurrently (SentencePiece's Encode is
// const); load/free are the caller's to order.
#include <sentencepiece_processor.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

void copyError(const std::string& message, char* error, std::size_t capacity) {
  if (!error || capacity == 0) return;
  std::strncpy(error, message.c_str(), capacity - 1);
  error[capacity - 1] = '\0';
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) void* lf_spm_load(const char* path, char* error,
                                                         std::size_t capacity) {
  auto* processor = new sentencepiece::SentencePieceProcessor();
  const auto status = processor->Load(path);
  if (!status.ok()) {
    copyError(status.ToString(), error, capacity);
    delete processor;
    return nullptr;
  }
  return processor;
}

// Writes up to `capacity` ids; returns how many the text has (may exceed capacity), or -1.
__attribute__((visibility("default"))) int lf_spm_encode(void* handle, const char* text,
                                                         int* ids, int capacity) {
  std::vector<int> pieces;
  if (!static_cast<sentencepiece::SentencePieceProcessor*>(handle)->Encode(text, &pieces).ok())
    return -1;
  for (int i = 0; i < capacity && i < static_cast<int>(pieces.size()); ++i) ids[i] = pieces[static_cast<std::size_t>(i)];
  return static_cast<int>(pieces.size());
}

__attribute__((visibility("default"))) int lf_spm_size(void* handle) {
  return static_cast<sentencepiece::SentencePieceProcessor*>(handle)->GetPieceSize();
}

__attribute__((visibility("default"))) void lf_spm_free(void* handle) {
  delete static_cast<sentencepiece::SentencePieceProcessor*>(handle);
}

}  // extern "C"
