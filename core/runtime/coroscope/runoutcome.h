#pragma once

// How a program's run ended. runToOutcome is the one place that turns what
// escapes a program into an outcome: the headless runner and the engine both
// run programs through it, so a deadlock or an exception reads alike in both.

#include <coroscope/outcome.h>
#include <coroscope/eventloop.h>
#include <coroscope/task.h>
#include <functional>

namespace coroscope {


// Runs program() on `loop` until it completes, the loop finds a deadlock, a
// stop is requested (EventLoop::requestStop) or an exception escapes. The
// program is created inside, so an exception from creating it is an outcome too.
RunOutcome runToOutcome(EventLoop &loop, const std::function<Task<void>()> &program);

} // namespace coroscope
