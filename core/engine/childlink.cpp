// The child's side of the link: a program started by Coroscope (the link
// variable names its end of a socket pair) connects its first Recorder to the
// window. The Recorder then pauses at recorded events exactly as the engine
// thread did in-process (EngineObserver), with the socket in place of the
// engine thread's outbox it once had: the program's thread writes batches, and a link thread
// reads commands into the same control block and sends a heartbeat.
//
// Misbehaviour is contained in the child: a fatal signal and exit() ship what
// was recorded since the last batch before the process goes, so the window
// holds every event; a window that goes away ends the child.

#include "engineobserver.h"

#include <coroscope/linkprotocol.h>
#include <coroscope/deltacodec.h>
#include <coroscope/runprogram.h>

#include <QThread>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace coroscope::detail {

namespace {

constexpr int kBeatMs = 250;
constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

bool writeAll(int fd, const char *data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= std::size_t(n);
    }
    return true;
}

class ChildLink
{
public:
    ChildLink(int fd, Recorder &recorder) : m_fd(fd), m_recorder(recorder) {}

    bool handshake();
    void start();
    void detach();
    void setLoop(EventLoop *loop);
    void setOutcome(const RunOutcome &outcome) { m_outcome = outcome; }
    // From a fatal signal or exit(): the last batch, then (for a signal) the cause.
    void lastWords(int signal);
    Recorder &recorder() { return m_recorder; }

private:
    void write(const QByteArray &frame);
    void post(EngineBatch &&batch);
    void readLoop();
    void apply(link::Message &&message);

    int m_fd;
    Recorder &m_recorder;
    EngineControl m_control;
    std::unique_ptr<EngineObserver> m_observer;
    std::optional<RunOutcome> m_outcome;
    std::thread m_reader;
    std::mutex m_writeMutex;
    std::atomic<bool> m_writing{false};
    std::atomic<bool> m_detaching{false};
    std::thread::id m_programThread = std::this_thread::get_id();
};

ChildLink *s_link = nullptr;
std::atomic<bool> s_lastWordsSaid{false};

void ChildLink::write(const QByteArray &frame)
{
    std::lock_guard lock(m_writeMutex);
    m_writing.store(true, std::memory_order_relaxed);
    const bool ok = writeAll(m_fd, frame.constData(), std::size_t(frame.size()));
    m_writing.store(false, std::memory_order_relaxed);
    if (!ok && !m_detaching.load())
        _exit(128 + SIGPIPE); // the window is gone: nobody will read what we record
}

void ChildLink::post(EngineBatch &&b)
{
    link::Batch out;
    out.token = b.token;
    if (b.pausedAt)
        out.pausedAt = *b.pausedAt;
    appendDelta(out.delta, b.delta);
    for (auto &r : b.replies)
        out.replies.push_back(link::SendReply{r.coro, std::move(r.result)});
    out.finished = b.finished;
    out.outcome = b.outcome;
    write(link::encode(out));
}

bool ChildLink::handshake()
{
    link::Hello hello;
    hello.pid = ::getpid();
    char exe[4096];
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    hello.executable = n > 0 ? QString::fromLocal8Bit(exe, qsizetype(n)) : QString();
    write(link::encode(hello));
    // Blocks until the window has configured the run (DAP's configurationDone).
    link::FrameReader reader;
    char buf[4096];
    for (;;) {
        link::Message message;
        switch (reader.next(message)) {
        case link::FrameReader::Status::Error:
            std::fprintf(stderr, "coroscope: bad start from the window: %s\n", qPrintable(reader.error()));
            return false;
        case link::FrameReader::Status::Message:
            if (auto *start = std::get_if<link::Start>(&message)) {
                m_control.mode = EngineMode(start->mode);
                m_control.token = start->token;
                m_control.breakpoints = QSet<Breakpoint>(start->breakpoints.cbegin(), start->breakpoints.cend());
                m_recorder.setHistoryLimit(start->maxEvents);
                return true;
            }
            continue; // nothing else means anything before Start
        case link::FrameReader::Status::NeedMore:
            break;
        }
        const ssize_t got = ::read(m_fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        reader.append(buf, qsizetype(got));
    }
}

void ChildLink::start()
{
    // print() goes into the trace only; what the program writes itself reaches
    // the window through its stdout pipe, a line at a time.
    m_recorder.setEchoOutput(false);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    m_observer = std::make_unique<EngineObserver>(
        m_control, [this](EngineBatch &&b) { post(std::move(b)); });
    m_recorder.setObserver(m_observer.get());
    m_reader = std::thread([this] { readLoop(); });
}

void ChildLink::apply(link::Message &&message)
{
    if (auto *c = std::get_if<link::Command>(&message)) {
        // Woken even from an external wait: a Pause must reach a loop blocked in one.
        m_control.changeAndWakeLoop([c](EngineControl &ctl) {
            ctl.mode = EngineMode(c->mode);
            ctl.token = c->token;
        });
    } else if (auto *b = std::get_if<link::BreakpointList>(&message)) {
        m_control.change([b](EngineControl &ctl) {
            ctl.breakpoints = QSet<Breakpoint>(b->breakpoints.cbegin(), b->breakpoints.cend());
        });
    } else if (auto *s = std::get_if<link::Send>(&message)) {
        m_control.changeAndWakeLoop([s](EngineControl &ctl) { ctl.sends.push_back(SendRequest{s->coro, s->text}); });
    } else if (auto *stop = std::get_if<link::Stop>(&message)) {
        m_control.changeAndWakeLoop([stop](EngineControl &ctl) {
            if (!ctl.stop)
                ctl.stopReason = stop->reason;
            ctl.stop = true;
            if (ctl.loop)
                ctl.loop->requestStop();
        });
    } else if (auto *mode = std::get_if<link::Start>(&message)) {
        Q_UNUSED(mode); // only once, at the start
    }
}

void ChildLink::readLoop()
{
    link::FrameReader reader;
    char buf[4096];
    for (;;) {
        pollfd p{m_fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, kBeatMs);
        if (m_detaching.load())
            return;
        if (ready == 0) {
            // The window tells a body that never suspends from one that is paused or waiting.
            const std::uint64_t beat = m_control.heartbeat.load(std::memory_order_relaxed);
            const bool waiting = m_control.waiting.load(std::memory_order_relaxed);
            write(link::encode(link::Beat{beat, waiting}));
            continue;
        }
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            _exit(128 + SIGHUP);
        }
        const ssize_t got = ::read(m_fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            if (m_detaching.load())
                return;
            // The window closed its end or died: a program it drove has no one to drive it.
            _exit(128 + SIGHUP);
        }
        reader.append(buf, qsizetype(got));
        for (;;) {
            link::Message message;
            const auto status = reader.next(message);
            if (status == link::FrameReader::Status::NeedMore)
                break;
            if (status == link::FrameReader::Status::Error) {
                std::fprintf(stderr, "coroscope: bad command from the window: %s\n", qPrintable(reader.error()));
                _exit(128 + SIGHUP);
            }
            apply(std::move(message));
        }
    }
}

