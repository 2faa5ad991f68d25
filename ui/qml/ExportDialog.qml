// Export the timeline's in/out range: format, quality, size, colour, provenance; a progress
// bar with the time left, and cancel (which leaves no file).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Liveframe.Studio

Dialog {
    id: dialog
    objectName: "exportDialog"
    required property var controller
    readonly property var timeline: controller.timeline
    title: "Export " + timeline.timecode(timeline.inPoint) + " – " + timeline.timecode(timeline.outPoint)
           + "  (" + (timeline.outPoint - timeline.inPoint) + " frames)"
    modal: true
    width: 560
    anchors.centerIn: Overlay.overlay
    closePolicy: timeline.exporting ? Popup.NoAutoClose : Popup.CloseOnEscape

    readonly property var formats: [
        { name: "MP4 · H.264", codec: "h264", ext: "mp4" },
        { name: "MP4 · H.265 / HEVC", codec: "hevc", ext: "mp4" },
        { name: "MP4 · AV1", codec: "av1", ext: "mp4" },
        { name: "MOV · ProRes 422 HQ", codec: "prores", ext: "mov" },
        { name: "MOV · ProRes 4444", codec: "prores4444", ext: "mov" },
        { name: "MKV · FFV1 (lossless)", codec: "ffv1", ext: "mkv" },
        { name: "PNG sequence", codec: "png", ext: "png" },
        { name: "OpenEXR sequence (half float, linear)", codec: "exr", ext: "exr" }
    ]
    function defaultPath() {
        const name = timeline.sessionName.replace(".lfsession", "")
        return controller.recordFolder + "/" + name + "_" + timeline.inPoint + "-" + timeline.outPoint
               + "." + formats[formatBox.currentIndex].ext
    }
    onAboutToShow: pathField.text = defaultPath()

    ColumnLayout {
        anchors.fill: parent
        spacing: 6
        GridLayout {
            columns: 2
            Layout.fillWidth: true
            Label { text: "Format" }
            ComboBox {
                id: formatBox
                objectName: "exportFormat"
                Layout.fillWidth: true
                model: dialog.formats.map(f => f.name)
                onActivated: pathField.text = dialog.defaultPath()
            }
            Label { text: "File" }
            TextField { id: pathField; objectName: "exportPath"; Layout.fillWidth: true }
            Label { text: "Quality (CRF)" }
            SpinBox { id: crf; from: -1; to: 51; value: -1
                textFromValue: (v) => v < 0 ? "default" : String(v)
                valueFromText: (t) => t === "default" ? -1 : parseInt(t) }
            Label { text: "Size" }
            ComboBox { id: sizeBox; model: ["as recorded", "2×", "4×", "½"] }
            Label { text: "Colour" }
            ComboBox {
                id: colorBox
                Layout.fillWidth: true
                model: ["format default"].concat(dialog.controller.ocioViews.map(v => dialog.controller.display + " / " + v))
            }
        }
        RowLayout {
            CheckBox { id: provenance; text: "Provenance (AI label + manifest)"; checked: true }
            CheckBox { id: label; text: "Visible label" }
        }
        RowLayout {
            CheckBox {
                id: titleOnly
                objectName: "titleOnly"
                text: "Title layer only, with alpha (PNG/EXR, ProRes 4444)"
                enabled: dialog.timeline.title.enabled
            }
        }
        RowLayout {
            CheckBox { id: otio; text: "OpenTimelineIO (.otio)" }
            CheckBox { id: edl; text: "CMX3600 EDL" }
        }
        ProgressBar {
            objectName: "exportProgress"
            Layout.fillWidth: true
            value: dialog.timeline.exportProgress
            visible: dialog.timeline.exporting || dialog.timeline.exportProgress > 0
        }
        Text {
            Layout.fillWidth: true
            color: Theme.textDim
            elide: Text.ElideMiddle
            text: dialog.timeline.exporting
                  ? Math.round(dialog.timeline.exportProgress * 100) + "% · about "
                    + Math.ceil(dialog.timeline.exportRemainingS) + " s left"
                  : (dialog.timeline.exportResult ? "Written: " + dialog.timeline.exportResult : "")
        }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            Button {
                text: dialog.timeline.exporting ? "Cancel export" : "Close"
                onClicked: dialog.timeline.exporting ? dialog.timeline.cancelExport() : dialog.close()
            }
            Button {
                objectName: "startExportButton"
                text: "Export"
                highlighted: true
                enabled: !dialog.timeline.exporting && pathField.text.length > 0
                onClicked: {
                    const factor = [1, 2, 4, 0.5][sizeBox.currentIndex]
                    const options = {
                        crf: crf.value,
                        provenance: provenance.checked,
                        label: label.checked,
                        otio: otio.checked,
                        titleOnly: titleOnly.checked && titleOnly.enabled,
                        edl: edl.checked
                    }
                    if (factor !== 1) {
                        options.width = Math.round(dialog.controller.frameWidth * factor)
                        options.height = Math.round(dialog.controller.frameHeight * factor)
                    }
                    if (colorBox.currentIndex > 0) {
                        options.display = dialog.controller.display
                        options.view = dialog.controller.ocioViews[colorBox.currentIndex - 1]
                    }
                    dialog.timeline.exportClip(pathField.text, dialog.formats[formatBox.currentIndex].codec, options)
                }
            }
        }
    }
}
