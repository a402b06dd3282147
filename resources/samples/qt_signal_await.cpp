// qt_signal_await: awaiting real Qt signals through QCoro.
// main first parks on a QTimer's timeout, then on a signal of its own QObject
// that another task emits. Qt delivers both: the completion arrives from
// outside Coroscope's loop (an external wait) and is put on the ready queue.

#include "samplemains.h"

#include <coroscope/coroscope.h>

#include <QCoroSignal>
#include <QObject>
#include <QTimer>

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

class Doorbell : public QObject
{
    Q_OBJECT
Q_SIGNALS:
    void rang(int visitor);
};

Task<void> visitor(Doorbell *bell)
{
    co_await sleep(20ms);
    print("visitor: ringing the bell");
    Q_EMIT bell->rang(7); // QCoro resumes main later, through Qt's event loop
    print("visitor: rang, walking away");
}

Task<void> main(samples::SampleOptions)
{
    QTimer timer;
    timer.setSingleShot(true);
    timer.start(10ms); // a real Qt timer: 10 ms of wall time, even on the virtual clock
    print("main: waiting for the QTimer");
    co_await qCoro(&timer, &QTimer::timeout);
    print("main: the QTimer fired");

    Doorbell bell;
    TaskHandle<void> ringer = EventLoop::current()->spawn(visitor(&bell), QStringLiteral("visitor"));
    print("main: waiting for the doorbell");
    const int who = co_await qCoro(&bell, &Doorbell::rang);
    print("main: the bell rang for visitor", who);
    co_await ringer;
}

} // namespace

coroscope::Task<void> coroscope::samples::qtSignalAwaitMain(SampleOptions options)
{
    return main(std::move(options));
}

#include "qt_signal_await.moc"
