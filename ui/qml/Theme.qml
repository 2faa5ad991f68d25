// Colours and sizes of the studio: a dark, low-glare theme that keeps the image the brightest
// thing on screen.
pragma Singleton
import QtQuick

QtObject {
    readonly property color window: "#141518"
    readonly property color panel: "#1c1e22"
    readonly property color panelRaised: "#25282d"
    readonly property color border: "#33373d"
    readonly property color text: "#e3e5e8"
    readonly property color textDim: "#8d939b"
    readonly property color accent: "#4fa3ff"
    readonly property color recording: "#ff4d4d"
    readonly property color warning: "#ffb347"
    readonly property color error: "#ff6b6b"
    readonly property color good: "#5fd38d"
    readonly property int spacing: 8
    readonly property int radius: 4
    readonly property int fontSize: 13
    readonly property int smallFontSize: 11
    readonly property string monoFont: "DejaVu Sans Mono"
}
