// SourceMarks and the Source view: gutter marks for a known file, the lit
// current point, other coroutines' points, tool tips, and breakpoints toggled
// by clicking the gutter.

#include "viewprograms.h"

#include "cpphighlighter.h"
#include "session.h"
#include "sourceview.h"
#include <coroscope/suspensionscanner.h>
#include "tracecolors.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {

// Every line of the text with a co_await / co_yield outside a comment, found independently of SourceMarks.
QList<int> textPoints(const QString &text)
{
    QList<int> lines;
    const QStringList all = text.split(u'\n');
    for (int i = 0; i < all.size(); ++i) {
        const QString code = all[i].section(u"//"_s, 0, 0);
        if (code.contains(u"co_await"_s) || code.contains(u"co_yield"_s))
            lines << i + 1;
    }
    return lines;
}

} // namespace

class TestSourceView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void marksOfAKnownFile()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        test::runAdder();
        Session session;
        session.setTrace(&rec.trace());
        const QString text = test::programsSource();
        session.setSource(u"viewprograms.h"_s, text);
        SourceView view(&session);
        view.refresh();
        const int yield = test::kAdderLine + 4;
        QCOMPARE(view.suspensionLines(), textPoints(text));
        QVERIFY(view.suspensionLines().contains(test::kNeverRunLine));
        QVERIFY(!view.suspensionLines().contains(test::kAdderLine + 6)); // co_return: not a suspension
        QCOMPARE(view.reachedLines(), QList<int>{yield});

        // Back to before the first yield: the point is known but not reached yet.
        session.setCursor(2);
        view.refresh();
        QCOMPARE(view.reachedLines(), QList<int>{});
        QCOMPARE(view.currentLine(), 0); // running, not parked anywhere yet
        session.setCursor(3);
        view.refresh();
        QCOMPARE(view.reachedLines(), QList<int>{yield});
        QCOMPARE(view.currentLine(), yield); // nothing selected: the current event's coroutine
        const QList<QTextEdit::ExtraSelection> lit = view.extraSelections();
        QCOMPARE(lit.size(), 1);
        QCOMPARE(lit.front().cursor.blockNumber(), yield - 1);

        // The tool tip tells the values last seen there, up to the cursor.
        const QString who = coroutineLabel(rec.trace(), 1);
        QCOMPARE(view.markToolTip(yield),
                 QStringLiteral("line %1: suspension point\nlast yielded: 10 — %2, event 2\nsuspended here now: %2")
                     .arg(yield)
                     .arg(who));
        session.setCursor(rec.trace().size());
        view.refresh();
        QCOMPARE(view.markToolTip(yield), QStringLiteral("line %1: suspension point\nlast yielded: 15 — %2, event 4\n"
                                                         "last sent: -1 — %2, event 5")
                                              .arg(yield)
                                              .arg(who));
        QCOMPARE(view.markToolTip(test::kNeverRunLine),
                 QStringLiteral("line %1: suspension point\nnot reached before the cursor").arg(test::kNeverRunLine));
    }

    // Only real keywords are suspension points: not in comments, strings, characters or longer names.
    void scannerIgnoresCommentsAndLiterals_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<int>>("lines");
        QTest::addColumn<QList<int>>("columns");
        QTest::newRow("plain") << u"co_await a;\n  co_yield b;\n"_s << QList<int>{1, 2} << QList<int>{1, 3};
        QTest::newRow("two on a line") << u"f(co_await a, co_await b);"_s << QList<int>{1, 1} << QList<int>{3, 15};
        QTest::newRow("line comment") << u"x; // co_await\nco_yield 1;"_s << QList<int>{2} << QList<int>{1};
        QTest::newRow("after a comment on its line") << u"/* c */ co_await x;"_s << QList<int>{1} << QList<int>{9};
        QTest::newRow("block comment") << u"/* co_await\n co_yield */ co_await y;"_s << QList<int>{2} << QList<int>{14};
        QTest::newRow("string") << u"s = \"co_await \\\" co_yield\"; co_await z;"_s << QList<int>{1} << QList<int>{29};
        QTest::newRow("raw string") << u"s = R\"x(co_await )\" \n co_yield)x\"; co_yield 2;"_s << QList<int>{2}
                                    << QList<int>{15};
        QTest::newRow("character and separator") << u"c = '\"'; n = 1'000; co_await q; // \"co_yield\""_s
                                                 << QList<int>{1} << QList<int>{21};
        QTest::newRow("longer names") << u"my_co_await(); co_awaiter; co_yield_x; co_return 1;"_s << QList<int>{}
                                      << QList<int>{};
    }

    void scannerIgnoresCommentsAndLiterals()
    {
        QFETCH(QString, text);
        QFETCH(QList<int>, lines);
        QFETCH(QList<int>, columns);
        QList<int> gotLines, gotColumns;
        for (const SuspensionScanner::Point &p : SuspensionScanner::scan(text)) {
            gotLines << p.line;
            gotColumns << p.column;
        }
        QCOMPARE(gotLines, lines);
        QCOMPARE(gotColumns, columns);
        Session session;
        session.setSource(u"t.cpp"_s, text);
        SourceView view(&session);
        QList<int> unique(lines);
        unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
        QCOMPARE(view.suspensionLines(), unique);
    }

    void otherParkedCoroutines()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        auto a = test::adder(1);
        auto b = test::adder(2);
        auto c = test::twoYields();
        a.next();
        b.next();
        c.next();
        Session session;
        session.setTrace(&rec.trace());
        session.setSource(u"viewprograms.h"_s, test::programsSource());
        session.select(a.id());
        SourceView view(&session);
        view.refresh();
        const int yield = test::kAdderLine + 4;
        QCOMPARE(view.currentLine(), yield);
        QCOMPARE(view.parkedLines(), (QMap<int, int>{{yield, 1}, {test::kTwoYieldsLine + 2, 1}}));
        session.select(c.id());
        view.refresh();
        QCOMPARE(view.currentLine(), test::kTwoYieldsLine + 2);
        QCOMPARE(view.parkedLines(), (QMap<int, int>{{yield, 2}}));
        // Another file: nothing of this trace is in it.
        session.setSource(u"other.cpp"_s, u"int main()\n{\n    co_await x;\n}\n"_s);
        QCOMPARE(view.suspensionLines(), QList<int>{3});
        QCOMPARE(view.reachedLines(), QList<int>{});
        QCOMPARE(view.currentLine(), 0);
    }

    void clickingTheGutterTogglesABreakpoint()
    {
        Session session;
        session.setSource(u"viewprograms.h"_s, test::programsSource());
        SourceView view(&session);
        view.resize(700, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy spy(&view, &SourceView::breakpointsChanged);
        const int line = test::kAdderLine + 4;
        const QRect r = view.gutterLineRect(line);
        QVERIFY(!r.isEmpty());
        QTest::mouseClick(view.gutter(), Qt::LeftButton, {}, r.center());
        QCOMPARE(view.breakpointLines(), QSet<int>{line});
        QVERIFY(session.hasBreakpoint(u"viewprograms.h"_s, line));
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).value<QSet<int>>(), QSet<int>{line});
        // The next line has no suspension point: the breakpoint goes to the next one, twoYields' first co_yield.
        QSignalSpy notes(&view, &SourceView::note);
        QTest::mouseClick(view.gutter(), Qt::LeftButton, {}, view.gutterLineRect(line + 1).center());
        const int next = test::kTwoYieldsLine + 2;
        QCOMPARE(view.breakpointLines(), (QSet<int>{line, next}));
        QCOMPARE(notes.size(), 1);
        QCOMPARE(notes.at(0).at(0).toString(),
                 u"Breakpoint moved from line %1 to line %2, the next suspension point"_s.arg(line + 1).arg(next));
        QTest::mouseClick(view.gutter(), Qt::LeftButton, {}, r.center());
        QCOMPARE(view.breakpointLines(), QSet<int>{next});
        QCOMPARE(spy.size(), 3);
        // Below the last suspension point of the file nothing can stop: refused.
        QCOMPARE(view.toggleBreakpoint(view.blockCount()), 0);
        QCOMPARE(view.breakpointLines(), QSet<int>{next});
        QVERIFY(notes.last().at(0).toString().startsWith(u"No breakpoint: line %1 has no suspension point"_s.arg(view.blockCount())));
        QCOMPARE(spy.size(), 3);
    }

    void highlighting()
    {
        Session session;
        session.setSource(u"h.cpp"_s, u"// note\nauto x = co_await f(\"s\", 42); /* c\n still */ int y;\n"_s);
        SourceView view(&session);
        auto formatAt = [&view](int block, int column) {
            const QTextBlock b = view.document()->findBlockByNumber(block);
            for (const QTextLayout::FormatRange &r : b.layout()->formats())
                if (column >= r.start && column < r.start + r.length)
                    return r.format;
            return QTextCharFormat();
        };
        const CppHighlighter *h = view.highlighter();
        using R = CppHighlighter::Role;
        QCOMPARE(formatAt(0, 3).foreground(), h->format(R::Comment).foreground());
        QCOMPARE(formatAt(1, 0).foreground(), h->format(R::Keyword).foreground());   // auto
        QCOMPARE(formatAt(1, 9).foreground(), h->format(R::Coroutine).foreground()); // co_await
        QCOMPARE(formatAt(1, 9).fontWeight(), int(QFont::Bold));
        QCOMPARE(formatAt(1, 20).foreground(), h->format(R::String).foreground());   // "s"
        QCOMPARE(formatAt(1, 25).foreground(), h->format(R::Number).foreground());   // 42
        QCOMPARE(formatAt(2, 2).foreground(), h->format(R::Comment).foreground());   // still in the block comment
        QCOMPARE(formatAt(2, 10).foreground(), h->format(R::Type).foreground());     // int
    }
};

QTEST_MAIN(TestSourceView)
#include "tst_sourceview.moc"
