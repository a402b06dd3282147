#pragma once

// What the Python tests share: a trace as lines a test can compare ("acc Sent
// 10", "waiter Awaiting Future future@14"), and the environment python3 runs in.

#include <coroscope/trace.h>

#include <QProcessEnvironment>
#include <QStringList>

namespace coroscope::test {

// For a python3 the tests start: no .pyc files left behind, UTF-8 output, and
// not linked to a window (so that --trace saves the run and it prints).
QProcessEnvironment pythonTestEnvironment();

QString transitionText(const Trace &trace, const Event &e);
QStringList transitions(const Trace &trace);

} // namespace coroscope::test
