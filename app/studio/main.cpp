// liveframe-studio: the Qt Quick front end (issue P3, docs/design/studio.md).
//
//   liveframe-studio [--model ID|FILE|FOLDER] [--size WxH] [--random-weights] [--seed N]
//                    [--prompt TEXT] [--ocio CONFIG] [--record-dir DIR]
//                    [--screenshot FILE --after-frames N [--help-overlay]] [SESSION]
//
// Qt Quick renders through Vulkan (lavapipe where there is no GPU); the model streams on the
// engine's own threads from the moment the window is up.
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>
#include <iostream>
#include <memory>

#include "display_link.h"
#include "session_timeline.h"
#include "liveframe/export.h"
#include "studio_setup.h"
#include "studio_controller.h"

Q_IMPORT_QML_PLUGIN(Liveframe_StudioPlugin)

namespace {

using liveframe::ui::StudioController;
using liveframe::ui::StudioOptions;

constexpr int kExitUsage = 2;

int usageError(const QString& message) {
  std::cerr << "liveframe-studio: error: " << message.toStdString()
            << " (see liveframe-studio --help)\n";
  return kExitUsage;
}

// --screenshot: wait until the viewport has presented `frames` frames, grab the window, save.
void scheduleScreenshot(QQuickWindow* window, StudioController* controller, QString file,
                        qint64 frames, bool help_overlay) {
  auto* poll = new QTimer(window);
  poll->setInterval(100);
  QObject::connect(poll, &QTimer::timeout, window, [=] {
    // Frames of the live stream, or of a recording under review.
    const qint64 presented = controller->displayLink()->presentedFrames() +
                             controller->timeline()->displayLink()->presentedFrames();
    if (presented < frames && controller->status() != "failed" &&
        controller->status() != "no model") {
      return;
    }
    poll->stop();
    if (help_overlay) {
      if (QObject* help = window->findChild<QObject*>(QStringLiteral("helpOverlay"))) {
        help->setProperty("visible", true);
      }
    }
    // Two frames later the overlay is on screen.
    QTimer::singleShot(200, window, [=] {
      const QImage image = window->grabWindow();
      const bool saved = !image.isNull() && image.save(file);
      if (!saved) {
        std::cerr << "liveframe-studio: error: could not write the screenshot "
                  << file.toStdString() << "\n";
      } else {
        std::cout << "screenshot: " << file.toStdString() << " (" << image.width() << "x"
                  << image.height() << ", " << controller->displayLink()->presentedFrames()
                  << " frames presented)\n";
      }
      controller->shutdown();
      QCoreApplication::exit(saved ? 0 : 1);
    });
  });
  poll->start();
}

}  // namespace

