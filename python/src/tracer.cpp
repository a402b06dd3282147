#include "tracer.h"

#include "tracerhelpers.h"

#include <opcode.h>

#include <cstring>
#include <variant>

namespace coroscope::python {

using namespace helpers;

namespace {
Tracer *s_tracer = nullptr; // the profile function's object; one tracer per process (the main thread's)
} // namespace

Tracer::Tracer(Recorder &recorder) : m_recorder(recorder)
{
    m_generatorExit = PyExc_GeneratorExit;
}

Tracer::~Tracer()
{
    uninstall();
    for (auto &[code, info] : m_codes)
        Py_DECREF(code);
    for (auto &[future, state] : m_futures)
        Py_DECREF(future);
    for (auto &[id, ref] : m_sendRefs)
        Py_DECREF(ref);
    Py_XDECREF(m_taskNamer);
    Py_XDECREF(m_futureType);
}

void Tracer::setTaskNamer(PyObject *namer)
{
    Py_XINCREF(namer);
    Py_XDECREF(m_taskNamer);
    m_taskNamer = namer;
}

void Tracer::setFutureType(PyObject *type)
{
    Py_XINCREF(type);
    Py_XDECREF(m_futureType);
    m_futureType = type;
}

void Tracer::install()
{
    s_tracer = this;
    PyEval_SetProfile(&Tracer::profile, nullptr);
    m_installed = true;
}

void Tracer::uninstall()
{
    if (!m_installed)
        return;
    PyEval_SetProfile(nullptr, nullptr);
    if (m_pending) {
        PyEval_SetTrace(nullptr, nullptr);
        flushPending();
    }
    m_installed = false;
    if (s_tracer == this)
        s_tracer = nullptr;
}

void Tracer::output(const QString &line)
{
    m_recorder.record(EventKind::Output, runningProgram(), 0, m_recorder.text(line));
}

int Tracer::profile(PyObject *, PyFrameObject *frame, int what, PyObject *arg)
{
    Tracer *t = s_tracer;
    if (!t)
        return 0;
    switch (what) {
    case PyTrace_CALL:
        t->onCall(frame);
        break;
    case PyTrace_RETURN:
        t->onReturn(frame, arg);
        break;
    case PyTrace_C_CALL:
        t->onCCall(arg);
        break;
    case PyTrace_C_RETURN:
    case PyTrace_C_EXCEPTION:
        t->onCReturn(arg);
        break;
    default:
        break;
    }
    return 0; // never an error: the program must not see the tracer
}

int Tracer::exceptionProbe(PyObject *, PyFrameObject *, int what, PyObject *arg)
{
    Tracer *t = s_tracer;
    if (!t || what == PyTrace_LINE || what == PyTrace_OPCODE)
        return 0;
    PyEval_SetTrace(nullptr, nullptr);
    if (what == PyTrace_EXCEPTION && arg && PyTuple_Check(arg) && PyTuple_GET_SIZE(arg) >= 2)
        t->exceptionSeen(PyTuple_GET_ITEM(arg, 0), PyTuple_GET_ITEM(arg, 1));
    else
        t->flushPending();
    return 0;
}

void Tracer::eraseGen(PyObject *gen)
{
    if (gen == m_lastGen)
        m_lastGen = nullptr;
    auto it = m_gens.find(gen);
    if (it == m_gens.end())
        return;
    if (it->second.role == Role::Generator) {
        m_recorder.clearSendTarget(it->second.id);
        if (auto ref = m_sendRefs.find(it->second.id); ref != m_sendRefs.end()) {
            Py_DECREF(ref->second);
            m_sendRefs.erase(ref);
        }
    }
    m_gens.erase(it);
}

const Tracer::CodeInfo &Tracer::codeInfoSlow(PyCodeObject *code)
{
    auto it = m_codes.find(code);
    if (it != m_codes.end()) {
        m_lastCode = code;
        m_lastCodeInfo = &it->second;
        return it->second;
    }
    CodeInfo info;
    const int flags = code->co_flags;
    const QString name = fromUtf8(code->co_name);
    if (flags & CO_COROUTINE)
        info.role = name == QLatin1String("__anext__") ? Role::AsyncIteratorNext : Role::Coroutine;
    else if (flags & CO_ASYNC_GENERATOR)
        info.role = Role::AsyncGenerator;
    else if ((flags & CO_GENERATOR) && !(flags & CO_ITERABLE_COROUTINE))
        info.role = name == QLatin1String("__await__") ? Role::AwaitGenerator : Role::Generator;
    else if (name == QLatin1String("__next__"))
        info.role = Role::IteratorNext;
    const QString file = fromUtf8(code->co_filename);
    if (info.role != Role::Ignore) {
        if (file.startsWith(u'<'))
            info.role = Role::Ignore; // <frozen …>, <string>: no source to show
        for (const QString &prefix : std::as_const(m_libraryPrefixes)) {
            if (file.startsWith(prefix)) {
                info.library = info.role == Role::Coroutine && file.contains(QLatin1String("/asyncio/"));
                if (!info.library)
                    info.role = Role::Ignore;
            }
        }
    }
    if (info.role != Role::Ignore) {
        info.name = fromUtf8(code->co_qualname);
        if (info.name.isEmpty())
            info.name = name;
        if (info.library)
            info.name = QStringLiteral("asyncio.") + info.name;
        info.defSite = internSite(m_recorder, Site{file, info.name, code->co_firstlineno, 1});
    }
    Py_INCREF(code);
    const CodeInfo &stored = m_codes.emplace(code, std::move(info)).first->second;
    m_lastCode = code;
    m_lastCodeInfo = &stored;
    return stored;
}

SiteId Tracer::siteAt(PyCodeObject *code, int lasti)
{
    const SiteKey key{code, lasti};
    auto it = m_sites.find(key);
    if (it != m_sites.end())
        return it->second;
    int line = 0, column = 0, endLine = 0, endColumn = 0;
    if (!PyCode_Addr2Location(code, lasti * int(sizeof(_Py_CODEUNIT)), &line, &column, &endLine, &endColumn))
        line = column = 0;
    const CodeInfo &info = codeInfo(code); // code is in m_codes (referenced) from here on
    Site site{fromUtf8(code->co_filename), info.name, std::max(line, 0), column >= 0 ? column + 1 : 0};
    const SiteId id = internSite(m_recorder, site);
    m_sites.emplace(key, id);
    return id;
}

ValueId Tracer::value(PyObject *v)
{
    if (!v)
        return 0;
    if (PyLong_CheckExact(v)) {
        int overflow = 0;
        const long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (!overflow && !(x == -1 && PyErr_Occurred()) && Trace::fitsInline(x))
            return Trace::inlineInt(x);
        PyErr_Clear();
    }
    return m_recorder.text(reprText(v));
}

void Tracer::push(PyObject *key, CoroId id, bool library)
{
    m_running.push_back(Running{key, id, library});
    detail::t_current = id;
}

void Tracer::pop(PyObject *key)
{
    for (auto i = m_running.size(); i-- > 0;) {
        if (m_running[i].key == key) {
            m_running.resize(i);
            break;
        }
    }
    detail::t_current = running();
}

bool Tracer::isFuture(PyObject *v) const
{
    return v && m_futureType && PyObject_TypeCheck(v, reinterpret_cast<PyTypeObject *>(m_futureType));
}

void Tracer::onCall(PyFrameObject *frame)
{
    CoroscopeFrameInfo fi;
    if (!coroscope_frame_info(frame, &fi))
        return;
    const CodeInfo &ci = codeInfo(fi.code);
    if (ci.role == Role::Ignore) [[likely]]
        return;
    if (m_pending)
        flushPending();
    if (ci.role == Role::IteratorNext) {
        onIteratorCall(frame, ci);
        return;
    }
    PyObject *gen = fi.generator;
    if (!gen)
        return;
    m_childYield = 0;
    const CoroId resumer = running();
    GenState *found = findGen(gen);
    if (!found && ci.role == Role::AsyncIteratorNext) {
        onAsyncNextStart(frame, gen, ci);
        return;
    }
    if (!found || !found->started) {
        if (!found) {
            // Created is recorded at the first resume: 3.11 gives a profile
            // function no event when a generator function makes its generator.
            QString name = ci.name;
            if (ci.role == Role::Coroutine && resumer == 0 && m_taskNamer) {
                if (PyObject *n = PyObject_CallOneArg(m_taskNamer, gen)) {
                    if (PyUnicode_Check(n))
                        name = fromUtf8(n);
                    Py_DECREF(n);
                } else {
                    PyErr_Clear();
                }
            }
            found = &track(gen, ci, name, resumer);
        }
        GenState &st = *found;
        st.started = true;
        const ResumeKind how = awaits(ci.role) ? (resumer ? ResumeKind::Awaiter : ResumeKind::Loop)
                                                          : ResumeKind::Next;
        m_recorder.record(EventKind::Started, st.id, 0, resumer, std::uint8_t(how));
        push(gen, st.id, st.library);
        if (fi.opcode == YIELD_VALUE) // thrown into before it ran (3.11 runs it to raise at once)
            expectException(PendingException{gen, st.id, 0, false});
        return;
    }
    GenState &st = *found;
    if (fi.opcode == YIELD_VALUE) {
        // Resumed with an exception (throw(), close(), a cancelled task): CPython
        // enters the frame at the yield it is parked on and raises there.
        push(gen, st.id, st.library);
        st.passThrough = false;
        expectException(PendingException{gen, st.id, st.parked, true});
        return;
    }
    if (awaits(st.role)) {
        if (fi.oparg >= 2 && st.awaiting) {
            // Back into its `await child`: only the child runs (the C++ Task is not resumed either).
            st.passThrough = true;
            push(gen, st.id, st.library);
            return;
        }
        if (st.awaitedFuture) {
            reportFuture(st.awaitedFuture);
            st.awaitedFuture = nullptr;
        }
        m_recorder.record(EventKind::Resumed, st.id, st.parked, resumer,
                          std::uint8_t(resumer ? ResumeKind::Awaiter : ResumeKind::Loop));
        push(gen, st.id, st.library);
        return;
    }
    PyObject *sent = fi.opcode == RESUME && fi.oparg >= 1 ? coroscope_frame_stack(frame, 0) : nullptr;
    if (sent && sent != Py_None) {
        const Event e = sentEvent(st.id, st.parked, value(sent), std::min(resumer, kResumerNotPacked));
        m_recorder.record(e.kind, e.coro, e.site, e.arg, e.aux, e.flags);
    } else {
        // An async generator back from an await was woken like a coroutine; else next() / __anext__.
        const ResumeKind how = st.role == Role::AsyncGenerator && fi.oparg == 3
                                   ? (resumer ? ResumeKind::Awaiter : ResumeKind::Loop)
                                   : ResumeKind::Next;
        m_recorder.record(EventKind::Resumed, st.id, st.parked, resumer, std::uint8_t(how));
    }
    push(gen, st.id, st.library);
}

void Tracer::onReturn(PyFrameObject *frame, PyObject *value)
{
    CoroscopeFrameInfo fi;
    if (!coroscope_frame_info(frame, &fi))
        return;
    const CodeInfo &ci = codeInfo(fi.code);
    if (ci.role == Role::Ignore) [[likely]]
        return;
    if (m_pending)
        flushPending();
    if (ci.role == Role::IteratorNext) {
        onIteratorReturn(frame, fi, value);
        return;
    }
    PyObject *gen = fi.generator;
    GenState *found = gen ? findGen(gen) : nullptr;
    if (!found)
        return;
    pop(gen);
    GenState &st = *found;
    if (!value) {
        // An exception leaves the frame (raised in it, thrown in, or the
        // GeneratorExit of close()): the frame is finished.
        if (st.closing || st.cancelling) {
            // Caught by close() or by the Task in C: no Python frame sees it.
            if (st.cancelling)
                m_recorder.record(EventKind::Cancelled, st.id);
            m_recorder.record(EventKind::Destroyed, st.id, 0, 0, st.closing ? 1 : 0);
            if (st.instance)
                endAsyncIterator(st.instance);
        } else {
            expectException(PendingException{gen, st.id, 0, false, st.instance});
        }
        if (st.awaitedFuture)
            forgetFuture(st.awaitedFuture);
        eraseGen(gen);
        return;
    }
    if (fi.opcode == YIELD_VALUE) {
        onYield(st, frame, fi, value);
        return;
    }
    const SiteId site = siteAt(fi.code, fi.lasti);
    const CoroId id = st.id;
    if (st.instance) {
        // __anext__ returned: the iterator yields that value, and parks there until the next __anext__.
        if (auto it = m_iterators.find(st.instance); it != m_iterators.end())
            it->second.parked = site;
        m_recorder.record(EventKind::Yielded, id, site, this->value(value));
        eraseGen(gen);
        wakeAwaiter(id);
        return;
    }
    m_recorder.record(EventKind::Returned, id, site, this->value(value));
    m_recorder.record(EventKind::Destroyed, id, 0, 0, 0);
    eraseGen(gen);
    wakeAwaiter(id);
}

void Tracer::wakeAwaiter(CoroId child)
{
    if (m_running.empty())
        return;
    GenState *parent = findGen(m_running.back().key);
    if (parent && awaits(parent->role) && parent->passThrough && parent->awaiting == child) {
        m_recorder.record(EventKind::Resumed, parent->id, parent->parked, child, std::uint8_t(ResumeKind::Awaiter));
        parent->passThrough = false;
        parent->awaiting = 0;
    }
}

CoroId Tracer::runningProgram() const noexcept
{
    for (auto i = m_running.size(); i-- > 0;) {
        if (!m_running[i].library)
            return m_running[i].id;
    }
    return 0;
}

QString Tracer::awaitedText(PyObject *value) const
{
    if (value == Py_None)
        return QStringLiteral("the loop (a bare yield)");
    if (isFuture(value))
        return QStringLiteral("a future");
    return reprText(value);
}

Tracer::GenState &Tracer::track(PyObject *gen, const CodeInfo &code, const QString &name, CoroId parent)
{
    const CoroutineKind kind = code.role == Role::Coroutine        ? CoroutineKind::Task
                               : code.role == Role::AsyncGenerator ? CoroutineKind::AsyncGenerator
                                                                   : CoroutineKind::Generator;
    GenState st;
    st.role = code.role;
    st.library = code.library;
    st.id = registerCoroutine(m_recorder, kind, code.defSite, name);
    if (code.role == Role::Generator) {
        m_recorder.markReceivesValues(st.id);
        // The Send box's sends, through a weak reference: a generator collected without the
        // tracer seeing its frame finish must not be sent into (the target goes with the frame).
        if (PyObject *ref = PyWeakref_NewRef(gen, nullptr)) {
            m_sendRefs.emplace(st.id, ref);
            const CoroId id = st.id;
            m_recorder.setSendTarget(id, [this, id](const QString &text) { return sendFromBox(id, text); });
        } else {
            PyErr_Clear();
        }
    }
    m_recorder.record(EventKind::Created, st.id, code.defSite, parent);
    return m_gens.emplace(gen, st).first->second;
}

void Tracer::onYield(GenState &st, PyFrameObject *frame, const CoroscopeFrameInfo &fi, PyObject *value)
{
    if (fi.lasti != st.lastYieldLasti) {
        st.parked = siteAt(fi.code, fi.lasti);
        st.lastYieldLasti = fi.lasti;
    }
    const SiteId site = st.parked;
    st.closing = st.cancelling = false; // it caught what was thrown in
    const bool delegating = fi.previousOpcode == SEND; // `yield from` / `await`: SEND's receiver is on the stack
    PyObject *receiver = delegating ? coroscope_frame_stack(frame, 0) : nullptr;
    auto sub = receiver ? m_gens.find(receiver) : m_gens.end();
    if (st.library) {
        // asyncio's own coroutine parks on what it awaits; the coroutine awaiting it records that.
        const bool passThrough = std::exchange(st.passThrough, false);
        if (sub != m_gens.end()) { // another of asyncio's, or the program's (wait → _wait)
            if (!passThrough || st.awaiting != sub->second.id)
                m_recorder.record(EventKind::Awaiting, st.id, site, sub->second.id, std::uint8_t(AwaitKind::Coroutine));
            st.awaiting = sub->second.id;
            m_childYield = 0;
            return;
        }
        st.awaiting = 0;
        m_recorder.record(EventKind::Awaiting, st.id, site, m_recorder.text(awaitedText(value)),
                          std::uint8_t(AwaitKind::External));
        m_childYield = 0;
        return;
    }
    if (sub != m_gens.end() && sub->second.library) {
        onAwaitValue(st, site, receiver, value); // as if asyncio's coroutine were not traced
        st.awaiting = 0;
        st.passThrough = false;
        m_childYield = st.id;
        return;
    }
    if (awaits(st.role)) {
        const bool passThrough = std::exchange(st.passThrough, false);
        if (sub != m_gens.end()) {
            if (!passThrough || st.awaiting != sub->second.id) {
                // `async for` over a class: it awaits the iterator's __anext__, as it awaits an async generator's.
                const AwaitKind kind = sub->second.role == Role::AsyncIteratorNext ? AwaitKind::AsyncNext
                                                                                    : AwaitKind::Coroutine;
                m_recorder.record(EventKind::Awaiting, st.id, site, sub->second.id, std::uint8_t(kind));
            }
            st.awaiting = sub->second.id;
            m_childYield = st.id;
            return;
        }
        st.awaiting = 0;
        if (m_childYield && m_childYield != st.id) {
            // Through an object that is not traced (an async generator's asend, a
            // library wrapper): it awaits the traced frame that yielded just now.
            const bool asyncNext = m_recorder.trace().coroutine(m_childYield).kind == CoroutineKind::AsyncGenerator;
            m_recorder.record(EventKind::Awaiting, st.id, site, m_childYield,
                              std::uint8_t(asyncNext ? AwaitKind::AsyncNext : AwaitKind::Coroutine));
            st.awaiting = m_childYield;
            m_childYield = st.id;
            return;
        }
        onAwaitValue(st, site, receiver, value);
        m_childYield = st.id;
        return;
    }
    if (st.role == Role::AsyncGenerator && delegating && sub == m_gens.end()) {
        // An await inside an async generator: it parks like a coroutine.
        onAwaitValue(st, site, receiver, value);
        m_childYield = st.id;
        return;
    }
    if (sub != m_gens.end())
        m_recorder.record(EventKind::Awaiting, st.id, site, sub->second.id, std::uint8_t(AwaitKind::Delegate));
    PyObject *shown = st.role == Role::AsyncGenerator ? unwrapAsyncGenValue(value) : value;
    m_recorder.record(EventKind::Yielded, st.id, site, this->value(shown));
    if (st.role == Role::AsyncGenerator) {
        m_childYield = 0;
        wakeAwaiter(st.id); // the value goes to whoever awaited __anext__ / asend
    } else {
        m_childYield = st.id;
    }
}

} // namespace coroscope::python
