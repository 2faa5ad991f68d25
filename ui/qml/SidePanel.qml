// The right-hand panel: model, transition, weighted prompt blending, colour and viewport.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Liveframe.Studio

Rectangle {
    id: panel
    required property var controller
    required property var viewport
    color: Theme.panel
    implicitWidth: 300

    component SectionTitle: Text {
        color: Theme.textDim
        font.pixelSize: Theme.smallFontSize
        font.capitalization: Font.AllUppercase
        font.letterSpacing: 1
        Layout.topMargin: 10
    }
    component Field: Text {
        color: Theme.text
        font.pixelSize: Theme.fontSize
        elide: Text.ElideRight
        Layout.fillWidth: true
    }

    ScrollView {
        anchors.fill: parent
        anchors.margins: 10
        contentWidth: availableWidth

        ColumnLayout {
            width: parent.width
            spacing: 4

            SectionTitle { text: "Model"; Layout.topMargin: 0 }
            ComboBox {
                id: modelBox
                objectName: "modelBox"
                Layout.fillWidth: true
                model: panel.controller.availableModels
                currentIndex: Math.max(0, model.indexOf(panel.controller.modelName))
                onActivated: (index) => panel.controller.loadModel(model[index])
            }
            Field { text: panel.controller.modelDescription; wrapMode: Text.Wrap; color: Theme.textDim; font.pixelSize: Theme.smallFontSize }
            Field {
                text: panel.controller.frameWidth + "×" + panel.controller.frameHeight + " · "
                      + panel.controller.modelFps.toFixed(0) + " fps · " + panel.controller.denoisingSteps + " steps"
                      + (panel.controller.acceptsActions ? " · camera keys" : "")
            }
            RowLayout {
                Field { text: "Seed"; Layout.fillWidth: false }
                TextField {
                    id: seedField
                    objectName: "seedField"
                    Layout.fillWidth: true
                    text: panel.controller.seed
                    font.family: Theme.monoFont
                    inputMethodHints: Qt.ImhDigitsOnly
                    onAccepted: panel.controller.resetToSeed(text)
                }
                Button {
                    text: "Reset"
                    onClicked: panel.controller.resetToSeed(seedField.text)
                    ToolTip.visible: hovered
                    ToolTip.text: "Restart the stream from this seed (the same seed and prompts give the same frames)"
                }
            }

            SectionTitle { text: "Transition" }
            RowLayout {
                Slider {
                    id: transition
                    objectName: "transitionSlider"
                    Layout.fillWidth: true
                    from: 0; to: 3; stepSize: 0.1
                    value: panel.controller.transitionSeconds
                    onMoved: panel.controller.transitionSeconds = value
                }
                Field { text: transition.value.toFixed(1) + " s"; Layout.fillWidth: false }
            }

            SectionTitle { text: "Blend prompts" }
            ListModel {
                id: blendModel
                ListElement { text: ""; weight: 1.0 }
                ListElement { text: ""; weight: 1.0 }
            }
            Repeater {
                model: blendModel
                delegate: ColumnLayout {
                    id: entry
                    required property int index
                    required property string text
                    required property real weight
                    Layout.fillWidth: true
                    spacing: 0
                    RowLayout {
                        Layout.fillWidth: true
                        TextField {
                            Layout.fillWidth: true
                            placeholderText: "prompt " + (entry.index + 1)
                            text: entry.text
                            onTextEdited: blendModel.setProperty(entry.index, "text", text)
                        }
                        ToolButton {
                            text: "−"
                            enabled: blendModel.count > 2
                            onClicked: blendModel.remove(entry.index)
                        }
                    }
                    RowLayout {
                        Slider {
                            Layout.fillWidth: true
                            from: 0; to: 1
                            value: entry.weight
                            onMoved: blendModel.setProperty(entry.index, "weight", value)
                        }
                        Field { text: entry.weight.toFixed(2); Layout.fillWidth: false }
                    }
                }
            }
            RowLayout {
                Button {
                    text: "+ Prompt"
                    enabled: blendModel.count < 6
                    onClicked: blendModel.append({ text: "", weight: 0.5 })
                }
                Item { Layout.fillWidth: true }
                Button {
                    text: "Apply blend"
                    onClicked: {
                        const prompts = []
                        for (let i = 0; i < blendModel.count; ++i) {
                            prompts.push({ text: blendModel.get(i).text, weight: blendModel.get(i).weight })
                        }
                        panel.controller.applyBlend(prompts)
                    }
                }
            }

            SectionTitle { text: "Colour (OpenColorIO)" }
            ComboBox {
                id: displayBox
                objectName: "displayBox"
                Layout.fillWidth: true
                model: panel.controller.ocioDisplays
                currentIndex: model.indexOf(panel.controller.display)
                onActivated: (index) => panel.controller.setDisplayView(model[index], panel.controller.view)
            }
            ComboBox {
                id: viewBox
                objectName: "viewBox"
                Layout.fillWidth: true
                model: panel.controller.ocioViews
                currentIndex: model.indexOf(panel.controller.view)
                onActivated: (index) => panel.controller.setDisplayView(panel.controller.display, model[index])
            }
            RowLayout {
                Field { text: "Exposure"; Layout.fillWidth: false }
                Slider {
                    Layout.fillWidth: true
                    from: -4; to: 4; stepSize: 0.1
                    value: panel.controller.exposure
                    onMoved: panel.controller.exposure = value
                }
                Field { text: (panel.controller.exposure >= 0 ? "+" : "") + panel.controller.exposure.toFixed(1); Layout.fillWidth: false }
            }
            Field {
                text: panel.controller.ocioConfigPath
                color: Theme.textDim
                font.pixelSize: Theme.smallFontSize
                elide: Text.ElideLeft
            }

            SectionTitle { text: "Viewport" }
            RowLayout {
                Repeater {
                    model: ["Fit", "Fill", "1:1"]
                    delegate: Button {
                        required property int index
                        required property string modelData
                        text: modelData
                        checkable: true
                        checked: panel.viewport.scaleMode === index
                        onClicked: panel.viewport.scaleMode = index
                    }
                }
            }
            ComboBox {
                Layout.fillWidth: true
                model: ["Catmull-Rom", "Bilinear", "Nearest"]
                currentIndex: panel.viewport.filter
                onActivated: (index) => panel.viewport.filter = index
            }
            CheckBox {
                text: "Show HUD"
                checked: panel.viewport.hudVisible
                onToggled: panel.viewport.hudVisible = checked
            }
        }
    }
}
