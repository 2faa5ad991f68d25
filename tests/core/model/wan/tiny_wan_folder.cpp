#include "tiny_wan_folder.h"

#include <cstring>
#include <fstream>
#include <stdexcept>

#include "io/safetensors.h"
#include "model/weights.h"

namespace liveframe::wan::tiny {
namespace {

namespace fs = std::filesystem;

fs::path vectorFile(const std::string& name) {
  return fs::path(LIVEFRAME_SHARED_DIR) / "testvectors/wan" / name;
}

// protobuf wire format, enough for a SentencePiece ModelProto.
void varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}
void field(std::string& out, int number, const std::string& bytes) {
  varint(out, static_cast<std::uint64_t>(number) << 3 | 2);
  varint(out, bytes.size());
  out += bytes;
}
void field(std::string& out, int number, std::uint64_t value) {
  varint(out, static_cast<std::uint64_t>(number) << 3);
  varint(out, value);
}
void fieldFloat(std::string& out, int number, float value) {
  varint(out, static_cast<std::uint64_t>(number) << 3 | 5);
  char bytes[4];
  std::memcpy(bytes, &value, 4);
  out.append(bytes, 4);
}

}  // namespace

// (libsentencepiece's trainer cannot run in this process: it logs through std::cerr, which
// the locally bound module sees uninitialised.)
std::string unigramModel() {
  std::string model;
  auto piece = [&](const std::string& text, float score, int type) {
    std::string p;
    field(p, 1, text);
    fieldFloat(p, 2, score);
    field(p, 3, static_cast<std::uint64_t>(type));
    field(model, 1, p);
  };
  const std::string space = "\xE2\x96\x81";  // U+2581, SentencePiece's word boundary
  piece("<pad>", 0, 3);
  piece("</s>", 0, 3);
  piece("<unk>", 0, 2);
  piece(space, -2, 1);
  for (const char* word : {"a", "red", "ball", "blue", "over", "the", "ocean", "robot"}) {
    piece(space + word, -1, 1);
  }
  for (char c = 'a'; c <= 'z'; ++c) piece(std::string(1, c), -5, 1);
  std::string trainer;
  field(trainer, 3, 1);                                // model_type UNIGRAM
  field(trainer, 40, 2);                               // unk_id
  field(trainer, 41, static_cast<std::uint64_t>(-1));  // bos_id: none
  field(trainer, 42, 1);                               // eos_id
  field(trainer, 43, 0);                               // pad_id
  field(model, 2, trainer);
  std::string normalizer;
  field(normalizer, 1, std::string("identity"));
  field(normalizer, 3, 1);  // add_dummy_prefix
  field(normalizer, 4, 1);  // remove_extra_whitespaces
  field(normalizer, 5, 1);  // escape_whitespaces
  field(model, 3, normalizer);
  return model;
}

void writePickle(const fs::path& file, const c10::IValue& value) {
  const std::vector<char> bytes = torch::pickle_save(value);
  std::ofstream(file, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

c10::impl::GenericDict tensorDict() {
  return c10::impl::GenericDict(c10::StringType::get(), c10::TensorType::get());
}

c10::impl::GenericDict vectorWeights(const std::string& weights_file, const std::string& prefix,
                                     std::optional<torch::Dtype> dtype) {
  auto file = io::SafetensorsFile::open(vectorFile(weights_file));
  if (!file.ok()) throw std::runtime_error(file.error());
  auto dict = tensorDict();
  for (const auto& name : (*file)->names()) {
    auto tensor = model::toTorch(*(*file)->find(name)).value().clone();
    dict.insert(prefix + name, dtype ? tensor.to(*dtype) : tensor);
  }
  return dict;
}

fs::path writeTinyWanFolder(const fs::path& folder, const TinyFolderOptions& options) {
  fs::create_directories(folder / "google/umt5-xxl");
  const std::string dit = "causal_dit_rolling.weights.safetensors";
  c10::impl::GenericDict checkpoint(c10::StringType::get(), c10::AnyType::get());
  switch (options.generator) {
    case TinyGenerator::kSelfForcing:
      checkpoint.insert("generator_ema", vectorWeights(dit, "model."));
      writePickle(folder / "self_forcing_dmd.pt", checkpoint);
      break;
    case TinyGenerator::kCausVid:
      checkpoint.insert("generator", vectorWeights(dit, "model."));
      writePickle(folder / "model.pt", checkpoint);
      break;
    case TinyGenerator::kLongLive: {
      checkpoint.insert("generator", vectorWeights(dit, "model."));
      writePickle(folder / "longlive_base.pt", checkpoint);
      // A rank-2 LoRA on one projection (B·A small but not zero).
      auto lora = tensorDict();
      torch::manual_seed(7);
      lora.insert("base_model.model.blocks.0.self_attn.q.lora_A.weight", torch::randn({2, 64}) * 0.1);
      lora.insert("base_model.model.blocks.0.self_attn.q.lora_B.weight", torch::randn({64, 2}) * 0.1);
      c10::impl::GenericDict lora_file(c10::StringType::get(), c10::AnyType::get());
      lora_file.insert("generator_lora", lora);
      writePickle(folder / "lora.pt", lora_file);
      break;
    }
    case TinyGenerator::kBaseOnly: {
      // The bidirectional base alone, as Wan2.1 ships it (safetensors).
      fs::copy_file(vectorFile(dit), folder / "diffusion_pytorch_model.safetensors",
                    fs::copy_options::overwrite_existing);
      break;
    }
  }
  writePickle(folder / "models_t5_umt5-xxl-enc-bf16.pth",
              vectorWeights("umt5_encoder.weights.safetensors", "",
                            options.bf16_text_encoder ? std::optional(torch::kBFloat16)
                                                      : std::nullopt));
  writePickle(folder / "Wan2.1_VAE.pth", vectorWeights("wan_vae.weights.safetensors"));
  if (options.taehv) {
    writePickle(folder / "taew2_1.pth", vectorWeights("taehv_decoder.weights.safetensors"));
  }
  std::ofstream(folder / "google/umt5-xxl/spiece.model", std::ios::binary) << unigramModel();
  if (options.config_json) {
    // Wan2.1's config.json keys, plus the tiny text width (1.3B's 4096 is implied there).
    std::ofstream(folder / "config.json")
        << R"({"_class_name": "WanModel", "dim": 64, "eps": 1e-06, "ffn_dim": 128,)"
        << R"( "freq_dim": 256, "in_dim": 16, "model_type": "t2v", "num_heads": 4,)"
        << R"( "num_layers": 2, "out_dim": 16, "text_len": 16, "text_dim": 32,)"
        << R"( "patch_size": [1, 2, 2]})";
  }
  return folder;
}

}  // namespace liveframe::wan::tiny
