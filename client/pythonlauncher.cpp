#include "pythonlauncher.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace coroscope {

namespace {
const QString kRunScript = QStringLiteral("coroscope_run.py");

bool holdsRunner(const QString &dir)
{
    return !dir.isEmpty() && QFileInfo(dir + u'/' + kRunScript).isFile();
}
} // namespace

QString PythonLauncher::pythonDir()
{
    const QString fromEnv = qEnvironmentVariable("COROSCOPE_PYTHON_DIR");
    if (!fromEnv.isEmpty())
        return holdsRunner(fromEnv) ? fromEnv : QString();
    const QString installed = QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../")
                                              + QStringLiteral(COROSCOPE_INSTALL_LIBDIR) + QStringLiteral("/coroscope/python"));
    if (holdsRunner(installed))
        return installed;
    const QString built = QStringLiteral(COROSCOPE_BUILD_DIR) + QStringLiteral("/python");
    return holdsRunner(built) ? built : QString();
}

QString PythonLauncher::interpreter()
{
    const QString fromEnv = qEnvironmentVariable("COROSCOPE_PYTHON");
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QString system = QStringLiteral("/usr/bin/python3");
    return QFileInfo(system).isExecutable() ? system : QStringLiteral("python3");
}

std::optional<PythonCommand> PythonLauncher::command(const QString &script, const QStringList &args, bool realClock,
                                                     QString *error)
{
    const QFileInfo info(script);
    if (!info.isFile() || !info.isReadable()) {
        *error = QStringLiteral("%1: no such file").arg(script);
        return std::nullopt;
    }
    const QString dir = pythonDir();
    if (dir.isEmpty()) {
        *error = QStringLiteral("Coroscope's Python tracer is not installed (coroscope_run.py and the _coroscope module; "
                                "build Coroscope with python3-dev installed)");
        return std::nullopt;
    }
    PythonCommand c;
    c.interpreter = interpreter();
    c.arguments << QString(dir + u'/' + kRunScript) << QStringLiteral("--clock")
                << (realClock ? QStringLiteral("real") : QStringLiteral("virtual")) << info.absoluteFilePath() << args;
    return c;
}

} // namespace coroscope
