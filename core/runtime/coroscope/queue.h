#pragma once

// Queue<T>: asyncio.Queue. A bounded FIFO between tasks: put() parks the
// producer on a Future while the queue is full, get() parks the consumer while
// it is empty, so backpressure shows up in the trace as parked coroutines.
//
// The algorithm is asyncio's, step for step (putters and getters are futures
// woken one at a time in FIFO order), so a program and its Python twin
// interleave identically. Copies are cheap handles onto the same queue.

#include <coroscope/task.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>

namespace coroscope {

template <class T>
class Queue
{
public:
    // maxsize 0 means unbounded, as in asyncio.
    explicit Queue(std::size_t maxsize = 0) : m_s(std::make_shared<State>(maxsize)) {}

    std::size_t size() const noexcept { return m_s->items.size(); } // qsize()
    std::size_t maxsize() const noexcept { return m_s->maxsize; }
    bool empty() const noexcept { return m_s->items.empty(); }
    bool full() const noexcept { return m_s->full(); }

    // `co_await q.put(item)`: parks while the queue is full.
    Task<void> put(T item) { return put(m_s, std::move(item)); }
    // `co_await q.get()`: parks while the queue is empty.
    Task<T> get() { return get(m_s); }

    // put_nowait: false when full (where Python raises QueueFull).
    bool putNowait(T item) { return putNowait(*m_s, std::move(item)); }
    // get_nowait: nullopt when empty (where Python raises QueueEmpty).
    std::optional<T> getNowait() { return getNowait(*m_s); }

private:
    struct State
    {
        explicit State(std::size_t max) : maxsize(max) {}
        bool full() const noexcept { return maxsize > 0 && items.size() >= maxsize; }
        std::size_t maxsize;
        std::deque<T> items;
        std::deque<Future<void>> getters;
        std::deque<Future<void>> putters;
    };

    // Wakes the first waiter that is still waiting (asyncio's _wakeup_next).
    static void wakeupNext(std::deque<Future<void>> &waiters)
    {
        while (!waiters.empty()) {
            Future<void> w = waiters.front();
            waiters.pop_front();
            if (!w.done()) {
                w.setResult();
                break;
            }
        }
    }
    static void forget(std::deque<Future<void>> &waiters, const Future<void> &f)
    {
        std::erase_if(waiters, [&f](const Future<void> &w) { return w.state() == f.state(); });
    }
    static bool putNowait(State &s, T item)
    {
        if (s.full())
            return false;
        s.items.push_back(std::move(item));
        wakeupNext(s.getters);
        return true;
    }
    static std::optional<T> getNowait(State &s)
    {
        if (s.items.empty())
            return std::nullopt;
        std::optional<T> item(std::move(s.items.front()));
        s.items.pop_front();
        wakeupNext(s.putters);
        return item;
    }

    // The coroutines take the state by value so they never outlive it.
    static Task<void> put(std::shared_ptr<State> s, T item)
    {
        while (s->full()) {
            Future<void> putter;
            s->putters.push_back(putter);
            try {
                co_await putter;
            } catch (...) {
                // Cancelled while parked: pass the free slot on, as asyncio does.
                putter.cancel();
                forget(s->putters, putter);
                if (!s->full() && !putter.cancelled())
                    wakeupNext(s->putters);
                throw;
            }
        }
        putNowait(*s, std::move(item));
    }
    static Task<T> get(std::shared_ptr<State> s)
    {
        while (s->items.empty()) {
            Future<void> getter;
            s->getters.push_back(getter);
            try {
                co_await getter;
            } catch (...) {
                getter.cancel();
                forget(s->getters, getter);
                if (!s->items.empty() && !getter.cancelled())
                    wakeupNext(s->getters);
                throw;
            }
        }
        co_return std::move(*getNowait(*s));
    }

    std::shared_ptr<State> m_s;
};

} // namespace coroscope
