#pragma once

// How a Python program runs under Coroscope: the system python3 runs
// coroscope_run.py, which loads the tracer module (_coroscope, next to it)
// and then the program. Found the way CppBuilder finds the package: beside an
// installed coroscope, else in the build tree it was built in.

#include <QString>
#include <QStringList>
#include <optional>

namespace coroscope {

struct PythonCommand
{
    QString interpreter; // what to execute
    QStringList arguments; // coroscope_run.py, its options, the program, the program's arguments
};

class PythonLauncher
{
public:
    // The folder that holds coroscope_run.py and the module: $COROSCOPE_PYTHON_DIR, else
    // <prefix>/<libdir>/coroscope/python beside an installed coroscope, else the build tree's.
    // Empty when none holds coroscope_run.py.
    static QString pythonDir();
    // $COROSCOPE_PYTHON, else /usr/bin/python3 (the interpreter python3-dev matches), else python3.
    static QString interpreter();
    // The command for `script` with its arguments, on the virtual clock or the real one;
    // nullopt and *error when the script is not a readable file or the tracer is not installed.
    static std::optional<PythonCommand> command(const QString &script, const QStringList &args, bool realClock,
                                                QString *error);
    static bool isPythonFile(const QString &path) { return path.endsWith(QLatin1String(".py")); }
};

} // namespace coroscope
