// The one place that connects a StudioController to a QML engine: the initial properties
// Main.qml requires and the image provider for timeline thumbnails. liveframe-studio and the
// UI tests both use it, so the tests drive exactly what users run.
#pragma once

#include <QQmlApplicationEngine>
#include <QUrl>

namespace liveframe::ui {

class StudioController;

inline const QUrl kMainQml{QStringLiteral("qrc:/Liveframe/Studio/Main.qml")};

// Sets up `engine` for `controller` and loads Main.qml. Returns false if it did not load.
bool loadStudio(QQmlApplicationEngine& engine, StudioController* controller);

}  // namespace liveframe::ui
