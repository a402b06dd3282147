#pragma once

// The trace's event records: one contiguous array (views and files read it as
// a span) that grows without copying.
//
// A doubling std::vector copies every event once more at each growth and
// faults in fresh pages for the copy: 13 % of a traced generator step went
// there. On Linux this buffer is a mapping of its own and grows with mremap,
// which moves page tables instead of bytes; elsewhere it falls back to realloc.

#include <coroscope/event.h>

#include <cstddef>
#include <span>
#include <type_traits>

namespace coroscope::detail {

class EventBuffer
{
public:
    static_assert(std::is_trivially_copyable_v<Event>, "events are moved as bytes");

    EventBuffer() = default;
    EventBuffer(const EventBuffer &other);
    EventBuffer &operator=(const EventBuffer &other);
    EventBuffer(EventBuffer &&other) noexcept;
    EventBuffer &operator=(EventBuffer &&other) noexcept;
    ~EventBuffer();

    std::size_t size() const noexcept { return m_size; }
    std::size_t capacity() const noexcept { return m_capacity; }
    bool empty() const noexcept { return m_size == 0; }
    const Event *data() const noexcept { return m_data; }
    const Event &operator[](std::size_t i) const noexcept { return m_data[i]; }
    Event &operator[](std::size_t i) noexcept { return m_data[i]; }
    const Event *begin() const noexcept { return m_data; }
    const Event *end() const noexcept { return m_data + m_size; }
    std::span<const Event> span() const noexcept { return {m_data, m_size}; }

    // Only called with room to spare: Trace::append() grows first.
    void pushUnchecked(const Event &e) noexcept { m_data[m_size++] = e; }
    void reserve(std::size_t events);
    void append(std::span<const Event> events);
    void resize(std::size_t events); // new records are Event{}
    void eraseFront(std::size_t events) noexcept;
    void clear() noexcept { m_size = 0; }

    friend bool operator==(const EventBuffer &a, const EventBuffer &b) noexcept;

private:
    void release() noexcept;

    Event *m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0;
};

} // namespace coroscope::detail
