#include "runcontroller.h"

#include "session.h"
#include "sourcefinder.h"

#include <coroscope/internals.h>
#include <coroscope/processrunner.h>
#include <coroscope/sourcefiles.h>

#include <samplelibrary.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace coroscope::ui {

RunController::RunController(Session *session, QObject *parent)
    : QObject(parent), m_session(session), m_runner(new ProcessRunner(this))
{
    connect(m_runner, &Runner::started, this, [this] {
        if (m_mode != Mode::Live)
            return;
        m_boxSends.forget(); // a restart: event numbers start again
        m_session->clearProcessLines();
        m_session->setRunEnd({});
        m_session->setTrace(&m_runner->trace());
        m_session->setFollowLive(true);
    });
    connect(m_runner, &Runner::traceGrew, this, [this] {
        if (m_mode != Mode::Live)
            return;
        if (m_needSource)
            findSource();
        m_session->traceGrew();
    });
    connect(m_runner, &Runner::outputLine, this, [this](const QString &line, bool isError, std::size_t atEvent) {
        if (m_mode == Mode::Live)
            m_session->appendProcessLine(Session::ProcessLine{atEvent, isError, line});
        Q_EMIT outputLine(line, isError, atEvent);
    });
    connect(m_runner, &Runner::paused, this, &RunController::onPaused);
    connect(m_runner, &Runner::finished, this, [this](const RunOutcome &outcome) {
        if (m_mode == Mode::Live
            && (outcome.kind == RunOutcome::Kind::Crashed || outcome.kind == RunOutcome::Kind::Exited))
            m_session->setRunEnd(outcome.what);
        stopAnimation();
        Q_EMIT stateChanged();
    });
    connect(m_runner, &Runner::stateChanged, this, &RunController::stateChanged);
    connect(m_runner, &Runner::notYieldingChanged, this, &RunController::stateChanged);
    connect(m_runner, &Runner::sendResult, this, [this](CoroId coro, const QString &result) {
        m_boxSends.answered(m_runner->trace(), coro);
        Q_EMIT sendResult(coro, result);
    });
    connect(m_session, &Session::cursorChanged, this, &RunController::stateChanged);
    connect(m_session, &Session::followLiveChanged, this, &RunController::stateChanged);
    connect(m_session, &Session::breakpointsChanged, this,
            [this] { m_runner->setBreakpoints(m_session->breakpoints()); });
    m_animation.setTimerType(Qt::PreciseTimer);
    connect(&m_animation, &QTimer::timeout, this, &RunController::animationTick);
}

RunController::~RunController()
{
    // The session may outlive us: it must not keep pointing into our traces.
    if (m_session)
        m_session->setTrace(nullptr);
}

bool RunController::loadSample(const QString &name, const QStringList &args)
{
    const samples::Sample *sample = samples::findSample(name);
    if (!sample)
        return false;
    stopAnimation();
    m_boxSends.forget();
    m_mode = Mode::Live;
    m_sample = name;
    m_tracePath.clear();
    m_session->setReplay(false);
    m_session->setSource(name + QStringLiteral(".cpp"), sample->source());
    m_program.clear();
    m_needSource = false;
    launch(sampleLaunch(name, m_clock, m_workDir, args));
    Q_EMIT sampleLoaded(name);
    Q_EMIT stateChanged();
    return true;
}

LaunchSpec RunController::sampleLaunch(const QString &name, EventLoop::Clock clock, const QString &workDir,
                                       const QStringList &args)
{
    LaunchSpec spec;
    spec.executable = runnerExecutable();
    spec.arguments = {name, QStringLiteral("--clock"),
                      clock == EventLoop::Clock::Real ? QStringLiteral("real") : QStringLiteral("virtual")};
    if (!workDir.isEmpty())
        spec.arguments << QStringLiteral("--workdir") << workDir;
    for (const QString &a : args)
        spec.arguments << QStringLiteral("--arg") << a;
    spec.name = name;
    return spec;
}

