#include "vocabulary_highlighter.h"

#include <QMetaObject>
#include <QRegularExpression>
#include <QTextCharFormat>
#include <QTextDocument>

namespace liveframe::ui {

void UnknownWordHighlighter::setWords(const QStringList& words) {
  if (words == words_) return;
  words_ = words;
  rehighlight();
}

void UnknownWordHighlighter::highlightBlock(const QString& text) {
  if (words_.isEmpty()) return;
  QTextCharFormat unknown;
  unknown.setFontUnderline(true);
  unknown.setUnderlineStyle(QTextCharFormat::WaveUnderline);
  unknown.setUnderlineColor(QColor(0xff, 0x6b, 0x6b));
  unknown.setForeground(QColor(0xff, 0xb3, 0x47));
  static const QRegularExpression kWord(QStringLiteral("[A-Za-z']+"));
  for (auto it = kWord.globalMatch(text); it.hasNext();) {
    const auto match = it.next();
    if (words_.contains(match.captured().toLower())) {
      setFormat(static_cast<int>(match.capturedStart()), static_cast<int>(match.capturedLength()),
                unknown);
    }
  }
}

VocabularyHighlighter::VocabularyHighlighter(QObject* parent)
    : QObject(parent), highlighter_(new UnknownWordHighlighter(static_cast<QObject*>(this))) {}

void VocabularyHighlighter::setDocument(QQuickTextDocument* document) {
  if (document == document_) return;
  document_ = document;
  highlighter_->setDocument(document ? document->textDocument() : nullptr);
  emit documentChanged();
}

void VocabularyHighlighter::setUnknownWords(const QStringList& words) {
  QStringList lower;
  for (const QString& word : words) lower.append(word.toLower());
  if (lower == words_) return;
  words_ = lower;
  // Re-highlighting later, not inside the setter: it touches the document's formats, which the
  // text item reports as a text change, which re-evaluates the binding that is writing here (a
  // binding loop). The highlighter is a child, so it outlives any queued call.
  QMetaObject::invokeMethod(
      highlighter_, [highlighter = highlighter_, words = words_] { highlighter->setWords(words); },
      Qt::QueuedConnection);
  emit unknownWordsChanged();
}

}  // namespace liveframe::ui
