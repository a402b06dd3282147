// MainWindow: opening the user's own programs (File → Open Program…, the
// command line's PROGRAM and FILE.cpp), building a .cpp first.

#include "mainwindow.h"

#include "comparewindow.h"
#include "runcontroller.h"
#include "session.h"
#include "sourcefoldersdialog.h"
#include "twinrun.h"

#include <cppbuilder.h>
#include <pythonlauncher.h>
#include <samplelibrary.h>

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

namespace coroscope::ui {

namespace {
const QString kRecentKey = QStringLiteral("programs/recent");
const QString kFoldersKey = QStringLiteral("sources/searchFolders");
const QString kMappingsKey = QStringLiteral("sources/prefixMappings");
constexpr int kRecentMax = 8;
} // namespace

bool MainWindow::isBuilding() const
{
    return m_builder && m_builder->isBuilding();
}

void MainWindow::openProgram(const QString &path, const QStringList &args, const QString &workDir)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_programArgs = args;
    m_programWorkDir = workDir;
    rememberProgram(absolute);
    if (PythonLauncher::isPythonFile(absolute)) {
        m_cppPath.clear();
        QString error;
        const auto command =
            PythonLauncher::command(absolute, args, m_controller->clock() == EventLoop::Clock::Real, &error);
        if (!command) {
            m_reportError(QStringLiteral("Open Program"), error);
            statusBar()->showMessage(error);
            return;
        }
        m_controller->loadLaunch(LaunchSpec{command->interpreter, command->arguments, workDir,
                                            QFileInfo(absolute).fileName()},
                                 absolute, {});
        updateStatus();
        return;
    }
    if (!absolute.endsWith(QLatin1String(".cpp"))) {
        m_cppPath.clear();
        m_controller->loadProgram(absolute, args, workDir);
        updateStatus();
        return;
    }
    m_cppPath = absolute;
    if (!m_builder) {
        m_builder = new CppBuilder(this);
        connect(m_builder, &CppBuilder::outputLine, this, [this](const QString &line, bool isError) {
            m_session->appendProcessLine(Session::ProcessLine{0, isError, line});
        });
        connect(m_builder, &CppBuilder::finished, this, [this](const CppBuildResult &result) {
            if (result.ok) {
                statusBar()->showMessage(QStringLiteral("Built %1").arg(QFileInfo(m_cppPath).fileName()), 5000);
                m_controller->loadProgram(result.executable, m_programArgs, m_programWorkDir);
                updateStatus();
                return;
            }
            // Nothing is launched: the source shows, at the first error, and the compiler's words stay in Output.
            QString first = result.error;
            for (const Diagnostic &d : result.diagnostics) {
                if (d.severity == QLatin1String("error")) {
                    first = QStringLiteral("%1:%2: %3").arg(QFileInfo(d.file).fileName()).arg(d.line).arg(d.message);
                    m_controller->showSource(d.file, d.line);
                    break;
                }
            }
            statusBar()->showMessage(QStringLiteral("%1 did not build: %2").arg(QFileInfo(m_cppPath).fileName(), first));
            updateStatus();
        });
    }
    if (m_builder->isBuilding())
        m_builder->cancel();
    // Show the file being built at once, with its output underneath.
    m_controller->showSource(m_cppPath);
    statusBar()->showMessage(QStringLiteral("Building %1…").arg(QFileInfo(m_cppPath).fileName()));
    m_builder->build(m_cppPath);
    updateStatus();
}

void MainWindow::restartRun()
{
    // A .cpp may have changed since it was built: CMake rebuilds it (or finds nothing to do).
    if (!m_cppPath.isEmpty()) {
        openProgram(m_cppPath, m_programArgs, m_programWorkDir);
        return;
    }
    m_controller->restart();
}

void MainWindow::chooseProgram()
{
    QSettings settings;
    const QStringList recent = settings.value(kRecentKey).toStringList();
    const QString start = recent.isEmpty() ? QDir::homePath() : QFileInfo(recent.constFirst()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, QStringLiteral("Open Program"), start,
        QStringLiteral("Programs, C++ and Python files (*);;C++ source (*.cpp);;Python program (*.py)"));
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    if (!path.endsWith(QLatin1String(".cpp")) && !PythonLauncher::isPythonFile(path) && !info.isExecutable()) {
        m_reportError(QStringLiteral("Open Program"),
                      QStringLiteral("%1 is neither an executable, a .cpp nor a .py file.").arg(info.fileName()));
        return;
    }
    bool ok = false;
    const QString argsText = QInputDialog::getText(this, QStringLiteral("Open Program"),
                                                   QStringLiteral("Arguments for %1:").arg(info.fileName()),
                                                   QLineEdit::Normal, settings.value(QStringLiteral("programs/args/") + path).toString(), &ok);
    if (!ok)
        return;
    const QString workDir = QInputDialog::getText(this, QStringLiteral("Open Program"),
                                                  QStringLiteral("Working folder:"), QLineEdit::Normal,
                                                  info.absolutePath(), &ok);
    if (!ok)
        return;
    settings.setValue(QStringLiteral("programs/args/") + path, argsText);
    openProgram(path, QProcess::splitCommand(argsText), workDir);
}

void MainWindow::rememberProgram(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kRecentMax)
        recent.removeLast();
    settings.setValue(kRecentKey, recent);
    updateRecentPrograms();
}

void MainWindow::updateRecentPrograms()
{
    if (!m_recentPrograms)
        return;
    m_recentPrograms->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (const QString &path : recent) {
        QAction *a = m_recentPrograms->addAction(QFileInfo(path).fileName());
        a->setToolTip(path);
        connect(a, &QAction::triggered, this, [this, path] {
            openProgram(path, QProcess::splitCommand(
                                  QSettings().value(QStringLiteral("programs/args/") + path).toString()),
                        QFileInfo(path).absolutePath());
        });
    }
    m_recentPrograms->setEnabled(!recent.isEmpty());
}

void MainWindow::applySourceLocations()
{
    // Settings are the user's file and may have been edited by hand: what does not parse is dropped.
    QSettings settings;
    QString ignored;
    const QStringList folders = settings.value(kFoldersKey).toStringList();
    const auto mappings = SourceFoldersDialog::parseMappings(settings.value(kMappingsKey).toStringList().join(u'\n'),
                                                             &ignored);
    m_controller->setSourceLocations(folders, mappings.value_or(QList<SourceLocator::PrefixMapping>{}));
}

void MainWindow::chooseSourceFolders()
{
    SourceFoldersDialog dialog(this);
    dialog.setFolders(m_controller->sourceLocator().searchFolders());
    dialog.setMappings(m_controller->sourceLocator().prefixMappings());
    if (dialog.exec() != QDialog::Accepted)
        return;
    QSettings settings;
    settings.setValue(kFoldersKey, dialog.folders());
    settings.setValue(kMappingsKey, SourceFoldersDialog::mappingLines(dialog.mappings()));
    m_controller->setSourceLocations(dialog.folders(), dialog.mappings());
}

bool MainWindow::openPythonTwin(const QString &name)
{
    QString error;
    const QString path = TwinRun::writeTwin(name, &error);
    if (path.isEmpty()) {
        m_reportError(QStringLiteral("Open in Python"), error);
        return false;
    }
    openProgram(path, {}, QFileInfo(path).absolutePath());
    return true;
}

bool MainWindow::compareWithTwin(const QString &name)
{
    if (!m_compare)
        m_compare = new CompareWindow(this);
    const bool ok = m_compare->openSample(name);
    m_compare->show();
    m_compare->raise();
    return ok;
}

} // namespace coroscope::ui
