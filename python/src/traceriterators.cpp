// Hand-written iterators: a class's __next__ (and async __anext__) calls are the
// steps of one Iterator coroutine per instance.

#include "tracer.h"

#include "tracerhelpers.h"

#include <variant>

namespace coroscope::python {

using namespace helpers;

std::unordered_map<PyObject *, Tracer::GenState>::iterator Tracer::stepIterator(PyObject *self, Role role,
                                                                                 const CodeInfo &code)
{
    // The instance is the coroutine: its first call starts it, each later one resumes it.
    const CoroId resumer = running();
    auto it = m_iterators.find(self);
    if (it == m_iterators.end()) {
        GenState st;
        st.role = role;
        st.id = registerCoroutine(m_recorder, CoroutineKind::Iterator, code.defSite,
                                  QString::fromUtf8(_PyType_Name(Py_TYPE(self))));
        m_recorder.record(EventKind::Created, st.id, code.defSite, resumer);
        m_recorder.record(EventKind::Started, st.id, 0, resumer, std::uint8_t(ResumeKind::Next));
        return m_iterators.emplace(self, st).first;
    }
    m_recorder.record(EventKind::Resumed, it->second.id, it->second.parked, resumer, std::uint8_t(ResumeKind::Next));
    return it;
}

void Tracer::onIteratorCall(PyFrameObject *frame, const CodeInfo &code)
{
    PyObject *self = coroscope_frame_local(frame, 0);
    if (!self)
        return;
    push(self, stepIterator(self, Role::IteratorNext, code)->second.id);
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
    auto it = stepIterator(self, Role::AsyncIteratorNext, code);
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

} // namespace coroscope::python
