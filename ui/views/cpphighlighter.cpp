#include "cpphighlighter.h"

#include "tracecolors.h"
#include "viewstyle.h"

#include <QSet>

namespace coroscope::ui {

namespace {

enum BlockState { Normal = 0, InComment = 1, InTripleDouble = 2, InTripleSingle = 3 };

const QSet<QString> &pythonKeywords()
{
    static const QSet<QString> k = [] {
        QSet<QString> s;
        for (const char *w : {"and", "as", "assert", "async", "break", "class", "continue", "def", "del", "elif",
                              "else", "except", "False", "finally", "for", "from", "global", "if", "import", "in",
                              "is", "lambda", "None", "nonlocal", "not", "or", "pass", "raise", "return", "True",
                              "try", "while", "with", "self"})
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return k;
}

const QSet<QString> &keywords()
{
    static const QSet<QString> k = [] {
        QSet<QString> s;
        for (const char *w :
             {"alignas", "alignof", "and", "asm", "auto", "break", "case", "catch", "class", "concept", "const",
              "consteval", "constexpr", "constinit", "const_cast", "continue", "decltype", "default", "delete", "do",
              "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "final", "for", "friend",
              "goto", "if", "inline", "mutable", "namespace", "new", "noexcept", "not", "nullptr", "operator", "or",
              "override", "private", "protected", "public", "reinterpret_cast", "requires", "return", "sizeof",
              "static", "static_assert", "static_cast", "struct", "switch", "template", "this", "throw", "true",
              "try", "typedef", "typeid", "typename", "union", "using", "virtual", "volatile", "while"})
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return k;
}

const QSet<QString> &types()
{
    static const QSet<QString> t = [] {
        QSet<QString> s;
        for (const char *w : {"bool", "char", "char8_t", "char16_t", "char32_t", "double", "float", "int", "long",
                              "short", "signed", "unsigned", "void", "wchar_t", "size_t", "int64_t", "uint32_t"})
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return t;
}

bool isIdentStart(QChar c)
{
    return c.isLetter() || c == u'_';
}

bool isIdent(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// Where the string or character literal opened by the quote at i ends (past its closing quote).
int quotedEnd(const QString &text, int i)
{
    const int n = int(text.size());
    int j = i + 1;
    while (j < n && text[j] != text[i])
        j += text[j] == u'\\' ? 2 : 1;
    return std::min(j + 1, n);
}

// Where the number starting at i ends; C++ allows digit separators (1'000).
int numberEnd(const QString &text, int i, bool separators)
{
    const int n = int(text.size());
    while (i < n && (isIdent(text[i]) || text[i] == u'.' || (separators && text[i] == u'\'')))
        ++i;
    return i;
}

// Where the identifier starting at i ends.
int identEnd(const QString &text, int i)
{
    const int n = int(text.size());
    while (i < n && isIdent(text[i]))
        ++i;
    return i;
}

} // namespace

CppHighlighter::CppHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    setPalette(QPalette());
}

void CppHighlighter::setPalette(const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    auto fmt = [](const QColor &c, bool bold = false, bool italic = false) {
        QTextCharFormat f;
        f.setForeground(c);
        if (bold)
            f.setFontWeight(QFont::Bold);
        f.setFontItalic(italic);
        return f;
    };
    m_formats[int(Role::Keyword)] = fmt(dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x00, 0x33, 0xb3), true);
    m_formats[int(Role::Type)] = fmt(dark ? QColor(0x4e, 0xc9, 0xb0) : QColor(0x00, 0x6e, 0x6e));
    m_formats[int(Role::String)] = fmt(dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15));
    m_formats[int(Role::Comment)] = fmt(dimColor(palette), false, true);
    m_formats[int(Role::Number)] = fmt(dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58));
    m_formats[int(Role::Preprocessor)] = fmt(dark ? QColor(0xc5, 0x86, 0xc0) : QColor(0x80, 0x00, 0x80));
    QTextCharFormat co = fmt(dark ? QColor(0xff, 0xb8, 0x6c) : QColor(0xb3, 0x3c, 0x00), true);
    co.setBackground(mixColors(co.foreground().color(), palette.color(QPalette::Base), dark ? 0.22 : 0.12));
    m_formats[int(Role::Coroutine)] = co;
    rehighlight();
}

void CppHighlighter::setLanguage(Language language)
{
    if (std::exchange(m_language, language) != language)
        rehighlight();
}

QTextCharFormat CppHighlighter::format(Role role) const
{
    return m_formats[int(role)];
}

void CppHighlighter::highlightBlock(const QString &text)
{
    if (m_language == Language::Python) {
        highlightPython(text);
        return;
    }
    const int n = int(text.size());
    int i = 0;
    if (previousBlockState() == InComment) {
        const int end = int(text.indexOf(QStringLiteral("*/")));
        if (end < 0) {
            setFormat(0, n, format(Role::Comment));
            setCurrentBlockState(InComment);
            return;
        }
        setFormat(0, end + 2, format(Role::Comment));
        i = end + 2;
    }
    setCurrentBlockState(Normal);
    const int firstNonSpace = [&text, n] {
        int k = 0;
        while (k < n && text[k].isSpace())
            ++k;
        return k;
    }();
    if (firstNonSpace < n && text[firstNonSpace] == u'#' && i == 0) {
        setFormat(0, n, format(Role::Preprocessor));
        return;
    }
    while (i < n) {
        const QChar c = text[i];
        if (c == u'/' && i + 1 < n && text[i + 1] == u'/') {
            setFormat(i, n - i, format(Role::Comment));
            return;
        }
        if (c == u'/' && i + 1 < n && text[i + 1] == u'*') {
            const int end = int(text.indexOf(QStringLiteral("*/"), i + 2));
            if (end < 0) {
                setFormat(i, n - i, format(Role::Comment));
                setCurrentBlockState(InComment);
                return;
            }
            setFormat(i, end + 2 - i, format(Role::Comment));
            i = end + 2;
            continue;
        }
        if (c == u'"' || c == u'\'') {
            const int j = quotedEnd(text, i);
            setFormat(i, j - i, format(Role::String));
            i = j;
            continue;
        }
        if (c.isDigit()) {
            const int j = numberEnd(text, i, true);
            setFormat(i, j - i, format(Role::Number));
            i = j;
            continue;
        }
        if (isIdentStart(c)) {
            const int j = identEnd(text, i);
            const QString word = text.mid(i, j - i);
            if (word == u"co_await" || word == u"co_yield" || word == u"co_return")
                setFormat(i, j - i, format(Role::Coroutine));
            else if (keywords().contains(word))
                setFormat(i, j - i, format(Role::Keyword));
            else if (types().contains(word))
                setFormat(i, j - i, format(Role::Type));
            i = j;
            continue;
        }
        ++i;
    }
}

void CppHighlighter::highlightPython(const QString &text)
{
    const int n = int(text.size());
    int i = 0;
    setCurrentBlockState(Normal);
    // A triple-quoted string (a docstring) left open on an earlier line.
    auto closeTriple = [&](int from, const QString &quote, int state) {
        const int end = int(text.indexOf(quote, from));
        if (end < 0) {
            setFormat(i, n - i, format(Role::String));
            setCurrentBlockState(state);
            return n;
        }
        setFormat(i, end + 3 - i, format(Role::String));
        return end + 3;
    };
    if (previousBlockState() == InTripleDouble)
        i = closeTriple(0, QStringLiteral("\"\"\""), InTripleDouble);
    else if (previousBlockState() == InTripleSingle)
        i = closeTriple(0, QStringLiteral("'''"), InTripleSingle);
    while (i < n) {
        const QChar c = text[i];
        if (c == u'#') {
            setFormat(i, n - i, format(Role::Comment));
            return;
        }
        if (c == u'"' || c == u'\'') {
            const QString triple(3, c);
            if (QStringView(text).mid(i, 3) == triple) {
                i = closeTriple(i + 3, triple, c == u'"' ? InTripleDouble : InTripleSingle);
                continue;
            }
            const int j = quotedEnd(text, i);
            setFormat(i, j - i, format(Role::String));
            i = j;
            continue;
        }
        if (c.isDigit()) {
            const int j = numberEnd(text, i, false);
            setFormat(i, j - i, format(Role::Number));
            i = j;
            continue;
        }
        if (c == u'@' && text.left(i).trimmed().isEmpty()) {
            setFormat(i, n - i, format(Role::Preprocessor)); // a decorator
            return;
        }
        if (isIdentStart(c)) {
            const int j = identEnd(text, i);
            const QString word = text.mid(i, j - i);
            if (word == u"yield" || word == u"await")
                setFormat(i, j - i, format(Role::Coroutine));
            else if (pythonKeywords().contains(word))
                setFormat(i, j - i, format(Role::Keyword));
            i = j;
            continue;
        }
        ++i;
    }
}

} // namespace coroscope::ui
