// Animated Continue: the speed slider sets the rate, each tick of the animation
// is exactly one transition, the GUI handles other events between ticks, and
// Pause (F6), Step back, a breakpoint or the end of the program stop it. No
// wall-clock assertion: what is checked is the order and the count of events.

#include "mainwindow.h"
#include "runcontroller.h"
#include "session.h"
#include "speedcontrol.h"
#include "testsettings.h"

#include <coroscope/runner.h>

#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {

// What happened between the animation's ticks, in order.
struct StepLog
{
    QList<std::size_t> pauses; // Engine::paused: the event the program is blocked after
    QList<int> idleCounts;     // the GUI's zero-timer count at each pause
    int idle = 0;
};

// A window with send_accumulator open at a run speed, its animated pauses logged.
struct Animated
{
    MainWindow w;
    StepLog r;
    QTimer idleTimer;
};

void setSpeed(MainWindow &w, int stepsPerSecond)
{
    const int position = int(SpeedControl::speeds().indexOf(stepsPerSecond));
    QVERIFY(position >= 0);
    w.speedControl()->slider()->setValue(position);
    QCOMPARE(w.controller()->stepsPerSecond(), stepsPerSecond);
}

int stepEventsBetween(const Trace &trace, std::size_t after, std::size_t upTo)
{
    int n = 0;
    for (std::size_t j = after + 1; j <= upTo; ++j)
        n += isStepEvent(trace[j]) ? 1 : 0;
    return n;
}

} // namespace

class TestRunSpeed : public QObject
{
    Q_OBJECT

    static void open(MainWindow &w, const QString &sample)
    {
        QVERIFY(w.openSample(sample));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QCOMPARE(w.session()->cursor(), std::size_t(1));
    }

    static void record(MainWindow &w, StepLog &r, QTimer &idleTimer)
    {
        QObject::connect(w.controller()->runner(), &Runner::paused, &w, [&r](std::size_t event) {
            r.pauses << event;
            r.idleCounts << r.idle;
        });
        // Runs whenever the GUI thread's event loop is free: proof that it is not blocked.
        idleTimer.setInterval(0);
        QObject::connect(&idleTimer, &QTimer::timeout, &w, [&r] { ++r.idle; });
        idleTimer.start();
    }

    // Shows the window, opens send_accumulator, sets the speed and starts logging.
    // False when any of that failed (the failure is already reported).
    static bool start(Animated &a, int stepsPerSecond)
    {
        a.w.show();
        if (!QTest::qWaitForWindowExposed(&a.w))
            return false;
        open(a.w, u"send_accumulator"_s);
        setSpeed(a.w, stepsPerSecond);
        record(a.w, a.r, a.idleTimer);
        return !QTest::currentTestFailed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        useEmptyTestSettings(u"tst_runspeed"_s);
    }

    // Every slider position is a rate; the timer's period follows it; the right end is full speed.
    void sliderSetsTheRate()
    {
        MainWindow w;
        for (int steps : SpeedControl::speeds()) {
            setSpeed(w, steps);
            if (steps > 0)
                QCOMPARE(w.controller()->animationIntervalMs(), 1000 / steps);
        }
        QCOMPARE(w.controller()->stepsPerSecond(), 0);
    }

