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

#include <algorithm>
#include <cstring>
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

// The event loop's hooks (coroscope_run.py's loop classes). The recorded kinds,
// aux values and arguments are the C++ EventLoop's, so the Event loop panel's
// ready queue and timers read a Python run as they read a C++ one.

// The Task whose step (*step) or wakeup a ready-queue callback is, or null.
// The C Task's step is a TaskStepMethWrapper (its __self__ the task), its
// wakeup a built-in method; the Python Task's are bound methods.
PyObject *callbackTask(PyObject *callback, bool *step)
{
    PyObject *self = nullptr;
    *step = false;
    if (PyCFunction_Check(callback)) {
        if (std::strcmp(reinterpret_cast<PyCFunctionObject *>(callback)->m_ml->ml_name, "task_wakeup") == 0)
            self = PyCFunction_GET_SELF(callback);
    } else if (PyMethod_Check(callback)) {
        if (PyObject *f = PyMethod_GET_FUNCTION(callback); PyFunction_Check(f)) {
            const QString name = python::strText(reinterpret_cast<PyFunctionObject *>(f)->func_name);
            *step = name.endsWith(QLatin1String("__step"));
            if (*step || name.endsWith(QLatin1String("__wakeup")))
                self = PyMethod_GET_SELF(callback);
        }
    } else if (std::strcmp(Py_TYPE(callback)->tp_name, "TaskStepMethWrapper") == 0) {
        *step = true;
        PyObject *task = PyObject_GetAttrString(callback, "__self__");
        if (!task) {
            PyErr_Clear();
            return nullptr;
        }
        Py_DECREF(task); // the wrapper holds it
        self = task;
    }
    return self && s_tracer->isTask(self) ? self : nullptr;
}

bool callTrue(PyObject *object, const char *method)
{
    PyObject *r = PyObject_CallMethod(object, method, nullptr);
    const bool yes = r && PyObject_IsTrue(r) == 1;
    Py_XDECREF(r);
    PyErr_Clear();
    return yes;
}

// loop_enqueue(handle, reason, in_timer, thread_id, description) -> target: a
// handle joined the ready queue (reason: Callback, or Timer for a due
// TimerHandle, External for I/O). A Task's step or wakeup targets its traced
// coroutine: its first step is its spawn, a later one a yield; a wakeup is a
// cancel when the task is being cancelled, a timer's when a timer's callback
// queued it (in_timer), external from another thread (not thread_id). Anything
// else is a plain callback, described by description or its name.
PyObject *loopEnqueue(PyObject *, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5)
        return PyErr_Format(PyExc_TypeError, "loop_enqueue() takes 5 arguments");
    if (!requireStarted())
        return nullptr;
    PyObject *handle = args[0], *description = args[4];
    auto reason = EnqueueReason(PyLong_AsLong(args[1]));
    const bool inTimer = args[2] == Py_True;
    if (args[3] != Py_None && PyLong_AsUnsignedLong(args[3]) != PyThread_get_thread_ident())
        reason = EnqueueReason::External;
    if (PyErr_Occurred())
        return nullptr;
    s_tracer->reportResolving();
    PyObject *callback = PyObject_GetAttrString(handle, "_callback");
    if (!callback)
        return nullptr;
    bool step = false;
    PyObject *task = callbackTask(callback, &step);
    CoroId target = 0;
    ValueId desc = 0;
    if (task) {
        bool started = true;
        target = s_tracer->taskCoroutine(task, s_tracer->running(), &started);
        if (!target) {
            // Its coroutine is the library's (asyncio.run's shutdown steps): a plain entry, named by it.
            if (PyObject *coro = PyObject_CallMethod(task, "get_coro", nullptr)) {
                PyObject *suspended = PyObject_GetAttrString(coro, "cr_suspended");
                started = suspended == Py_True;
                Py_XDECREF(suspended);
                PyObject *name = PyObject_GetAttrString(coro, "__qualname__");
                if (name && PyUnicode_Check(name))
                    desc = s_recorder->text(python::strText(name));
                Py_XDECREF(name);
                Py_DECREF(coro);
            }
            PyErr_Clear();
        }
        if (step)
            reason = started ? EnqueueReason::Yield : EnqueueReason::Spawn;
        else if (callTrue(task, "cancelling"))
            reason = EnqueueReason::Cancel; // woken because it is being cancelled, not because what it awaited was
        else if (reason != EnqueueReason::External)
            reason = inTimer ? EnqueueReason::Timer : EnqueueReason::Wakeup;
    } else if (description != Py_None) {
        desc = s_recorder->text(python::strText(description));
    } else {
        PyObject *name = PyObject_GetAttrString(callback, "__qualname__");
        desc = s_recorder->text(name && PyUnicode_Check(name) ? python::strText(name) : python::reprText(callback));
        Py_XDECREF(name);
        PyErr_Clear();
    }
    Py_DECREF(callback);
    s_recorder->record(EventKind::Enqueued, target, 0, desc, std::uint8_t(reason));
    return PyLong_FromUnsignedLong(target);
}

// loop_dequeue(target, stale): the front of the ready queue runs (stale: it was cancelled, and is dropped).
PyObject *loopDequeue(PyObject *, PyObject *args)
{
    unsigned long target = 0;
    int stale = 0;
    if (!PyArg_ParseTuple(args, "kp", &target, &stale))
        return nullptr;
    if (!requireStarted())
        return nullptr;
    s_recorder->record(EventKind::Dequeued, CoroId(target), 0, 0, stale ? 1 : 0);
    Py_RETURN_NONE;
}

