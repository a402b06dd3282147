// _coroscope: the CPython extension module the runner (coroscope_run.py)
// drives. One Recorder per process, made by start(): started by Coroscope
// (COROSCOPE_LINK_FD), it links to the window and waits for it before the
// first event, as a C++ program's first Recorder does.

#include <Python.h>

#include "pyvalue.h"
#include "tracer.h"

#include <coroscope/recorder.h>
#include <coroscope/runprogram.h>
#include <coroscope/sourcefiles.h>

#include <memory>

using namespace coroscope;

namespace {

std::unique_ptr<Recorder> s_recorder;
std::unique_ptr<python::Tracer> s_tracer;

QStringList stringList(PyObject *sequence)
{
    QStringList out;
    if (!sequence || sequence == Py_None)
        return out;
    PyObject *fast = PySequence_Fast(sequence, "a sequence of str");
    if (!fast)
        return out;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(fast); ++i)
        out << python::strText(PySequence_Fast_GET_ITEM(fast, i));
    Py_DECREF(fast);
    return out;
}

bool requireStarted()
{
    if (s_recorder)
        return true;
    PyErr_SetString(PyExc_RuntimeError, "_coroscope.start() was not called");
    return false;
}

PyObject *start(PyObject *, PyObject *args, PyObject *kwargs)
{
    static const char *keywords[] = {"library_prefixes", "future_type", "task_namer", nullptr};
    PyObject *prefixes = nullptr, *futureType = nullptr, *taskNamer = nullptr;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|OOO", const_cast<char **>(keywords), &prefixes, &futureType,
                                     &taskNamer))
        return nullptr;
    if (s_recorder) {
        PyErr_SetString(PyExc_RuntimeError, "_coroscope is already recording");
        return nullptr;
    }
    const QStringList libraryPrefixes = stringList(prefixes);
    if (PyErr_Occurred())
        return nullptr;
    // Under COROSCOPE_LINK_FD this says hello to the window and waits for it.
    s_recorder = std::make_unique<Recorder>();
    s_recorder->setEchoOutput(false); // print() writes to stdout itself
    s_tracer = std::make_unique<python::Tracer>(*s_recorder);
    s_tracer->setLibraryPrefixes(libraryPrefixes);
    if (futureType && futureType != Py_None)
        s_tracer->setFutureType(futureType);
    if (taskNamer && taskNamer != Py_None)
        s_tracer->setTaskNamer(taskNamer);
    s_tracer->install();
    Py_RETURN_NONE;
}

PyObject *enable(PyObject *, PyObject *on)
{
    if (!requireStarted())
        return nullptr;
    if (PyObject_IsTrue(on))
        s_tracer->install();
    else
        s_tracer->uninstall();
    Py_RETURN_NONE;
}

PyObject *output(PyObject *, PyObject *line)
{
    if (!requireStarted())
        return nullptr;
    if (!PyUnicode_Check(line)) {
        PyErr_SetString(PyExc_TypeError, "output() takes a str");
        return nullptr;
    }
    s_tracer->output(python::strText(line));
    Py_RETURN_NONE;
}

PyObject *setLoopTime(PyObject *, PyObject *seconds)
{
    if (!requireStarted())
        return nullptr;
    const double s = PyFloat_AsDouble(seconds);
    if (s == -1.0 && PyErr_Occurred())
        return nullptr;
    s_recorder->setLoopTime(std::int64_t(s * 1e9));
    Py_RETURN_NONE;
}

PyObject *eventCount(PyObject *, PyObject *)
{
    return PyLong_FromSize_t(s_recorder ? s_recorder->trace().size() : 0);
}

PyObject *reserve(PyObject *, PyObject *events)
{
    if (!requireStarted())
        return nullptr;
    const Py_ssize_t n = PyLong_AsSsize_t(events);
    if (n < 0)
        return PyErr_Occurred() ? nullptr : PyErr_Format(PyExc_ValueError, "reserve() takes a count");
    s_recorder->reserveEvents(std::size_t(n)); // a benchmark's set-up, as the C++ benchmarks do
    Py_RETURN_NONE;
}

PyObject *save(PyObject *, PyObject *path)
{
    if (!requireStarted())
        return nullptr;
    const QString file = python::strText(path);
    // As the headless runner saves: native format, the sources embedded.
    Trace withSources = s_recorder->trace();
    embedSources(withSources);
    QString error;
    if (!withSources.save(file, Trace::Format::Native, &error)) {
        PyErr_SetString(PyExc_OSError, qPrintable(QStringLiteral("cannot write trace file %1: %2").arg(file, error)));
        return nullptr;
    }
    Py_RETURN_NONE;
}

PyObject *fail(PyObject *, PyObject *text)
{
    // The run's outcome as the window reads it when the recording ends.
    detail::setLinkOutcome(RunOutcome{RunOutcome::Kind::Failed, python::strText(text)});
    Py_RETURN_NONE;
}

PyObject *stop(PyObject *, PyObject *)
{
    s_tracer.reset();
    s_recorder.reset(); // ends the recording: the window hears the run is over
    Py_RETURN_NONE;
}

PyMethodDef s_methods[] = {
    {"start", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&start)), METH_VARARGS | METH_KEYWORDS,
     "start(library_prefixes=(), future_type=None, task_namer=None): make the Recorder and trace this thread"},
    {"enable", &enable, METH_O, "enable(bool): install or remove the profile function"},
    {"output", &output, METH_O, "output(line): record a line the program printed"},
    {"set_loop_time", &setLoopTime, METH_O, "set_loop_time(seconds): the event loop's clock moved"},
    {"event_count", &eventCount, METH_NOARGS, "the number of events recorded"},
    {"reserve", &reserve, METH_O, "reserve(events): room for this many events before the store grows"},
    {"save", &save, METH_O, "save(path): write the trace in Coroscope's native format"},
    {"fail", &fail, METH_O, "fail(text): the run failed (an exception escaped the program)"},
    {"stop", &stop, METH_NOARGS, "stop tracing and end the recording"},
    {nullptr, nullptr, 0, nullptr},
};

PyModuleDef s_module = {
    PyModuleDef_HEAD_INIT, "_coroscope", "Coroscope's Python tracer (see coroscope_run.py)", -1, s_methods,
    nullptr, nullptr, nullptr, nullptr,
};

} // namespace

PyMODINIT_FUNC PyInit__coroscope()
{
    return PyModule_Create(&s_module);
}
