// Hand-written iterators: a class's __next__ (and async __anext__) calls are the
// steps of one Iterator coroutine per instance.

#include "tracer.h"

#include "tracerhelpers.h"

#include <variant>

namespace coroscope::python {

using namespace helpers;

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

} // namespace coroscope::python
