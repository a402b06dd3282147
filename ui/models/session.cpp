#include "session.h"

namespace coroscope::ui {

Session::Session(QObject *parent) : QObject(parent) {}

const Trace &Session::trace() const
{
    static const Trace empty;
    return m_trace ? *m_trace : empty;
}

void Session::setTrace(const Trace *trace)
{
    m_trace = trace;
    m_dropped = trace ? trace->droppedEvents() : 0;
    m_index.setTrace(trace);
    m_snapshot = m_index.at(trace ? trace->size() : 0);
    m_selected = 0;
    Q_EMIT traceReset();
    Q_EMIT selectionChanged(0);
    Q_EMIT cursorChanged(cursor());
}

void Session::traceGrew()
{
    if (!m_trace)
        return;
    if (m_trace->droppedEvents() < m_dropped
        || (m_trace->droppedEvents() == m_dropped && m_trace->size() < m_snapshot.eventCount)) {
        setTrace(m_trace); // cleared for a new run: a different trace
        return;
    }
    if (m_trace->droppedEvents() != m_dropped) {
        historyDropped(m_trace->droppedEvents() - m_dropped);
        return;
    }
    m_index.update();
    Q_EMIT traceGrown();
    if (m_followLive)
        setCursor(m_trace->size());
}

void Session::historyDropped(std::size_t shift)
{
    // The selection stays: coroutine ids do not change when events are dropped.
    m_dropped = m_trace->droppedEvents();
    const std::size_t cursor = m_snapshot.eventCount > shift ? m_snapshot.eventCount - shift : 0;
    m_index.setTrace(m_trace);
    m_snapshot = m_index.at(m_followLive ? m_trace->size() : cursor);
    Q_EMIT traceReset();
    Q_EMIT cursorChanged(m_snapshot.eventCount);
}

void Session::setCursor(std::size_t eventCount)
{
    if (!m_trace)
        return;
    eventCount = std::min(eventCount, m_trace->size());
    if (eventCount == m_snapshot.eventCount && eventCount != 0)
        return;
    if (eventCount == m_snapshot.eventCount + 1 && eventCount <= m_trace->size()) {
        m_snapshot.apply(*m_trace, eventCount - 1); // one step forward: no seek
    } else {
        m_snapshot = m_index.at(eventCount);
    }
    Q_EMIT cursorChanged(eventCount);
}

bool Session::atEnd() const
{
    return !m_trace || cursor() >= m_trace->size();
}

void Session::setFollowLive(bool follow)
{
    if (m_followLive == follow)
        return;
    m_followLive = follow;
    Q_EMIT followLiveChanged(follow);
    if (follow && m_trace)
        setCursor(m_trace->size());
}

void Session::select(CoroId id)
{
    if (id == m_selected)
        return;
    m_selected = id;
    Q_EMIT selectionChanged(id);
}

void Session::setShowInternals(bool show)
{
    if (show == m_showInternals)
        return;
    m_showInternals = show;
    Q_EMIT showInternalsChanged(show);
}

void Session::setSource(const QString &fileName, const QString &text, const QString &note)
{
    m_sourceFileName = fileName;
    m_sourceText = text;
    m_sourceLine = 0;
    m_sourceNote = note;
    Q_EMIT sourceChanged();
}

void Session::setRunEnd(const QString &text)
{
    if (text == m_runEnd)
        return;
    m_runEnd = text;
    Q_EMIT runEndChanged();
}

void Session::setBreakpoints(const QSet<Breakpoint> &breakpoints)
{
    if (breakpoints == m_breakpoints)
        return;
    m_breakpoints = breakpoints;
    Q_EMIT breakpointsChanged();
}

void Session::toggleBreakpoint(const QString &file, int line)
{
    const Breakpoint b{file, line};
    if (!m_breakpoints.remove(b))
        m_breakpoints.insert(b);
    Q_EMIT breakpointsChanged();
}

void Session::setSourceLine(int line)
{
    m_sourceLine = line;
    Q_EMIT sourceChanged();
}

void Session::appendProcessLine(ProcessLine line)
{
    m_processLines.push_back(std::move(line));
    Q_EMIT processLinesChanged();
}

void Session::clearProcessLines()
{
    if (m_processLines.empty())
        return;
    m_processLines.clear();
    Q_EMIT processLinesChanged();
}

} // namespace coroscope::ui
