// The Send box for Python generators: the window asks the paused program to
// send a value into a generator parked at a yield. Paused at an event the
// profile function recorded, the program is inside it, and CPython does not
// call a profile function for code run from inside it: the send's resumption
// and outcome are recorded by hand, as the profile function would record
// them (what the generator delegates to meanwhile, `yield from` a
// sub-generator, is not seen). Paused elsewhere (at a print, in the loop),
// the send is profiled as the program's own sends are.

#include "tracer.h"

#include "pyvalue.h"

namespace coroscope::python {

namespace {

// ast.literal_eval: the box takes Python literals (10, 2.5, 'text', [1, 2], None), nothing that runs code.
PyObject *literalEval()
{
    static PyObject *eval = [] {
        PyObject *ast = PyImport_ImportModule("ast");
        PyObject *f = ast ? PyObject_GetAttrString(ast, "literal_eval") : nullptr;
        Py_XDECREF(ast);
        PyErr_Clear();
        return f; // kept for the process
    }();
    return eval;
}

} // namespace

QString Tracer::sendFromBox(CoroId id, const QString &text)
{
    const auto ref = m_sendRefs.find(id);
    PyObject *gen = ref != m_sendRefs.end() ? PyWeakref_GetObject(ref->second) : nullptr; // borrowed
    GenState *st = gen && gen != Py_None ? findGen(gen) : nullptr;
    if (!st || st->id != id || st->role != Role::Generator)
        return QStringLiteral("the generator has finished");
    Py_INCREF(gen); // kept alive for the send, whatever the generator's body drops
    PyObject *eval = literalEval();
    const QByteArray utf8 = text.toUtf8();
    PyObject *source = PyUnicode_FromStringAndSize(utf8.constData(), utf8.size());
    PyObject *sent = eval && source ? PyObject_CallOneArg(eval, source) : nullptr;
    Py_XDECREF(source);
    if (!sent) {
        PyErr_Clear();
        Py_DECREF(gen);
        return QStringLiteral("cannot read \"%1\" as a Python literal (a number, 'a string', a list, None …)").arg(text);
    }
    if (PyObject *running = PyObject_GetAttrString(gen, "gi_running")) {
        const bool busy = running == Py_True;
        Py_DECREF(running);
        if (busy) {
            Py_DECREF(sent);
            Py_DECREF(gen);
            return QStringLiteral("the generator is running: step until it yields");
        }
    }
    PyErr_Clear();
    if (m_pending)
        flushPending();

    // Inside a profile or trace function (tracing > 0, 3.11's thread state), nothing is profiled.
    const bool byHand = PyThreadState_Get()->tracing > 0;
    if (byHand) {
        const Event e = sentEvent(id, st->parked, value(sent), std::min(running(), kResumerNotPacked));
        m_recorder.record(e.kind, e.coro, e.site, e.arg, e.aux, e.flags);
        push(gen, id);
    }
    PyObject *result = nullptr;
    const PySendResult how = PyIter_Send(gen, sent, &result);
    if (byHand)
        pop(gen);
    Py_DECREF(sent);

    QString reply;
    if (!byHand) {
        // Profiled: the tracer saw the resumption and its end.
        if (how == PYGEN_NEXT)
            reply = QStringLiteral("yielded ") + reprText(result);
        else if (how == PYGEN_RETURN)
            reply = QStringLiteral("returned ") + reprText(result);
        else {
            PyObject *type = nullptr, *exc = nullptr, *tb = nullptr;
            PyErr_Fetch(&type, &exc, &tb);
            PyErr_NormalizeException(&type, &exc, &tb);
            reply = QStringLiteral("raised ") + exceptionText(exc ? exc : type);
            Py_XDECREF(type);
            Py_XDECREF(exc);
            Py_XDECREF(tb);
        }
    } else if (how == PYGEN_NEXT) {
        st = findGen(gen); // the send may have grown the table
        PyObject *frame = PyObject_GetAttrString(gen, "gi_frame");
        CoroscopeFrameInfo fi;
        if (st && frame && PyFrame_Check(frame) && coroscope_frame_info(reinterpret_cast<PyFrameObject *>(frame), &fi)) {
            st->parked = siteAt(fi.code, fi.lasti);
            st->lastYieldLasti = fi.lasti;
        }
        Py_XDECREF(frame);
        PyErr_Clear();
        m_recorder.record(EventKind::Yielded, id, st ? st->parked : 0, value(result));
        reply = QStringLiteral("yielded ") + reprText(result);
    } else if (how == PYGEN_RETURN) {
        m_recorder.record(EventKind::Returned, id, 0, value(result));
        m_recorder.record(EventKind::Destroyed, id, 0, 0, 0);
        eraseGen(gen);
        reply = QStringLiteral("returned ") + reprText(result);
    } else {
        // It raised: the generator is finished, and the exception is the box's, not the program's.
        PyObject *type = nullptr, *exc = nullptr, *tb = nullptr;
        PyErr_Fetch(&type, &exc, &tb);
        PyErr_NormalizeException(&type, &exc, &tb);
        const QString what = exceptionText(exc ? exc : type);
        Py_XDECREF(type);
        Py_XDECREF(exc);
        Py_XDECREF(tb);
        m_recorder.record(EventKind::Threw, id, 0, m_recorder.text(what), std::uint8_t(ThrowKind::Escaped));
        m_recorder.record(EventKind::Destroyed, id, 0, 0, 0);
        eraseGen(gen);
        reply = QStringLiteral("raised ") + what;
    }
    Py_XDECREF(result);
    Py_DECREF(gen);
    return reply;
}

} // namespace coroscope::python