int main(int argc, char** argv) {
  // Before the first window: Qt Quick draws with Vulkan, so the viewport's VkImage is native.
  QQuickWindow::setGraphicsApi(QSGRendererInterface::Vulkan);
  qputenv("QT_QUICK_CONTROLS_MATERIAL_THEME", "Dark");
  qputenv("QT_QUICK_CONTROLS_MATERIAL_ACCENT", "#4fa3ff");
  QGuiApplication app(argc, argv);
  QGuiApplication::setApplicationName(QStringLiteral("liveframe-studio"));
  QGuiApplication::setApplicationVersion(QStringLiteral(LIVEFRAME_VERSION));
  QGuiApplication::setDesktopFileName(QStringLiteral("liveframe-studio"));
  QQuickStyle::setStyle(QStringLiteral("Material"));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Liveframe Studio: real-time AI video"));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption model_option(
      {QStringLiteral("m"), QStringLiteral("model")},
      QStringLiteral("Model id, weights file or model folder (default: sketch)"),
      QStringLiteral("model"), QStringLiteral("sketch"));
  const QCommandLineOption size_option(
      QStringLiteral("size"),
      QStringLiteral("Frame size WIDTHxHEIGHT for a Wan model folder (multiples of 16; default "
                     "832x480)"),
      QStringLiteral("WxH"));
  const QCommandLineOption random_option(QStringLiteral("random-weights"),
                                         QStringLiteral("The model's architecture at random weights"));
  const QCommandLineOption seed_option(QStringLiteral("seed"), QStringLiteral("Stream seed"),
                                       QStringLiteral("n"), QStringLiteral("1"));
  const QCommandLineOption prompt_option(
      {QStringLiteral("p"), QStringLiteral("prompt")}, QStringLiteral("The first prompt"),
      QStringLiteral("text"), QStringLiteral("a red ball bouncing over the ocean at sunset"));
  const QCommandLineOption ocio_option(QStringLiteral("ocio"),
                                       QStringLiteral("OpenColorIO config (default: $OCIO, else "
                                                      "the shipped one)"),
                                       QStringLiteral("config"));
  const QCommandLineOption record_option(QStringLiteral("record-dir"),
                                         QStringLiteral("Folder for recordings (default: "
                                                        "~/Videos/Liveframe)"),
                                         QStringLiteral("dir"));
  const QCommandLineOption shot_option(QStringLiteral("screenshot"),
                                       QStringLiteral("Save a screenshot of the window and quit"),
                                       QStringLiteral("file"));
  const QCommandLineOption after_option(QStringLiteral("after-frames"),
                                        QStringLiteral("Frames to show before --screenshot"),
                                        QStringLiteral("n"), QStringLiteral("48"));
  const QCommandLineOption help_option(QStringLiteral("help-overlay"),
                                       QStringLiteral("Open the shortcut overlay (F1) first"));
  parser.addOptions({model_option, size_option, random_option, seed_option, prompt_option, ocio_option,
                     record_option, shot_option, after_option, help_option});
  parser.addPositionalArgument(QStringLiteral("session"),
                               QStringLiteral("A recorded NAME.lfsession to open on the timeline"),
                               QStringLiteral("[session]"));
  if (!parser.parse(QCoreApplication::arguments())) return usageError(parser.errorText());
  if (parser.isSet(QStringLiteral("help"))) parser.showHelp(0);
  if (parser.isSet(QStringLiteral("version"))) parser.showVersion();
  if (parser.positionalArguments().size() > 1) {
    return usageError(QStringLiteral("unexpected argument '%1'")
                          .arg(parser.positionalArguments().at(1)));
  }
  bool ok = false;
  const qulonglong seed = parser.value(seed_option).toULongLong(&ok);
  if (!ok) return usageError(QStringLiteral("--seed wants a whole number ≥ 0"));
  const qint64 after_frames = parser.value(after_option).toLongLong(&ok);
  if (!ok || after_frames < 1) return usageError(QStringLiteral("--after-frames wants a number ≥ 1"));

  StudioOptions options;
  if (parser.isSet(size_option)) {
    const QStringList size = parser.value(size_option).toLower().split(QLatin1Char('x'));
    bool width_ok = false, height_ok = false;
    if (size.size() == 2) {
      options.engine.width = size[0].toInt(&width_ok);
      options.engine.height = size[1].toInt(&height_ok);
    }
    if (!width_ok || !height_ok || options.engine.width < 1 || options.engine.height < 1) {
      return usageError(QStringLiteral("--size wants WIDTHxHEIGHT, e.g. 832x480"));
    }
  }
  options.engine.model = parser.value(model_option).toStdString();
  options.engine.seed = seed;
  options.engine.initial_prompt = parser.value(prompt_option).toStdString();
  options.engine.random_weights = parser.isSet(random_option);
  options.ocio_config = parser.value(ocio_option).toStdString();
  options.record_folder = parser.value(record_option).toStdString();

  liveframe::quietCodecLogs();
  auto controller = std::make_unique<StudioController>(options);
  QQmlApplicationEngine qml;
  if (!liveframe::ui::loadStudio(qml, controller.get())) {
    std::cerr << "liveframe-studio: error: the user interface failed to load\n";
    return 1;
  }
  auto* window = qobject_cast<QQuickWindow*>(qml.rootObjects().first());
  controller->loadModel(QString::fromStdString(options.engine.model));
  if (!parser.positionalArguments().isEmpty()) {
    controller->timeline()->open(parser.positionalArguments().first());
  }
  if (parser.isSet(shot_option)) {
    scheduleScreenshot(window, controller.get(), parser.value(shot_option), after_frames,
                       parser.isSet(help_option));
  }
  QObject::connect(&app, &QCoreApplication::aboutToQuit, controller.get(),
                   [&controller] { controller->shutdown(); });
  return QGuiApplication::exec();
}
