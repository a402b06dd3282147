#include "twinrun.h"

#include "runcontroller.h"

#include <samplelibrary.h>
#include <pythonlauncher.h>

#include <coroscope/processrunner.h>

#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace coroscope::ui {

TwinRun::TwinRun(QObject *parent) : QObject(parent)
{
    for (int side = 0; side < SideCount; ++side) {
        m_runners[side] = new ProcessRunner(this);
        connect(m_runners[side], &Runner::finished, this, [this, side] { sideFinished(Side(side)); });
    }
}

TwinRun::~TwinRun() = default;

QString TwinRun::writeTwin(const QString &sample, QString *error)
{
    const samples::Sample *s = samples::findSample(sample);
    const QString text = s ? s->pythonSource() : QString();
    if (text.isEmpty()) {
        *error = s ? s->info.noTwinReason : QStringLiteral("There is no sample named %1.").arg(sample);
        return {};
    }
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/python");
    QString path = dir + u'/' + sample + QStringLiteral(".py");
    QFile file(path);
    if (!QDir().mkpath(dir) || !file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(text.toUtf8()) < 0) {
        *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return {};
    }
    return path;
}

bool TwinRun::start(const QString &sample, QString *error)
{
    const samples::Sample *s = samples::findSample(sample);
    if (!s) {
        *error = QStringLiteral("There is no sample named %1.").arg(sample);
        return false;
    }
    const QString twin = writeTwin(sample, error);
    if (twin.isEmpty())
        return false;
    // Both on the virtual clock, as the samples run by default: the timers fire in the same order.
    const std::optional<PythonCommand> python = PythonLauncher::command(twin, {}, false, error);
    if (!python)
        return false;

    m_sample = sample;
    m_rows.clear();
    m_differences.clear();
    m_sourceFiles[Cpp] = sample + QStringLiteral(".cpp");
    m_sourceTexts[Cpp] = s->source();
    m_sourceFiles[Python] = twin;
    m_sourceTexts[Python] = s->pythonSource();
    const LaunchSpec specs[SideCount] = {
        RunController::sampleLaunch(sample, EventLoop::Clock::Virtual),
        LaunchSpec{python->interpreter, python->arguments, QFileInfo(twin).absolutePath(), sample + QStringLiteral(".py")},
    };
    m_pending = SideCount;
    for (int side = 0; side < SideCount; ++side) {
        m_traces[side].clear();
        m_steps[side].clear();
        m_endings[side].clear();
        m_runners[side]->load(specs[side]);
        m_runners[side]->continueRun(); // from Loaded: launched running, no pause
    }
    return true;
}

void TwinRun::sideFinished(Side side)
{
    if (m_pending == 0)
        return;
    const ProcessRunner *runner = m_runners[side];
    const std::optional<RunOutcome> &outcome = runner->outcome();
    if (outcome && outcome->kind != RunOutcome::Kind::Completed)
        m_endings[side] = outcome->what;
    m_traces[side] = runner->trace();
    m_steps[side] = twinSteps(m_traces[side]);
    if (--m_pending > 0)
        return;
    if (m_steps[Cpp].empty() || m_steps[Python].empty()) {
        const Side empty = m_steps[Cpp].empty() ? Cpp : Python;
        Q_EMIT failed(QStringLiteral("The %1 run recorded nothing%2")
                          .arg(empty == Cpp ? QStringLiteral("C++") : QStringLiteral("Python"),
                               m_endings[empty].isEmpty() ? QStringLiteral(".") : QStringLiteral(": ") + m_endings[empty]));
        return;
    }
    m_rows = alignTwins(m_steps[Cpp], m_steps[Python]);
    m_differences = differenceStarts(m_rows);
    Q_EMIT ready();
}

} // namespace coroscope::ui
