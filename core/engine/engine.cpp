#include "engineworker.h"

#include <QDeadlineTimer>
#include <QThread>

namespace coroscope {

using detail::EngineMode;

struct Engine::Run
{
    QThread *thread = nullptr;
    detail::EngineWorker *worker = nullptr;

    // Once its thread has finished: the worker (with the control block it
    // holds) and the thread go.
    void reap()
    {
        thread->wait(); // it has finished: returns at once
        [[maybe_unused]] const bool ended = worker->ended(); // see EngineWorker::ended()
        Q_ASSERT(ended);
        delete worker;
        delete thread;
    }
};

Engine::Engine(QObject *parent) : QObject(parent), m_watchdog(new QTimer(this))
{
    qRegisterMetaType<Engine::Outcome>();
    m_watchdog->setInterval(kWatchIntervalMs);
    connect(m_watchdog, &QTimer::timeout, this, &Engine::watch);
}

Engine::~Engine()
{
    if (m_run) {
        ++m_generation;
        signalStop(QStringLiteral("the engine was destroyed"));
        abandonRun();
    }
    for (auto &run : m_abandoned) {
        if (run->thread->wait(QDeadlineTimer(m_abandoned.size() == 1 ? 5000 : 1000))) {
            run->reap();
        } else {
            // A program that never suspends: its thread cannot be stopped. It is
            // left running (it holds its own reference to the control block).
            qWarning("coroscope: a program did not stop; leaving its thread behind");
        }
    }
}

void Engine::abandonRun()
{
    // Its batches are not ours any more; its thread keeps the control block,
    // the worker and the program alive until it ends. Its signals stay
    // connected (receiveBatches() and threadFinished() ignore it): it may be
    // emitting one now, and a disconnect would free what Qt allocates on that
    // thread to queue the call ahead of the hand-over that
    // EngineWorker::ended() makes visible.
    m_abandoned.push_back(std::move(m_run));
    m_control.reset();
    if (m_notYielding) {
        m_notYielding = false;
        Q_EMIT notYieldingChanged(false);
    }
}

void Engine::reclaimAbandoned()
{
    std::erase_if(m_abandoned, [](const std::unique_ptr<Run> &run) {
        if (!run->thread->isFinished())
            return false;
        run->reap();
        return true;
    });
}

void Engine::watch()
{
    reclaimAbandoned();
    const bool live = m_run && m_control && (m_state == State::Running || m_state == State::Stopping);
    if (!live) {
        m_quietMs = 0;
        if (m_notYielding) {
            m_notYielding = false;
            Q_EMIT notYieldingChanged(false);
        }
        if (!m_run && m_abandoned.empty())
            m_watchdog->stop();
        return;
    }
    const std::uint64_t beat = m_control->heartbeat.load(std::memory_order_relaxed);
    if (beat != m_lastBeat || m_control->waiting.load(std::memory_order_relaxed)) {
        m_lastBeat = beat;
        m_quietMs = 0;
    } else {
        m_quietMs += kWatchIntervalMs;
    }
    const bool stuck = m_quietMs >= kNotYieldingMs;
    if (stuck != m_notYielding) {
        m_notYielding = stuck;
        Q_EMIT notYieldingChanged(stuck);
    }
    // A restart or a new program waits for the old run to stop; one that
    // cannot stop is left behind instead.
    if (stuck && m_launchPending) {
        const detail::EngineMode mode = *m_launchPending;
        abandonRun();
        launch(mode);
    }
}

void Engine::load(Program program, const QString &name, EventLoop::Clock clock)
{
    m_program = std::move(program);
    m_name = name;
    m_clock = clock;
    m_launchPending.reset();
    m_trace.clear();
    m_pausedAt.reset();
    m_outcome.reset();
    ++m_generation; // batches of a run still stopping are not ours any more
    Q_EMIT traceGrew(0);
    // A run in progress winds down in the background; a start meanwhile waits for it.
    if (m_run)
        signalStop(QStringLiteral("another program was loaded"));
    setState(m_program ? State::Loaded : State::Empty);
}

void Engine::start()
{
    if (m_program && (m_state == State::Loaded || m_state == State::Finished))
        launch(EngineMode::PauseNext);
}

void Engine::step()
{
    command(EngineMode::Step);
}

void Engine::stepLoop()
{
    command(EngineMode::StepLoop);
}

void Engine::continueRun()
{
    command(EngineMode::Continue);
}

void Engine::pause()
{
    if (m_state != State::Running || !m_control || !m_run)
        return;
    // An engine thread blocked in an external wait takes the pause when woken.
    m_control->changeAndWakeLoop([](detail::EngineControl &c) { c.mode = EngineMode::Pause; });
}

void Engine::stop()
{
    if (m_state == State::Running || m_state == State::Paused)
        requestStop(QStringLiteral("stopped"));
}

void Engine::restart()
{
    if (!m_program)
        return;
    if (m_state == State::Running || m_state == State::Paused) {
        ++m_generation; // the old run's remaining batches and its end go unreported
        requestStop(QStringLiteral("restarted"));
    }
    launch(EngineMode::PauseNext);
}

void Engine::setBreakpoints(const QSet<Breakpoint> &breakpoints)
{
    m_breakpoints = breakpoints;
    if (m_control)
        m_control->change([&breakpoints](detail::EngineControl &c) { c.breakpoints = breakpoints; });
}

void Engine::send(CoroId coro, const QString &text)
{
    if (m_run && (m_state == State::Running || m_state == State::Paused)) {
        m_control->changeAndWakeLoop(
            [&](detail::EngineControl &c) { c.sends.push_back(detail::SendRequest{coro, text}); });
        return;
    }
    QMetaObject::invokeMethod(
        this, [this, coro] { Q_EMIT sendResult(coro, QStringLiteral("the program is not running")); },
        Qt::QueuedConnection);
}

void Engine::launch(EngineMode mode)
{
    if (m_run && m_notYielding)
        abandonRun(); // it would never wind down
    if (m_run) {
        // The previous run is still winding down: go once its thread has finished.
        m_launchPending = mode;
        return;
    }
    ++m_generation;
    m_token = 0;
    m_trace.clear();
    m_pausedAt.reset();
    m_outcome.reset();
    m_launchPending.reset();
    m_control = std::make_shared<detail::EngineControl>();
    m_control->mode = mode;
    m_control->breakpoints = m_breakpoints;

    m_run = std::make_unique<Run>();
    m_run->thread = new QThread;
    m_run->thread->setObjectName(QStringLiteral("coroscope engine"));
    m_run->worker = new detail::EngineWorker(m_control, m_program, m_clock, m_maxEvents, m_generation);
    m_run->worker->moveToThread(m_run->thread);
    // The control block comes along: a run left behind signals too.
    connect(
        m_run->worker, &detail::EngineWorker::shipped, this,
        [this, control = m_control] { receiveBatches(*control); }, Qt::QueuedConnection);
    connect(m_run->thread, &QThread::started, m_run->worker, &detail::EngineWorker::run);
    connect(m_run->thread, &QThread::finished, this, &Engine::threadFinished, Qt::QueuedConnection);
    connect(m_run->thread, &QThread::finished, m_run->worker, &detail::EngineWorker::threadEnding,
            Qt::DirectConnection); // last: see EngineWorker::threadEnding()
    m_lastBeat = 0;
    m_quietMs = 0;
    m_watchdog->start();
    setState(State::Running);
    Q_EMIT started();
    Q_EMIT traceGrew(0);
    m_run->thread->start();
}

void Engine::command(EngineMode mode)
{
    if (m_state == State::Loaded) {
        launch(mode);
        return;
    }
    if ((m_state != State::Running && m_state != State::Paused) || !m_control)
        return;
    const std::uint64_t token = ++m_token;
    m_control->change([mode, token](detail::EngineControl &c) {
        c.mode = mode;
        c.token = token;
    });
    m_pausedAt.reset();
    setState(State::Running);
}

void Engine::requestStop(const QString &reason)
{
    if (!m_run || !m_control)
        return;
    signalStop(reason);
    setState(State::Stopping);
}

void Engine::signalStop(const QString &reason)
{
    if (!m_run || !m_control)
        return;
    m_control->changeAndWakeLoop([&reason](detail::EngineControl &c) {
        if (!c.stop)
            c.stopReason = reason;
        c.stop = true;
        if (c.loop)
            c.loop->requestStop();
    });
    m_pausedAt.reset();
}

void Engine::receiveBatches(detail::EngineControl &control)
{
    // Taken even from a run left behind: taking them is what orders the hand-over.
    const auto batches = control.takeBatches();
    if (&control != m_control.get())
        return;
    for (const auto &batch : batches)
        receive(batch);
}

void Engine::receive(const detail::EngineBatch &batch)
{
    if (batch.generation != m_generation)
        return;
    const std::size_t before = m_trace.size();
    m_trace.apply(batch.delta);
    if (m_trace.size() != before || batch.delta.restatesHistory)
        Q_EMIT traceGrew(m_trace.size());
    for (const auto &r : batch.replies)
        Q_EMIT sendResult(r.coro, r.result);
    if (batch.finished) {
        m_pausedAt.reset();
        m_outcome = batch.outcome.value_or(Outcome{});
        setState(State::Finished);
        Q_EMIT finished(*m_outcome);
        return;
    }
    if (batch.pausedAt && batch.token == m_token && (m_state == State::Running || m_state == State::Paused)) {
        m_pausedAt = batch.pausedAt;
        setState(State::Paused);
        Q_EMIT paused(*batch.pausedAt);
    }
}

void Engine::threadFinished()
{
    // (A run left behind posts this too: not ours.)
    if (!m_run || !m_run->thread->isFinished())
        return;
    m_run->reap();
    m_run.reset();
    m_control.reset();
    if (const auto pending = std::exchange(m_launchPending, std::nullopt); pending && m_program) {
        launch(*pending);
        return;
    }
    // A run that ended without telling (it was replaced, or its end was not ours to report).
    if (m_state == State::Stopping || m_state == State::Running || m_state == State::Paused)
        setState(m_program ? State::Loaded : State::Empty);
}

void Engine::setState(State s)
{
    if (m_state == s)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

} // namespace coroscope
