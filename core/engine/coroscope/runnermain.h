#pragma once

// The main of an executable that holds programs by name (the built-in samples'
// runner, the tests' programs). Started by the window with
//   NAME [--clock virtual|real] [--workdir DIR] [--arg key=value]...
// it runs that program with runProgram() under a Recorder, which links itself
// to the window, and exits with a code that says how it ended.

#include <coroscope/task.h>

#include <QString>
#include <QStringList>
#include <functional>

namespace coroscope {

struct RunnerRequest
{
    QString name;
    QStringList args; // the --arg values
    QString workDir;
};

// nullptr when there is no such program.
using ProgramFinder = std::function<std::function<Task<void>()>(const RunnerRequest &request)>;

// Exit codes: 0 completed, 1 failed (an exception escaped), 2 usage, 3 deadlock, 4 stopped.
int runnerMain(int argc, char **argv, const ProgramFinder &find);

} // namespace coroscope
