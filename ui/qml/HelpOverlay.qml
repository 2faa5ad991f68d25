// F1: every shortcut of the studio in one place. Esc or F1 closes it.
import QtQuick
import QtQuick.Layouts
import Liveframe.Studio

Rectangle {
    id: help
    objectName: "helpOverlay"
    color: "#e0101114"
    visible: false
    focus: visible

    readonly property var shortcuts: [
        ["Enter", "Apply the prompt"],
        ["Shift+Enter", "New line in the prompt"],
        ["Up / Down", "Walk the prompt history (first / last line)"],
        ["Tab", "Complete a known word"],
        ["Arrows (viewport focused), Alt+Arrows", "Camera: pan left/right, zoom in/out"],
        ["Ctrl+Space", "Pause / resume"],
        ["Ctrl+Shift+N", "Reset with a new seed"],
        ["Ctrl+Shift+S", "Reset with the same seed"],
        ["Ctrl+R", "Start / stop recording"],
        ["Ctrl+M", "Marker in the journal"],
        ["Ctrl+1 / Ctrl+2 / Ctrl+3", "Viewport: fit / fill / 1:1"],
        ["Ctrl+H", "Show / hide the HUD"],
        ["Ctrl+L", "Focus the prompt editor"],
        ["Ctrl+[ / Ctrl+]", "Transition shorter / longer"],
        ["Ctrl+T", "Timeline: review recordings / back to live"],
        ["Ctrl+Shift+O", "Sessions: open, reveal, delete"],
        ["Ctrl+P  ·  Ctrl+, / Ctrl+.", "Timeline: play / pause  ·  step a frame"],
        ["Ctrl+I / Ctrl+O", "Timeline: in / out point"],
        ["Ctrl+E", "Export the in/out range"],
        ["F11", "Full screen"],
        ["F1", "This help"],
        ["Ctrl+Q", "Quit"]
    ]

    Keys.onPressed: (event) => {
        if (event.key === Qt.Key_Escape || event.key === Qt.Key_F1) {
            help.visible = false
            event.accepted = true
        }
    }
    MouseArea { anchors.fill: parent; onClicked: help.visible = false }

    ColumnLayout {
        anchors.centerIn: parent
        spacing: 14
        Text {
            text: "Keyboard shortcuts"
            color: Theme.text
            font.pixelSize: 22
            font.bold: true
        }
        GridLayout {
            columns: 2
            columnSpacing: 28
            rowSpacing: 7
            Repeater {
                model: help.shortcuts.length * 2
                delegate: Text {
                    required property int index
                    readonly property bool isKey: index % 2 === 0
                    text: help.shortcuts[Math.floor(index / 2)][isKey ? 0 : 1]
                    color: isKey ? Theme.accent : Theme.text
                    font.family: isKey ? Theme.monoFont : Qt.application.font.family
                    font.pixelSize: 14
                }
            }
        }
        Text {
            text: "Press F1 or Esc to close"
            color: Theme.textDim
            font.pixelSize: 12
        }
    }
}
