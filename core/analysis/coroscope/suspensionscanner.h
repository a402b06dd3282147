#pragma once

// Finds the suspension points written in a C++ source text: every `co_await`
// and `co_yield` token outside comments, string and character literals
// (raw strings included). The Source view marks them before any run reaches
// them; the trace's sites then tell which of them were reached.

#include <QString>
#include <vector>

namespace coroscope {

class SuspensionScanner final
{
public:
    struct Point
    {
        int line = 0;   // 1-based, like Site::line
        int column = 0; // 1-based, where the keyword starts
        bool yield = false;
        friend bool operator==(const Point &, const Point &) = default;
    };

    static std::vector<Point> scan(const QString &text);
};

} // namespace coroscope
