#pragma once

// C++ syntax highlighting for the Source view: keywords, types, strings,
// characters, comments (line and block), numbers and preprocessor lines, with
// co_await / co_yield / co_return emphasised — they are the suspension points
// the other views talk about. Colours come from the palette's lightness.
// A Python program's source gets Python's words instead (yield and await
// emphasised, # comments, triple-quoted strings across lines).

#include <QPalette>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace coroscope::ui {

class CppHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit CppHighlighter(QTextDocument *document);

    void setPalette(const QPalette &palette); // re-highlights
    enum class Language { Cpp, Python };
    void setLanguage(Language language); // re-highlights when it changes
    Language language() const noexcept { return m_language; }

    enum class Role { Keyword, Type, String, Comment, Number, Preprocessor, Coroutine };
    QTextCharFormat format(Role role) const;

protected:
    void highlightBlock(const QString &text) override;

private:
    void highlightPython(const QString &text);

    QTextCharFormat m_formats[7];
    Language m_language = Language::Cpp;
};

} // namespace coroscope::ui
