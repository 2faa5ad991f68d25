#include "studio_setup.h"

#include "session_timeline.h"
#include "studio_controller.h"
#include "thumbnail_provider.h"

namespace liveframe::ui {

bool loadStudio(QQmlApplicationEngine& engine, StudioController* controller) {
  engine.addImageProvider(QStringLiteral("thumbs"), new ThumbnailProvider(controller->timeline()));
  engine.setInitialProperties({{QStringLiteral("controller"), QVariant::fromValue(controller)}});
  engine.load(kMainQml);
  return !engine.rootObjects().isEmpty();
}

}  // namespace liveframe::ui
