// Exceptions: the profile function does not see the exception in flight, so a
// one-event trace function (exceptionProbe) names it; then it is recorded as
// thrown in (throw(), close(), a cancel) or as escaping the frame.

#include "tracer.h"

#include "tracerhelpers.h"

namespace coroscope::python {

using namespace helpers;

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
