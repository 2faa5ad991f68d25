// VocabularyHighlighter: underlines, in a QML TextArea, the words the current model does not
// know (they reach the text encoder as <unk>). QML gives it the editor's textDocument and the
// list of unknown words (StudioController::unknownWords), so the vocabulary stays in one place.
//
// Thread-safety: GUI thread only.
#pragma once

#include <QObject>
#include <QPointer>
#include <QQuickTextDocument>
#include <QStringList>
#include <QSyntaxHighlighter>
#include <QtQml/qqmlregistration.h>

namespace liveframe::ui {

class UnknownWordHighlighter final : public QSyntaxHighlighter {
 public:
  using QSyntaxHighlighter::QSyntaxHighlighter;
  void setWords(const QStringList& words);

 protected:
  void highlightBlock(const QString& text) override;

 private:
  QStringList words_;  // lower case
};

class VocabularyHighlighter : public QObject {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(QQuickTextDocument* document READ document WRITE setDocument NOTIFY documentChanged)
  Q_PROPERTY(QStringList unknownWords READ unknownWords WRITE setUnknownWords NOTIFY
                 unknownWordsChanged)

 public:
  explicit VocabularyHighlighter(QObject* parent = nullptr);

  QQuickTextDocument* document() const { return document_; }
  void setDocument(QQuickTextDocument* document);
  QStringList unknownWords() const { return words_; }
  void setUnknownWords(const QStringList& words);

 signals:
  void documentChanged();
  void unknownWordsChanged();

 private:
  QPointer<QQuickTextDocument> document_;
  QStringList words_;
  UnknownWordHighlighter* highlighter_ = nullptr;  // owned by this object
};

}  // namespace liveframe::ui
