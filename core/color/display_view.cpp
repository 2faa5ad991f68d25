// The viewer's display/view transform (shared with gpu/) and the processors made from it.
#include <algorithm>
#include <cstdio>

#include "color/ocio_config.h"

namespace liveframe {
namespace color {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

struct ResolvedNames {
  std::string source;
  std::string display;
  std::string view;
};

ResolvedNames resolve(const ColorConfig& config, const DisplayViewRequest& request) {
  ResolvedNames names;
  names.source = request.source.empty() ? config.modelOutputSpace() : request.source;
  names.display = request.display.empty() ? config.defaultDisplay() : request.display;
  names.view = request.view.empty() ? config.defaultView(names.display) : request.view;
  return names;
}

}  // namespace

std::string describeDisplayView(const ColorConfig& config, const DisplayViewRequest& request) {
  const ResolvedNames names = resolve(config, request);
  std::string text = names.source + " -> " + names.display + " / " + names.view;
  if (request.exposure_stops != 0) {
    char stops[32];
    std::snprintf(stops, sizeof stops, ", exposure %+g", request.exposure_stops);
    text += stops;
  }
  return text;
}

Result<OCIO::ConstTransformRcPtr> displayViewTransform(const ColorConfig& config,
                                                       const DisplayViewRequest& request,
                                                       Exposure exposure) {
  const ResolvedNames names = resolve(config, request);
  if (!config.hasColorSpace(names.source)) {
    return Error{"OCIO: unknown colour space '" + names.source + "' in " + config.path().string()};
  }
  const std::vector<std::string> displays = config.displays();
  if (!contains(displays, names.display)) {
    return Error{"OCIO: unknown display '" + names.display +
                 "' (the config has: " + joined(displays) + ")"};
  }
  const std::vector<std::string> views = config.views(names.display);
  if (!contains(views, names.view)) {
    return Error{"OCIO: unknown view '" + names.view + "' for display '" + names.display +
                 "' (it has: " + joined(views) + ")"};
  }
  auto display_view = OCIO::DisplayViewTransform::Create();
  display_view->setSrc(names.source.c_str());
  display_view->setDisplay(names.display.c_str());
  display_view->setView(names.view.c_str());
  if (exposure == Exposure::kFixed && request.exposure_stops == 0) {
    return OCIO::ConstTransformRcPtr(display_view);
  }
  // Video style: the source is display-referred code values, and OCIO scales the stops so
  // that one looks like a stop there.
  auto exposure_transform = OCIO::ExposureContrastTransform::Create();
  exposure_transform->setStyle(OCIO::EXPOSURE_CONTRAST_VIDEO);
  exposure_transform->setExposure(request.exposure_stops);
  if (exposure == Exposure::kDynamic) exposure_transform->makeExposureDynamic();
  auto group = OCIO::GroupTransform::Create();
  group->appendTransform(exposure_transform);
  group->appendTransform(display_view);
  return OCIO::ConstTransformRcPtr(group);
}

}  // namespace color

Result<ColorProcessorPtr> ColorConfig::displayProcessor(const DisplayViewRequest& request) const {
  Result<color::OCIO::ConstTransformRcPtr> transform =
      color::displayViewTransform(*this, request, color::Exposure::kFixed);
  if (!transform.ok()) return Error{transform.error()};
  try {
    return color::makeProcessor(impl_->config->getProcessor(transform.value()),
                                color::describeDisplayView(*this, request));
  } catch (const color::OCIO::Exception& e) {
    return Error{"OCIO: " + color::describeDisplayView(*this, request) + ": " +
                 color::oneLine(e.what())};
  }
}

Result<ColorProcessorPtr> ColorConfig::conversion(std::string_view from,
                                                  std::string_view to) const {
  const std::string description = std::string(from) + " -> " + std::string(to);
  for (std::string_view name : {from, to}) {
    if (!hasColorSpace(name)) {
      return Error{"OCIO: unknown colour space '" + std::string(name) + "' in " + path().string()};
    }
  }
  try {
    return color::makeProcessor(
        impl_->config->getProcessor(std::string(from).c_str(), std::string(to).c_str()),
        description);
  } catch (const color::OCIO::Exception& e) {
    return Error{"OCIO: " + description + ": " + color::oneLine(e.what())};
  }
}

}  // namespace liveframe
