#pragma once

// std::source_location needs __builtin_source_location, which clang 14 lacks
// when paired with libstdc++ 12. Coroscope captures sites through this small
// stand-in so that both compilers fill the exact site of each co_await /
// co_yield from a default argument.

#include <cstdint>

#if defined(__has_builtin)
#if __has_builtin(__builtin_source_location)
#include <source_location>
#define COROSCOPE_STD_SOURCE_LOCATION 1
#endif
#endif

namespace coroscope {

struct SourceLocation
{
#ifdef COROSCOPE_STD_SOURCE_LOCATION
    static constexpr SourceLocation current(std::source_location l = std::source_location::current()) noexcept
    {
        return {l.file_name(), l.function_name(), l.line(), l.column()};
    }
#else
    static constexpr SourceLocation current(const char *file = __builtin_FILE(),
                                            const char *function = __builtin_FUNCTION(),
                                            std::uint_least32_t line = __builtin_LINE(),
                                            std::uint_least32_t column = __builtin_COLUMN()) noexcept
    {
        return {file, function, line, column};
    }
#endif
    const char *file = "";
    const char *function = "";
    std::uint_least32_t line = 0;
    std::uint_least32_t column = 0;
};

} // namespace coroscope