void RunController::launch(const LaunchSpec &spec)
{
    m_runner->load(spec);
    m_session->setTrace(&m_runner->trace());
    m_replay.reset();
    m_session->setFollowLive(true);
    m_runner->start();
}

bool RunController::openTrace(const QString &path, QString *error)
{
    Trace::LoadResult loaded = Trace::load(path);
    if (!loaded.trace) {
        // Nothing has been touched yet: the open run stays. The reader's messages mostly name
        // their offset already; say it once.
        if (error) {
            *error = loaded.error;
            if (loaded.offset >= 0 && !loaded.error.contains(QStringLiteral("offset %1").arg(loaded.offset)))
                *error += QStringLiteral(" (at byte %1)").arg(loaded.offset);
        }
        return false;
    }
    stopAnimation();
    m_boxSends.forget();
    m_mode = Mode::Replay;
    m_session->clearProcessLines();
    m_runner->load(LaunchSpec{}); // ends a live run
    auto replay = std::make_unique<Trace>(std::move(*loaded.trace));
    m_session->setTrace(replay.get());
    m_replay = std::move(replay);
    m_sample.clear();
    m_program.clear();
    m_needSource = false;
    m_tracePath = path;
    m_session->setReplay(true);
    showReplaySource();
    m_session->setFollowLive(false);
    m_session->setCursor(1);
    Q_EMIT traceOpened(path);
    Q_EMIT stateChanged();
    return true;
}

bool RunController::saveTrace(const QString &path, Trace::Format format, QString *error) const
{
    if (!m_session->hasTrace()) {
        if (error)
            *error = QStringLiteral("There is no trace to save.");
        return false;
    }
    // With the sources it shows, so that a replay elsewhere (or after they are gone) shows them too.
    Trace copy = m_session->trace();
    embedSources(copy);
    return copy.save(path, format, error);
}

void RunController::setStepsPerSecond(int steps)
{
    m_stepsPerSecond = std::max(0, steps);
    if (m_stepsPerSecond > 0)
        m_animation.setInterval(1000 / m_stepsPerSecond);
    else if (m_animation.isActive()) {
        stopAnimation();
        continueRun(); // switch to full speed
    }
}

bool RunController::behindLive() const
{
    return m_session->hasTrace() && m_session->cursor() < m_session->trace().size();
}

bool RunController::canStepBack() const
{
    return m_session->hasTrace() && m_session->cursor() > 1;
}

bool RunController::canStepForward() const
{
    if (behindLive())
        return true;
    if (m_mode != Mode::Live)
        return false;
    const auto s = m_runner->state();
    return s == Runner::State::Paused || s == Runner::State::Loaded;
}

bool RunController::isRunning() const
{
    return m_animation.isActive() || (m_mode == Mode::Live && m_runner->state() == Runner::State::Running);
}

bool RunController::settled() const
{
    if (m_animation.isActive())
        return false;
    if (m_mode != Mode::Live)
        return true;
    const auto s = m_runner->state();
    return s != Runner::State::Running && s != Runner::State::Stopping;
}

QString RunController::sendBlocker(CoroId coro) const
{
    switch (m_mode) {
    case Mode::Empty:
        return QStringLiteral("no program is open");
    case Mode::Replay:
        return QStringLiteral("a replay is read-only: nothing runs");
    case Mode::Live:
        break;
    }
    if (behindLive())
        return QStringLiteral("this is history: Back to Live (Ctrl+F10) to send");
    switch (m_runner->state()) {
    case Runner::State::Empty:
    case Runner::State::Loaded:
        return QStringLiteral("the program has not started: Step (F10)");
    case Runner::State::Running:
    case Runner::State::Stopping:
        return QStringLiteral("the program is running: Pause (F6) first");
    case Runner::State::Finished:
        return QStringLiteral("the program has ended");
    case Runner::State::Paused:
        break;
    }
    return generatorSendBlocker(*m_session, coro);
}

std::optional<RunOutcome> RunController::outcome() const
{
    return m_mode == Mode::Live ? m_runner->outcome() : std::nullopt;
}

