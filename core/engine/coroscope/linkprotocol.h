#pragma once

// The link between the window and a program running in a child process: a
// stream of length-prefixed frames over a socket pair.
//
//   frame = u32 length (of what follows), u8 type, payload   (little-endian)
//
// The child speaks first: Hello (magic, protocol version, pid, executable),
// then waits for Start (the run mode, breakpoints, history limit) before its
// first event, the way a DAP debuggee waits for configurationDone. After that
// the child sends Batch frames (trace deltas, pauses, send replies, the end)
// and a Beat every 250 ms; the window sends Command, Breakpoints, Send and
// Stop. Crash is the child's last word from a fatal signal handler.
//
// Everything read here is untrusted input: a malformed, truncated or hostile
// stream yields an error text, never a crash (fuzz_link). Hello keeps its
// layout in every version, so a program built against another version is
// told apart by its version number rather than by garbage.

#include <coroscope/outcome.h>
#include <coroscope/stops.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace coroscope::link {

inline constexpr std::uint32_t kProtocolVersion = 1;
inline constexpr char kMagic[8] = {'C', 'O', 'R', 'O', 'L', 'I', 'N', 'K'};
// A batch restating a whole kept history (after a drop at 10M events) is ~80 MB.
inline constexpr std::uint32_t kMaxFrameBytes = 512u << 20;
// The environment variable that tells a program it runs under Coroscope: the
// number of its end of the socket pair.
inline constexpr char kLinkFdVariable[] = "COROSCOPE_LINK_FD";

// How far the program runs before it pauses again (EngineMode's values).
enum class Mode : std::uint8_t { PauseNext, Pause, Step, StepLoop, Continue };

enum class FrameType : std::uint8_t {
    Hello = 1, Batch = 2, Beat = 3, Crash = 4,                    // child → window
    Start = 32, Command = 33, Breakpoints = 34, Send = 35, Stop = 36, // window → child
};

struct Hello
{
    std::uint32_t version = kProtocolVersion;
    std::int64_t pid = 0;
    QString executable;
};

struct SendReply
{
    CoroId coro = 0;
    QString text;
};

struct Batch
{
    std::uint64_t token = 0;                // the run command in force when it was sent
    std::optional<std::uint64_t> pausedAt;  // the program is blocked after this event
    QByteArray delta;                       // appendDelta(); read with readDelta() against the trace
    std::vector<SendReply> replies;
    bool finished = false;                  // the recorder is gone: nothing more will be recorded
    std::optional<RunOutcome> outcome;      // how the run ended, when the child knows (the runner does)
};

struct Beat
{
    std::uint64_t heartbeat = 0; // events recorded so far
    bool waiting = false;        // the loop blocks on purpose (a real-clock timer, an external wait)
};

struct Crash
{
    std::int32_t signal = 0;
    CoroId running = 0; // the coroutine whose body was running
};

struct Start
{
    Mode mode = Mode::PauseNext;
    std::uint64_t token = 0;
    std::uint64_t maxEvents = 0;
    QList<Breakpoint> breakpoints;
};

struct Command
{
    Mode mode = Mode::Step;
    std::uint64_t token = 0;
};

struct BreakpointList
{
    QList<Breakpoint> breakpoints;
};

struct Send
{
    CoroId coro = 0;
    QString text;
};

struct Stop
{
    QString reason;
};

using Message = std::variant<Hello, Batch, Beat, Crash, Start, Command, BreakpointList, Send, Stop>;

// One whole frame.
QByteArray encode(const Message &message);

// Cuts a byte stream into frames and decodes them. Bytes come in any pieces.
class FrameReader
{
public:
    void append(const char *data, qsizetype size) { m_buffer.append(data, size); }
    void append(const QByteArray &bytes) { m_buffer.append(bytes); }

    enum class Status { NeedMore, Message, Error };
    // The next whole message, if one is buffered. After an Error the stream is
    // unusable: error() says why, and every later call returns Error again.
    Status next(Message &out);
    const QString &error() const noexcept { return m_error; }
    // Bytes of an unfinished frame left over (at the end of the stream: a truncated frame).
    qsizetype pending() const noexcept { return m_buffer.size() - m_pos; }

private:
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    QString m_error;
};

// "the program speaks link protocol version 7; this Coroscope speaks version 1"
QString versionMismatch(std::uint32_t theirs);

} // namespace coroscope::link
