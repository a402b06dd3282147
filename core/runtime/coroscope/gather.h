#pragma once

// gather (asyncio.gather) and waitFor (asyncio.wait_for).

#include <coroscope/task.h>

#include <memory>
#include <tuple>
#include <vector>

namespace coroscope {

namespace detail {
// The running gather() waits for `child` (see AwaitKind::Gather): drawn as an
// await edge until the child finishes, although gather itself awaits one future.
inline void recordGatherChild(CoroId child)
{
    if (Recorder *r = t_recorder; r && t_current && child)
        r->record(EventKind::Awaiting, t_current, 0, child, std::uint8_t(AwaitKind::Gather));
}

// One of gather's children finished. The first exception or cancellation ends
// the gather; a child's exception that comes after it is retrieved here, as
// asyncio does, so it is not reported as never retrieved. True when the child
// succeeded and the gather still waits for the others.
template <class Result, class Child>
bool gatherChildDone(Future<Result> &outer, Child &child)
{
    if (outer.done()) {
        if (!child.cancelled())
            child.exception();
        return false;
    }
    if (child.cancelled()) {
        outer.setException(std::make_exception_ptr(CancelledError()));
        return false;
    }
    if (auto e = child.exception()) {
        outer.setException(e);
        return false;
    }
    return true;
}
} // namespace detail

// asyncio.gather(*tasks): runs the tasks concurrently; results come back in
// argument order; the first exception raised is re-raised here.
template <class... A>
Task<std::tuple<detail::Value<A>...>> gather(Task<A>... tasks)
{
    using Result = std::tuple<detail::Value<A>...>;
    EventLoop *loop = EventLoop::current();
    if (!loop)
        throw std::logic_error("gather needs a running coroscope::EventLoop");
    // Braced initialisation: spawned left to right, as asyncio.gather does.
    auto handles = std::tuple<TaskHandle<A>...>{loop->spawn(std::move(tasks))...};
    std::apply([](auto &...h) { (detail::recordGatherChild(h.id()), ...); }, handles);
    Future<Result> outer;
    auto remaining = std::make_shared<std::size_t>(sizeof...(A));
    std::apply([&](auto &...h) {
        (h.addDoneCallback([outer, remaining, handles](auto &child) mutable {
            if (detail::gatherChildDone(outer, child) && --*remaining == 0)
                outer.setResult(std::apply([](auto &...all) { return Result(all.result()...); }, handles));
        }, QStringLiteral("gather")), ...);
    }, handles);
    try {
        co_return co_await outer;
    } catch (const CancelledError &) {
        std::apply([](auto &...h) { (h.cancel(), ...); }, handles);
        throw;
    }
}

template <class T>
Task<std::vector<detail::Value<T>>> gather(std::vector<Task<T>> tasks)
{
    using Result = std::vector<detail::Value<T>>;
    EventLoop *loop = EventLoop::current();
    if (!loop)
        throw std::logic_error("gather needs a running coroscope::EventLoop");
    auto handles = std::make_shared<std::vector<TaskHandle<T>>>();
    for (auto &t : tasks) {
        handles->push_back(loop->spawn(std::move(t)));
        detail::recordGatherChild(handles->back().id());
    }
    Future<Result> outer;
    if (handles->empty())
        outer.setResult(Result{});
    auto remaining = std::make_shared<std::size_t>(handles->size());
    for (auto &h : *handles) {
        h.addDoneCallback([outer, remaining, handles](TaskHandle<T> &child) mutable {
            if (detail::gatherChildDone(outer, child) && --*remaining == 0) {
                Result r;
                r.reserve(handles->size());
                for (auto &x : *handles)
                    r.push_back(x.result());
                outer.setResult(std::move(r));
            }
        }, QStringLiteral("gather"));
    }
    try {
        co_return co_await outer;
    } catch (const CancelledError &) {
        for (auto &h : *handles)
            h.cancel();
        throw;
    }
}

// asyncio.wait_for(task, timeout): the task's result, or TimeoutError after
// cancelling it when the timeout passes first.
template <class T>
Task<T> waitFor(Task<T> task, std::chrono::nanoseconds timeout)
{
    EventLoop *loop = EventLoop::current();
    if (!loop)
        throw std::logic_error("waitFor needs a running coroscope::EventLoop");
    TaskHandle<T> inner = loop->spawn(std::move(task));
    auto timedOut = std::make_shared<bool>(false);
    TimerHandle timer = loop->callLater(timeout, [inner, timedOut]() mutable {
        if (!inner.done()) {
            *timedOut = true;
            inner.cancel();
        }
    }, QStringLiteral("wait_for timeout"));
    try {
        if constexpr (std::is_void_v<T>) {
            co_await inner;
            timer.cancel();
            co_return;
        } else {
            T value = co_await inner;
            timer.cancel();
            co_return value;
        }
    } catch (const CancelledError &) {
        timer.cancel();
        if (*timedOut)
            throw TimeoutError();
        inner.cancel();
        throw;
    }
}

} // namespace coroscope
