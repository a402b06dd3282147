#pragma once

#include <stdexcept>
#include <string>

namespace coroscope {

// Misuse of the generator protocol: send() before the first next(), resuming
// a running generator, returnValue() of a generator that did not return.
class GeneratorError : public std::logic_error
{
public:
    using std::logic_error::logic_error;
};

// Raised at the parked co_await of a cancelled task (asyncio.CancelledError).
class CancelledError : public std::runtime_error
{
public:
    CancelledError() : std::runtime_error("CancelledError") {}
    using std::runtime_error::runtime_error;
};

// result() of a future that is not done, setResult() twice (asyncio.InvalidStateError).
class InvalidStateError : public std::logic_error
{
public:
    using std::logic_error::logic_error;
};

// The loop ran out of work while the awaited task was still parked.
class DeadlockError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// EventLoop::requestStop() ended runUntilComplete() before the task finished.
class StoppedError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Awaiting with a deadline that passed (asyncio.TimeoutError).
class TimeoutError : public std::runtime_error
{
public:
    TimeoutError() : std::runtime_error("TimeoutError") {}
    using std::runtime_error::runtime_error;
};

} // namespace coroscope
