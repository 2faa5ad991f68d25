#include "viewport_node.h"

#include <QMetaObject>
#include <QSGRendererInterface>
#include <QSGTexture>
#include <QVulkanInstance>
#include <QtQuick/qsgtexture_platform.h>

namespace liveframe::ui {

void PostTarget::clear() {
  std::lock_guard lock(mutex_);
  target_ = nullptr;
}

void PostTarget::post(const char* method, const QString& argument) {
  std::lock_guard lock(mutex_);
  if (target_ != nullptr) {
    QMetaObject::invokeMethod(target_, method, Qt::QueuedConnection, Q_ARG(QString, argument));
  }
}

ViewportNode::ViewportNode(QQuickWindow* window, std::shared_ptr<PostTarget> item)
    : window_(window), item_(std::move(item)) {
  connect(window_, &QQuickWindow::beforeRendering, this, &ViewportNode::onBeforeRendering,
          Qt::DirectConnection);
  connect(window_, &QQuickWindow::frameSwapped, this, &ViewportNode::onFrameSwapped,
          Qt::DirectConnection);
}

ViewportNode::~ViewportNode() {
  // The picture's texture wraps our image: drop it before the pipeline frees the image.
  if (picture_ != nullptr) {
    removeChildNode(picture_);
    delete picture_;
  }
  pipeline_.reset();  // waits for the device once
}

bool ViewportNode::createPipeline() {
  QSGRendererInterface* renderer = window_->rendererInterface();
  if (renderer->graphicsApi() != QSGRendererInterface::Vulkan) {
    failed_ = true;
    item_->post("reportProblem", QStringLiteral("The viewport needs Qt Quick on Vulkan; this "
                                                "window renders with another graphics API"));
    return false;
  }
  auto resource = [&](QSGRendererInterface::Resource which) {
    return renderer->getResource(window_, which);
  };
  auto* device = static_cast<VkDevice*>(resource(QSGRendererInterface::DeviceResource));
  auto* physical =
      static_cast<VkPhysicalDevice*>(resource(QSGRendererInterface::PhysicalDeviceResource));
  auto* instance =
      static_cast<QVulkanInstance*>(resource(QSGRendererInterface::VulkanInstanceResource));
  auto* queue = static_cast<VkQueue*>(resource(QSGRendererInterface::CommandQueueResource));
  if (device == nullptr || physical == nullptr || instance == nullptr) {
    failed_ = true;
    item_->post("reportProblem", QStringLiteral("Qt Quick did not share its Vulkan device"));
    return false;
  }
  gpu::VulkanDevice handles;
  handles.instance = instance->vkInstance();
  handles.physical_device = *physical;
  handles.device = *device;
  handles.queue = queue != nullptr ? *queue : VK_NULL_HANDLE;
  const int frames_in_flight = std::max(1, window_->graphicsStateInfo().framesInFlight);
  auto pipeline = gpu::DisplayPipeline::create(handles, frames_in_flight);
  if (!pipeline.ok()) {
    failed_ = true;
    item_->post("reportProblem", QStringLiteral("The viewport could not start: %1")
                                     .arg(QString::fromStdString(pipeline.error())));
    return false;
  }
  pipeline_ = std::move(*pipeline);
  pipeline_->setLetterboxColor(0, 0, 0);
  return true;
}

void ViewportNode::sync(const ViewportParams& params) {
  if (!pipeline_ && (failed_ || !createPipeline())) return;
  if (params.link != link_) {
    link_ = params.link;
    pending_ = link_ ? link_->peek() : nullptr;
    dirty_ = true;
  }
  if (params.pixel_size != params_.pixel_size || params.mode != params_.mode ||
      params.filter != params_.filter || params.exposure != params_.exposure ||
      params.program != params_.program) {
    dirty_ = true;
  }
  params_ = params;
  pipeline_->setScale(params.mode, params.filter);
  pipeline_->setTargetSize(std::max(1, params.pixel_size.width()),
                           std::max(1, params.pixel_size.height()));
  pipeline_->setExposure(params.exposure);
  if (params.program != applied_program_) {
    pipeline_->setProgram(params.program);
    applied_program_ = params.program;
    applied_label_ = params.program_label;
    label_pending_ = true;
  }

  // The image of the last recorded passes; a resize replaces it at the next recording, and the
  // next sync (requested from onBeforeRendering) wraps the new one.
  const VkImage image = pipeline_->displayImage();
  const QSize size(pipeline_->displayWidth(), pipeline_->displayHeight());
  if (image == VK_NULL_HANDLE) return;
  if (image != wrapped_image_ || size != wrapped_size_) {
    QSGTexture* texture = QNativeInterface::QSGVulkanTexture::fromNative(
        image, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, window_, size);
    if (picture_ == nullptr) {
      picture_ = new QSGSimpleTextureNode;
      picture_->setOwnsTexture(true);
      picture_->setFiltering(QSGTexture::Nearest);  // the scale pass already filtered
      appendChildNode(picture_);
    }
    picture_->setTexture(texture);  // deletes the previous one (owned)
    wrapped_image_ = image;
    wrapped_size_ = size;
  }
  const qreal dpr = window_->effectiveDevicePixelRatio();
  picture_->setRect(QRectF(0, 0, size.width() / dpr, size.height() / dpr));
}

void ViewportNode::onBeforeRendering() {
  if (!pipeline_ || !link_) return;
  FramePtr frame = link_->take();
  if (!frame) frame = std::move(pending_);
  pending_.reset();
  if (!frame && !dirty_) return;  // nothing new: the image already shows the right thing
  window_->beginExternalCommands();
  auto* command_buffer = static_cast<VkCommandBuffer*>(window_->rendererInterface()->getResource(
      window_, QSGRendererInterface::CommandListResource));
  Status status;
  if (command_buffer == nullptr) {
    status = Error{"Qt Quick gave no command buffer to record into"};
  } else {
    if (frame) {
      status = pipeline_->recordUpload(*command_buffer, window_->graphicsStateInfo().currentFrameSlot,
                                       frame->rgb.data(), frame->width, frame->height);
    }
    if (status.ok()) {
      status = pipeline_->recordColorAndScale(*command_buffer,
                                              window_->graphicsStateInfo().currentFrameSlot);
    }
  }
  window_->endExternalCommands();
  if (!status.ok()) {
    failed_ = true;
    pipeline_.reset();
    item_->post("reportProblem", QString::fromStdString(status.error()));
    return;
  }
  dirty_ = false;
  if (frame) shown_ = std::move(frame);
  if (pipeline_->displayImage() != wrapped_image_) {
    item_->post("requestSync", QString());  // wrap the new image at the next sync
  }
  if (label_pending_ && pipeline_->frameWidth() > 0) {
    label_pending_ = false;
    item_->post("reportApplied", applied_label_);
  }
}

void ViewportNode::onFrameSwapped() {
  if (!shown_ || !link_) return;
  link_->presented(shown_, Clock::now());
  shown_.reset();
}

}  // namespace liveframe::ui
