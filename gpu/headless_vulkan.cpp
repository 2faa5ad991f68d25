// HeadlessVulkan: our own instance and device, for tests and tools (no window, no Qt).
#include "liveframe/gpu/headless_vulkan.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "vk_check.h"
#include "vk_resources.h"

namespace liveframe::gpu {
namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";
constexpr const char* kLavapipeManifest = "/usr/share/vulkan/icd.d/lvp_icd.x86_64.json";

bool hasLayer(const char* name) {
  std::uint32_t count = 0;
  vkEnumerateInstanceLayerProperties(&count, nullptr);
  std::vector<VkLayerProperties> layers(count);
  vkEnumerateInstanceLayerProperties(&count, layers.data());
  for (const VkLayerProperties& layer : layers) {
    if (std::strcmp(layer.layerName, name) == 0) return true;
  }
  return false;
}

// Hardware first, then anything with a graphics queue (lavapipe is a CPU device).
int deviceRank(VkPhysicalDeviceType type) {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return 4;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return 3;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      return 1;
    default:
      return 0;
  }
}

}  // namespace

struct HeadlessVulkan::Impl {
  VulkanDevice vulkan;
  VkDebugUtilsMessengerEXT messenger = VK_NULL_HANDLE;
  VkCommandPool pool = VK_NULL_HANDLE;
  VkCommandBuffer command_buffer = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  std::string device_name;
  std::mutex errors_mutex;  // the layer may report from any thread
  std::vector<std::string> validation_errors;

