// Loading an OCIO config ($OCIO and the shipped fallback) and listing what it offers.
#include <cstdlib>
#include <system_error>

#include "color/ocio_config.h"
#include "liveframe/resources.h"

namespace liveframe {
namespace fs = std::filesystem;
using color::OCIO::ConstConfigRcPtr;

namespace {

Result<ColorConfigPtr> loadFile(const fs::path& path, std::string note) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Error{"OCIO config not found: " + path.string()};
  try {
    ConstConfigRcPtr config = color::OCIO::Config::CreateFromFile(path.c_str());
    config->validate();
    auto impl = std::make_unique<ColorConfig::Impl>();
    impl->config = config;
    impl->path = path;
    impl->note = std::move(note);
    impl->cache_id = config->getCacheID();
    return std::make_shared<const ColorConfig>(std::move(impl));
  } catch (const color::OCIO::Exception& e) {
    return Error{"cannot load OCIO config " + path.string() + ": " + color::oneLine(e.what())};
  }
}

}  // namespace

std::string color::oneLine(const std::string& message) {
  std::string line = message;
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

ColorConfig::ColorConfig(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ColorConfig::~ColorConfig() = default;

fs::path ColorConfig::shippedConfigPath() { return resourceDir() / "ocio" / "config.ocio"; }

Result<ColorConfigPtr> ColorConfig::load(const fs::path& explicit_path) {
  if (!explicit_path.empty()) return loadFile(explicit_path, "");
  const char* env = std::getenv("OCIO");
  if (env == nullptr || *env == '\0') return loadFile(shippedConfigPath(), "");
  Result<ColorConfigPtr> from_env = loadFile(env, "");
  if (from_env.ok()) return from_env;
  // Like other OCIO applications we honour $OCIO, but a stale variable must not cost the
  // viewport: show the shipped config and say why.
  return loadFile(shippedConfigPath(),
                  "$OCIO ignored (" + from_env.error() + "); using the " + "shipped config");
}

const fs::path& ColorConfig::path() const { return impl_->path; }
const std::string& ColorConfig::note() const { return impl_->note; }
const std::string& ColorConfig::cacheId() const { return impl_->cache_id; }

std::vector<std::string> ColorConfig::displays() const {
  std::vector<std::string> names;
  for (int i = 0; i < impl_->config->getNumDisplays(); ++i) {
    names.emplace_back(impl_->config->getDisplay(i));
  }
  return names;
}

std::vector<std::string> ColorConfig::views(std::string_view display) const {
  const std::string name(display);
  std::vector<std::string> names;
  for (const std::string& known : displays()) {
    if (known != name) continue;
    for (int i = 0; i < impl_->config->getNumViews(name.c_str()); ++i) {
      names.emplace_back(impl_->config->getView(name.c_str(), i));
    }
  }
  return names;
}

std::vector<std::string> ColorConfig::colorSpaces() const {
  std::vector<std::string> names;
  for (int i = 0; i < impl_->config->getNumColorSpaces(); ++i) {
    names.emplace_back(impl_->config->getColorSpaceNameByIndex(i));
  }
  return names;
}

std::string ColorConfig::defaultDisplay() const { return impl_->config->getDefaultDisplay(); }

std::string ColorConfig::defaultView(std::string_view display) const {
  if (views(display).empty()) return "";
  return impl_->config->getDefaultView(std::string(display).c_str());
}

bool ColorConfig::hasColorSpace(std::string_view name) const {
  return impl_->config->getColorSpace(std::string(name).c_str()) != nullptr;
}

std::string ColorConfig::modelOutputSpace() const {
  // Names other configs give sRGB-encoded Rec.709 (the ACES configs and common aliases).
  for (const char* name :
       {"sRGB - Texture", "Utility - sRGB - Texture", "srgb_texture", "srgb_tx", "sRGB"}) {
    if (auto space = impl_->config->getColorSpace(name)) return space->getName();
  }
  if (auto space = impl_->config->getColorSpace(color::OCIO::ROLE_DEFAULT)) {
    return space->getName();
  }
  return colorSpaces().empty() ? "" : colorSpaces().front();
}

}  // namespace liveframe
