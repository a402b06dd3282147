#include "engineworker.h"

#include <QDeadlineTimer>
#include <QThread>

namespace coroscope {

using detail::EngineMode;

bool isStepEvent(EventKind kind) noexcept
{
    switch (kind) {
    case EventKind::Started:
    case EventKind::Resumed:
    case EventKind::Yielded:
    case EventKind::Sent:
    case EventKind::Awaiting:
    case EventKind::Suspended:
    case EventKind::Returned:
    case EventKind::Threw:
    case EventKind::Cancelled:
    case EventKind::Output:
    case EventKind::ExternalWait:
    case EventKind::ExternalDone:
    case EventKind::Warning:
    case EventKind::StateChanged:
        return true;
    default:
        return false;
    }
}

bool isBreakpointEvent(EventKind kind) noexcept
{
    switch (kind) {
    case EventKind::Yielded:
    case EventKind::Awaiting:
    case EventKind::Suspended:
    case EventKind::ExternalWait:
    case EventKind::Returned:
    case EventKind::StateChanged:
        return true;
    default:
        return false;
    }
}

struct Engine::Run
{
    QThread *thread = nullptr;
    detail::EngineWorker *worker = nullptr;
};

Engine::Engine(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<detail::EngineBatch>();
    qRegisterMetaType<Engine::Outcome>();
}

Engine::~Engine()
{
    if (!m_run)
        return;
    ++m_generation;
    signalStop(QStringLiteral("the engine was destroyed"));
    if (m_run->thread->wait(QDeadlineTimer(5000))) {
        delete m_run->worker;
        delete m_run->thread;
    } else {
        // A program that never suspends: its thread cannot be stopped. It is
        // left running (it holds its own reference to the control block).
        qWarning("coroscope: the program did not stop; leaving its thread behind");
        m_run->worker->disconnect(this);
        m_run->thread->disconnect(this);
    }
    m_run.reset();
}

void Engine::load(Program program, const QString &name, EventLoop::Clock clock)
{
    m_program = std::move(program);
    m_name = name;
    m_clock = clock;
    m_restartPending = false;
    m_trace.clear();
    m_pausedAt.reset();
    m_outcome.reset();
    ++m_generation; // batches of a run still stopping are not ours any more
    Q_EMIT traceGrew(0);
    if (m_run) {
        signalStop(QStringLiteral("another program was loaded"));
        setState(State::Stopping); // Loaded once its thread has finished
        return;
    }
    setState(m_program ? State::Loaded : State::Empty);
}

void Engine::start()
{
    if (m_state == State::Loaded || (m_state == State::Finished && !m_run))
        launch(EngineMode::PauseNext);
    else if (m_state == State::Finished)
        m_restartPending = true;
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
    m_control->change([](detail::EngineControl &c) { c.mode = EngineMode::Pause; });
    // An engine thread blocked in an external wait takes the pause when woken.
    QMetaObject::invokeMethod(m_run->worker, [] {}, Qt::QueuedConnection);
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
    if (!m_run) {
        launch(EngineMode::PauseNext);
        return;
    }
    m_restartPending = true;
    if (m_state != State::Stopping && m_state != State::Finished) {
        ++m_generation; // the old run's remaining batches and its end go unreported
        requestStop(QStringLiteral("restarted"));
    }
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
        m_control->change([&](detail::EngineControl &c) { c.sends.push_back(detail::SendRequest{coro, text}); });
        // Wakes the engine thread if it waits for Qt events (an external wait).
        QMetaObject::invokeMethod(m_run->worker, [] {}, Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(
        this, [this, coro] { Q_EMIT sendResult(coro, QStringLiteral("the program is not running")); },
        Qt::QueuedConnection);
}

void Engine::launch(EngineMode mode)
{
    Q_ASSERT(!m_run);
    ++m_generation;
    m_token = 0;
    m_trace.clear();
    m_pausedAt.reset();
    m_outcome.reset();
    m_restartPending = false;
    m_control = std::make_shared<detail::EngineControl>();
    m_control->mode = mode;
    m_control->breakpoints = m_breakpoints;

    m_run = std::make_unique<Run>();
    m_run->thread = new QThread;
    m_run->thread->setObjectName(QStringLiteral("coroscope engine"));
    m_run->worker = new detail::EngineWorker(m_control, m_program, m_clock, m_maxEvents, m_generation);
    m_run->worker->moveToThread(m_run->thread);
    connect(m_run->worker, &detail::EngineWorker::shipped, this, &Engine::receive, Qt::QueuedConnection);
    connect(m_run->thread, &QThread::started, m_run->worker, &detail::EngineWorker::run);
    connect(m_run->thread, &QThread::finished, this, &Engine::threadFinished, Qt::QueuedConnection);
    setState(State::Running);
    Q_EMIT started();
    Q_EMIT traceGrew(0);
    m_run->thread->start();
}

void Engine::command(EngineMode mode)
{
    if (m_state == State::Loaded && !m_run) {
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
    m_control->change([&reason](detail::EngineControl &c) {
        if (!c.stop)
            c.stopReason = reason;
        c.stop = true;
        if (c.loop)
            c.loop->requestStop();
    });
    // Wakes the engine thread if it waits for Qt events (an external wait).
    QMetaObject::invokeMethod(m_run->worker, [] {}, Qt::QueuedConnection);
    m_pausedAt.reset();
}

void Engine::receive(const detail::EngineBatch &batch)
{
    if (batch.generation != m_generation)
        return;
    const std::size_t before = m_trace.size();
    m_trace.apply(batch.delta);
    if (m_trace.size() != before)
        Q_EMIT traceGrew(m_trace.size());
    for (const auto &r : batch.replies)
        Q_EMIT sendResult(r.coro, r.result);
    if (batch.finished) {
        m_pausedAt.reset();
        m_outcome = batch.outcome;
        setState(State::Finished);
        Q_EMIT finished(batch.outcome);
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
    if (!m_run)
        return;
    m_run->thread->wait(); // it has finished: returns at once
    delete m_run->worker;
    delete m_run->thread;
    m_run.reset();
    m_control.reset();
    if (m_restartPending && m_program) {
        launch(EngineMode::PauseNext);
        return;
    }
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
