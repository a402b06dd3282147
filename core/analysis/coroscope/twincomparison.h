#pragma once

// A sample and its Python twin, compared step by step. Each run becomes a
// sequence of steps, its transitions (what --verbose prints) and its printed
// lines in event order, in one normalised text, and the two sequences are
// aligned (longest common subsequence) so that equal steps share a row and a
// place where the runs diverge is a row with one side different or missing.
//
// The normalisation (twinText) is the one documented rule set, so that only
// real differences remain:
// - ids are dropped ("fetch#3" → "fetch") and a future named by its line
//   ("future@26", the line differs between the files) is "future";
// - transitions of library internals (isLibraryInternal: coroscope::gather,
//   waitFor, a Queue's helpers; asyncio.sleep and asyncio's other own
//   coroutines) are left out: each language's library does it its own way;
// - coroutine names are compared without case and underscores and without a
//   Python qualname's prefix ("read_lines" = "readLines",
//   "LineReader.__next__" = "LineReader"); C++ names camelCase, Python snake_case;
// - values: a string in double quotes (C++) reads as in single quotes
//   (Python's repr), a non-scalar value written as <…> (an object's repr) is
//   "<object>", and an exception text loses its Python class name
//   ("ValueError: bad input" → "bad input": C++'s what() has none);
// - a sleep reads as the C++ one: asyncio.sleep(0.01) → sleep(10 ms).

#include <coroscope/trace.h>

#include <QString>
#include <vector>

namespace coroscope {

struct TwinStep
{
    std::size_t event = 0; // the transition's last event, or the Output event
    CoroId coro = 0;       // 0 for a line printed outside any coroutine
    QString text;          // normalised: "accumulator  send(10) → yield 10", "print: sent 10"
    QString shown;         // as recorded, for people: "accumulator#2  send(10) → yield 10"
};

// The normalised steps of a whole run.
std::vector<TwinStep> twinSteps(const Trace &trace);
// One transition or printed line's text, normalised (see the top of the file).
QString normaliseTwinText(const QString &text);

struct TwinRow
{
    int cpp = -1;    // index into the C++ steps, -1: none on this row
    int python = -1; // index into the Python steps
    bool equal = false;
};

// The two step sequences aligned: equal steps share a row; where they differ,
// the C++ steps of the stretch come first, then the Python ones, side by side
// where both have one (a changed step), alone where only one has it.
std::vector<TwinRow> alignTwins(const std::vector<TwinStep> &cpp, const std::vector<TwinStep> &python);

// The places where the runs differ: the first row of each divergent stretch, in order.
std::vector<std::size_t> differenceStarts(const std::vector<TwinRow> &rows);

// The differences as text, one hunk per divergent stretch:
//   @ step 12
//   - main  wakeup → await gather
//   + main  wakeup → await future
// (step = the 1-based row of the stretch's first line). Empty when equal.
QString twinDifferences(const std::vector<TwinStep> &cpp, const std::vector<TwinStep> &python,
                        const std::vector<TwinRow> &rows);

} // namespace coroscope
