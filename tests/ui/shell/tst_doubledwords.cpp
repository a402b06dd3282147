// No text the window shows says a word twice across a separator ("running —
// running", "deadlock: deadlock:"): every sample is stepped a little, run to
// its end and looked at again in history, and at each stop the status bar, the
// Coroutines table's State, Last value and Awaiting cells, the Await graph's and
// the State machine's headings and the Log's summaries are read.

#include "awaitgraphview.h"
#include "coroutinemodel.h"
#include "coroutinespanel.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "flattableview.h"
#include "mainwindow.h"
#include "runcontroller.h"
#include "session.h"
#include "statemachineview.h"
#include "testsettings.h"

#include <QDockWidget>
#include <QLabel>
#include <QRegularExpression>
#include <QTest>
#include <QTextDocumentFragment>
#include <samplelibrary.h>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {

// A word (starting with a letter: "Event 7 / 7" counts events) said again right after
// a separator, in any case.
const QRegularExpression &doubled()
{
    static const QRegularExpression re(uR"(\b(\p{L}\w*)\b[^\w\n]+\1\b)"_s,
                                       QRegularExpression::CaseInsensitiveOption |
                                           QRegularExpression::UseUnicodePropertiesOption);
    return re;
}

// A quoted value is the program's own data ("Tyger Tyger, burning bright,"), not the window's words.
QString withoutValues(QString text)
{
    static const QRegularExpression quoted(uR"("(?:[^"\\]|\\.)*")"_s);
    return text.replace(quoted, u"\"…\""_s);
}

// Words a value may repeat: a tuple of two Nones, "(None, None)".
const QStringList &allowed()
{
    static const QStringList words{u"None"_s};
    return words;
}

void settle(MainWindow &w)
{
    QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
    QCoreApplication::processEvents();
}

void press(MainWindow &w, int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QTest::keyClick(&w, Qt::Key(key), modifiers);
    settle(w);
}

QString plain(const QLabel *label)
{
    return label->textFormat() == Qt::PlainText
               ? label->text()
               : QTextDocumentFragment::fromHtml(label->text()).toPlainText();
}

// Every text of the window this test reads, each with where it was read.
QList<std::pair<QString, QString>> shownTexts(MainWindow &w)
{
    QList<std::pair<QString, QString>> out;
    out.append({u"status bar"_s, w.statusText()});
    const QAbstractItemModel *coroutines = w.coroutinesPanel()->view()->model();
    for (int r = 0; r < coroutines->rowCount(); ++r)
        for (int c :
             {CoroutineModel::StateColumn, CoroutineModel::LastValueColumn, CoroutineModel::AwaitingColumn})
            out.append(
                {u"Coroutines row %1 column %2"_s.arg(r).arg(c), coroutines->index(r, c).data().toString()});
    auto *awaits = qobject_cast<AwaitGraphView *>(w.dockContent(u"awaitGraph"_s));
    awaits->refresh();
    for (const QLabel *l : awaits->findChildren<QLabel *>())
        out.append({u"Await graph heading"_s, plain(l)});
    auto *machine = qobject_cast<StateMachineView *>(w.dockContent(u"stateMachine"_s));
    machine->refresh();
    for (const QLabel *l : machine->findChildren<QLabel *>())
        out.append({u"State machine heading"_s, plain(l)});
    const EventLogModel *log = w.eventLogPanel()->model();
    for (int r = 0; r < log->rowCount(); ++r)
        if (EventKind(log->index(r, 0).data(EventLogModel::KindRole).toInt()) !=
            EventKind::Output) // its own words
            out.append(
                {u"Log row %1"_s.arg(r), log->index(r, EventLogModel::DetailColumn).data().toString()});
    return out;
}

} // namespace

class TestDoubledWords : public QObject
{
    Q_OBJECT

    static void check(MainWindow &w, const QString &stop)
    {
        for (const auto &[where, text] : shownTexts(w)) {
            const QRegularExpressionMatch m = doubled().match(withoutValues(text));
            QVERIFY2(!m.hasMatch() || allowed().contains(m.captured(1)),
                     qPrintable(stop + u", "_s + where + u": \""_s + text + u'"'));
        }
    }

private Q_SLOTS:
    void initTestCase() { useEmptyTestSettings(u"tst_doubledwords"_s); }

    // The check itself catches the texts that were seen.
    void patternFindsDoubles_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("doubled");
        QTest::newRow("state twice") << u"running — running"_s << true;
        QTest::newRow("done twice") << u"Event 9 / 9 · done — Done"_s << true;
        QTest::newRow("deadlock twice") << u"deadlock: deadlock: a waits for b"_s << true;
        QTest::newRow("numbers") << u"Event 7 / 7 · Clock 0 ms"_s << false;
        QTest::newRow("once") << u"finished — main returned 55"_s << false;
        QTest::newRow("enqueue") << u"enqueue callback (callback): done callback"_s << true;
        QTest::newRow("a value") << u"yield \"Tyger Tyger, burning bright,\""_s << false;
        QTest::newRow("inside a word") << u"done — doneness"_s << false;
    }
    void patternFindsDoubles()
    {
        QFETCH(QString, text);
        QFETCH(bool, doubled);
        QCOMPARE(::doubled().match(withoutValues(text)).hasMatch(), doubled);
    }

    void noWordTwice_data()
    {
        QTest::addColumn<QString>("sample");
        for (const auto &s : samples::allSamples())
            QTest::newRow(qPrintable(s.info.name)) << s.info.name;
    }
    void noWordTwice()
    {
        QFETCH(QString, sample);
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openSample(sample));
        settle(w);
        check(w, u"opened"_s);
        for (int i = 1; i <= 6; ++i) {
            press(w, Qt::Key_F10);
            if (i % 3 == 0)
                check(w, u"after %1 steps"_s.arg(i));
        }
        press(w, Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isRunning() && w.controller()->settled(), 30000);
        QCoreApplication::processEvents();
        check(w, u"at the end"_s);
        press(w, Qt::Key_F10, Qt::ShiftModifier);
        check(w, u"one step back from the end"_s);
        w.session()->setCursor(std::max<std::size_t>(1, w.session()->trace().size() / 2));
        settle(w);
        check(w, u"halfway, in history"_s);
    }
};

QTEST_MAIN(TestDoubledWords)
#include "tst_doubledwords.moc"
