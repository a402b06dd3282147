#pragma once

// A trace as lines a test can compare: "acc Sent 10", "waiter Awaiting Future future@14".

#include <coroscope/trace.h>

#include <QStringList>

namespace coroscope::test {

QString transitionText(const Trace &trace, const Event &e);
QStringList transitions(const Trace &trace);

} // namespace coroscope::test
