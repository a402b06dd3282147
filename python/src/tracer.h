#pragma once

// The Python tracer: a C profile function that turns CPython 3.11's frame
// events into the same Recorder events the C++ Generator, Task and Future record.
//
// Why PyEval_SetProfile, not sys.settrace or sys.monitoring:
// - sys.settrace / sys.setprofile call a Python function per event: a frame
//   object, an argument tuple and a Python call per call and return, several
//   times the cost of the step being traced. A C profile function is called
//   directly by ceval with the frame and the returned or yielded value.
// - A profile function (unlike a trace function) gets no per-line events, and
//   on 3.11 a generator's resume is its PyTrace_CALL and its yield its
//   PyTrace_RETURN: the opcode at the frame's last instruction tells RESUME
//   (and its argument: start, after yield, after await) from YIELD_VALUE and
//   RETURN_VALUE, and the value sent in is the top of the resumed frame's
//   stack (frameaccess.c).
// - sys.monitoring (PEP 669) is 3.12+: PY_START / PY_RESUME / PY_YIELD /
//   PY_RETURN / PY_THROW / RAISE give the same events per code object, and is
//   the path for later versions; Debian 12 has 3.11.
//
// What the profile function cannot see is the exception in flight (CPython
// fetches it away before calling). When a generator is thrown into, or an
// exception escapes it, the tracer installs a C trace function for one event
// (exceptionProbe): the PyTrace_EXCEPTION that follows names the exception.

#include <Python.h>
#include <frameobject.h>

#include "frameaccess.h"

#include <coroscope/recorder.h>

#include <QStringList>

#include <optional>
#include <unordered_map>
#include <vector>

namespace coroscope::python {

class Tracer
{
public:
    explicit Tracer(Recorder &recorder);
    ~Tracer();
    Tracer(const Tracer &) = delete;
    Tracer &operator=(const Tracer &) = delete;

    // Files under these prefixes (the standard library, the runner) are library
    // code: their generators are not recorded; asyncio's coroutines (sleep,
    // wait_for, Queue.get …) are, as library internals (the views hide them
    // unless asked), and a coroutine that awaits one records what it waits
    // for as if the library coroutine were not traced (asyncio.sleep(1), a future).
    void setLibraryPrefixes(const QStringList &prefixes) { m_libraryPrefixes = prefixes; }
    // Called once per coroutine that starts on the loop (no traced resumer):
    // returns the name of the Task driving it, or None.
    void setTaskNamer(PyObject *namer);
    // asyncio.Future (the C type; Task derives from it).
    void setFutureType(PyObject *type);

    void install();
    void uninstall();
    bool installed() const noexcept { return m_installed; }

    CoroId running() const noexcept { return m_running.empty() ? 0 : m_running.back().id; }
    // The innermost running coroutine of the program's own (asyncio's are skipped): a timer's
    // owner, the coroutine that printed.
    CoroId runningProgram() const noexcept;
    void output(const QString &line);

