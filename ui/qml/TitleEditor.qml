// The title layer: text, position, size, colour, in/out and fade. Previewed over the
// recording; exported composited, or alone with alpha for an editor to change later.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Liveframe.Studio

Popup {
    id: editor
    objectName: "titleEditor"
    required property var timeline
    readonly property var title: timeline.title
    width: 420
    padding: 12
    modal: false
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    background: Rectangle { color: Theme.panelRaised; border.color: Theme.border; radius: Theme.radius }

    component Caption: Text { color: Theme.textDim; font.pixelSize: Theme.smallFontSize }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6
        CheckBox {
            objectName: "titleEnabled"
            text: "Show the title"
            checked: editor.title.enabled
            onToggled: editor.title.enabled = checked
        }
        TextField {
            objectName: "titleText"
            Layout.fillWidth: true
            placeholderText: "Title text"
            text: editor.title.text
            onTextEdited: { editor.title.text = text; editor.title.enabled = text.length > 0 }
        }
        GridLayout {
            columns: 2
            Layout.fillWidth: true
            Caption { text: "Horizontal" }
            Slider { Layout.fillWidth: true; from: 0; to: 1; value: editor.title.x; onMoved: editor.title.x = value }
            Caption { text: "Vertical" }
            Slider { Layout.fillWidth: true; from: 0; to: 1; value: editor.title.y; onMoved: editor.title.y = value }
            Caption { text: "Size" }
            Slider { Layout.fillWidth: true; from: 0.03; to: 0.3; value: editor.title.size; onMoved: editor.title.size = value }
            Caption { text: "Fade" }
            Slider { Layout.fillWidth: true; from: 0; to: 3; stepSize: 0.1; value: editor.title.fadeSeconds
                onMoved: editor.title.fadeSeconds = value }
            Caption { text: "Colour" }
            Row {
                spacing: 6
                Repeater {
                    model: ["#ffffff", "#ffdd66", "#ff6b6b", "#4fa3ff", "#5fd38d", "#000000"]
                    delegate: Rectangle {
                        required property string modelData
                        width: 22; height: 22; radius: 11
                        color: modelData
                        border.color: Qt.colorEqual(editor.title.color, modelData) ? Theme.accent : Theme.border
                        border.width: 2
                        MouseArea { anchors.fill: parent; onClicked: editor.title.color = parent.modelData }
                    }
                }
            }
        }
        RowLayout {
            Caption {
                Layout.fillWidth: true
                text: "Shown " + editor.timeline.timecode(editor.title.inPoint) + " – "
                      + editor.timeline.timecode(editor.title.outPoint)
            }
            Button {
                text: "Use in/out"
                onClicked: { editor.title.inPoint = editor.timeline.inPoint; editor.title.outPoint = editor.timeline.outPoint }
                ToolTip.visible: hovered
                ToolTip.text: "Show the title over the timeline's in/out range"
            }
        }
    }
}
