#include "wan/checkpoint.h"

#include <fstream>
#include <iterator>

#include "io/safetensors.h"
#include "model/weights.h"

namespace liveframe::wan {
namespace {

namespace fs = std::filesystem;

std::string shapeText(c10::IntArrayRef shape) {
  return io::formatShape(std::vector<std::int64_t>(shape.begin(), shape.end()));
}

bool isZipOrPickle(const std::vector<char>& bytes) {
  // torch.save writes a zip archive ("PK\3\4") since 1.6; older files are a raw pickle (0x80).
  return (bytes.size() >= 4 && bytes[0] == 'P' && bytes[1] == 'K') ||
         (!bytes.empty() && static_cast<unsigned char>(bytes[0]) == 0x80);
}

// name → tensor entries of a pickled dict; false if some value is not a tensor.
bool collectTensors(const c10::impl::GenericDict& dict, std::map<std::string, torch::Tensor>& out) {
  for (const auto& entry : dict) {
    if (!entry.key().isString() || !entry.value().isTensor()) return false;
    out[plainKey(entry.key().toStringRef())] = entry.value().toTensor();
  }
  return true;
}

Result<std::map<std::string, torch::Tensor>> readPickle(const fs::path& file,
                                                        const std::vector<std::string>& sections) {
  const std::string name = file.filename().string();
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{file.string() + ": cannot open"};
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!isZipOrPickle(bytes)) return Error{name + ": not a PyTorch checkpoint (no torch.save header)"};
  c10::IValue value;
  try {
    value = torch::pickle_load(bytes);
  } catch (const std::exception& e) {
    std::string why = e.what();
    why = why.substr(0, why.find('\n'));
    return Error{name + ": cannot read the PyTorch checkpoint (" + why.substr(0, 160) + ")"};
  }
  if (!value.isGenericDict()) return Error{name + ": holds no dict of tensors"};
  std::map<std::string, torch::Tensor> tensors;
  const auto top = value.toGenericDict();
  if (collectTensors(top, tensors)) return tensors;
  std::string present;
  for (const auto& section : sections) {
    for (const auto& entry : top) {
      if (!entry.key().isString() || entry.key().toStringRef() != section) continue;
      if (!entry.value().isGenericDict() || !collectTensors(entry.value().toGenericDict(), tensors))
        return Error{name + ": '" + section + "' is not a dict of tensors"};
      return tensors;
    }
  }
  for (const auto& entry : top) {
    if (entry.key().isString()) present += (present.empty() ? "" : ", ") + entry.key().toStringRef();
  }
  std::string wanted;
  for (const auto& s : sections) wanted += (wanted.empty() ? "" : " or ") + ("'" + s + "'");
  return Error{name + ": no " + (wanted.empty() ? std::string("tensors") : wanted) +
               " in the checkpoint (it holds: " + present.substr(0, 200) + ")"};
}

Result<std::map<std::string, torch::Tensor>> readSafetensors(const fs::path& file) {
  auto opened = io::SafetensorsFile::open(file);
  if (!opened.ok()) return Error{opened.error()};
  std::map<std::string, torch::Tensor> tensors;
  for (const auto& key : (*opened)->names()) {
    auto value = model::toTorch(*(*opened)->find(key));
    if (!value.ok()) return Error{file.filename().string() + ": " + value.error()};
    tensors[plainKey(key)] = std::move(value).value();
  }
  return tensors;
}

}  // namespace

std::string plainKey(std::string key) {
  // FSDP wraps modules at any depth; the trainers' generator wrapper adds one "model.".
  const std::string fsdp = "_fsdp_wrapped_module.";
  for (std::size_t at; (at = key.find(fsdp)) != std::string::npos;) key.erase(at, fsdp.size());
  if (key.rfind("model.", 0) == 0) key.erase(0, 6);
  return key;
}

Result<StateDict> StateDict::open(const fs::path& file, const std::vector<std::string>& sections) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return Error{file.string() + ": no such checkpoint file"};
  auto tensors = file.extension() == ".safetensors" ? readSafetensors(file)
                                                    : readPickle(file, sections);
  if (!tensors.ok()) return Error{tensors.error()};
  if (tensors->empty()) return Error{file.filename().string() + ": holds no tensors"};
  StateDict dict;
  dict.file_ = file;
  dict.tensors_ = std::move(tensors).value();
  return dict;
}

std::vector<std::string> StateDict::names() const {
  std::vector<std::string> names;
  for (const auto& [name, tensor] : tensors_) names.push_back(name);
  return names;
}

const torch::Tensor* StateDict::find(const std::string& name) const {
  const auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

Status StateDict::loadInto(torch::nn::Module& module, const std::string& prefix) const {
  torch::NoGradGuard no_grad;
  const std::string name = file_.filename().string();
  auto load = [&](const std::string& key, torch::Tensor& target) -> Status {
    const torch::Tensor* source = find(prefix + key);
    if (!source) return Error{name + ": missing tensor '" + prefix + key + "'"};
    if (source->sizes() != target.sizes()) {
      return Error{name + ": tensor '" + prefix + key + "' has shape " +
                   shapeText(source->sizes()) + ", expected " + shapeText(target.sizes())};
    }
    target.copy_(*source);
    return Status::success();
  };
  for (auto& item : module.named_parameters(true)) {
    if (Status s = load(item.key(), item.value()); !s) return s;
  }
  for (auto& item : module.named_buffers(true)) {
    if (Status s = load(item.key(), item.value()); !s) return s;
  }
  return Status::success();
}

Status StateDict::mergeLora(const StateDict& lora, float scale) {
  const std::string lora_name = lora.file_.filename().string();
  const std::string a_suffix = ".lora_A.weight", b_suffix = ".lora_B.weight";
  const std::string peft = "base_model.model.";
  std::map<std::string, torch::Tensor> merged;
  for (const auto& [key, a] : lora.tensors_) {
    if (key.size() <= a_suffix.size() || key.compare(key.size() - a_suffix.size(), a_suffix.size(), a_suffix) != 0)
      continue;
    const std::string stem = key.substr(0, key.size() - a_suffix.size());
    const torch::Tensor* b = lora.find(stem + b_suffix);
    if (!b) return Error{lora_name + ": '" + key + "' has no matching '" + stem + b_suffix + "'"};
    std::string target = stem.rfind(peft, 0) == 0 ? stem.substr(peft.size()) : stem;
    target += ".weight";
    const torch::Tensor* base = find(target);
    if (!base) {
      return Error{lora_name + ": '" + key + "' adapts '" + target + "', which " +
                   file_.filename().string() + " does not have"};
    }
    const torch::Tensor& w = *base;
    if (a.dim() != 2 || b->dim() != 2 || b->size(1) != a.size(0) || w.dim() != 2 ||
        b->size(0) != w.size(0) || a.size(1) != w.size(1)) {
      return Error{lora_name + ": '" + stem + "' has A " + shapeText(a.sizes()) + " and B " +
                   shapeText(b->sizes()) + ", which do not fit '" + target + "' " +
                   shapeText(w.sizes())};
    }
    merged[target] = w + scale * torch::matmul(b->to(w.dtype()), a.to(w.dtype()));
  }
  if (merged.empty()) return Error{lora_name + ": no LoRA tensors (keys ending in" + a_suffix + ")"};
  for (auto& [key, value] : merged) tensors_[key] = std::move(value);
  return Status::success();
}

}  // namespace liveframe::wan
