#include "engineworker.h"
#include "engineobserver.h"

#include <coroscope/errors.h>
#include <coroscope/recorder.h>

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
    EngineObserver observer(*m_control, *this, m_generation);
    recorder.setObserver(&observer);
    Engine::Outcome outcome;
    {
        EventLoop loop(m_clock);
        attachLoop(*m_control, &loop);
        try {
            if (!m_program)
                throw std::logic_error("no program loaded");
            loop.runUntilComplete(m_program());
        } catch (const StoppedError &) {
            // A stop can reach the loop without any event in between (an external wait).
            QString reason = observer.stopReason();
            if (reason.isEmpty()) {
                std::lock_guard lock(m_control->mutex);
                reason = m_control->stopReason;
            }
            outcome = {Kind::Aborted, reason};
        } catch (const DeadlockError &) {
            outcome = {Kind::Deadlock, loop.describeParkedTasks()};
        } catch (const std::exception &e) {
            outcome = {Kind::Failed, QString::fromUtf8(e.what())};
        } catch (...) {
            outcome = {Kind::Failed, QStringLiteral("unknown exception")};
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
