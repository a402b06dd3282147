#include <coroscope/errors.h>
#include <coroscope/runoutcome.h>

namespace coroscope {

RunOutcome runToOutcome(EventLoop &loop, const std::function<Task<void>()> &program)
{
    using Kind = RunOutcome::Kind;
    try {
        if (!program)
            throw std::logic_error("no program loaded");
        loop.runUntilComplete(program());
        return {};
    } catch (const StoppedError &) {
        return {Kind::Aborted, {}};
    } catch (const DeadlockError &) {
        return {Kind::Deadlock, loop.describeParkedTasks()};
    } catch (const std::exception &e) {
        return {Kind::Failed, QString::fromUtf8(e.what())};
    } catch (...) {
        return {Kind::Failed, QStringLiteral("unknown exception")};
    }
}

} // namespace coroscope
