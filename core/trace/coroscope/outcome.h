#pragma once

// How a program's run ended, as plain data: the runtime makes it
// (runToOutcome), the link carries it from a child process, the views show it.

#include <QMetaType>
#include <QString>

namespace coroscope {

struct RunOutcome
{
    enum class Kind {
        Completed, // main returned
        Failed,    // an exception escaped main (what: its text)
        Deadlock,  // the loop found nothing ready and tasks parked (what: who on what)
        Aborted,   // stopped on request (what: why)
        Crashed,   // the child process died of a signal (signal; what: the words for it)
        Exited,    // the child process exited with exitCode before its run ended
    };
    Kind kind = Kind::Completed;
    QString what;
    int signal = 0;   // Crashed
    int exitCode = 0; // Exited
    friend bool operator==(const RunOutcome &, const RunOutcome &) = default;
};

} // namespace coroscope

Q_DECLARE_METATYPE(coroscope::RunOutcome)
