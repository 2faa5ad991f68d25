// Sessions on disk: the recording folder's *.lfsession (newest first) and those opened before.
// Open one on the timeline, reveal it in the file manager, or delete it after a confirmation.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Liveframe.Studio

Dialog {
    id: dialog
    objectName: "sessionsDialog"
    required property var controller
    title: "Sessions in " + controller.recordFolder
    modal: true
    standardButtons: Dialog.Close
    width: 640
    height: 420
    anchors.centerIn: Overlay.overlay
    onAboutToShow: controller.timeline.refreshSessions(controller.recordFolder)

    property string pendingDelete

    ColumnLayout {
        anchors.fill: parent
        RowLayout {
            Layout.fillWidth: true
            TextField {
                id: pathField
                objectName: "openPathField"
                Layout.fillWidth: true
                placeholderText: "/path/to/recording.lfsession"
            }
            Button {
                text: "Open"
                onClicked: { dialog.controller.timeline.open(pathField.text); dialog.close() }
            }
        }
        ListView {
            id: list
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: dialog.controller.timeline.sessions
            delegate: RowLayout {
                required property string modelData
                width: list.width
                Text {
                    Layout.fillWidth: true
                    text: modelData.substring(modelData.lastIndexOf("/") + 1)
                    color: modelData === dialog.controller.timeline.sessionPath ? Theme.accent : Theme.text
                    elide: Text.ElideMiddle
                    font.pixelSize: Theme.fontSize
                }
                ToolButton { text: "Open"; onClicked: { dialog.controller.timeline.open(modelData); dialog.close() } }
                ToolButton { text: "Reveal"; onClicked: dialog.controller.timeline.revealSession(modelData) }
                ToolButton {
                    text: "Delete"
                    onClicked: { dialog.pendingDelete = modelData; confirm.open() }
                }
            }
            Text {
                anchors.centerIn: parent
                visible: list.count === 0
                text: "No sessions yet: Ctrl+R records one"
                color: Theme.textDim
            }
        }
    }

    Dialog {
        id: confirm
        objectName: "confirmDeleteDialog"
        title: "Delete this session?"
        modal: true
        anchors.centerIn: Overlay.overlay
        standardButtons: Dialog.Yes | Dialog.No
        Text {
            text: dialog.pendingDelete + "\nand every frame in it will be removed from disk."
            color: Theme.text
        }
        onAccepted: dialog.controller.timeline.deleteSession(dialog.pendingDelete)
    }
}
