// gtest main for UI tests: one QGuiApplication for the process, made when tests run (listing
// tests needs no display). Qt Quick is forced onto Vulkan as in liveframe-studio.
#include <gtest/gtest.h>

#include <QGuiApplication>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QtQml/QQmlExtensionPlugin>

#include <memory>

#include "liveframe/export.h"

Q_IMPORT_QML_PLUGIN(Liveframe_StudioPlugin)

namespace {

class QtEnvironment : public ::testing::Environment {
 public:
  QtEnvironment(int argc, char** argv) : argc_(argc), argv_(argv) {}
  void SetUp() override {
    QQuickWindow::setGraphicsApi(QSGRendererInterface::Vulkan);
    qputenv("QT_QUICK_CONTROLS_MATERIAL_THEME", "Dark");
    app_ = std::make_unique<QGuiApplication>(argc_, argv_);
    liveframe::quietCodecLogs();
    QQuickStyle::setStyle(QStringLiteral("Material"));
  }
  void TearDown() override { app_.reset(); }

 private:
  int argc_;
  char** argv_;
  std::unique_ptr<QGuiApplication> app_;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new QtEnvironment(argc, argv));
  return RUN_ALL_TESTS();
}
