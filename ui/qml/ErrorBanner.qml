// A one-line message across the top of the window: errors in red, notes in amber. The stream
// keeps running underneath; Escape or the × dismisses it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Liveframe.Studio

Rectangle {
    id: banner
    property string message
    property bool isError: true
    signal dismissed()
    visible: message.length > 0
    color: isError ? "#4a1e1e" : "#4a3a1a"
    border.color: isError ? Theme.error : Theme.warning
    radius: Theme.radius
    implicitHeight: visible ? row.implicitHeight + 8 : 0

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 10
        anchors.rightMargin: 4
        Text {
            objectName: banner.isError ? "errorText" : "noticeText"
            Layout.fillWidth: true
            text: banner.message
            color: Theme.text
            elide: Text.ElideRight
            font.pixelSize: Theme.fontSize
        }
        ToolButton {
            text: "×"
            onClicked: banner.dismissed()
        }
    }
}