    // F5 at 50 steps/s runs the whole program one transition per tick, then stops by itself.
    void animatesOneTransitionPerTick()
    {
        Animated a;
        QVERIFY(start(a, 50));
        MainWindow &w = a.w;
        StepLog &r = a.r;

        QTest::keyClick(&w, Qt::Key_F5);
        QVERIFY(w.controller()->isAnimating());
        QVERIFY(w.controller()->isRunning());
        QCOMPARE(w.controller()->stateText(), u"running (50 steps/s)"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isAnimating(), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);

        const auto outcome = w.controller()->outcome();
        QVERIFY(outcome);
        QCOMPARE(outcome->kind, RunOutcome::Kind::Completed);
        const Trace &trace = w.session()->trace();
        QVERIFY2(r.pauses.size() >= 20, qPrintable(u"only %1 animated steps"_s.arg(r.pauses.size())));
        // Each pause is one transition after the one before it (the first after event 0, where the
        // sample was loaded): the animation stepped, it did not run.
        std::size_t previous = 0;
        for (qsizetype i = 0; i < r.pauses.size(); ++i) {
            const std::size_t p = r.pauses[i];
            QVERIFY2(p < trace.size(), qPrintable(u"pause %1 at event %2"_s.arg(i).arg(p)));
            QVERIFY2(isStepEvent(trace[p]), qPrintable(u"pause %1 at event %2"_s.arg(i).arg(p)));
            QCOMPARE(stepEventsBetween(trace, previous, p), 1);
            previous = p;
        }
        // After the last pause the program only ran to its end: no transition went unshown.
        QCOMPARE(stepEventsBetween(trace, previous, trace.size() - 1), 0);
        // Between any two steps the GUI thread was free to handle other events.
        for (qsizetype i = 1; i < r.idleCounts.size(); ++i)
            QVERIFY2(r.idleCounts[i] > r.idleCounts[i - 1], qPrintable(u"no GUI event before step %1"_s.arg(i)));
        // The view followed: the cursor is at the live end.
        QCOMPARE(w.session()->cursor(), trace.size());
    }

    // F6 stops the animation at once; nothing moves afterwards; F5 goes on from there.
    void pauseStopsIt()
    {
        Animated a;
        QVERIFY(start(a, 10));
        MainWindow &w = a.w;
        StepLog &r = a.r;

        QTest::keyClick(&w, Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(r.pauses.size() >= 3, 20000);
        QTest::keyClick(&w, Qt::Key_F6);
        QVERIFY(!w.controller()->isAnimating());
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QCOMPARE(w.controller()->stateText(), u"paused"_s);
        const qsizetype steps = r.pauses.size();
        const std::size_t cursor = w.session()->cursor();
        const std::size_t events = w.session()->trace().size();
        QTest::qWait(500); // five ticks' worth at 10 steps/s: none may come
        QCOMPARE(r.pauses.size(), steps);
        QCOMPARE(w.session()->cursor(), cursor);
        QCOMPARE(w.session()->trace().size(), events);

        QTest::keyClick(&w, Qt::Key_F5);
        QVERIFY(w.controller()->isAnimating());
        QTRY_VERIFY_WITH_TIMEOUT(r.pauses.size() >= steps + 2, 20000);
        // Step back stops it too, and leaves the cursor in history.
        QTest::keyClick(&w, Qt::Key_F10, Qt::ShiftModifier);
        QVERIFY(!w.controller()->isAnimating());
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QVERIFY(w.controller()->behindLive());
    }

    // A breakpoint ends the animation where it is hit, the program still alive.
    void breakpointStopsIt()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        open(w, u"send_accumulator"_s);
        setSpeed(w, 100);
        const QString file = u"send_accumulator.cpp"_s;
        constexpr int line = 19; // the co_yield in the accumulator
        w.session()->toggleBreakpoint(file, line);
        QTest::keyClick(&w, Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isAnimating(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QVERIFY(!w.controller()->outcome());
        const Trace &trace = w.session()->trace();
        const Event &last = trace[w.session()->cursor() - 1];
        QVERIFY(isBreakpointEvent(last));
        QCOMPARE(trace.site(last.site).fileName(), file);
        QCOMPARE(int(trace.site(last.site).line), line);
    }

    // Moving the slider to full speed mid-animation runs the rest at once.
    void fullSpeedMidRun()
    {
        Animated a;
        QVERIFY(start(a, 2));
        MainWindow &w = a.w;
        StepLog &r = a.r;
        QTest::keyClick(&w, Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(!r.pauses.isEmpty(), 20000);
        setSpeed(w, 0);
        QVERIFY(!w.controller()->isAnimating());
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->outcome().has_value(), 30000);
        QCOMPARE(w.controller()->outcome()->kind, RunOutcome::Kind::Completed);
    }
};

QTEST_MAIN(TestRunSpeed)
#include "tst_runspeed.moc"