    // The loop's hooks (coroscope_run.py's loop classes call them through _coroscope).
    // The id of the traced coroutine a Task drives, recorded as Created now (named
    // as its task, created by `parent`) when it has not run yet; 0 when it is not traced.
    // A future resolved inside set_result / set_exception / cancel is reported
    // at once, so that the wakeups it queues follow it (cause, then effect).
    void reportResolving()
    {
        for (PyObject *future : m_futureCalls)
            reportFuture(future);
    }
    bool isTask(PyObject *v) const
    {
        return isFuture(v) && Py_TYPE(v) != reinterpret_cast<PyTypeObject *>(m_futureType);
    }
    // *started: whether it has run (a task's first step is a spawn, a later one is not).
    CoroId taskCoroutine(PyObject *task, CoroId parent, bool *started = nullptr);
    // The coroutine or future that stood for this Task or Future when it was last
    // seen (0: none). Kept after it finished: asyncio reports an unretrieved
    // exception when the object is collected, after its coroutine has ended.
    CoroId objectId(PyObject *taskOrFuture) const;
    // "alice #2 awaits future@13 #4": who waits on what, from each one's last Awaiting event (as the C++ loop says it).
    QString describeParked(CoroId id) const;

private:
    // AsyncIteratorNext: a coroutine named __anext__. Each call makes a new
    // coroutine object, but they all step one iterator: the instance (self) is
    // one Iterator coroutine, as a class's __next__ is (IteratorNext).
    // AwaitGenerator: a generator named __await__. It runs inside the awaiting
    // coroutine's await, so it parks and resumes as a coroutine does.
    enum class Role : std::uint8_t { Ignore, Generator, Coroutine, AsyncGenerator, IteratorNext, AsyncIteratorNext,
                                     AwaitGenerator };
    // The roles that run inside an await chain: they await, they do not yield values to a caller.
    static constexpr bool awaits(Role r) noexcept
    {
        return r == Role::Coroutine || r == Role::AsyncIteratorNext || r == Role::AwaitGenerator;
    }
    struct CodeInfo
    {
        Role role = Role::Ignore;
        QString name;
        SiteId defSite = 0;
        bool library = false; // asyncio's own coroutine (named asyncio.<qualname>): a library internal
    };
    struct GenState
    {
        CoroId id = 0;
        Role role = Role::Generator;
        SiteId parked = 0;
        CoroId awaiting = 0;          // a coroutine: the traced coroutine it awaits (0: none)
        PyObject *awaitedFuture = nullptr; // a coroutine: the future it awaits (a key of m_futures)
        bool passThrough = false;     // resumed only to pass the step on to `awaiting`
        bool closing = false;         // GeneratorExit was thrown in (close(), or the generator was dropped)
        bool cancelling = false;      // CancelledError was thrown in (its task was cancelled)
        bool started = false;         // false: created when a task of it was awaited, before it ran
        int lastYieldLasti = -1;      // the site of the last yield, so that a loop's next one needs no lookup
        PyObject *instance = nullptr; // an __anext__ coroutine: its iterator (a key of m_iterators, borrowed)
        bool library = false;         // asyncio's own: recorded, but what awaits it records what it waits for
    };
    struct Running
    {
        PyObject *key; // the generator, coroutine or iterator
        CoroId id;
        bool library = false; // asyncio's own coroutine
    };
    struct FutureState
    {
        CoroId id = 0;
        bool reported = false;
    };
    // An exception whose text the next PyTrace_EXCEPTION tells (see the top of the file).
    struct PendingException
    {
        PyObject *key = nullptr; // the generator (borrowed)
        CoroId id = 0;
        SiteId site = 0;
        bool thrownIn = false; // else it escaped the frame, which is gone
        PyObject *asyncIterator = nullptr; // it escaped this iterator's __anext__: StopAsyncIteration ends it
    };
    struct SiteKey
    {
        PyCodeObject *code;
        int lasti;
        friend bool operator==(const SiteKey &, const SiteKey &) = default;
    };
    struct SiteKeyHash
    {
        std::size_t operator()(const SiteKey &k) const noexcept
        {
            return std::hash<const void *>()(k.code) ^ (std::size_t(k.lasti) * 0x9E3779B97F4A7C15ull);
        }
    };

    static int profile(PyObject *self, PyFrameObject *frame, int what, PyObject *arg);
    static int exceptionProbe(PyObject *self, PyFrameObject *frame, int what, PyObject *arg);

