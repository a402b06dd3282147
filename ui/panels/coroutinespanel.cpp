#include "coroutinespanel.h"

#include "coroutinefiltermodel.h"
#include "coroutinemodel.h"
#include "flattableview.h"
#include "session.h"
#include "tracecolors.h"
#include "viewsetup.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QVBoxLayout>

namespace coroscope::ui {

CoroutinesPanel::CoroutinesPanel(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_model(new CoroutineModel(session, this)),
      m_filter(new CoroutineFilterModel(this)), m_view(new FlatTableView(this)),
      m_filterBox(makeFilterBox(QStringLiteral("Filter by name, kind, state, point… (#3 for an id)"), this)),
      m_liveOnly(new QCheckBox(QStringLiteral("Hide finished"), this)),
      m_warningsOnly(new QCheckBox(QStringLiteral("Warnings only"), this)), m_summary(new QLabel(this)),
      m_runEnd(new QLabel(this))
{
    auto *futures = new QCheckBox(QStringLiteral("Futures"), this);
    futures->setObjectName(QStringLiteral("showFutures"));
    futures->setChecked(true);
    futures->setToolTip(QStringLiteral("Show futures (asyncio.Future) beside the coroutines"));
    auto *internals = new QCheckBox(QStringLiteral("Library internals"), this);
    internals->setObjectName(QStringLiteral("showInternals"));
    internals->setChecked(session->showsInternals());
    internals->setToolTip(QStringLiteral("Show the coroutines and futures Coroscope's own helpers make "
                                         "(gather, wait_for, a Queue's put and get); hidden, the Await graph "
                                         "draws the relations through them"));
    m_filter->setShowInternals(session->showsInternals());
    m_filter->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("coroutinesView"));
    m_summary->setObjectName(QStringLiteral("coroutinesSummary"));
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(CoroutineModel::IdColumn, Qt::AscendingOrder);
    // Sized for 1280×800, Awaiting inside the dock: it gets the room its longest texts need
    // ("yield from subtotal#3"), Name the room of a user's coroutine (library internals are
    // hidden by default), a point its file's tail and line (it elides in the middle), a state
    // its longest word in bold (the current coroutine's row is bold).
    QFont bold = m_view->font();
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    QString state;
    for (int s = 0; s <= int(CoroutineState::Destroyed); ++s)
        if (boldMetrics.horizontalAdvance(nameOf(CoroutineState(s))) > boldMetrics.horizontalAdvance(state))
            state = nameOf(CoroutineState(s));
    setColumnSamples(m_view, m_view->header(),
                     {QStringLiteral("000"), QStringLiteral("accumulator"), QStringLiteral("generator"),
                      state, QStringLiteral("legation.cpp:00"), QStringLiteral("00"),
                      QStringLiteral("← 10.5 (00)"), QStringLiteral("yield from subtotal#3"),
                      QStringLiteral("000 B")});
    const int padding = m_view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_view) * 2 + 16;
    m_view->header()->resizeSection(CoroutineModel::StateColumn,
                                    std::max(m_view->header()->sectionSize(CoroutineModel::StateColumn),
                                             boldMetrics.horizontalAdvance(state) + padding));
    elideMiddle(m_view, CoroutineModel::PointColumn);

    auto *bar = new QHBoxLayout;
    bar->setSpacing(kDockSpacing * 2);
    bar->addWidget(m_filterBox, 1);
    bar->addWidget(m_liveOnly);
    bar->addWidget(m_warningsOnly);
    bar->addWidget(futures);
    bar->addWidget(internals);
    bar->addWidget(m_summary);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(kDockMargin, kDockMargin, kDockMargin, kDockMargin);
    layout->setSpacing(kDockSpacing);
    layout->addLayout(bar);
    layout->addWidget(m_runEnd);
    layout->addWidget(m_view, 1);
    m_runEnd->setObjectName(QStringLiteral("runEnd"));
    m_runEnd->setWordWrap(true);
    m_runEnd->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette endPalette = m_runEnd->palette();
    endPalette.setColor(QPalette::WindowText, stateColor(CoroutineState::Failed, endPalette));
    m_runEnd->setPalette(endPalette);
    QFont endFont = m_runEnd->font();
    endFont.setBold(true);
    m_runEnd->setFont(endFont);
    auto showRunEnd = [this] {
        const QString end = m_session->runEnd();
        m_runEnd->setText(end.isEmpty() ? QString() : QStringLiteral("The program %1").arg(end));
        m_runEnd->setVisible(!end.isEmpty());
    };
    connect(session, &Session::runEndChanged, this, showRunEnd);
    showRunEnd();

    connect(m_filterBox, &QLineEdit::textChanged, m_filter, &CoroutineFilterModel::setFilterText);
    connect(m_liveOnly, &QCheckBox::toggled, m_filter, &CoroutineFilterModel::setHideFinished);
    connect(m_warningsOnly, &QCheckBox::toggled, m_filter, &CoroutineFilterModel::setWarningsOnly);
    connect(futures, &QCheckBox::toggled, m_filter, &CoroutineFilterModel::setShowFutures);
    connect(internals, &QCheckBox::toggled, session, &Session::setShowInternals);
    connect(session, &Session::showInternalsChanged, m_filter, &CoroutineFilterModel::setShowInternals);
    connect(session, &Session::showInternalsChanged, internals, &QCheckBox::setChecked);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &i) {
        if (m_syncing || !i.isValid())
            return;
        m_session->select(i.data(CoroutineModel::CoroIdRole).toUInt());
    });
    connect(session, &Session::selectionChanged, this, &CoroutinesPanel::showSelection);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &CoroutinesPanel::showSelection);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CoroutinesPanel::showSelection);
    connect(futures, &QCheckBox::toggled, this, &CoroutinesPanel::updateSummary);
    connect(session, &Session::showInternalsChanged, this, &CoroutinesPanel::updateSummary);
    connect(session, &Session::cursorChanged, this, &CoroutinesPanel::updateSummary);
    connect(session, &Session::traceReset, this, &CoroutinesPanel::updateSummary);
    updateSummary();
}

void CoroutinesPanel::showSelection()
{
    const QModelIndex source = m_model->indexOf(m_session->selected());
    const QModelIndex proxy = m_filter->mapFromSource(source);
    if (proxy == m_view->currentIndex())
        return;
    m_syncing = true;
    if (proxy.isValid()) {
        m_view->setCurrentIndex(proxy);
        m_view->scrollTo(proxy);
    } else {
        m_view->selectionModel()->clearCurrentIndex();
        m_view->clearSelection();
    }
    m_syncing = false;
}

void CoroutinesPanel::updateSummary()
{
    const int warnings = m_model->warningRowCount();
    // Counted among what the switches let the table show: a hidden library internal is
    // no coroutine of the user's program.
    const CoroutineModel::Counts shown =
        m_model->counts(m_filter->showsInternals(), m_filter->showsFutures());
    QString text = QStringLiteral("%1 live of %2").arg(shown.live).arg(shown.rows);
    if (warnings)
        text += QStringLiteral(" · ⚠ %1").arg(warnings);
    m_summary->setText(text);
}

} // namespace coroscope::ui
