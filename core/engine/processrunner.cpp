#include <coroscope/processrunner.h>

#include <coroscope/deltacodec.h>
#include <coroscope/snapshot.h>
#include <coroscope/sourcefiles.h>
#include <coroscope/tracetext.h>

#include <QCoreApplication>
#include <QLocale>
#include <QProcess>
#include <QSocketNotifier>

#include <csignal>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace coroscope {

namespace {
constexpr int kWatchMs = 250;

QString signalName(int signal)
{
    if (const char *abbrev = sigabbrev_np(signal))
        return QStringLiteral("SIG") + QString::fromLatin1(abbrev);
    return QStringLiteral("signal %1").arg(signal);
}

// The coroutine whose body ran last: the last event's, unless it handed control back.
CoroId lastRunning(const Trace &trace)
{
    for (std::size_t i = trace.size(); i-- > 0;) {
        const Event &e = trace[i];
        switch (e.kind) {
        case EventKind::Yielded: case EventKind::Awaiting: case EventKind::Suspended: case EventKind::Returned:
        case EventKind::Threw: case EventKind::ExternalWait: case EventKind::Destroyed: case EventKind::Dequeued:
        case EventKind::LoopIdle:
            return isRelation(e) ? e.coro : 0;
        case EventKind::Started: case EventKind::Resumed: case EventKind::Sent: case EventKind::Output:
        case EventKind::Created: case EventKind::StateChanged:
            return e.coro;
        default:
            continue;
        }
    }
    return 0;
}
} // namespace

ProcessRunner::ProcessRunner(QObject *parent) : Runner(parent)
{
    qRegisterMetaType<RunOutcome>();
    m_stopTimer.setSingleShot(true);
    m_stopTimer.setInterval(kStopGraceMs);
    connect(&m_stopTimer, &QTimer::timeout, this, [this] {
        if (!m_process)
            return;
        if (m_sinceBeatMoved.elapsed() < kStopGraceMs && m_stopping.elapsed() < kStopPatienceMs) {
            m_stopTimer.start(); // alive and making progress: it stops at its next event
            return;
        }
        m_process->kill(); // it did not stop on its own: a body that never suspends
    });
    m_watchdog.setInterval(kWatchMs);
    connect(&m_watchdog, &QTimer::timeout, this, &ProcessRunner::watch);
}

ProcessRunner::~ProcessRunner()
{
    kill();
}

qint64 ProcessRunner::childPid() const
{
    return m_process ? m_process->processId() : 0;
}

void ProcessRunner::kill()
{
    m_stopTimer.stop();
    m_watchdog.stop();
    if (m_notifier) {
        delete m_notifier;
        m_notifier = nullptr;
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (m_process) {
        QProcess *process = std::exchange(m_process, nullptr);
        process->disconnect(this);
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(2000); // SIGKILL: at once, and reaped here, so no zombie stays
        }
        process->deleteLater(); // this may be its own finished() signal
        if (QCoreApplication::closingDown())
            delete process;
    }
    if (m_notYielding) {
        m_notYielding = false;
        Q_EMIT notYieldingChanged(false);
    }
}

void ProcessRunner::load(const LaunchSpec &spec)
{
    kill();
    m_spec = spec;
    m_resolvedFiles.clear();
    m_trace.clear();
    m_pausedAt.reset();
    m_outcome.reset();
    Q_EMIT traceGrew(0);
    setState(m_spec.executable.isEmpty() ? State::Empty : State::Loaded);
}

void ProcessRunner::start()
{
    if (!m_spec.executable.isEmpty() && (m_state == State::Loaded || m_state == State::Finished))
        launch(link::Mode::PauseNext);
}

void ProcessRunner::restart()
{
    if (!m_spec.executable.isEmpty())
        launch(link::Mode::PauseNext);
}