// timer_scheduled(due_seconds, description) -> index: a call_at/call_later
// timer, owned by the coroutine running now (as the C++ loop's callLater is).
PyObject *timerScheduled(PyObject *, PyObject *args)
{
    double due = 0;
    PyObject *description = nullptr;
    if (!PyArg_ParseTuple(args, "dU", &due, &description))
        return nullptr;
    if (!requireStarted())
        return nullptr;
    const CoroId owner = s_tracer->runningProgram();
    const std::uint32_t index =
        s_recorder->addTimer(std::int64_t(due * 1e9), owner, s_recorder->text(python::strText(description)));
    s_recorder->record(EventKind::TimerScheduled, owner, 0, index);
    return PyLong_FromUnsignedLong(index);
}

PyObject *timerEvent(PyObject *args, EventKind kind)
{
    unsigned long index = 0;
    if (!PyArg_ParseTuple(args, "k", &index))
        return nullptr;
    if (!requireStarted())
        return nullptr;
    if (index >= s_recorder->trace().timers().size())
        return PyErr_Format(PyExc_ValueError, "no timer %lu", index);
    s_recorder->record(kind, s_recorder->trace().timer(std::uint32_t(index)).owner, 0, std::uint32_t(index));
    Py_RETURN_NONE;
}

PyObject *timerFired(PyObject *, PyObject *args)
{
    return timerEvent(args, EventKind::TimerFired);
}

PyObject *timerCancelled(PyObject *, PyObject *args)
{
    return timerEvent(args, EventKind::TimerCancelled);
}

// loop_idle(reason): nothing is ready (IdleReason: the clock jumps, …).
PyObject *loopIdle(PyObject *, PyObject *reason)
{
    if (!requireStarted())
        return nullptr;
    const long r = PyLong_AsLong(reason);
    if (r == -1 && PyErr_Occurred())
        return nullptr;
    s_recorder->record(EventKind::LoopIdle, 0, 0, 0, std::uint8_t(r));
    Py_RETURN_NONE;
}

// deadlock(tasks) -> str: the loop has nothing ready, no timer and nothing
// outside that could wake it, and these tasks are parked. Recorded as the C++
// loop records it (LoopIdle Deadlock, then a Deadlock warning; here one per
// parked task, each saying what it awaits); the run's outcome is Deadlock.
// Returns who waits on what, for the message on stderr.
PyObject *deadlock(PyObject *, PyObject *tasks)
{
    if (!requireStarted())
        return nullptr;
    PyObject *fast = PySequence_Fast(tasks, "deadlock() takes a sequence of tasks");
    if (!fast)
        return nullptr;
    s_recorder->record(EventKind::LoopIdle, 0, 0, 0, std::uint8_t(IdleReason::Deadlock));
    std::vector<CoroId> ids;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(fast); ++i) {
        if (const CoroId id = s_tracer->taskCoroutine(PySequence_Fast_GET_ITEM(fast, i), 0))
            ids.push_back(id); // not the library's own tasks
    }
    Py_DECREF(fast);
    std::sort(ids.begin(), ids.end()); // asyncio's tasks are a set: in the order they were created
    QStringList parked;
    for (const CoroId id : ids) {
        const QString who = s_tracer->describeParked(id);
        parked << who;
        s_recorder->record(EventKind::Warning, id, 0, s_recorder->text(QStringLiteral("deadlock: ") + who),
                           std::uint8_t(WarningKind::Deadlock));
    }
    const QString what = parked.join(QStringLiteral(", "));
    detail::setLinkOutcome(RunOutcome{RunOutcome::Kind::Deadlock, what});
    return PyUnicode_FromString(what.toUtf8().constData());
}

// unretrieved(task_or_future, message): asyncio's "Task exception was never
// retrieved" (the object is being collected): a warning on its coroutine or future.
PyObject *unretrieved(PyObject *, PyObject *args)
{
    PyObject *object = nullptr, *message = nullptr;
    if (!PyArg_ParseTuple(args, "OU", &object, &message))
        return nullptr;
    if (!requireStarted())
        return nullptr;
    const CoroId id = object == Py_None ? 0 : s_tracer->objectId(object);
    s_recorder->record(EventKind::Warning, id, 0, s_recorder->text(python::strText(message)),
                       std::uint8_t(WarningKind::UnretrievedException));
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
    {"loop_enqueue", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&loopEnqueue)), METH_FASTCALL,
     "loop_enqueue(handle, reason, in_timer, thread_id, description) -> target: a handle joined the ready queue"},
    {"loop_dequeue", &loopDequeue, METH_VARARGS, "loop_dequeue(target, stale): the ready queue's front runs"},
    {"timer_scheduled", &timerScheduled, METH_VARARGS, "timer_scheduled(due, description) -> index"},
    {"timer_fired", &timerFired, METH_VARARGS, "timer_fired(index)"},
    {"timer_cancelled", &timerCancelled, METH_VARARGS, "timer_cancelled(index)"},
    {"loop_idle", &loopIdle, METH_O, "loop_idle(reason): nothing is ready (an IdleReason)"},
    {"deadlock", &deadlock, METH_O, "deadlock(tasks) -> str: the loop can never wake these parked tasks"},
    {"unretrieved", &unretrieved, METH_VARARGS,
     "unretrieved(task_or_future, message): its exception was never retrieved"},
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
