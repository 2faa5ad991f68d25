// The timeline of a recorded session: thumbnails, markers at every journal event, in/out
// points, named ranges, and a playhead that plays and scrubs the recording in the viewport.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Liveframe.Studio

Rectangle {
    id: panel
    objectName: "timelinePanel"
    required property var timeline
    signal exportRequested()
    signal sessionsRequested()
    color: Theme.panel
    implicitHeight: column.implicitHeight + 12

    readonly property int frames: Math.max(1, timeline.frameCount)
    function xOf(frame) { return track.width * frame / frames }
    function frameAt(x) { return Math.floor(Math.max(0, Math.min(track.width - 1, x)) / track.width * frames) }
    function markerColor(type) {
        switch (type) {
        case "prompt": return Theme.accent
        case "blend": return "#b48cff"
        case "marker": return Theme.warning
        case "reset": return Theme.error
        }
        return Theme.textDim
    }

    TitleEditor {
        id: titleEditor
        timeline: panel.timeline
        x: panel.width - width - 8
        y: -height - 8
    }

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 6
        spacing: 4

        RowLayout {
            Layout.fillWidth: true
            spacing: 4
            ToolButton {
                objectName: "playButton"
                text: panel.timeline.playing ? "❚❚" : "▶"
                enabled: panel.timeline.loaded
                onClicked: panel.timeline.togglePlay()
                ToolTip.visible: hovered
                ToolTip.text: "Play / pause the recording (Ctrl+P)"
            }
            ToolButton { text: "◀|"; enabled: panel.timeline.loaded; onClicked: panel.timeline.step(-1) }
            ToolButton { text: "|▶"; enabled: panel.timeline.loaded; onClicked: panel.timeline.step(1) }
            Text {
                objectName: "timecodeText"
                text: panel.timeline.timecode(panel.timeline.playhead) + " / " + panel.timeline.timecode(panel.timeline.frameCount)
                color: Theme.text
                font.family: Theme.monoFont
                font.pixelSize: Theme.fontSize
            }
            Text {
                Layout.fillWidth: true
                Layout.leftMargin: 8
                text: panel.timeline.loaded ? panel.timeline.sessionName + " — " + panel.timeline.summary
                                            : "No session open: record one (Ctrl+R) or open one (Ctrl+O)"
                color: Theme.textDim
                elide: Text.ElideMiddle
                font.pixelSize: Theme.smallFontSize
            }
            ToolButton { text: "In"; enabled: panel.timeline.loaded; onClicked: panel.timeline.setInPoint()
                ToolTip.visible: hovered; ToolTip.text: "In point at the playhead (Ctrl+I)" }
            ToolButton { text: "Out"; enabled: panel.timeline.loaded; onClicked: panel.timeline.setOutPoint()
                ToolTip.visible: hovered; ToolTip.text: "Out point after the playhead (Ctrl+O)" }
            ToolButton { text: "Clear"; enabled: panel.timeline.loaded; onClicked: panel.timeline.clearRange() }
            ToolButton {
                text: "+ Range"
                enabled: panel.timeline.loaded
                onClicked: panel.timeline.addRange("")
                ToolTip.visible: hovered
                ToolTip.text: "Keep the in/out range under a name"
            }
            Button {
                id: titleButton
                objectName: "titleButton"
                text: "Title…"
                enabled: panel.timeline.loaded
                onClicked: titleEditor.open()
            }
            Button { text: "Sessions…"; onClicked: panel.sessionsRequested() }
            Button {
                objectName: "exportButton"
                text: "Export…"
                highlighted: true
                enabled: panel.timeline.loaded
                onClicked: panel.exportRequested()
                ToolTip.visible: hovered
                ToolTip.text: "Export the in/out range (Ctrl+E)"
            }
        }

        Item {
            id: track
            objectName: "timelineTrack"
            Layout.fillWidth: true
            Layout.preferredHeight: 64
            clip: true

            Row {
                id: strip
                anchors.fill: parent
                readonly property int count: Math.max(1, Math.floor(track.width / 72))
                Repeater {
                    model: panel.timeline.loaded ? strip.count : 0
                    delegate: Image {
                        required property int index
                        width: track.width / strip.count
                        height: track.height
                        fillMode: Image.PreserveAspectCrop
                        asynchronous: true
                        cache: true
                        sourceSize: Qt.size(96, 96)
                        source: "image://thumbs/" + panel.timeline.thumbnailGeneration + "/"
                                + Math.floor((index + 0.5) * panel.frames / strip.count)
                    }
                }
            }
            // Outside the in/out range is dimmed.
            Rectangle { x: 0; width: panel.xOf(panel.timeline.inPoint); height: parent.height; color: "#a0000000" }
            Rectangle {
                x: panel.xOf(panel.timeline.outPoint); width: parent.width - x; height: parent.height; color: "#a0000000"
            }
            Repeater {
                model: panel.timeline.markers
                delegate: Rectangle {
                    required property var modelData
                    x: panel.xOf(modelData.frame)
                    width: 2
                    height: track.height
                    color: panel.markerColor(modelData.type)
                    MouseArea {
                        id: markerHover
                        anchors.fill: parent
                        anchors.margins: -3
                        hoverEnabled: true
                        onClicked: panel.timeline.seek(modelData.frame)
                    }
                    ToolTip.visible: markerHover.containsMouse
                    ToolTip.text: panel.timeline.timecode(modelData.frame) + "  " + modelData.text
                }
            }
            Rectangle {
                objectName: "playhead"
                x: panel.xOf(panel.timeline.playhead) - 1
                width: 3
                height: track.height
                color: "white"
            }
            MouseArea {
                anchors.fill: parent
                z: -1
                enabled: panel.timeline.loaded
                onPressed: (mouse) => { panel.timeline.pause(); panel.timeline.seek(panel.frameAt(mouse.x)) }
                onPositionChanged: (mouse) => { if (pressed) panel.timeline.seek(panel.frameAt(mouse.x)) }
            }
        }

        Flow {
            Layout.fillWidth: true
            spacing: 4
            visible: panel.timeline.ranges.length > 0
            Repeater {
                model: panel.timeline.ranges
                delegate: Button {
                    required property var modelData
                    required property int index
                    text: modelData.name + "  " + panel.timeline.timecode(modelData["in"]) + "–" + panel.timeline.timecode(modelData.out)
                    flat: true
                    onClicked: panel.timeline.selectRange(index)
                    onPressAndHold: panel.timeline.removeRange(index)
                    ToolTip.visible: hovered
                    ToolTip.text: "Select this range; hold to remove it"
                }
            }
        }
    }
}