QString RunController::stateText() const
{
    switch (m_mode) {
    case Mode::Empty:
        return QStringLiteral("no program");
    case Mode::Replay:
        return m_animation.isActive() ? QStringLiteral("replaying") : QStringLiteral("replay (read-only)");
    case Mode::Live:
        break;
    }
    if (m_animation.isActive())
        return QStringLiteral("running (%1 steps/s)").arg(m_stepsPerSecond);
    switch (m_runner->state()) {
    case Runner::State::Empty:
        return QStringLiteral("no program");
    case Runner::State::Loaded:
        return QStringLiteral("ready");
    case Runner::State::Running:
        // A body that does not suspend: Pause cannot reach it, Restart can.
        return m_runner->isNotYielding() ? QStringLiteral("not yielding (a loop that never suspends?) — Restart starts afresh")
                                         : QStringLiteral("running");
    case Runner::State::Paused:
        return QStringLiteral("paused");
    case Runner::State::Stopping:
        return m_runner->isNotYielding() ? QStringLiteral("not yielding, cannot stop — Restart starts afresh")
                                         : QStringLiteral("stopping");
    case Runner::State::Finished:
        break;
    }
    const auto o = m_runner->outcome();
    if (!o)
        return QStringLiteral("finished");
    switch (o->kind) {
    case RunOutcome::Kind::Completed:
        return QStringLiteral("completed");
    case RunOutcome::Kind::Failed:
        return QStringLiteral("failed: ") + o->what;
    case RunOutcome::Kind::Deadlock:
        return QStringLiteral("deadlock");
    case RunOutcome::Kind::Aborted:
        return QStringLiteral("aborted: ") + o->what;
    case RunOutcome::Kind::Crashed:
    case RunOutcome::Kind::Exited:
        return o->what;
    }
    return {};
}

bool RunController::matches(StepKind kind, std::size_t event) const
{
    const Trace &trace = m_session->trace();
    const Event &e = trace[event];
    switch (kind) {
    case StepKind::Transition:
        return isStepEvent(e) && !hiddenInternal(e);
    case StepKind::LoopEntry:
        return e.kind == EventKind::Dequeued;
    case StepKind::Breakpoint: {
        if (!isBreakpointEvent(e) || m_session->breakpoints().isEmpty())
            return false;
        const Site &site = trace.site(e.site);
        const auto &all = m_session->breakpoints();
        return std::any_of(all.cbegin(), all.cend(), [&site](const Breakpoint &b) { return breakpointMatches(b, site); });
    }
    }
    return false;
}

bool RunController::advanceInHistory(StepKind kind)
{
    const std::size_t size = m_session->trace().size();
    for (std::size_t j = m_session->cursor(); j < size; ++j) {
        if (matches(kind, j)) {
            m_session->setCursor(j + 1);
            if (j + 1 == size)
                m_session->setFollowLive(true);
            return true;
        }
    }
    return false;
}

bool RunController::hiddenInternal(const Event &e) const
{
    return !m_session->showsInternals() && isLibraryInternal(m_session->trace(), e.coro);
}

void RunController::step()
{
    if (behindLive() && advanceInHistory(StepKind::Transition))
        return;
    m_session->setFollowLive(true);
    if (m_mode == Mode::Live) {
        m_stepping = true;
        m_runner->step();
    }
}

void RunController::stepLoop()
{
    stopAnimation();
    if (behindLive() && advanceInHistory(StepKind::LoopEntry))
        return;
    m_session->setFollowLive(true);
    if (m_mode == Mode::Live)
        m_runner->stepLoop();
}

void RunController::continueRun()
{
    if (m_stepsPerSecond > 0) {
        if (!m_animation.isActive()) {
            m_animation.start(1000 / m_stepsPerSecond);
            animationTick();
        }
        Q_EMIT stateChanged();
        return;
    }
    if (behindLive() && advanceInHistory(StepKind::Breakpoint))
        return;
    m_session->setFollowLive(true);
    if (m_mode == Mode::Live)
        m_runner->continueRun();
}

