// File → Open Trace… on a file that cannot be read: the error, with its byte
// offset, goes to the window's error reporter (a dialog in the app, a recorder
// here so nothing modal blocks the test), and the run that was open — a live
// sample or an earlier replay — is still the one shown and still works.

#include "coroutinemodel.h"
#include "coroutinespanel.h"
#include "mainwindow.h"
#include "runcontroller.h"
#include "session.h"
#include "testsettings.h"

#include <coroscope/trace.h>

#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include "flattableview.h"
#include <QtEndian>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {

struct Report
{
    QString title, text;
};

QByteArray withU32(QByteArray bytes, qsizetype at, std::uint32_t v)
{
    qToLittleEndian(v, bytes.data() + at);
    return bytes;
}

// What a person sees of the open run.
struct Shown
{
    RunController::Mode mode;
    QString sample, tracePath, title, status;
    const Trace *trace;
    std::size_t cursor, events;
    int coroutineRows;
    bool operator==(const Shown &) const = default;
};

Shown shown(MainWindow &w)
{
    return {w.controller()->mode(),
            w.controller()->sampleName(),
            w.controller()->tracePath(),
            w.windowTitle(),
            w.statusText(),
            &w.session()->trace(),
            w.session()->cursor(),
            w.session()->trace().size(),
            w.coroutinesPanel()->view()->model()->rowCount()};
}

} // namespace

class TestOpenTrace : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QByteArray m_good; // a native trace of send_accumulator, six steps in

    QString write(const QString &name, const QByteArray &bytes) const
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return {};
        return path;
    }

    static void settle(MainWindow &w)
    {
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
    }

    static void stepTimes(MainWindow &w, int n)
    {
        for (int i = 0; i < n; ++i) {
            QTest::keyClick(&w, Qt::Key_F10);
            settle(w);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        useEmptyTestSettings(u"tst_opentrace"_s);
        QVERIFY(m_dir.isValid());
        MainWindow w;
        QVERIFY(w.openSample(u"send_accumulator"_s));
        settle(w);
        for (int i = 0; i < 6; ++i) { // the window is not shown: no key reaches it
            w.controller()->step();
            settle(w);
        }
        m_good = w.session()->trace().toNative();
        const Trace::LoadResult good = Trace::fromNative(m_good);
        QVERIFY(good.trace);
        QVERIFY(good.trace->size() > 6);
    }

    void badFile_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem"); // a fragment of the reader's message
        QTest::addColumn<bool>("overReplay"); // the open run is a replay, not a live sample

        const qsizetype events = m_good.indexOf("EVNT");
        QVERIFY(events > 0);
        // Event 0's coroutine id (after kind, aux, flags) points past the coroutine table.
        const QByteArray inconsistent = withU32(m_good, events + 12 + 4, 9999);
        QByteArray wrongMagic = m_good;
        wrongMagic[3] = 'X';
        for (bool overReplay : {false, true}) {
            const char *over = overReplay ? " over a replay" : " over a live run";
            QTest::addRow("truncated%s", over) << m_good.left(m_good.size() / 2) << u"past the end"_s << overReplay;
            QTest::addRow("wrong magic%s", over) << wrongMagic << u"wrong magic"_s << overReplay;
            QTest::addRow("wrong version%s", over) << withU32(m_good, 8, 99) << u"unsupported version 99"_s
                                                 << overReplay;
            QTest::addRow("inconsistent%s", over) << inconsistent << u"9999"_s << overReplay;
        }
    }

    void badFile()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        QFETCH(bool, overReplay);
        const Trace::LoadResult expected = Trace::fromNative(bytes);
        QVERIFY(!expected.trace);
        QVERIFY2(expected.offset >= 0, qPrintable(expected.error));
        const QString bad = write(u"bad.coroscope"_s, bytes);
        QVERIFY(!bad.isEmpty());

        MainWindow w;
        QList<Report> reports;
        w.setErrorReporter([&reports](const QString &title, const QString &text) { reports << Report{title, text}; });
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        if (overReplay) {
            const QString good = write(u"good.coroscope"_s, m_good);
            QVERIFY(w.openTraceOrReport(good));
            QCOMPARE(w.controller()->mode(), RunController::Mode::Replay);
        } else {
            QVERIFY(w.openSample(u"send_accumulator"_s));
            settle(w);
        }
        stepTimes(w, 3);
        w.session()->select(2);
        const Shown before = shown(w);
        QVERIFY(before.events > 1);

        QVERIFY(!w.openTraceOrReport(bad));
        QCOMPARE(reports.size(), 1);
        QCOMPARE(reports[0].title, u"Open Trace"_s);
        const QString &text = reports[0].text;
        QVERIFY2(text.contains(u"bad.coroscope"_s), qPrintable(text));
        QVERIFY2(text.contains(problem), qPrintable(text));
        QVERIFY2(text.contains(u"offset %1"_s.arg(expected.offset)) || text.contains(u"byte %1"_s.arg(expected.offset)),
                 qPrintable(text));
        QVERIFY2(text.contains(u"still shown"_s), qPrintable(text));

        // Nothing moved: same run, same trace object, same cursor and selection.
        QCoreApplication::processEvents();
        QVERIFY(shown(w) == before);
        QCOMPARE(w.session()->selected(), CoroId(2));
        QCOMPARE(w.controller()->tracePath().isEmpty(), !overReplay);
        // And it still works: a step goes on from where it was.
        QTest::keyClick(&w, Qt::Key_F10);
        settle(w);
        QVERIFY(w.session()->cursor() > before.cursor);
    }

    // A file that is not there: reported the same way, the run kept.
    void missingFile()
    {
        MainWindow w;
        QList<Report> reports;
        w.setErrorReporter([&reports](const QString &title, const QString &text) { reports << Report{title, text}; });
        QVERIFY(w.openSample(u"send_accumulator"_s));
        settle(w);
        const Shown before = shown(w);
        QVERIFY(!w.openTraceOrReport(m_dir.filePath(u"nothing-here.coroscope"_s)));
        QCOMPARE(reports.size(), 1);
        QVERIFY(shown(w) == before);
    }
};

QTEST_MAIN(TestOpenTrace)
#include "tst_opentrace.moc"