  ~Impl() {
    if (vulkan.device) {
      vkDeviceWaitIdle(vulkan.device);
      if (fence) vkDestroyFence(vulkan.device, fence, nullptr);
      if (pool) vkDestroyCommandPool(vulkan.device, pool, nullptr);
      vkDestroyDevice(vulkan.device, nullptr);
    }
    if (messenger) {
      auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
          vkGetInstanceProcAddr(vulkan.instance, "vkDestroyDebugUtilsMessengerEXT"));
      if (destroy) destroy(vulkan.instance, messenger, nullptr);
    }
    if (vulkan.instance) vkDestroyInstance(vulkan.instance, nullptr);
  }

  static VKAPI_ATTR VkBool32 VKAPI_CALL onMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                  VkDebugUtilsMessageTypeFlagsEXT,
                                                  const VkDebugUtilsMessengerCallbackDataEXT* data,
                                                  void* user) {
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
      auto* impl = static_cast<Impl*>(user);
      std::lock_guard lock(impl->errors_mutex);
      impl->validation_errors.emplace_back(data->pMessage ? data->pMessage : "(no message)");
    }
    return VK_FALSE;
  }

  Status createInstance(bool validation) {
    auto app = vkStruct<VkApplicationInfo>(VK_STRUCTURE_TYPE_APPLICATION_INFO);
    app.pApplicationName = "liveframe";
    app.apiVersion = VK_API_VERSION_1_1;
    auto info = vkStruct<VkInstanceCreateInfo>(VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO);
    info.pApplicationInfo = &app;
    auto messenger_info = vkStruct<VkDebugUtilsMessengerCreateInfoEXT>(
        VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT);
    messenger_info.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT |
                                     VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT;
    messenger_info.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                                 VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT;
    messenger_info.pfnUserCallback = &onMessage;
    messenger_info.pUserData = this;
    const char* extensions[] = {VK_EXT_DEBUG_UTILS_EXTENSION_NAME,
                                VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME};
    // Synchronisation validation too: a missing barrier is the bug this pipeline would have.
    const VkValidationFeatureEnableEXT enabled_features[] = {
        VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT};
    auto features = vkStruct<VkValidationFeaturesEXT>(VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT);
    features.enabledValidationFeatureCount = 1;
    features.pEnabledValidationFeatures = enabled_features;
    if (validation) {
      if (!hasLayer(kValidationLayer)) {
        return Error{"Vulkan validation layer missing (install vulkan-validationlayers)"};
      }
      info.enabledLayerCount = 1;
      info.ppEnabledLayerNames = &kValidationLayer;
      info.enabledExtensionCount = 2;
      info.ppEnabledExtensionNames = extensions;
      features.pNext = &messenger_info;  // also hear about instance creation itself
      info.pNext = &features;
    }
    LF_VK_TRY(vkCreateInstance(&info, nullptr, &vulkan.instance));
    if (validation) {
      auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
          vkGetInstanceProcAddr(vulkan.instance, "vkCreateDebugUtilsMessengerEXT"));
      if (create == nullptr) return Error{"Vulkan: no vkCreateDebugUtilsMessengerEXT"};
      LF_VK_TRY(create(vulkan.instance, &messenger_info, nullptr, &messenger));
    }
    return Status::success();
  }

  // The best-ranked device with a graphics queue; false when there is none.
  bool pickDevice() {
    std::uint32_t count = 0;
    vkEnumeratePhysicalDevices(vulkan.instance, &count, nullptr);
    std::vector<VkPhysicalDevice> devices(count);
    vkEnumeratePhysicalDevices(vulkan.instance, &count, devices.data());
    int best_rank = -1;
    for (VkPhysicalDevice candidate : devices) {
      std::uint32_t families = 0;
      vkGetPhysicalDeviceQueueFamilyProperties(candidate, &families, nullptr);
      std::vector<VkQueueFamilyProperties> properties(families);
      vkGetPhysicalDeviceQueueFamilyProperties(candidate, &families, properties.data());
      for (std::uint32_t family = 0; family < families; ++family) {
        if (!(properties[family].queueFlags & VK_QUEUE_GRAPHICS_BIT)) continue;
        VkPhysicalDeviceProperties device_properties;
        vkGetPhysicalDeviceProperties(candidate, &device_properties);
        const int rank = deviceRank(device_properties.deviceType);
        if (rank > best_rank) {
          best_rank = rank;
          vulkan.physical_device = candidate;
          vulkan.queue_family = family;
          device_name = device_properties.deviceName;
        }
        break;
      }
    }
    return best_rank >= 0;
  }

  Status createDevice() {
    const float priority = 1.0f;
    auto queue = vkStruct<VkDeviceQueueCreateInfo>(VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO);
    queue.queueFamilyIndex = vulkan.queue_family;
    queue.queueCount = 1;
    queue.pQueuePriorities = &priority;
    auto info = vkStruct<VkDeviceCreateInfo>(VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO);
    info.queueCreateInfoCount = 1;
    info.pQueueCreateInfos = &queue;
    LF_VK_TRY(vkCreateDevice(vulkan.physical_device, &info, nullptr, &vulkan.device));
    vkGetDeviceQueue(vulkan.device, vulkan.queue_family, 0, &vulkan.queue);
    auto pool_info = vkStruct<VkCommandPoolCreateInfo>(VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO);
    pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    pool_info.queueFamilyIndex = vulkan.queue_family;
    LF_VK_TRY(vkCreateCommandPool(vulkan.device, &pool_info, nullptr, &pool));
    auto allocate =
        vkStruct<VkCommandBufferAllocateInfo>(VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO);
    allocate.commandPool = pool;
    allocate.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    allocate.commandBufferCount = 1;
    LF_VK_TRY(vkAllocateCommandBuffers(vulkan.device, &allocate, &command_buffer));
    auto fence_info = vkStruct<VkFenceCreateInfo>(VK_STRUCTURE_TYPE_FENCE_CREATE_INFO);
    LF_VK_TRY(vkCreateFence(vulkan.device, &fence_info, nullptr, &fence));
    return Status::success();
  }
};

Result<std::unique_ptr<HeadlessVulkan>> HeadlessVulkan::create(const Options& options) {
  std::string failure;
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto impl = std::make_unique<Impl>();
    // Without any ICD the loader fails the instance itself (incompatible driver).
    if (Status status = impl->createInstance(options.validation); !status.ok()) {
      failure = status.error();
      if (failure.find("validation layer") != std::string::npos) break;
    } else if (impl->pickDevice()) {
      if (Status status = impl->createDevice(); !status.ok()) return Error{status.error()};
      return std::unique_ptr<HeadlessVulkan>(new HeadlessVulkan(std::move(impl)));
    } else {
      failure = "Vulkan: no device with a graphics queue";
    }
    // Unless the user chose the drivers, point the loader at lavapipe once.
    const bool drivers_chosen = std::getenv("VK_DRIVER_FILES") || std::getenv("VK_ICD_FILENAMES");
    std::error_code ec;
    if (attempt > 0 || drivers_chosen || !std::filesystem::exists(kLavapipeManifest, ec)) break;
    ::setenv("VK_DRIVER_FILES", kLavapipeManifest, 0);
  }
  return Error{failure + " (lavapipe: install mesa-vulkan-drivers)"};
}

