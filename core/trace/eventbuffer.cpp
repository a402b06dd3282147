#include <coroscope/detail/eventbuffer.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace coroscope::detail {

namespace {

#ifdef __linux__
std::size_t pageRound(std::size_t bytes)
{
    static const auto page = std::size_t(sysconf(_SC_PAGESIZE));
    return (bytes + page - 1) / page * page;
}

// Recording writes fresh memory all the time: in 2 MB pages the kernel takes
// one page fault where 4 KB pages take 512. The whole mapping is advised:
// advising only its aligned interior would split it into several VMAs, and
// mremap cannot grow a range that spans more than one (EFAULT).
void adviseHugePages(void *data, std::size_t bytes)
{
#ifdef MADV_HUGEPAGE
    madvise(data, bytes, MADV_HUGEPAGE);
#endif
}
#endif

// Grows (or first allocates) the block at `data` from `oldEvents` to `events` records.
Event *regrow(Event *data, std::size_t oldEvents, std::size_t events)
{
#ifdef __linux__
    const std::size_t bytes = pageRound(events * sizeof(Event));
    void *p = data ? mremap(data, pageRound(oldEvents * sizeof(Event)), bytes, MREMAP_MAYMOVE)
                   : mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw std::bad_alloc();
    adviseHugePages(p, bytes);
    return static_cast<Event *>(p);
#else
    (void)oldEvents;
    void *p = std::realloc(data, events * sizeof(Event));
    if (!p)
        throw std::bad_alloc();
    return static_cast<Event *>(p);
#endif
}

void freeBlock(Event *data, std::size_t events) noexcept
{
    if (!data)
        return;
#ifdef __linux__
    munmap(data, pageRound(events * sizeof(Event)));
#else
    (void)events;
    std::free(data);
#endif
}

} // namespace

EventBuffer::EventBuffer(const EventBuffer &other)
{
    append(other.span());
}

EventBuffer &EventBuffer::operator=(const EventBuffer &other)
{
    if (this != &other) {
        clear();
        append(other.span());
    }
    return *this;
}

EventBuffer::EventBuffer(EventBuffer &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)),
      m_capacity(std::exchange(other.m_capacity, 0))
{
}

EventBuffer &EventBuffer::operator=(EventBuffer &&other) noexcept
{
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_capacity = std::exchange(other.m_capacity, 0);
    }
    return *this;
}

EventBuffer::~EventBuffer()
{
    release();
}

void EventBuffer::release() noexcept
{
    freeBlock(m_data, m_capacity);
    m_data = nullptr;
    m_size = m_capacity = 0;
}

void EventBuffer::reserve(std::size_t events)
{
    if (events <= m_capacity)
        return;
    // At least 4096 records (64 KB), so that small traces are not a mapping per few events.
    events = std::max<std::size_t>(events, 4096);
    m_data = regrow(m_data, m_capacity, events);
    m_capacity = events;
}

void EventBuffer::append(std::span<const Event> events)
{
    if (events.empty())
        return;
    if (m_size + events.size() > m_capacity)
        reserve(std::max(m_size + events.size(), m_capacity * 2));
    std::memcpy(static_cast<void *>(m_data + m_size), events.data(), events.size() * sizeof(Event));
    m_size += events.size();
}

void EventBuffer::resize(std::size_t events)
{
    reserve(events);
    std::fill(m_data + std::min(m_size, events), m_data + events, Event{});
    m_size = events;
}

void EventBuffer::eraseFront(std::size_t events) noexcept
{
    events = std::min(events, m_size);
    std::memmove(static_cast<void *>(m_data), m_data + events, (m_size - events) * sizeof(Event));
    m_size -= events;
}

bool operator==(const EventBuffer &a, const EventBuffer &b) noexcept
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

} // namespace coroscope::detail