void RunController::animationTick()
{
    if (behindLive()) {
        step();
        const std::size_t current = m_session->cursor() - 1;
        if (matches(StepKind::Breakpoint, current))
            stopAnimation();
        return;
    }
    if (m_mode != Mode::Live) {
        stopAnimation();
        return;
    }
    switch (m_runner->state()) {
    case Runner::State::Paused:
    case Runner::State::Loaded:
        step();
        break;
    case Runner::State::Running:
    case Runner::State::Stopping:
        break; // the last step has not paused yet
    case Runner::State::Empty:
    case Runner::State::Finished:
        stopAnimation();
        break;
    }
}

void RunController::onPaused(std::size_t event)
{
    // A step lands on the program's own transitions: the library internals the views hide
    // (asyncio.sleep's coroutine, Coroscope's gather) are stepped through, unless shown.
    if (std::exchange(m_stepping, false) && m_mode == Mode::Live && event < m_session->trace().size()
        && hiddenInternal(m_session->trace()[event])) {
        m_stepping = true;
        m_runner->step();
        return;
    }
    std::optional<BoxSends::Pending> waiting = m_boxSends.takePending();
    if (waiting && m_mode == Mode::Live) {
        const BoxSends::Pending pending = *waiting;
        if (!canSend(pending.coro)) {
            // The step that was to hand control back went straight into the program's own next resumption.
            const bool resumedByProgram =
                m_session->snapshot().coroutine(pending.coro).state == CoroutineState::Running;
            const QString why = resumedByProgram
                                    ? QStringLiteral("the program resumed %1 itself before it paused again; Send "
                                                     "while %1 is parked and the program is paused outside it")
                                          .arg(m_session->trace().coroutine(pending.coro).name)
                                    : sendBlocker(pending.coro);
            Q_EMIT sendResult(pending.coro, QStringLiteral("cannot send now: ") + why);
        } else if (m_boxSends.stillInside(m_session->trace(), pending.coro)) {
            send(pending.coro, pending.text);
        } else {
            sendFromBox(pending.coro, pending.text);
        }
    }
    if (m_mode == Mode::Live && m_animation.isActive() && event < m_session->trace().size()
        && matches(StepKind::Breakpoint, event))
        stopAnimation();
    Q_EMIT stateChanged();
}

void RunController::stopAnimation()
{
    if (!m_animation.isActive())
        return;
    m_animation.stop();
    Q_EMIT stateChanged();
}

void RunController::pause()
{
    stopAnimation();
    if (m_mode == Mode::Live)
        m_runner->pause();
}

void RunController::stepBack()
{
    stopAnimation();
    const std::size_t cursor = m_session->cursor();
    if (cursor <= 1)
        return;
    std::size_t target = 1;
    for (std::size_t j = cursor - 1; j-- > 0;) {
        if (matches(StepKind::Transition, j)) {
            target = j + 1;
            break;
        }
    }
    m_session->setFollowLive(false);
    m_session->setCursor(target);
}

void RunController::goLive()
{
    m_session->setFollowLive(true);
}

void RunController::restart()
{
    stopAnimation();
    if (m_mode == Mode::Replay) {
        m_session->setFollowLive(false);
        m_session->setCursor(1);
        return;
    }
    if (m_mode != Mode::Live)
        return;
    m_session->setFollowLive(true);
    if (m_runner->state() == Runner::State::Loaded)
        m_runner->start();
    else
        m_runner->restart();
}

void RunController::send(CoroId coro, const QString &text)
{
    if (!canSend(coro)) {
        Q_EMIT sendResult(coro, QStringLiteral("cannot send now: ") + sendBlocker(coro));
        return;
    }
    if (m_boxSends.stillInside(m_session->trace(), coro)) {
        // One step lets the generator hand control back to its caller; the send follows at that pause.
        m_boxSends.setPending(BoxSends::Pending{coro, text});
        m_session->setFollowLive(true);
        m_runner->step();
        return;
    }
    sendFromBox(coro, text);
}

