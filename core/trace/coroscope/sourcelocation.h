#pragma once

// The site of a co_await / co_yield, filled from a default argument.
//
// With __builtin_source_location (g++ 11 and up) this is std::source_location:
// one pointer to a constant the compiler emits per site. A co_yield's default
// argument lives in the coroutine frame until the co_yield resumes, so a
// pointer costs a step one store where the four fields cost several.
// clang 14 paired with libstdc++ 12 lacks the builtin; it gets the fields.

#include <cstdint>
#include <bit>

#if defined(__has_builtin)
#if __has_builtin(__builtin_source_location)
#include <source_location>
#define COROSCOPE_STD_SOURCE_LOCATION 1
#endif
#endif

namespace coroscope {

class SourceLocation
{
public:
#ifdef COROSCOPE_STD_SOURCE_LOCATION
    static constexpr SourceLocation current(std::source_location l = std::source_location::current()) noexcept
    {
        return SourceLocation(l);
    }
    constexpr SourceLocation() noexcept = default;
    constexpr const char *file() const noexcept { return m_loc.file_name(); }
    constexpr const char *function() const noexcept { return m_loc.function_name(); }
    constexpr std::uint_least32_t line() const noexcept { return m_loc.line(); }
    constexpr std::uint_least32_t column() const noexcept { return m_loc.column(); }
    // The recorder's site cache keys on this. Here it is the compiler's
    // constant for the site, one per site, so the key alone tells sites apart.
    static constexpr bool kKeyIsSite = true;
    const void *siteKey() const noexcept { return std::bit_cast<const void *>(m_loc); }

private:
    constexpr explicit SourceLocation(std::source_location l) noexcept : m_loc(l) {}
    std::source_location m_loc;
#else
    static constexpr SourceLocation current(const char *file = __builtin_FILE(),
                                            const char *function = __builtin_FUNCTION(),
                                            std::uint_least32_t line = __builtin_LINE(),
                                            std::uint_least32_t column = __builtin_COLUMN()) noexcept
    {
        SourceLocation l;
        l.m_file = file;
        l.m_function = function;
        l.m_line = line;
        l.m_column = column;
        return l;
    }
    constexpr SourceLocation() noexcept = default;
    constexpr const char *file() const noexcept { return m_file; }
    constexpr const char *function() const noexcept { return m_function; }
    constexpr std::uint_least32_t line() const noexcept { return m_line; }
    constexpr std::uint_least32_t column() const noexcept { return m_column; }
    // The file is shared by many sites: the cache compares line and column too.
    static constexpr bool kKeyIsSite = false;
    const void *siteKey() const noexcept { return m_file; }

private:
    const char *m_file = "";
    const char *m_function = "";
    std::uint_least32_t m_line = 0;
    std::uint_least32_t m_column = 0;
#endif
};

} // namespace coroscope
