// The latency HUD over the viewport: the same quantities `liveframe bench` reports, plus the
// time until the viewport presented the frame (DESIGN §7).
import QtQuick
import QtQuick.Layouts
import Liveframe.Studio

Rectangle {
    id: hud
    required property var controller
    color: "#b0141518"
    radius: Theme.radius
    implicitWidth: grid.implicitWidth + 16
    implicitHeight: grid.implicitHeight + 12

    function ms(value) { return value > 0 ? value.toFixed(0) + " ms" : "–" }

    GridLayout {
        id: grid
        anchors.centerIn: parent
        columns: 2
        columnSpacing: 10
        rowSpacing: 1
        component Label: Text {
            color: Theme.textDim
            font.family: Theme.monoFont
            font.pixelSize: Theme.smallFontSize
        }
        component Value: Text {
            color: Theme.text
            font.family: Theme.monoFont
            font.pixelSize: Theme.smallFontSize
            Layout.alignment: Qt.AlignRight
        }
        Label { text: "fps" }
        Value {
            objectName: "hudFps"
            text: hud.controller.fps > 0 ? hud.controller.fps.toFixed(1) : "–"
            color: hud.controller.modelFps > 0 && hud.controller.fps > 0
                   && hud.controller.fps < 0.9 * hud.controller.modelFps ? Theme.warning : Theme.text
        }
        Label { text: "prompt→frame p50/p95" }
        Value { text: hud.ms(hud.controller.latencyP50Ms) + " / " + hud.ms(hud.controller.latencyP95Ms) }
        Label { text: "prompt→display p50/p95" }
        Value {
            objectName: "hudDisplayLatency"
            text: hud.ms(hud.controller.displayLatencyP50Ms) + " / " + hud.ms(hud.controller.displayLatencyP95Ms)
        }
        Label { text: "step / decode" }
        Value { text: hud.controller.stepMs.toFixed(1) + " / " + hud.controller.decodeMs.toFixed(1) + " ms" }
        Label { text: "frames / dropped" }
        Value { text: hud.controller.framesProduced + " / " + hud.controller.droppedDisplayFrames }
        Label { text: "memory" }
        Value { text: hud.controller.rssMb.toFixed(0) + " MB" }
    }
}