void ProcessRunner::launch(link::Mode mode)
{
    kill();
    m_trace.clear();
    m_pausedAt.reset();
    m_outcome.reset();
    m_childOutcome.reset();
    m_reader = link::FrameReader();
    m_hello = m_recordingEnded = m_stopRequested = false;
    m_linkError.clear();
    m_crash = {};
    m_partialOut[0].clear();
    m_partialOut[1].clear();
    m_token = 0;
    m_startMode = mode;

    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        finish(RunOutcome{RunOutcome::Kind::Exited,
                          QStringLiteral("cannot make the link to the program: %1")
                              .arg(qt_error_string(errno)),
                          0, -1});
        return;
    }
    m_fd = fds[0];
    const int childFd = fds[1];
    m_process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(link::kLinkFdVariable), QString::number(childFd));
    m_process->setProcessEnvironment(env);
    m_process->setProgram(m_spec.executable);
    m_process->setArguments(m_spec.arguments);
    if (!m_spec.workDir.isEmpty())
        m_process->setWorkingDirectory(m_spec.workDir);
    // In the child, between fork and exec: keep the link open across exec, and
    // die with the window whatever way it goes.
    m_process->setChildProcessModifier([childFd] {
        ::fcntl(childFd, F_SETFD, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });
    connect(m_process, &QProcess::readyReadStandardOutput, this, [this] { readOutput(false); });
    connect(m_process, &QProcess::readyReadStandardError, this, [this] { readOutput(true); });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        processEnded(code, status == QProcess::CrashExit);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        const QString why = m_process->errorString();
        kill();
        finish(RunOutcome{RunOutcome::Kind::Exited, QStringLiteral("cannot start %1: %2").arg(m_spec.executable, why),
                          0, -1});
    });
    m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] { readLink(false); });
    setState(State::Running);
    Q_EMIT started();
    Q_EMIT traceGrew(0);
    m_process->start();
    ::close(childFd);
    m_sinceBeatMoved.start();
    m_lastBeat = ~0ull;
    m_watchdog.start();
}

