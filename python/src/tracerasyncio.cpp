// The tracer's asyncio side: what a coroutine awaits (a task, a future, a sleep),
// tasks and futures as coroutines, and futures resolved through set_result,
// set_exception and cancel (seen as C calls).

#include "tracer.h"

#include "tracerhelpers.h"

#include <opcode.h>

#include <variant>

namespace coroscope::python {

using namespace helpers;

void Tracer::onAwaitValue(GenState &st, SiteId site, PyObject *receiver, PyObject *yielded)
{
    if (yielded == Py_None) {
        m_recorder.record(EventKind::Suspended, st.id, site); // asyncio.sleep(0), a bare yield
        return;
    }
    if (isFuture(yielded)) {
        // A sleep is asyncio.sleep's future: say how long, as the C++ sleep does. Its coroutine's
        // code is known (codeInfo: a library internal named asyncio.sleep).
        if (receiver && PyCoro_CheckExact(receiver)
            && codeInfo(reinterpret_cast<PyCoroObject *>(receiver)->cr_code).name == QLatin1String("asyncio.sleep")) {
            QString delay;
            if (PyObject *f = PyObject_GetAttrString(receiver, "cr_frame")) {
                if (PyFrame_Check(f))
                    delay = reprText(coroscope_frame_local(reinterpret_cast<PyFrameObject *>(f), 0));
                Py_DECREF(f);
            } else {
                PyErr_Clear();
            }
            m_recorder.record(EventKind::Awaiting, st.id, site,
                              m_recorder.text(QStringLiteral("asyncio.sleep(%1)").arg(delay)),
                              std::uint8_t(AwaitKind::Sleep));
            st.awaitedFuture = nullptr;
            return;
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
                    if (isProgramTaskName(taskName))
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
    if (isProgramTaskName(name) && name != m_recorder.trace().coroutine(id).name)
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

} // namespace coroscope::python
