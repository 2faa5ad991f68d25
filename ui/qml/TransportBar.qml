// Transport: pause/resume, reset (new or same seed), marker, record with elapsed time and size.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Liveframe.Studio

Rectangle {
    id: transport
    required property var controller
    property bool reviewing: false
    signal reviewToggled()
    color: Theme.panel
    implicitHeight: row.implicitHeight + 8

    function clock(seconds) {
        const s = Math.floor(seconds)
        const mm = Math.floor(s / 60), ss = s % 60
        return (mm < 10 ? "0" : "") + mm + ":" + (ss < 10 ? "0" : "") + ss
    }

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 8
        anchors.rightMargin: 8
        spacing: 4

        Text {
            text: "Liveframe"
            color: Theme.text
            font.bold: true
            font.pixelSize: 15
            Layout.rightMargin: 8
        }
        ToolButton {
            objectName: "pauseButton"
            text: transport.controller.paused ? "▶ Resume" : "❚❚ Pause"
            onClicked: transport.controller.togglePause()
            ToolTip.visible: hovered
            ToolTip.text: "Pause or resume the stream (Ctrl+Space)"
        }
        ToolButton {
            text: "⟲ New seed"
            onClicked: transport.controller.reset(true)
            ToolTip.visible: hovered
            ToolTip.text: "Restart the stream with a new seed (Ctrl+Shift+N)"
        }
        ToolButton {
            text: "⟲ Same seed"
            onClicked: transport.controller.reset(false)
            ToolTip.visible: hovered
            ToolTip.text: "Restart the stream with the same seed (Ctrl+Shift+S)"
        }
        ToolButton {
            text: "◆ Marker"
            onClicked: transport.controller.mark("")
            ToolTip.visible: hovered
            ToolTip.text: "Put a marker in the recording's journal (Ctrl+M)"
        }
        ToolButton {
            objectName: "reviewButton"
            text: transport.reviewing ? "● Live" : "▤ Timeline"
            onClicked: transport.reviewToggled()
            ToolTip.visible: hovered
            ToolTip.text: transport.reviewing ? "Back to the live stream (Ctrl+T)"
                                              : "Review and export recordings (Ctrl+T)"
        }
        Item { Layout.fillWidth: true }
        Text {
            objectName: "statusText"
            text: transport.controller.status
            color: transport.controller.status === "streaming" ? Theme.good : Theme.warning
            font.pixelSize: Theme.smallFontSize
        }
        Text {
            text: "seed " + transport.controller.seed
            color: Theme.textDim
            font.family: Theme.monoFont
            font.pixelSize: Theme.smallFontSize
            Layout.leftMargin: 8
        }
        Button {
            objectName: "recordButton"
            Layout.leftMargin: 8
            checkable: true
            checked: transport.controller.recording
            onClicked: transport.controller.toggleRecording()
            text: transport.controller.recording
                  ? "● REC " + transport.clock(transport.controller.recordElapsedS) + "  "
                    + transport.controller.recordMegabytes.toFixed(1) + " MB"
                  : "● Record"
            palette.buttonText: transport.controller.recording ? Theme.recording : Theme.text
            ToolTip.visible: hovered
            ToolTip.text: transport.controller.recording ? "Recording to " + transport.controller.recordPath
                                                          : "Record the stream losslessly (Ctrl+R)"
        }
        ToolButton {
            text: "?"
            onClicked: helpRequested()
            ToolTip.visible: hovered
            ToolTip.text: "Keyboard shortcuts (F1)"
        }
    }
    signal helpRequested()
}
