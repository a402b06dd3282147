#pragma once

// CppBuilder: `coroscope FILE.cpp` — builds one user's .cpp with CMake against
// the Coroscope package (find_package(Coroscope) → Coroscope::Core), so it can
// be run and recorded.
//
// Each file gets a folder of its own under $XDG_CACHE_HOME/coroscope/cpp/
// (~/.cache when unset), holding a generated CMakeLists.txt and the build
// folder. It is configured once; every build() after that is `cmake --build`,
// so CMake's own dependency check decides what to recompile: an edited file
// is rebuilt, an unchanged one is not.
//
// Everything runs in QProcess, asynchronously: build() returns at once and the
// output arrives through outputLine() and finished().

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace coroscope {

// One compiler message, from a g++/clang line `file:line:col: severity: message`.
struct Diagnostic
{
    QString file; // absolute
    int line = 0;
    int column = 0; // 0 when the compiler gave none
    QString severity; // "error", "warning" or "note" ("fatal error" is "error")
    QString message;

    bool operator==(const Diagnostic &) const = default;
};

struct CppBuildResult
{
    bool ok = false;
    QString executable; // absolute; empty unless ok
    QList<Diagnostic> diagnostics; // in the order the compiler printed them
    QString error; // why it failed, in one sentence; empty when ok
};

class CppBuilder : public QObject
{
    Q_OBJECT
public:
    explicit CppBuilder(QObject *parent = nullptr);
    ~CppBuilder() override;

    // Starts building `cppPath`; finished() follows (also for a file that does
    // not exist, or when CMake is missing). Ignored while a build is running.
    void build(const QString &cppPath);
    bool isBuilding() const { return m_building; }
    // Kills CMake and what it started; finished() follows with ok == false.
    void cancel();

    // Where find_package(Coroscope) is pointed (a folder holding
    // CoroscopeConfig.cmake), or empty when there is none:
    //   1. $COROSCOPE_PACKAGE_DIR, when set;
    //   2. the build tree's package, when this binary runs from that build tree;
    //   3. the install prefix: <executable's dir>/../<libdir>/cmake/Coroscope
    //      (libdir: lib, lib/x86_64-linux-gnu, the one this build installs to);
    //   4. the build tree's package, when it exists (an installed binary whose
    //      build tree is still there, with nothing installed next to it).
    static QString packageDir();
    // packageDir()'s rules on given inputs (the tests drive it with these).
    static QString packageDirFor(const QString &envOverride, const QString &applicationDir,
                                 const QString &buildDir, const QString &buildPackageDir);

    // The per-file folder: $XDG_CACHE_HOME/coroscope/cpp/<first 16 hex digits
    // of the SHA-1 of the absolute path>.
    static QString cacheDirFor(const QString &cppPath);
    // The CMake target (and executable) name for a .cpp: its base name, with
    // characters CMake does not take in a target name replaced by '_'.
    static QString targetNameFor(const QString &cppPath);
    // The diagnostic on one line of compiler output, a relative path resolved
    // against `workingDir` (where the compiler ran); severity is empty when the
    // line is not one.
    static Diagnostic parseDiagnostic(const QString &line, const QString &workingDir);

Q_SIGNALS:
    // One line of CMake's, Ninja's or the compiler's output, as it comes.
    // isError: the line came on stderr, or is a compiler error.
    void outputLine(const QString &line, bool isError);
    void finished(const coroscope::CppBuildResult &result);

private:
    enum class Stage { Configure, Build };

    void startStage(Stage stage);
    void readOutput(QProcess::ProcessChannel channel);
    void handleLine(const QString &line, bool fromStderr);
    void stageFinished(int exitCode, QProcess::ExitStatus status);
    void finish(bool ok, const QString &error);
    void finishLater(const QString &error);
    void killProcess();

    bool m_building = false;
    bool m_cancelled = false;
    Stage m_stage = Stage::Configure;
    QString m_cppPath;
    QString m_dir;
    QString m_buildDir;
    QString m_target;
    QString m_cmake;
    QProcess *m_process = nullptr;
    QByteArray m_pending[2]; // a partial last line, per channel (stdout, stderr)
    CppBuildResult m_result;
};

} // namespace coroscope

Q_DECLARE_METATYPE(coroscope::CppBuildResult)
