#include <coroscope/internals.h>
#include <coroscope/transitions.h>
#include <coroscope/twincomparison.h>

#include <QRegularExpression>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>

namespace coroscope {

namespace {

// "read_lines" and "readLines" alike; a qualname keeps its last part that is
// not a dunder ("LineReader.__next__" → "linereader", "main.<locals>.inner" → "inner",
// "main.<locals>.<genexpr>" → "genexpr").
QString normaliseName(QString name)
{
    const QStringList parts = name.split(u'.');
    for (auto i = parts.size(); i-- > 0;) {
        if (!(parts[i].startsWith(QLatin1String("__")) && parts[i].endsWith(QLatin1String("__")))
            || i == 0) {
            name = parts[i];
            break;
        }
    }
    // "<genexpr>", "<lambda>": the object regex below must not take them for a value.
    if (name.startsWith(u'<') && name.endsWith(u'>'))
        name = name.mid(1, name.size() - 2);
    return name.remove(u'_').toLower();
}

QString replaceAll(const QString &text, const QRegularExpression &re, auto &&with)
{
    QString out;
    qsizetype last = 0;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        out += with(m);
        last = m.capturedEnd();
    }
    return out + QStringView(text).mid(last);
}

} // namespace

QString normaliseTwinText(const QString &text)
{
    static const QRegularExpression coroutineRef(QStringLiteral(R"re(([^\s(#]+)#\d+)re"));
    static const QRegularExpression futureLine(QStringLiteral(R"re(\bfuture@\d+\b)re"));
    static const QRegularExpression doubleQuoted(QStringLiteral(R"re("((?:[^"\\']|\\.)*)")re"));
    static const QRegularExpression object(QStringLiteral(R"re(<[^<>]*>)re"));
    static const QRegularExpression exceptionClass(QStringLiteral(R"re(\b(throw|raise) [A-Za-z_.]*(Error|Exception|Exit|Interrupt): )re"));
    static const QRegularExpression pySleep(QStringLiteral(R"re(asyncio\.sleep\(([0-9.eE+-]+)\))re"));

    QString t = replaceAll(text, futureLine, [](const QRegularExpressionMatch &) -> QString { return QStringLiteral("future"); });
    t = replaceAll(t, coroutineRef, [](const QRegularExpressionMatch &m) -> QString { return normaliseName(m.captured(1)); });
    t = replaceAll(t, doubleQuoted, [](const QRegularExpressionMatch &m) -> QString { return u'\'' + m.captured(1) + u'\''; });
    t = replaceAll(t, object, [](const QRegularExpressionMatch &) -> QString { return QStringLiteral("<object>"); });
    t = replaceAll(t, exceptionClass, [](const QRegularExpressionMatch &m) -> QString { return m.captured(1) + u' '; });
    t = replaceAll(t, pySleep, [](const QRegularExpressionMatch &m) -> QString {
        const double seconds = m.captured(1).toDouble();
        if (seconds <= 0)
            return QStringLiteral("sleep(0)"); // as a C++ sleep(0) reads
        return QStringLiteral("sleep(") + formatDuration(std::chrono::nanoseconds(std::llround(seconds * 1e9)))
               + u')';
    });
    return t;
}

std::vector<TwinStep> twinSteps(const Trace &trace)
{
    std::vector<TwinStep> steps;
    for (const Transition &t : TransitionBuilder::all(trace)) {
        if (isLibraryInternal(trace, t.coro))
            continue;
        const QString name = normaliseName(trace.coroutine(t.coro).name);
        const QString step = QLatin1String("  ") + t.action + QStringLiteral(" → ") + t.outcome;
        steps.push_back(TwinStep{t.lastEvent, t.coro, normaliseTwinText(name + step), nameAndId(trace, t.coro) + step});
    }
    const auto &events = trace.events();
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (events[i].kind == EventKind::Output) {
            const QString line = QStringLiteral("print: ") + trace.valueText(events[i].arg);
            steps.push_back(TwinStep{i, events[i].coro, line, line});
        }
    }
    // A transition ends at its last event, a print is one: in event order, a
    // print inside a step (before its suspension) comes before the step.
    std::stable_sort(steps.begin(), steps.end(),
                     [](const TwinStep &a, const TwinStep &b) { return a.event < b.event; });
    return steps;
}

std::vector<TwinRow> alignTwins(const std::vector<TwinStep> &cpp, const std::vector<TwinStep> &python)
{
    const std::size_t n = cpp.size(), m = python.size();
    std::size_t head = 0;
    while (head < n && head < m && cpp[head].text == python[head].text)
        ++head;
    std::size_t tail = 0;
    while (tail < n - head && tail < m - head && cpp[n - 1 - tail].text == python[m - 1 - tail].text)
        ++tail;
    const std::size_t a = n - head - tail, b = m - head - tail;

    // Longest common subsequence of the middle (lengths of suffixes); a middle
    // too large to tabulate is paired up step by step instead.
    std::vector<std::pair<int, int>> middle; // (cpp, python) offsets; -1 = none
    constexpr std::size_t kMaxCells = 16'000'000;
    if (a && b && (a + 1) * (b + 1) <= kMaxCells) {
        std::vector<std::uint32_t> len((a + 1) * (b + 1), 0);
        auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t & { return len[i * (b + 1) + j]; };
        for (std::size_t i = a; i-- > 0;) {
            for (std::size_t j = b; j-- > 0;)
                at(i, j) = cpp[head + i].text == python[head + j].text ? at(i + 1, j + 1) + 1
                                                                       : std::max(at(i + 1, j), at(i, j + 1));
        }
        std::size_t i = 0, j = 0;
        while (i < a || j < b) {
            if (i < a && j < b && cpp[head + i].text == python[head + j].text) {
                middle.emplace_back(int(i++), int(j++));
            } else if (j == b || (i < a && at(i + 1, j) >= at(i, j + 1))) {
                middle.emplace_back(int(i++), -1);
            } else {
                middle.emplace_back(-1, int(j++));
            }
        }
    } else {
        for (std::size_t k = 0; k < std::max(a, b); ++k)
            middle.emplace_back(k < a ? int(k) : -1, k < b ? int(k) : -1);
    }

    std::vector<TwinRow> rows;
    rows.reserve(head + middle.size() + tail);
    for (std::size_t k = 0; k < head; ++k)
        rows.push_back(TwinRow{int(k), int(k), true});
    // Within a divergent stretch the C++ and the Python steps share rows in order.
    std::vector<int> cppRun, pyRun;
    auto flush = [&] {
        for (std::size_t k = 0; k < std::max(cppRun.size(), pyRun.size()); ++k)
            rows.push_back(TwinRow{k < cppRun.size() ? cppRun[k] : -1, k < pyRun.size() ? pyRun[k] : -1, false});
        cppRun.clear();
        pyRun.clear();
    };
    for (const auto &[i, j] : middle) {
        if (i >= 0 && j >= 0 && cpp[head + i].text == python[head + j].text) {
            flush();
            rows.push_back(TwinRow{int(head) + i, int(head) + j, true});
        } else {
            if (i >= 0)
                cppRun.push_back(int(head) + i);
            if (j >= 0)
                pyRun.push_back(int(head) + j);
        }
    }
    flush();
    for (std::size_t k = tail; k-- > 0;)
        rows.push_back(TwinRow{int(n - 1 - k), int(m - 1 - k), true});
    return rows;
}

std::vector<std::size_t> differenceStarts(const std::vector<TwinRow> &rows)
{
    std::vector<std::size_t> starts;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (!rows[r].equal && (r == 0 || rows[r - 1].equal))
            starts.push_back(r);
    }
    return starts;
}

QString twinDifferences(const std::vector<TwinStep> &cpp, const std::vector<TwinStep> &python,
                        const std::vector<TwinRow> &rows)
{
    QString out;
    for (const std::size_t r : differenceStarts(rows)) {
        std::size_t end = r;
        while (end < rows.size() && !rows[end].equal)
            ++end;
        out += QStringLiteral("@ step %1\n").arg(r + 1);
        for (std::size_t k = r; k < end; ++k) {
            if (rows[k].cpp >= 0)
                out += QStringLiteral("- ") + cpp[std::size_t(rows[k].cpp)].text + u'\n';
        }
        for (std::size_t k = r; k < end; ++k) {
            if (rows[k].python >= 0)
                out += QStringLiteral("+ ") + python[std::size_t(rows[k].python)].text + u'\n';
        }
    }
    return out;
}

} // namespace coroscope
