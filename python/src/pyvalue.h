#pragma once

// Python values as the trace shows them: repr(), shortened, never raising.

#include <Python.h>

#include <QString>

namespace coroscope::python {

// repr(v) cut to maxChars; a repr that raises reads "<T object>" and the error
// is cleared. Whatever error was set before the call is kept as it was.
QString reprText(PyObject *v, qsizetype maxChars = 120);

// "ValueError: bad input" from an exception instance (or a type).
QString exceptionText(PyObject *exception);

// The text of a str, or empty.
QString strText(PyObject *s);

} // namespace coroscope::python
