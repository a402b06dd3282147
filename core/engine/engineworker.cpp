#include "engineworker.h"
#include "engineobserver.h"

#include <coroscope/recorder.h>
#include <coroscope/runoutcome.h>

#include <QThread>

namespace coroscope::detail {

EngineWorker::EngineWorker(std::shared_ptr<EngineControl> control, Engine::Program program, EventLoop::Clock clock,
                           std::size_t maxEvents, std::uint64_t generation)
    : m_control(std::move(control)), m_program(std::move(program)), m_clock(clock), m_maxEvents(maxEvents),
      m_generation(generation)
{
}

namespace {
void attachLoop(EngineControl &control, EventLoop *loop)
{
    std::lock_guard lock(control.mutex);
    control.loop = loop;
    // It lives as long as this thread runs, and the loop lives inside run().
    control.dispatcher = loop ? QThread::currentThread()->eventDispatcher() : nullptr;
    if (loop && control.stop)
        loop->requestStop();
}
} // namespace

void EngineWorker::run()
{
    using Kind = Engine::Outcome::Kind;
    Recorder recorder;
    recorder.setEchoOutput(false);
    recorder.setHistoryLimit(m_maxEvents);
    EngineObserver observer(
        *m_control,
        [this](EngineBatch &&batch) {
            std::lock_guard lock(m_control->mutex); // the signal too: see EngineControl::outbox
            m_control->outbox.push_back(std::move(batch));
            Q_EMIT shipped();
        },
        m_generation);
    recorder.setObserver(&observer);
    Engine::Outcome outcome;
    {
        EventLoop loop(m_clock);
        attachLoop(*m_control, &loop);
        outcome = runToOutcome(loop, m_program);
        if (outcome.kind == Kind::Aborted) {
            // A stop can reach the loop without any event in between (an external wait).
            outcome.what = observer.stopReason();
            if (outcome.what.isEmpty()) {
                std::lock_guard lock(m_control->mutex);
                outcome.what = m_control->stopReason;
            }
        }
        observer.setFinishing();
        attachLoop(*m_control, nullptr);
    } // the loop destroys the frames of tasks still parked; that is recorded too
    m_program = nullptr; // whatever the program captured goes while the recorder still listens
    recorder.reportLeakedFrames();
    observer.finish(recorder.trace(), outcome);
    recorder.setObserver(nullptr);
    QThread::currentThread()->quit();
}

} // namespace coroscope::detail