    void onCall(PyFrameObject *frame);
    void onReturn(PyFrameObject *frame, PyObject *value);
    void onCCall(PyObject *function);
    void onCReturn(PyObject *function);
    void onIteratorCall(PyFrameObject *frame, const CodeInfo &code);
    // Starts or resumes the Iterator coroutine of instance `self` (a __next__ or __anext__ call).
    std::unordered_map<PyObject *, GenState>::iterator stepIterator(PyObject *self, Role role, const CodeInfo &code);
    void onIteratorReturn(PyFrameObject *frame, const CoroscopeFrameInfo &fi, PyObject *value);
    void onAsyncNextStart(PyFrameObject *frame, PyObject *gen, const CodeInfo &code);
    void endAsyncIterator(PyObject *instance);
    void onYield(GenState &st, PyFrameObject *frame, const CoroscopeFrameInfo &fi, PyObject *value);
    void onAwaitValue(GenState &st, SiteId site, PyObject *receiver, PyObject *yielded);
    // What a library coroutine parks on, in words (it is not related to other coroutines).
    QString awaitedText(PyObject *value) const;
    // A coroutine parked in `await child` while the child ran is resumed by the child's end (or its async yield).
    void wakeAwaiter(CoroId child);
    // Records Created for a generator or coroutine object seen for the first time.
    GenState &track(PyObject *gen, const CodeInfo &code, const QString &name, CoroId parent);

    const CodeInfo &codeInfo(PyCodeObject *code)
    {
        // A step is a call and a return of the same code: the last one answers first.
        if (code == m_lastCode) [[likely]]
            return *m_lastCodeInfo;
        return codeInfoSlow(code);
    }
    const CodeInfo &codeInfoSlow(PyCodeObject *code);
    GenState *findGen(PyObject *gen)
    {
        if (gen == m_lastGen && gen) [[likely]]
            return m_lastGenState;
        auto it = m_gens.find(gen);
        if (it == m_gens.end())
            return nullptr;
        m_lastGen = gen;
        m_lastGenState = &it->second; // nodes of an unordered_map stay where they are
        return m_lastGenState;
    }
    void eraseGen(PyObject *gen);
    // The window's Send box: sends `text` (a Python literal) into generator `id`, recording
    // what the profile function cannot see from inside itself (boxsend.cpp). Returns the reply.
    QString sendFromBox(CoroId id, const QString &text);
    SiteId siteAt(PyCodeObject *code, int lasti);
    ValueId value(PyObject *v);
    void push(PyObject *key, CoroId id, bool library = false);
    void pop(PyObject *key);
    CoroId futureId(PyObject *future, SiteId site);
    void reportFuture(PyObject *future);
    void renameTask(PyObject *task);
    void forgetFuture(PyObject *future);
    bool isFuture(PyObject *v) const;

    void expectException(const PendingException &pending);
    void exceptionSeen(PyObject *type, PyObject *value);
    void flushPending(); // the exception was not seen: record it without its text
    void recordPending(const QString &text, bool cancelled, bool generatorExit, bool stopAsyncIteration = false);

    Recorder &m_recorder;
    QStringList m_libraryPrefixes;
    PyObject *m_taskNamer = nullptr;
    PyObject *m_futureType = nullptr;
    bool m_installed = false;
    std::unordered_map<PyCodeObject *, CodeInfo> m_codes; // holds a reference to each code
    std::unordered_map<SiteKey, SiteId, SiteKeyHash> m_sites;
    std::unordered_map<PyObject *, GenState> m_gens;      // borrowed: erased when the frame finishes
    std::unordered_map<PyObject *, GenState> m_iterators; // borrowed: erased when exhausted
    std::unordered_map<PyObject *, FutureState> m_futures; // holds a reference until resolved
    std::unordered_map<CoroId, PyObject *> m_sendRefs;     // generators the Send box can reach: weak references
    std::unordered_map<PyObject *, CoroId> m_objectIds;    // borrowed tasks and futures: see objectId()
    PyCodeObject *m_lastCode = nullptr;
    const CodeInfo *m_lastCodeInfo = nullptr;
    PyObject *m_lastGen = nullptr;
    GenState *m_lastGenState = nullptr;
    CoroId m_childYield = 0; // the traced frame that yielded last in this step (an await through an untraced object)
    std::vector<Running> m_running;
    std::vector<PyObject *> m_futureCalls; // futures inside set_result / set_exception / cancel, tasks inside set_name
    std::optional<PendingException> m_pending;
    PyObject *m_generatorExit = nullptr; // borrowed built-in types
};

} // namespace coroscope::python
