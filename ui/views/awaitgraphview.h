#pragma once

// The Await graph dock: who awaits whom at the cursor, laid out by dot, nodes
// coloured by state; an await cycle (a deadlock) is drawn in red. Clicking a
// coroutine selects it.

#include <coroscope/awaitgraph.h>

#include <QWidget>

class QLabel;
class QTimer;

namespace coroscope::ui {

class GraphView;
class Session;

class AwaitGraphView : public QWidget
{
    Q_OBJECT
public:
    explicit AwaitGraphView(Session *session, QWidget *parent = nullptr);

    const AwaitGraph &graph() const noexcept { return m_data; }
    GraphView *graphView() const noexcept { return m_view; }

public Q_SLOTS:
    void refresh(); // now (otherwise coalesced, and skipped while hidden)

protected:
    void showEvent(QShowEvent *event) override;

private:
    void scheduleRefresh();

    Session *m_session;
    QLabel *m_header;
    GraphView *m_view;
    QTimer *m_timer;
    bool m_dirty = true;
    AwaitGraph m_data;
};

} // namespace coroscope::ui
