#pragma once

// The one way a program is run to its end under a Recorder: the headless
// command line and the child-process runner both call runProgram, so an
// exception, a deadlock or a stop ends the same way in both.

#include <coroscope/eventloop.h>
#include <coroscope/recorder.h>
#include <coroscope/runoutcome.h>

namespace coroscope {

// Runs program() on a new EventLoop on this thread, recording into `recorder`;
// then destroys the loop (the frames still parked are recorded as destroyed)
// and reports leaked frames. In a child process started by Coroscope the
// outcome also goes to the window, with the last of the trace.
RunOutcome runProgram(Recorder &recorder, const std::function<Task<void>()> &program, EventLoop::Clock clock);

namespace detail {
// The child's side of the link (childlink.cpp), for runProgram: the loop a
// Stop from the window must reach, and the outcome the link reports.
void setLinkLoop(EventLoop *loop);
void setLinkOutcome(const RunOutcome &outcome);
} // namespace detail

} // namespace coroscope
