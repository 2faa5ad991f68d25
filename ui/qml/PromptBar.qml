// The prompt editor: Enter applies, Shift+Enter starts a new line, Up/Down on the first/last
// line walk the history, words the model does not know are underlined, Tab completes a word
// from the model's vocabulary. Alt+arrows steer the camera even while typing.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Liveframe.Studio

Rectangle {
    id: bar
    required property var controller
    property alias editor: editor
    property int historyIndex: -1   // -1: editing a new prompt
    property string draft
    signal cameraKey(int key, bool pressed)

    color: Theme.panel
    implicitHeight: Math.min(Math.max(editor.implicitHeight, 56), 140) + 16

    function applyNow() {
        if (controller.applyPrompt(editor.text)) {
            historyIndex = -1
            draft = ""
        }
    }
    function walkHistory(step) {
        const history = controller.promptHistory
        if (history.length === 0) return false
        if (historyIndex === -1) {
            if (step > 0) return false
            draft = editor.text
            historyIndex = history.length - 1
        } else {
            const next = historyIndex + step
            if (next >= history.length) {
                historyIndex = -1
                editor.text = draft
                editor.cursorPosition = editor.length
                return true
            }
            historyIndex = Math.max(0, next)
        }
        editor.text = history[historyIndex]
        editor.cursorPosition = editor.length
        return true
    }
    function wordBeforeCursor() {
        const before = editor.getText(0, editor.cursorPosition)
        const match = before.match(/[A-Za-z']+$/)
        return match ? match[0] : ""
    }
    function complete(word) {
        const prefix = wordBeforeCursor()
        editor.insert(editor.cursorPosition, word.substring(prefix.length) + " ")
        completionPopup.close()
    }

    VocabularyHighlighter {
        document: editor.textDocument
        unknownWords: bar.controller.unknownWords(editor.text)
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 8
        spacing: Theme.spacing

        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            TextArea {
                id: editor
                objectName: "promptEditor"
                wrapMode: TextEdit.Wrap
                placeholderText: "Describe the scene, e.g. “a red ball bouncing over the ocean at sunset” — Enter applies"
                font.pixelSize: 15
                color: Theme.text
                background: Rectangle { color: Theme.panelRaised; radius: Theme.radius; border.color: editor.activeFocus ? Theme.accent : Theme.border }
                text: bar.controller.currentPrompt

                onTextChanged: {
                    const prefix = bar.wordBeforeCursor()
                    const found = prefix.length >= 2 ? bar.controller.completions(prefix, 8) : []
                    completionList.model = found
                    if (found.length > 0 && activeFocus) completionPopup.open(); else completionPopup.close()
                }

                Keys.onPressed: (event) => {
                    const arrows = [Qt.Key_Left, Qt.Key_Right, Qt.Key_Up, Qt.Key_Down]
                    if ((event.modifiers & Qt.AltModifier) && arrows.includes(event.key)) {
                        if (!event.isAutoRepeat) bar.cameraKey(event.key, true)
                        event.accepted = true
                        return
                    }
                    if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
                        if (event.modifiers & Qt.ShiftModifier) {
                            editor.insert(editor.cursorPosition, "\n")
                        } else if (completionPopup.opened && completionList.currentIndex > 0) {
                            bar.complete(completionList.model[completionList.currentIndex])
                        } else {
                            completionPopup.close()
                            bar.applyNow()
                        }
                        event.accepted = true
                    } else if (event.key === Qt.Key_Tab && completionPopup.opened) {
                        bar.complete(completionList.model[Math.max(0, completionList.currentIndex)])
                        event.accepted = true
                    } else if (event.key === Qt.Key_Escape && completionPopup.opened) {
                        completionPopup.close()
                        event.accepted = true
                    } else if (event.key === Qt.Key_Up && completionPopup.opened) {
                        completionList.decrementCurrentIndex()
                        event.accepted = true
                    } else if (event.key === Qt.Key_Down && completionPopup.opened) {
                        completionList.incrementCurrentIndex()
                        event.accepted = true
                    } else if (event.key === Qt.Key_Up && !editor.getText(0, editor.cursorPosition).includes("\n")) {
                        event.accepted = bar.walkHistory(-1)
                    } else if (event.key === Qt.Key_Down && !editor.getText(editor.cursorPosition, editor.length).includes("\n")) {
                        event.accepted = bar.walkHistory(1)
                    }
                }
                Keys.onReleased: (event) => {
                    const arrows = [Qt.Key_Left, Qt.Key_Right, Qt.Key_Up, Qt.Key_Down]
                    if (arrows.includes(event.key) && !event.isAutoRepeat) {
                        bar.cameraKey(event.key, false)  // a release without Alt still ends the move
                    }
                }

                Popup {
                    id: completionPopup
                    y: -height - 4
                    x: Math.min(editor.cursorRectangle.x, editor.width - width)
                    width: 180
                    height: Math.min(completionList.contentHeight + 8, 200)
                    padding: 4
                    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
                    background: Rectangle { color: Theme.panelRaised; border.color: Theme.border; radius: Theme.radius }
                    ListView {
                        id: completionList
                        objectName: "completionList"
                        anchors.fill: parent
                        clip: true
                        delegate: ItemDelegate {
                            required property string modelData
                            required property int index
                            width: completionList.width
                            height: 24
                            text: modelData
                            highlighted: ListView.isCurrentItem
                            onClicked: bar.complete(modelData)
                        }
                    }
                }
            }
        }

        ColumnLayout {
            spacing: 4
            Button {
                text: "Apply"
                highlighted: true
                onClicked: bar.applyNow()
                ToolTip.visible: hovered
                ToolTip.text: "Apply the prompt (Enter)"
            }
            Text {
                Layout.alignment: Qt.AlignHCenter
                text: editor.length + " / 4096"
                color: editor.length > 4096 ? Theme.error : Theme.textDim
                font.pixelSize: Theme.smallFontSize
            }
        }
    }
}
