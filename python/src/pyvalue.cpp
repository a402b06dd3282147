#include "pyvalue.h"

namespace coroscope::python {

namespace {
// Keeps the error indicator of the code being traced across a call that may
// set and clear its own.
class ErrorGuard
{
public:
    ErrorGuard() { PyErr_Fetch(&m_type, &m_value, &m_traceback); }
    ~ErrorGuard()
    {
        PyErr_Clear();
        PyErr_Restore(m_type, m_value, m_traceback);
    }
    ErrorGuard(const ErrorGuard &) = delete;
    ErrorGuard &operator=(const ErrorGuard &) = delete;

private:
    PyObject *m_type = nullptr;
    PyObject *m_value = nullptr;
    PyObject *m_traceback = nullptr;
};

QString shorten(QString text, qsizetype maxChars)
{
    if (text.size() > maxChars) {
        text.truncate(maxChars - 1);
        text += QChar(0x2026); // …
    }
    return text;
}
} // namespace

QString strText(PyObject *s)
{
    if (!s || !PyUnicode_Check(s))
        return {};
    Py_ssize_t size = 0;
    const char *utf8 = PyUnicode_AsUTF8AndSize(s, &size);
    if (!utf8) {
        PyErr_Clear();
        return {};
    }
    return QString::fromUtf8(utf8, qsizetype(size));
}

QString reprText(PyObject *v, qsizetype maxChars)
{
    if (!v)
        return {};
    ErrorGuard guard;
    PyObject *r = PyObject_Repr(v);
    QString text = strText(r);
    Py_XDECREF(r);
    if (!r) {
        PyErr_Clear();
        text = QStringLiteral("<%1 object>").arg(QString::fromUtf8(Py_TYPE(v)->tp_name));
    }
    return shorten(std::move(text), maxChars);
}

QString exceptionText(PyObject *exception)
{
    if (!exception)
        return QStringLiteral("exception");
    ErrorGuard guard;
    PyTypeObject *type = PyType_Check(exception) ? reinterpret_cast<PyTypeObject *>(exception) : Py_TYPE(exception);
    QString text = QString::fromUtf8(_PyType_Name(type));
    if (!PyType_Check(exception)) {
        PyObject *s = PyObject_Str(exception);
        const QString message = strText(s);
        Py_XDECREF(s);
        if (!s)
            PyErr_Clear();
        if (!message.isEmpty())
            text += QStringLiteral(": ") + message;
    }
    return shorten(std::move(text), 200);
}

} // namespace coroscope::python
