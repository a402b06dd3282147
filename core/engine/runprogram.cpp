#include <coroscope/runprogram.h>

namespace coroscope {

RunOutcome runProgram(Recorder &recorder, const std::function<Task<void>()> &program, EventLoop::Clock clock)
{
    RunOutcome outcome;
    {
        EventLoop loop(clock);
        detail::setLinkLoop(&loop);
        outcome = runToOutcome(loop, program);
        detail::setLinkLoop(nullptr);
    } // the loop destroys the frames of tasks still parked; that is recorded too
    recorder.reportLeakedFrames();
    detail::setLinkOutcome(outcome);
    return outcome;
}

} // namespace coroscope
