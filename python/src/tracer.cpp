#include "tracer.h"

#include "pyvalue.h"

#include <opcode.h>

#include <cstring>
#include <variant>

namespace coroscope::python {

namespace {
Tracer *s_tracer = nullptr; // the profile function's object; one tracer per process (the main thread's)

QString fromUtf8(PyObject *s)
{
    return strText(s);
}

// An async generator's plain `yield v` hands the loop a wrapper of v
// (genobject.c's async_generator_wrapped_value: a PyObject header and v).
PyObject *unwrapAsyncGenValue(PyObject *v)
{
    if (v && std::strcmp(Py_TYPE(v)->tp_name, "async_generator_wrapped_value") == 0) {
        struct Wrapped
        {
            PyObject_HEAD PyObject *value;
        };
        return reinterpret_cast<Wrapped *>(v)->value;
    }
    return v;
}

// The Recorder's API interns C++ sites (a std::source_location); a Python site
// (file, line, column from the code object) goes into its Trace directly. The
// Trace is the Recorder's own member, written only on this thread.
SiteId internSite(Recorder &r, const Site &site)
{
    return const_cast<Trace &>(r.trace()).internSite(site);
}

CoroId registerCoroutine(Recorder &r, CoroutineKind kind, SiteId created, const QString &name)
{
    const CoroId id = r.registerCoroutine(kind, SourceLocation{}, 0, name);
    const_cast<CoroutineInfo &>(r.trace().coroutine(id)).creationSite = created; // before its Created ships
    return id;
}
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
    if (it->second.role == Role::Generator)
        m_recorder.clearSendTarget(it->second.id);
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
        // The Send box's sends (gen is erased, and the target cleared, when its frame finishes).
        m_recorder.setSendTarget(st.id, [this, gen](const QString &text) { return sendFromBox(gen, text); });
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

void Tracer::onAwaitValue(GenState &st, SiteId site, PyObject *receiver, PyObject *yielded)
{
    if (yielded == Py_None) {
        m_recorder.record(EventKind::Suspended, st.id, site); // asyncio.sleep(0), a bare yield
        return;
    }
    if (isFuture(yielded)) {
        // A sleep is asyncio.sleep's future: say how long, as the C++ sleep does.
        if (receiver && PyCoro_CheckExact(receiver)) {
            PyCodeObject *code = reinterpret_cast<PyCodeObject *>(
                reinterpret_cast<PyObject *>(PyObject_GetAttrString(receiver, "cr_code")));
            if (!code)
                PyErr_Clear();
            if (code && fromUtf8(code->co_name) == QLatin1String("sleep")
                && fromUtf8(code->co_filename).endsWith(QLatin1String("asyncio/tasks.py"))) {
                QString delay;
                if (PyObject *f = PyObject_GetAttrString(receiver, "cr_frame")) {
                    if (PyFrame_Check(f))
                        delay = reprText(coroscope_frame_local(reinterpret_cast<PyFrameObject *>(f), 0));
                    Py_DECREF(f);
                } else {
                    PyErr_Clear();
                }
                Py_DECREF(code);
                m_recorder.record(EventKind::Awaiting, st.id, site,
                                  m_recorder.text(QStringLiteral("asyncio.sleep(%1)").arg(delay)),
                                  std::uint8_t(AwaitKind::Sleep));
                st.awaitedFuture = nullptr;
                return;
            }
            Py_XDECREF(code);
        }
        // A Task is awaited as its coroutine, when that is traced.
        if (Py_TYPE(yielded) != reinterpret_cast<PyTypeObject *>(m_futureType)) {
            if (const CoroId task = taskCoroutine(yielded, st.id)) {
                m_recorder.record(EventKind::Awaiting, st.id, site, task, std::uint8_t(AwaitKind::Task));
                return;
            }
        }
        const CoroId fid = futureId(yielded, site);
        st.awaitedFuture = yielded;
        m_recorder.record(EventKind::Awaiting, st.id, site, fid, std::uint8_t(AwaitKind::Future));
        return;
    }
    m_recorder.record(EventKind::Awaiting, st.id, site, m_recorder.text(reprText(yielded)),
                      std::uint8_t(AwaitKind::External));
}

CoroId Tracer::taskCoroutine(PyObject *task, CoroId parent, bool *started)
{
    if (started)
        *started = true;
    PyObject *coro = PyObject_CallMethod(task, "get_coro", nullptr);
    if (!coro) {
        PyErr_Clear();
        return 0;
    }
    CoroId id = 0;
    if (GenState *found = findGen(coro)) {
        id = found->id;
        if (started)
            *started = found->started;
    } else if (PyCoro_CheckExact(coro)) {
        // Not run yet: it is created now, with its task's name.
        if (PyObject *code = PyObject_GetAttrString(coro, "cr_code"); code && PyCode_Check(code)) {
            const CodeInfo &ci = codeInfo(reinterpret_cast<PyCodeObject *>(code));
            if (ci.role == Role::Coroutine) {
                QString name = ci.name;
                if (PyObject *n = PyObject_CallMethod(task, "get_name", nullptr)) {
                    const QString taskName = fromUtf8(n);
                    if (!taskName.isEmpty() && !taskName.startsWith(QLatin1String("Task-")))
                        name = taskName;
                    Py_DECREF(n);
                }
                id = track(coro, ci, name, parent).id;
                if (started)
                    *started = false;
            }
            Py_DECREF(code);
        } else {
            Py_XDECREF(code);
        }
        PyErr_Clear();
    }
    Py_DECREF(coro);
    if (id)
        m_objectIds[task] = id;
    return id;
}

CoroId Tracer::objectId(PyObject *taskOrFuture) const
{
    auto it = m_objectIds.find(taskOrFuture);
    return it == m_objectIds.end() ? 0 : it->second;
}

QString Tracer::describeParked(CoroId id) const
{
    const Trace &trace = m_recorder.trace();
    auto nameOf = [&trace](CoroId c) {
        return c && c <= trace.coroutineCount() ? trace.coroutine(c).name : QStringLiteral("task");
    };
    QString part = QStringLiteral("%1 #%2").arg(nameOf(id)).arg(id);
    for (std::size_t i = trace.size(); i-- > 0;) {
        const Event &e = trace[i];
        if (e.kind != EventKind::Awaiting || e.coro != id || isRelation(e))
            continue;
        const auto kind = AwaitKind(e.aux);
        part += QStringLiteral(" awaits ")
                + (awaitsCoroutine(kind) ? QStringLiteral("%1 #%2").arg(nameOf(e.arg)).arg(e.arg) : trace.valueText(e.arg));
        break;
    }
    return part;
}

void Tracer::onIteratorCall(PyFrameObject *frame, const CodeInfo &code)
{
    PyObject *self = coroscope_frame_local(frame, 0);
    if (!self)
        return;
    const CoroId resumer = running();
    auto it = m_iterators.find(self);
    if (it == m_iterators.end()) {
        GenState st;
        st.role = Role::IteratorNext;
        st.id = registerCoroutine(m_recorder, CoroutineKind::Iterator, code.defSite,
                                             QString::fromUtf8(_PyType_Name(Py_TYPE(self))));
        m_recorder.record(EventKind::Created, st.id, code.defSite, resumer);
        m_recorder.record(EventKind::Started, st.id, 0, resumer, std::uint8_t(ResumeKind::Next));
        it = m_iterators.emplace(self, st).first;
    } else {
        m_recorder.record(EventKind::Resumed, it->second.id, it->second.parked, resumer, std::uint8_t(ResumeKind::Next));
    }
    push(self, it->second.id);
}

void Tracer::onIteratorReturn(PyFrameObject *frame, const CoroscopeFrameInfo &fi, PyObject *value)
{
    PyObject *self = coroscope_frame_local(frame, 0);
    auto it = self ? m_iterators.find(self) : m_iterators.end();
    if (it == m_iterators.end())
        return;
    pop(self);
    GenState &st = it->second;
    st.parked = siteAt(fi.code, fi.lasti);
    if (value) {
        m_recorder.record(EventKind::Yielded, st.id, st.parked, this->value(value));
        return;
    }
    // __next__ raised: StopIteration, the end of the iteration.
    m_recorder.record(EventKind::Returned, st.id, st.parked, m_recorder.value(std::monostate{}));
    m_recorder.record(EventKind::Destroyed, st.id, 0, 0, 0);
    m_iterators.erase(it);
}

void Tracer::onAsyncNextStart(PyFrameObject *frame, PyObject *gen, const CodeInfo &code)
{
    PyObject *self = coroscope_frame_local(frame, 0);
    if (!self)
        return;
    const CoroId resumer = running();
    auto it = m_iterators.find(self);
    if (it == m_iterators.end()) {
        GenState st;
        st.role = Role::AsyncIteratorNext;
        st.id = registerCoroutine(m_recorder, CoroutineKind::Iterator, code.defSite,
                                  QString::fromUtf8(_PyType_Name(Py_TYPE(self))));
        m_recorder.record(EventKind::Created, st.id, code.defSite, resumer);
        m_recorder.record(EventKind::Started, st.id, 0, resumer, std::uint8_t(ResumeKind::Next));
        it = m_iterators.emplace(self, st).first;
    } else {
        m_recorder.record(EventKind::Resumed, it->second.id, it->second.parked, resumer, std::uint8_t(ResumeKind::Next));
    }
    // This call's coroutine steps the iterator: its awaits park the iterator, its return is the next value.
    GenState st;
    st.role = Role::AsyncIteratorNext;
    st.id = it->second.id;
    st.started = true;
    st.instance = self;
    m_gens.emplace(gen, st);
    push(gen, st.id);
}

void Tracer::endAsyncIterator(PyObject *instance)
{
    m_iterators.erase(instance);
}

void Tracer::onCCall(PyObject *function)
{
    if (!m_futureType || !function || !PyCFunction_Check(function))
        return;
    PyObject *self = PyCFunction_GET_SELF(function);
    if (!isFuture(self))
        return;
    const char *name = reinterpret_cast<PyCFunctionObject *>(function)->m_ml->ml_name;
    if (std::strcmp(name, "set_result") == 0 || std::strcmp(name, "set_exception") == 0
        || (std::strcmp(name, "cancel") == 0 && Py_TYPE(self) == reinterpret_cast<PyTypeObject *>(m_futureType))
        || std::strcmp(name, "set_name") == 0)
        m_futureCalls.push_back(self);
}

void Tracer::onCReturn(PyObject *function)
{
    if (m_futureCalls.empty() || !function || !PyCFunction_Check(function))
        return;
    PyObject *self = PyCFunction_GET_SELF(function);
    if (m_futureCalls.back() != self)
        return;
    m_futureCalls.pop_back();
    if (std::strcmp(reinterpret_cast<PyCFunctionObject *>(function)->m_ml->ml_name, "set_name") == 0)
        renameTask(self);
    else
        reportFuture(self);
}

void Tracer::renameTask(PyObject *task)
{
    // asyncio.create_task(coro, name=…) names the task after making it, once its
    // first step is queued (which recorded its coroutine under the coroutine's name).
    const CoroId id = objectId(task);
    if (!id)
        return;
    PyObject *n = PyObject_CallMethod(task, "get_name", nullptr);
    if (!n) {
        PyErr_Clear();
        return;
    }
    const QString name = fromUtf8(n);
    Py_DECREF(n);
    if (!name.isEmpty() && !name.startsWith(QLatin1String("Task-")) && name != m_recorder.trace().coroutine(id).name)
        m_recorder.rename(id, name);
}

CoroId Tracer::futureId(PyObject *future, SiteId site)
{
    auto it = m_futures.find(future);
    if (it != m_futures.end())
        return it->second.id;
    const Site &s = m_recorder.trace().site(site);
    const QString name = s.line ? QStringLiteral("future@%1").arg(s.line) : QStringLiteral("future");
    FutureState st;
    st.id = registerCoroutine(m_recorder, CoroutineKind::Future, site, name);
    m_recorder.record(EventKind::Created, st.id, site, running());
    Py_INCREF(future);
    m_futures.emplace(future, st);
    m_objectIds[future] = st.id;
    return st.id;
}

void Tracer::reportFuture(PyObject *future)
{
    // set_result from code that is not traced (a loop callback) is seen when its awaiter resumes.
    if (!m_futures.contains(future)) // nobody traced awaits it (yet): asyncio's own, or resolved before it is awaited
        return;
    PyObject *done = PyObject_CallMethod(future, "done", nullptr);
    const bool isDone = done == Py_True;
    Py_XDECREF(done);
    if (!done)
        PyErr_Clear();
    if (!isDone)
        return;
    SiteId site = 0;
    if (!m_running.empty()) {
        if (PyFrameObject *f = PyEval_GetFrame()) {
            CoroscopeFrameInfo fi;
            if (coroscope_frame_info(f, &fi) && codeInfo(fi.code).role != Role::Ignore)
                site = siteAt(fi.code, fi.lasti);
        }
    }
    auto it = m_futures.find(future);
    if (it->second.reported)
        return;
    it->second.reported = true;
    const CoroId id = it->second.id;
    PyObject *cancelled = PyObject_CallMethod(future, "cancelled", nullptr);
    if (cancelled == Py_True) {
        m_recorder.record(EventKind::Cancelled, id, site);
    } else if (cancelled) {
        PyObject *exception = PyObject_CallMethod(future, "exception", nullptr);
        if (exception && exception != Py_None) {
            m_recorder.record(EventKind::Threw, id, site, m_recorder.text(exceptionText(exception)),
                              std::uint8_t(ThrowKind::Future));
        } else if (exception) {
            PyObject *result = PyObject_CallMethod(future, "result", nullptr);
            m_recorder.record(EventKind::Returned, id, site, value(result));
            Py_XDECREF(result);
        }
        Py_XDECREF(exception);
    }
    Py_XDECREF(cancelled);
    PyErr_Clear();
    forgetFuture(future);
}

void Tracer::forgetFuture(PyObject *future)
{
    auto it = m_futures.find(future);
    if (it == m_futures.end() || !it->second.reported)
        return; // still awaited: kept until it is resolved
    for (auto &[gen, st] : m_gens) {
        if (st.awaitedFuture == future)
            st.awaitedFuture = nullptr;
    }
    m_futures.erase(it);
    Py_DECREF(future);
}

void Tracer::expectException(const PendingException &pending)
{
    m_pending = pending;
    PyEval_SetTrace(&Tracer::exceptionProbe, nullptr);
}

void Tracer::exceptionSeen(PyObject *type, PyObject *value)
{
    if (!m_pending)
        return;
    const bool generatorExit = type && PyType_Check(type)
                               && PyType_IsSubtype(reinterpret_cast<PyTypeObject *>(type),
                                                   reinterpret_cast<PyTypeObject *>(PyExc_GeneratorExit));
    const bool cancelled = type && PyType_Check(type)
                           && std::strcmp(_PyType_Name(reinterpret_cast<PyTypeObject *>(type)), "CancelledError") == 0;
    const bool stopAsync = type && PyType_Check(type)
                           && PyType_IsSubtype(reinterpret_cast<PyTypeObject *>(type),
                                               reinterpret_cast<PyTypeObject *>(PyExc_StopAsyncIteration));
    recordPending(exceptionText(value && value != Py_None ? value : type), cancelled, generatorExit, stopAsync);
}

void Tracer::flushPending()
{
    if (!m_pending)
        return;
    PyEval_SetTrace(nullptr, nullptr);
    QString text = QStringLiteral("an exception");
    bool cancelled = false;
    if (!m_pending->thrownIn) {
        // It escaped into a Task's step, which is C: no Python frame saw it, but
        // the task holds it now. Its _exception, not exception(): that would mark
        // it retrieved, and asyncio would not say that nobody retrieved it.
        for (const auto &[task, id] : m_objectIds) {
            if (id != m_pending->id)
                continue;
            if (PyObject *exc = PyObject_GetAttrString(task, "_exception")) {
                if (exc != Py_None)
                    text = exceptionText(exc);
                Py_DECREF(exc);
            }
            // Cancelled while it awaited the library (asyncio.sleep): the CancelledError came out of it.
            if (PyObject *c = PyObject_CallMethod(task, "cancelled", nullptr)) {
                cancelled = c == Py_True;
                Py_DECREF(c);
            }
            PyErr_Clear();
            break;
        }
    }
    recordPending(text, cancelled, false);
}

void Tracer::recordPending(const QString &text, bool cancelled, bool generatorExit, bool stopAsyncIteration)
{
    const PendingException p = *m_pending;
    m_pending.reset();
    const CoroId resumer = m_running.size() >= 2 ? m_running[m_running.size() - 2].id : 0;
    if (p.thrownIn) {
        if (auto it = m_gens.find(p.key); it != m_gens.end() && it->second.id == p.id) {
            it->second.closing = generatorExit;
            it->second.cancelling = cancelled;
        }
        if (!generatorExit)
            m_recorder.record(EventKind::Threw, p.id, p.site, m_recorder.text(text), std::uint8_t(ThrowKind::ThrownIn));
        const ResumeKind how = generatorExit ? ResumeKind::Close : cancelled ? ResumeKind::Cancel : ResumeKind::Throw;
        m_recorder.record(EventKind::Resumed, p.id, p.site, resumer, std::uint8_t(how));
        return;
    }
    // It escaped: the frame is finished.
    if (p.asyncIterator) {
        // __anext__ raised: StopAsyncIteration ends the iteration, as StopIteration ends a __next__ iterator.
        endAsyncIterator(p.asyncIterator);
        if (stopAsyncIteration)
            m_recorder.record(EventKind::Returned, p.id, p.site, m_recorder.value(std::monostate{}));
        else if (cancelled)
            m_recorder.record(EventKind::Cancelled, p.id);
        else
            m_recorder.record(EventKind::Threw, p.id, 0, m_recorder.text(text), std::uint8_t(ThrowKind::Escaped));
        m_recorder.record(EventKind::Destroyed, p.id, 0, 0, 0);
        wakeAwaiter(p.id);
        return;
    }
    if (cancelled)
        m_recorder.record(EventKind::Cancelled, p.id);
    else if (!generatorExit)
        m_recorder.record(EventKind::Threw, p.id, 0, m_recorder.text(text), std::uint8_t(ThrowKind::Escaped));
    m_recorder.record(EventKind::Destroyed, p.id, 0, 0, generatorExit ? 1 : 0);
    // The exception goes on into the coroutine that awaited this one (parked in `await child`):
    // it is woken by it, as by a return (the probe runs in its frame, the child's is popped).
    wakeAwaiter(p.id);
}

} // namespace coroscope::python