HeadlessVulkan::HeadlessVulkan(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HeadlessVulkan::~HeadlessVulkan() = default;

const VulkanDevice& HeadlessVulkan::device() const { return impl_->vulkan; }
std::string HeadlessVulkan::deviceName() const { return impl_->device_name; }

Status HeadlessVulkan::submitAndWait(const std::function<Status(VkCommandBuffer)>& record) {
  VkCommandBuffer command_buffer = impl_->command_buffer;
  LF_VK_TRY(vkResetCommandBuffer(command_buffer, 0));
  auto begin = vkStruct<VkCommandBufferBeginInfo>(VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO);
  begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  LF_VK_TRY(vkBeginCommandBuffer(command_buffer, &begin));
  Status recorded = record(command_buffer);
  LF_VK_TRY(vkEndCommandBuffer(command_buffer));
  if (!recorded.ok()) return recorded;  // a failed recording is never submitted
  auto submit = vkStruct<VkSubmitInfo>(VK_STRUCTURE_TYPE_SUBMIT_INFO);
  submit.commandBufferCount = 1;
  submit.pCommandBuffers = &command_buffer;
  LF_VK_TRY(vkQueueSubmit(impl_->vulkan.queue, 1, &submit, impl_->fence));
  LF_VK_TRY(vkWaitForFences(impl_->vulkan.device, 1, &impl_->fence, VK_TRUE, UINT64_MAX));
  LF_VK_TRY(vkResetFences(impl_->vulkan.device, 1, &impl_->fence));
  return Status::success();
}

Result<std::vector<std::uint8_t>> HeadlessVulkan::readRgba8(VkImage image, int width, int height) {
  const VkDeviceSize size = VkDeviceSize{4} * static_cast<VkDeviceSize>(width) * height;
  Result<BufferResource> buffer =
      createMappedBuffer(impl_->vulkan, size, VK_BUFFER_USAGE_TRANSFER_DST_BIT);
  if (!buffer.ok()) return Error{buffer.error()};
  Status status = submitAndWait([&](VkCommandBuffer command_buffer) {
    // Whatever last wrote the image (a pass or an upload) finishes before the copy.
    recordImageBarrier(
        command_buffer, image,
        {VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
         VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
         VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
         VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT});
    VkBufferImageCopy copy{};
    copy.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    copy.imageExtent = {static_cast<std::uint32_t>(width), static_cast<std::uint32_t>(height), 1};
    vkCmdCopyImageToBuffer(command_buffer, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                           buffer.value().buffer, 1, &copy);
    recordImageBarrier(command_buffer, image,
                       {VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                        VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_TRANSFER_BIT, 0,
                        VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT, VK_ACCESS_SHADER_READ_BIT});
    auto to_host = vkStruct<VkBufferMemoryBarrier>(VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER);
    to_host.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    to_host.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
    to_host.srcQueueFamilyIndex = to_host.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    to_host.buffer = buffer.value().buffer;
    to_host.size = VK_WHOLE_SIZE;
    vkCmdPipelineBarrier(command_buffer, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT,
                         0, 0, nullptr, 1, &to_host, 0, nullptr);
    return Status::success();
  });
  std::vector<std::uint8_t> pixels;
  if (status.ok()) {
    const auto* bytes = static_cast<const std::uint8_t*>(buffer.value().mapped);
    pixels.assign(bytes, bytes + size);
  }
  destroyBuffer(impl_->vulkan.device, buffer.value());
  if (!status.ok()) return Error{status.error()};
  return pixels;
}

std::vector<std::string> HeadlessVulkan::takeValidationErrors() {
  std::lock_guard lock(impl_->errors_mutex);
  std::vector<std::string> errors;
  errors.swap(impl_->validation_errors);
  return errors;
}

}  // namespace liveframe::gpu