void ProcessRunner::send(const link::Message &message)
{
    if (m_fd < 0)
        return;
    const QByteArray frame = link::encode(message);
    const char *p = frame.constData();
    qsizetype left = frame.size();
    while (left > 0) {
        const ssize_t n = ::send(m_fd, p, std::size_t(left), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // the child is gone; its end is reported by the process
        p += n;
        left -= n;
    }
}

void ProcessRunner::command(link::Mode mode)
{
    if (m_state == State::Loaded) {
        launch(mode);
        return;
    }
    if (m_state != State::Running && m_state != State::Paused)
        return;
    if (!m_hello) {
        m_startMode = mode; // not connected yet: it starts in this mode
        return;
    }
    send(link::Command{mode, ++m_token});
    m_pausedAt.reset();
    m_sinceBeatMoved.restart();
    setState(State::Running);
}

void ProcessRunner::step()
{
    command(link::Mode::Step);
}

void ProcessRunner::stepLoop()
{
    command(link::Mode::StepLoop);
}

void ProcessRunner::continueRun()
{
    command(link::Mode::Continue);
}

void ProcessRunner::pause()
{
    if (m_state == State::Running && m_hello)
        send(link::Command{link::Mode::Pause, m_token});
}

void ProcessRunner::stop()
{
    if (m_state != State::Running && m_state != State::Paused)
        return;
    m_stopRequested = true;
    send(link::Stop{QStringLiteral("stopped")});
    m_pausedAt.reset();
    setState(State::Stopping);
    m_stopping.start();
    m_stopTimer.start();
}

void ProcessRunner::setBreakpoints(const QSet<Breakpoint> &breakpoints)
{
    m_breakpoints = breakpoints;
    if (m_hello)
        send(link::BreakpointList{QList<Breakpoint>(breakpoints.cbegin(), breakpoints.cend())});
}

void ProcessRunner::send(CoroId coro, const QString &text)
{
    if (m_hello && !m_recordingEnded && (m_state == State::Running || m_state == State::Paused)) {
        send(link::Send{coro, text});
        return;
    }
    QMetaObject::invokeMethod(
        this, [this, coro] { Q_EMIT sendResult(coro, QStringLiteral("the program is not running")); },
        Qt::QueuedConnection);
}

void ProcessRunner::readLink(bool drain)
{
    if (m_fd < 0)
        return;
    char buf[64 * 1024];
    bool eof = false;
    // Bounded, so that a child streaming at full speed cannot starve the window's event loop.
    for (int round = 0; drain || round < 64; ++round) {
        const ssize_t n = ::recv(m_fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0) {
            m_reader.append(buf, qsizetype(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        eof = n == 0;
        break;
    }
    for (;;) {
        link::Message message;
        const auto status = m_reader.next(message);
        if (status == link::FrameReader::Status::NeedMore)
            break;
        if (status == link::FrameReader::Status::Error) {
            linkBroken(m_reader.error());
            return;
        }
        handle(std::move(message));
        if (m_fd < 0)
            return; // handled to the end (killed)
    }
    // A frame still arriving is a batch the child shipped (beats are a few bytes and arrive
    // whole): a sign of life, so a window behind on reading does not take a streaming child for
    // one that never suspends. Its events restart the clock again when the frame is whole.
    if (m_reader.pending() > 0)
        m_sinceBeatMoved.restart();
    if (eof && m_notifier) {
        // The child closed the link: its recorder ended or it died. Its process says which.
        m_notifier->setEnabled(false);
    }
}

void ProcessRunner::linkBroken(const QString &why)
{
    m_linkError = why;
    if (m_process)
        m_process->kill(); // an unreadable stream cannot be driven; processEnded reports it
    if (m_notifier)
        m_notifier->setEnabled(false);
}

void ProcessRunner::handle(link::Message &&message)
{
    if (auto *hello = std::get_if<link::Hello>(&message)) {
        if (m_hello)
            return linkBroken(QStringLiteral("a second hello"));
        m_hello = true;
        link::Start start;
        start.mode = m_startMode;
        start.token = m_token;
        start.maxEvents = m_maxEvents;
        start.breakpoints = QList<Breakpoint>(m_breakpoints.cbegin(), m_breakpoints.cend());
        send(start);
        return;
    }
    if (!m_hello)
        return linkBroken(QStringLiteral("the program did not say hello first"));
    if (auto *batch = std::get_if<link::Batch>(&message))
        return receive(std::move(*batch));
    if (auto *beat = std::get_if<link::Beat>(&message)) {
        if (beat->heartbeat != m_lastBeat || beat->waiting) {
            m_lastBeat = beat->heartbeat;
            m_sinceBeatMoved.restart();
        }
        m_waiting = beat->waiting;
        return;
    }
    if (auto *crash = std::get_if<link::Crash>(&message)) {
        m_crash = *crash;
        return;
    }
    linkBroken(QStringLiteral("a command frame from the program"));
}

void ProcessRunner::receive(link::Batch &&batch)
{
    if (m_recordingEnded)
        return linkBroken(QStringLiteral("a batch after the end of the recording"));
    DeltaReadResult read = readDelta(batch.delta, m_trace);
    if (!read.delta)
        return linkBroken(QStringLiteral("%1 (at byte %2 of a batch)").arg(read.error).arg(read.offset));
    TraceDelta &delta = *read.delta;
    if (!delta.events.empty())
        m_sinceBeatMoved.restart(); // events are a sign of life, like the heartbeat
    const std::size_t before = m_trace.size();
    if (delta.restatesHistory) {
        // The child dropped its oldest history at the limit; this copy holds
        // every event up to the drop (shipped just before it), so it folds the
        // same base itself rather than have it travel.
        dropOldestEvents(m_trace, delta.dropped - m_trace.droppedEvents());
        delta.base = m_trace.sharedBase();
    }
    for (Site &site : delta.sites) {
        // A relative path (ccache's base_dir) is made whole here, so the Source view, its
        // marks, breakpoints and saved traces all see the file's real path.
        QString &resolved = m_resolvedFiles[site.file];
        if (resolved.isEmpty())
            resolved = resolveRecordedPath(site.file, m_spec.executable);
        site.file = resolved;
    }
    m_trace.apply(delta);
    if (m_trace.size() != before || delta.restatesHistory)
        Q_EMIT traceGrew(m_trace.size());
    for (const auto &r : batch.replies)
        Q_EMIT sendResult(r.coro, r.text);
    if (batch.finished) {
        m_recordingEnded = true;
        m_childOutcome = batch.outcome;
        m_pausedAt.reset();
        // The built-in runner knows how its run ended; a user's program goes on
        // after its recorder, and its exit tells the rest.
        if (m_childOutcome && !m_stopRequested)
            finish(*m_childOutcome);
        return;
    }
    if (batch.pausedAt && batch.token == m_token && (m_state == State::Running || m_state == State::Paused)) {
        if (*batch.pausedAt >= m_trace.size())
            return linkBroken(QStringLiteral("a pause at event %1 of %2").arg(*batch.pausedAt).arg(m_trace.size()));
        m_pausedAt = std::size_t(*batch.pausedAt);
        setState(State::Paused);
        Q_EMIT paused(*m_pausedAt);
    }
}

void ProcessRunner::readOutput(bool isError)
{
    if (!m_process)
        return;
    QByteArray &partial = m_partialOut[isError ? 1 : 0];
    partial += isError ? m_process->readAllStandardError() : m_process->readAllStandardOutput();
    qsizetype start = 0;
    for (qsizetype nl; (nl = partial.indexOf('\n', start)) >= 0; start = nl + 1)
        Q_EMIT outputLine(QString::fromUtf8(partial.constData() + start, nl - start), isError, m_trace.size());
    partial.remove(0, start);
}

void ProcessRunner::processEnded(int exitCode, bool crashed)
{
    // What is still in the pipes and the socket came before the end.
    readOutput(false);
    readOutput(true);
    for (int i = 0; i < 2; ++i) {
        if (!m_partialOut[i].isEmpty())
            Q_EMIT outputLine(QString::fromUtf8(m_partialOut[i]), i == 1, m_trace.size());
        m_partialOut[i].clear();
    }
    if (m_linkError.isEmpty())
        readLink(true);
    const bool alreadyFinished = m_state == State::Finished;
    kill();
    if (alreadyFinished)
        return;
    RunOutcome o;
    if (!m_linkError.isEmpty()) {
        o = RunOutcome{RunOutcome::Kind::Exited,
                       QStringLiteral("the program's stream was malformed, so it was ended: %1").arg(m_linkError), 0,
                       exitCode};
    } else if (m_stopRequested) {
        o = m_childOutcome.value_or(RunOutcome{RunOutcome::Kind::Aborted, QStringLiteral("stopped")});
        if (o.kind != RunOutcome::Kind::Aborted)
            o = RunOutcome{RunOutcome::Kind::Aborted, QStringLiteral("stopped")};
        if (crashed)
            o.what = QStringLiteral("stopped (it did not stop on its own, so it was killed)");
    } else if (crashed) {
        o = RunOutcome{RunOutcome::Kind::Crashed, {}, m_crash.signal ? m_crash.signal : exitCode, 0};
        o.what = describeEnd(m_trace, o, m_crash.running ? m_crash.running : lastRunning(m_trace));
    } else if (!m_hello) {
        o = RunOutcome{exitCode == 0 ? RunOutcome::Kind::Completed : RunOutcome::Kind::Exited,
                       QStringLiteral("this program recorded nothing: it has no coroscope::Recorder"), 0, exitCode};
    } else if (m_recordingEnded && exitCode == 0) {
        o = m_childOutcome.value_or(RunOutcome{});
    } else {
        o = RunOutcome{RunOutcome::Kind::Exited, {}, 0, exitCode};
        o.what = describeEnd(m_trace, o, m_recordingEnded ? 0 : lastRunning(m_trace));
    }
    finish(o);
}

QString ProcessRunner::describeEnd(const Trace &trace, const RunOutcome &outcome, CoroId running)
{
    const QString cause = outcome.kind == RunOutcome::Kind::Crashed
                              ? QStringLiteral("crashed: %1").arg(signalName(outcome.signal))
                              : QStringLiteral("exited with code %1").arg(outcome.exitCode);
    // The last event that arrived, numbered as the status bar and the Log number it.
    const std::size_t count = trace.droppedEvents() + trace.size();
    QString text = count == 0 ? cause + QStringLiteral(" before its first event")
                              : cause + QStringLiteral(" after event %1").arg(QLocale::c().toString(qulonglong(count - 1)));
    if (running && running <= trace.coroutineCount())
        text += QStringLiteral(", in ") + coroutineLabel(trace, running);
    return text;
}

void ProcessRunner::finish(const RunOutcome &outcome)
{
    m_stopTimer.stop();
    m_pausedAt.reset();
    m_outcome = outcome;
    if (m_notYielding) {
        m_notYielding = false;
        Q_EMIT notYieldingChanged(false);
    }
    setState(State::Finished);
    Q_EMIT finished(outcome);
}

void ProcessRunner::watch()
{
    const bool live = m_process && (m_state == State::Running || m_state == State::Stopping) && m_hello &&
                      !m_recordingEnded;
    if (!live || m_waiting)
        m_sinceBeatMoved.restart();
    const bool stuck = live && m_sinceBeatMoved.elapsed() >= kNotYieldingMs;
    if (stuck != m_notYielding) {
        m_notYielding = stuck;
        Q_EMIT notYieldingChanged(stuck);
    }
}

void ProcessRunner::setState(State s)
{
    if (m_state == s)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

} // namespace coroscope