void RunController::sendFromBox(CoroId coro, const QString &text)
{
    const Trace &trace = m_runner->trace();
    m_boxSends.issued(coro, trace.droppedEvents() + trace.size());
    m_runner->send(coro, text);
}

void RunController::loadProgram(const QString &executable, const QStringList &args, const QString &workDir)
{
    const QString path = QFileInfo(executable).absoluteFilePath();
    loadLaunch(LaunchSpec{path, args, workDir, QFileInfo(executable).fileName()}, path, path);
}

void RunController::loadLaunch(const LaunchSpec &spec, const QString &program, const QString &builtExecutable)
{
    stopAnimation();
    m_boxSends.forget();
    m_mode = Mode::Live;
    m_sample.clear();
    m_tracePath.clear();
    m_program = program;
    m_builtExecutable = builtExecutable;
    m_session->setReplay(false);
    m_session->setSource({}, {});
    m_needSource = true;
    m_triedSources.clear();
    launch(spec);
    Q_EMIT programLoaded(m_program);
    Q_EMIT stateChanged();
}

void RunController::showSource(const QString &path, int line)
{
    stopAnimation();
    m_boxSends.forget();
    if (m_mode != Mode::Empty || m_runner->state() != Runner::State::Empty) {
        m_mode = Mode::Empty;
        m_runner->load(LaunchSpec{});
        m_session->setTrace(&m_runner->trace());
        m_session->clearProcessLines();
    }
    m_sample.clear();
    m_program.clear();
    m_tracePath.clear();
    m_replay.reset();
    m_needSource = false;
    QFile file(path);
    const QString text = file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    m_session->setSource(QFileInfo(path).absoluteFilePath(), text);
    m_session->setSourceLine(line);
    Q_EMIT stateChanged();
}

void RunController::findSource()
{
    const FoundSource found = findProgramSource(m_runner->trace(), m_locator, m_builtExecutable, &m_triedSources);
    if (found.found) {
        m_needSource = false;
        m_session->setSource(found.path, found.text, found.note);
    } else if (!found.path.isEmpty() && m_session->sourceFileName().isEmpty()) {
        // Say which file is missing; later sites may still name one that is here.
        m_session->setSource(found.path, {}, found.note);
    }
}

void RunController::showReplaySource()
{
    // The program's own source: embedded in the file, or on disk, or found through the
    // source folders; else the sample's, when the trace was recorded from one.
    SourceLocator locator = m_locator;
    locator.setEmbeddedSources(m_replay->sourceTexts());
    const FoundSource found = findProgramSource(*m_replay, locator, {});
    if (found.found) {
        m_session->setSource(found.path, found.text, found.note);
        return;
    }
    for (const Site &site : m_replay->sites()) {
        const QString file = site.fileName();
        if (!file.endsWith(QStringLiteral(".cpp")))
            continue;
        if (const samples::Sample *s = samples::findSample(file.chopped(4))) {
            m_session->setSource(file, s->source());
            return;
        }
    }
    m_session->setSource(found.path, {}, found.note);
}

void RunController::setSourceLocations(const QStringList &searchFolders,
                                       const QList<SourceLocator::PrefixMapping> &mappings)
{
    m_locator.setSearchFolders(searchFolders);
    m_locator.setPrefixMappings(mappings);
    if (m_mode == Mode::Replay && m_replay) {
        showReplaySource();
    } else if (m_mode == Mode::Live && !m_program.isEmpty()) {
        m_triedSources.clear();
        m_needSource = true;
        findSource();
    }
}

QString RunController::runnerExecutable()
{
    const QByteArray fromEnv = qgetenv("COROSCOPE_RUNNER");
    if (!fromEnv.isEmpty())
        return QString::fromLocal8Bit(fromEnv);
    QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/coroscope-runner");
    if (QFileInfo(beside).isExecutable())
        return beside;
#ifdef COROSCOPE_RUNNER_BUILD_PATH
    return QStringLiteral(COROSCOPE_RUNNER_BUILD_PATH);
#else
    return beside;
#endif
}

} // namespace coroscope::ui
