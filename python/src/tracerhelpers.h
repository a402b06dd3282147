#pragma once

// Small helpers the tracer's files share (tracer.cpp, tracerasyncio.cpp,
// traceriterators.cpp, tracerexceptions.cpp).

#include "pyvalue.h"

#include <coroscope/recorder.h>

#include <Python.h>

#include <cstring>

namespace coroscope::python::helpers {

inline QString fromUtf8(PyObject *s)
{
    return strText(s);
}

// A task name the program gave (asyncio's own are "Task-<n>"): the name its coroutine is shown by.
inline bool isProgramTaskName(const QString &name)
{
    return !name.isEmpty() && !name.startsWith(QLatin1String("Task-"));
}

// An async generator's plain `yield v` hands the loop a wrapper of v
// (genobject.c's async_generator_wrapped_value: a PyObject header and v).
inline PyObject *unwrapAsyncGenValue(PyObject *v)
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
inline SiteId internSite(Recorder &r, const Site &site)
{
    return const_cast<Trace &>(r.trace()).internSite(site);
}

inline CoroId registerCoroutine(Recorder &r, CoroutineKind kind, SiteId created, const QString &name)
{
    const CoroId id = r.registerCoroutine(kind, SourceLocation{}, 0, name);
    const_cast<CoroutineInfo &>(r.trace().coroutine(id)).creationSite = created; // before its Created ships
    return id;
}

} // namespace coroscope::python::helpers