void ChildLink::setLoop(EventLoop *loop)
{
    std::lock_guard lock(m_control.mutex);
    m_control.loop = loop;
    m_control.dispatcher = loop ? QThread::currentThread()->eventDispatcher() : nullptr;
    if (loop && m_control.stop)
        loop->requestStop();
    if (!loop && m_observer)
        m_observer->setFinishing(); // the loop's teardown runs through
}

void ChildLink::detach()
{
    if (m_outcome && m_outcome->kind == RunOutcome::Kind::Aborted && m_outcome->what.isEmpty()) {
        m_outcome->what = m_observer->stopReason();
        if (m_outcome->what.isEmpty()) {
            std::lock_guard lock(m_control.mutex);
            m_outcome->what = m_control.stopReason;
        }
    }
    m_observer->setFinishing();
    m_observer->finish(m_recorder.trace(), m_outcome);
    m_recorder.setObserver(nullptr);
    m_detaching.store(true);
    ::shutdown(m_fd, SHUT_RD); // wakes the link thread's poll
    m_reader.join();
    ::close(m_fd);
}

void ChildLink::lastWords(int signal)
{
    // Only from the program's thread, and not in the middle of a write: then
    // the trace and the socket are in a state the last batch can be made from.
    if (m_writing.load(std::memory_order_relaxed))
        return; // a frame is half written: anything more would garble the stream
    if (std::this_thread::get_id() == m_programThread && m_observer)
        m_observer->flush(m_recorder.trace());
    if (signal) {
        // Built by hand: no allocation after a fatal signal.
        char frame[13];
        const std::uint32_t length = 9;
        const std::int32_t sig = signal;
        const CoroId running = t_current;
        std::memcpy(frame, &length, 4); // little-endian machines only (x86-64, aarch64)
        frame[4] = char(link::FrameType::Crash);
        std::memcpy(frame + 5, &sig, 4);
        std::memcpy(frame + 9, &running, 4);
        writeAll(m_fd, frame, sizeof frame);
    }
}

void onFatalSignal(int signal)
{
    if (s_link && !s_lastWordsSaid.exchange(true))
        s_link->lastWords(signal);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

void onExit()
{
    if (s_link && !s_lastWordsSaid.exchange(true))
        s_link->lastWords(0);
}

void installLastWords()
{
    // A stack of its own, so that a stack overflow still gets its last batch out.
    static char altStack[256 * 1024];
    stack_t ss{};
    ss.ss_sp = altStack;
    ss.ss_size = sizeof altStack;
    ::sigaltstack(&ss, nullptr);
    for (int sig : kFatalSignals) {
        struct sigaction sa{};
        sa.sa_handler = onFatalSignal;
        sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
        ::sigaction(sig, &sa, nullptr);
    }
    std::atexit(onExit);
}

} // namespace

void attachChildLink(Recorder &recorder)
{
    static bool tried = false; // the first Recorder of the process only
    if (tried)
        return;
    tried = true;
    // Once, from the first Recorder; no other Coroscope thread exists yet.
    const char *value = std::getenv(link::kLinkFdVariable); // NOLINT(concurrency-mt-unsafe)
    if (!value || !*value)
        return;
    char *end = nullptr;
    const long fd = std::strtol(value, &end, 10);
    ::unsetenv(link::kLinkFdVariable); // NOLINT(concurrency-mt-unsafe): not for the program's own children
    if (*end || fd < 0 || ::fcntl(int(fd), F_GETFD) < 0)
        return;
    ::fcntl(int(fd), F_SETFD, FD_CLOEXEC);
    auto link = std::make_unique<ChildLink>(int(fd), recorder);
    if (!link->handshake())
        _exit(128 + SIGHUP); // the window went away before the run began
    s_link = link.release();
    installLastWords();
    s_link->start();
}

void detachChildLink(Recorder &recorder)
{
    if (!s_link || &s_link->recorder() != &recorder)
        return;
    s_lastWordsSaid.store(true); // nothing left to say
    s_link->detach();
    // Kept, not deleted: a signal handler may still look at it.
}

void setLinkLoop(EventLoop *loop)
{
    if (s_link && !s_lastWordsSaid.load())
        s_link->setLoop(loop);
}

void setLinkOutcome(const RunOutcome &outcome)
{
    if (s_link && !s_lastWordsSaid.load())
        s_link->setOutcome(outcome);
}

} // namespace coroscope::detail
