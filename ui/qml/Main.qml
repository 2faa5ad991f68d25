// The studio window: viewport with HUD, prompt editor, transport and side panel.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Liveframe.Studio

ApplicationWindow {
    id: window
    objectName: "studioWindow"
    required property StudioController controller
    width: 1280
    height: 800
    visible: true
    title: "Liveframe Studio — " + (controller.modelName || "loading") + (controller.recording ? " ● REC" : "")
    color: Theme.window
    // Reviewing: the viewport shows the timeline's recording instead of the live stream.
    property bool reviewing: false
    Connections {
        target: window.controller.timeline
        function onSessionChanged() { if (window.controller.timeline.loaded) window.reviewing = true }
    }

    function cameraAction(key) {
        switch (key) {
        case Qt.Key_Left: return 1    // kActionPanLeft
        case Qt.Key_Right: return 2   // kActionPanRight
        case Qt.Key_Up: return 4      // kActionZoomIn
        case Qt.Key_Down: return 8    // kActionZoomOut
        }
        return 0
    }
    function camera(key, pressed) {
        const action = cameraAction(key)
        if (action === 0) return
        if (pressed) controller.pressAction(action); else controller.releaseAction(action)
    }

    Shortcut { sequence: "F1"; context: Qt.ApplicationShortcut; onActivated: help.visible = !help.visible }
    Shortcut { sequence: "Ctrl+Space"; onActivated: controller.togglePause() }
    Shortcut { sequence: "Ctrl+Shift+N"; onActivated: controller.reset(true) }
    Shortcut { sequence: "Ctrl+Shift+S"; onActivated: controller.reset(false) }
    Shortcut { sequence: "Ctrl+R"; onActivated: controller.toggleRecording() }
    Shortcut { sequence: "Ctrl+M"; onActivated: controller.mark("") }
    Shortcut { sequence: "Ctrl+1"; onActivated: viewport.scaleMode = 0 }
    Shortcut { sequence: "Ctrl+2"; onActivated: viewport.scaleMode = 1 }
    Shortcut { sequence: "Ctrl+3"; onActivated: viewport.scaleMode = 2 }
    Shortcut { sequence: "Ctrl+H"; onActivated: viewport.hudVisible = !viewport.hudVisible }
    Shortcut { sequence: "Ctrl+L"; onActivated: promptBar.editor.forceActiveFocus() }
    Shortcut { sequence: "Ctrl+["; onActivated: controller.transitionSeconds = Math.max(0, controller.transitionSeconds - 0.25) }
    Shortcut { sequence: "Ctrl+]"; onActivated: controller.transitionSeconds = Math.min(3, controller.transitionSeconds + 0.25) }
    Shortcut { sequence: "F11"; onActivated: window.visibility = window.visibility === Window.FullScreen ? Window.Windowed : Window.FullScreen }
    Shortcut { sequence: "Ctrl+Q"; onActivated: Qt.quit() }
    Shortcut { sequence: "Ctrl+T"; onActivated: window.reviewing = !window.reviewing }
    Shortcut { sequence: "Ctrl+Shift+O"; onActivated: sessions.open() }
    Shortcut { sequence: "Ctrl+E"; enabled: controller.timeline.loaded; onActivated: { window.reviewing = true; exportDialog.open() } }
    Shortcut { sequence: "Ctrl+P"; enabled: window.reviewing; onActivated: controller.timeline.togglePlay() }
    Shortcut { sequence: "Ctrl+I"; enabled: window.reviewing; onActivated: controller.timeline.setInPoint() }
    Shortcut { sequence: "Ctrl+O"; enabled: window.reviewing; onActivated: controller.timeline.setOutPoint() }
    Shortcut { sequence: "Ctrl+,"; enabled: window.reviewing; onActivated: controller.timeline.step(-1) }
    Shortcut { sequence: "Ctrl+."; enabled: window.reviewing; onActivated: controller.timeline.step(1) }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TransportBar {
            Layout.fillWidth: true
            controller: window.controller
            reviewing: window.reviewing
            onHelpRequested: help.visible = true
            onReviewToggled: window.reviewing = !window.reviewing
        }
        ErrorBanner {
            objectName: "errorBanner"
            Layout.fillWidth: true
            Layout.margins: visible ? 4 : 0
            message: window.controller.errorMessage
            onDismissed: window.controller.clearError()
        }
        ErrorBanner {
            objectName: "noticeBanner"
            Layout.fillWidth: true
            Layout.margins: visible ? 4 : 0
            isError: false
            message: window.controller.notice
            onDismissed: window.controller.clearNotice()
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                color: "black"

                Viewport {
                    id: viewport
                    objectName: "viewport"
                    anchors.fill: parent
                    controller: window.controller
                    showRecording: window.reviewing
                    focus: true
                    property bool hudVisible: true
                    activeFocusOnTab: true
                    Keys.onPressed: (event) => {
                        if (window.cameraAction(event.key) !== 0) {
                            if (!event.isAutoRepeat) window.camera(event.key, true)
                            event.accepted = true
                        }
                    }
                    Keys.onReleased: (event) => {
                        if (window.cameraAction(event.key) !== 0) {
                            if (!event.isAutoRepeat) window.camera(event.key, false)
                            event.accepted = true
                        }
                    }
                    MouseArea {
                        anchors.fill: parent
                        onClicked: viewport.forceActiveFocus()
                    }
                    Rectangle {
                        anchors.fill: parent
                        color: "transparent"
                        border.color: viewport.activeFocus ? Theme.accent : "transparent"
                        border.width: 1
                    }
                    Text {
                        anchors.centerIn: parent
                        visible: !window.controller.streaming
                        text: window.controller.status === "no model" ? "No model is loaded — choose one on the right"
                                                                     : window.controller.status + "…"
                        color: Theme.textDim
                        font.pixelSize: 16
                    }
                }
                // The title layer's preview over the recording, placed on the picture as the
                // scale pass places the frame (fit, fill or 1:1).
                Item {
                    id: picture
                    readonly property var timeline: window.controller.timeline
                    readonly property real fw: Math.max(1, timeline.frameWidth)
                    readonly property real fh: Math.max(1, timeline.frameHeight)
                    readonly property real scale: viewport.scaleMode === 2 ? 1 / Screen.devicePixelRatio
                        : viewport.scaleMode === 1 ? Math.max(viewport.width / fw, viewport.height / fh)
                        : Math.min(viewport.width / fw, viewport.height / fh)
                    width: fw * scale
                    height: fh * scale
                    x: viewport.x + (viewport.width - width) / 2
                    y: viewport.y + (viewport.height - height) / 2
                    visible: window.reviewing && timeline.loaded && timeline.title.enabled
                    clip: true
                    Text {
                        objectName: "titlePreview"
                        text: picture.timeline.title.text
                        color: picture.timeline.title.color
                        font.bold: true
                        font.pixelSize: Math.max(1, picture.timeline.title.size * picture.height)
                        style: Text.Raised
                        styleColor: "#a0000000"
                        x: picture.timeline.title.x * picture.width - width / 2
                        y: picture.timeline.title.y * picture.height - height / 2
                        opacity: {
                            const t = picture.timeline.title
                            // Read so that the binding follows every change of the layer.
                            void [t.text, t.enabled, t.inPoint, t.outPoint, t.fadeSeconds]
                            return t.opacityAt(picture.timeline.playhead, picture.timeline.fps)
                        }
                    }
                }
                Hud {
                    objectName: "hud"
                    visible: viewport.hudVisible
                    anchors.left: parent.left
                    anchors.top: parent.top
                    anchors.margins: 10
                    controller: window.controller
                }
            }
            SidePanel {
                Layout.fillHeight: true
                Layout.preferredWidth: 300
                controller: window.controller
                viewport: viewport
            }
        }
        TimelinePanel {
            Layout.fillWidth: true
            visible: window.reviewing
            timeline: window.controller.timeline
            onExportRequested: exportDialog.open()
            onSessionsRequested: sessions.open()
        }
        PromptBar {
            id: promptBar
            Layout.fillWidth: true
            controller: window.controller
            onCameraKey: (key, pressed) => window.camera(key, pressed)
        }
    }

    SessionsPanel { id: sessions; controller: window.controller }
    ExportDialog { id: exportDialog; controller: window.controller }

    HelpOverlay {
        id: help
        anchors.fill: parent
        onVisibleChanged: if (!visible) promptBar.editor.forceActiveFocus()
    }

    Component.onCompleted: promptBar.editor.forceActiveFocus()
}
