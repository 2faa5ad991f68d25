#include "model/weights.h"

#include <cstring>
#include <sstream>

namespace liveframe::model {
namespace {

std::string shapeText(c10::IntArrayRef shape) {
  std::ostringstream out;
  out << '[';
  for (std::size_t i = 0; i < shape.size(); ++i) out << (i ? ", " : "") << shape[i];
  out << ']';
  return out.str();
}

std::vector<std::pair<std::string, torch::Tensor>> namedTensors(torch::nn::Module& module) {
  std::vector<std::pair<std::string, torch::Tensor>> all;
  for (const auto& item : module.named_parameters(true)) all.emplace_back(item.key(), item.value());
  for (const auto& item : module.named_buffers(true)) all.emplace_back(item.key(), item.value());
  return all;
}

}  // namespace

Result<torch::Tensor> toTorch(const io::TensorView& view) {
  std::vector<int64_t> shape(view.shape.begin(), view.shape.end());
  // from_blob wants a mutable pointer; every branch copies before anything could write.
  auto* data = const_cast<void*>(static_cast<const void*>(view.bytes.data()));
  switch (view.dtype) {
    case io::DType::F32:
      return torch::from_blob(data, shape, torch::kFloat32).clone();
    case io::DType::F16:
      return torch::from_blob(data, shape, torch::kFloat16).to(torch::kFloat32);
    case io::DType::BF16:
      return torch::from_blob(data, shape, torch::kBFloat16).to(torch::kFloat32);
    case io::DType::F64:
      return torch::from_blob(data, shape, torch::kFloat64).to(torch::kFloat32);
    default:
      return Error{"tensor '" + view.name + "' has dtype " +
                   std::string(io::dtypeName(view.dtype)) + ", expected a floating-point type"};
  }
}

Status loadModule(torch::nn::Module& module, const io::SafetensorsFile& file,
                  const std::string& prefix) {
  torch::NoGradGuard no_grad;
  const std::string file_name = file.path().filename().string();
  for (auto& [name, target] : namedTensors(module)) {
    const io::TensorView* view = file.find(prefix + name);
    if (!view) return Error{file_name + ": missing tensor '" + prefix + name + "'"};
    if (c10::IntArrayRef(view->shape) != target.sizes()) {
      return Error{file_name + ": tensor '" + prefix + name + "' has shape " +
                   shapeText(view->shape) + ", expected " + shapeText(target.sizes())};
    }
    auto value = toTorch(*view);
    if (!value.ok()) return Error{file_name + ": " + value.error()};
    target.copy_(value.value());
  }
  return Status::success();
}

Status saveModules(const std::filesystem::path& path, const std::vector<NamedModule>& modules,
                   const std::map<std::string, std::string>& metadata, StoreAs store_as) {
  std::vector<torch::Tensor> keep_alive;
  std::vector<io::TensorData> tensors;
  for (const auto& named : modules) {
    for (auto& [name, tensor] : namedTensors(*named.module)) {
      auto stored = tensor.detach().to(torch::kCPU).contiguous();
      stored = store_as == StoreAs::F16 ? stored.to(torch::kFloat16) : stored.to(torch::kFloat32);
      io::TensorData data;
      data.name = named.prefix + name;
      data.dtype = store_as == StoreAs::F16 ? io::DType::F16 : io::DType::F32;
      data.shape.assign(stored.sizes().begin(), stored.sizes().end());
      // The span points into `stored`, which keep_alive holds until the file is written.
      data.bytes = {static_cast<const std::byte*>(stored.data_ptr()), stored.nbytes()};
      tensors.push_back(std::move(data));
      keep_alive.push_back(stored);
    }
  }
  return io::writeSafetensors(path, tensors, metadata);
}

}  // namespace liveframe::model
