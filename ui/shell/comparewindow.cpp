#include "comparewindow.h"

#include "comparemodel.h"
#include "coroutinespanel.h"
#include "glyphicon.h"
#include "session.h"
#include "sourcepanel.h"
#include "twinrun.h"
#include "viewsetup.h"

#include <QAction>
#include <QFileInfo>
#include <QHeaderView>
#include <QKeyEvent>
#include <QScreen>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace coroscope::ui {

namespace {

QAction *makeAction(QWidget *owner, const QString &text, const QIcon &icon, const QKeySequence &key,
                    const QString &tip)
{
    // The key is handled by CompareWindow::keyPressEvent (see event()); the action only shows it.
    auto *a = new QAction(icon, text, owner);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WidgetShortcut);
    a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    return a;
}

} // namespace

CompareWindow::CompareWindow(QWidget *parent)
    : QWidget(parent, Qt::Window), m_run(new TwinRun(this)), m_model(new CompareModel(this)),
      m_header(new QLabel(this)), m_status(new QLabel(this)), m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("compareWindow"));
    setWindowTitle(QStringLiteral("Compare with the Python twin — Coroscope"));
    // Two sources side by side want width; on a small screen it takes what there is.
    const QRect room = screen() ? screen()->availableGeometry() : QRect(0, 0, 1400, 900);
    resize(std::min(1400, room.width()), std::min(900, room.height()));

    m_step = makeAction(this, QStringLiteral("Step"), glyphIcon(Glyph::Step), QKeySequence(Qt::Key_F10),
                        QStringLiteral("Both runs to their next step"));
    m_stepBack = makeAction(this, QStringLiteral("Step Back"), glyphIcon(Glyph::StepBack),
                            QKeySequence(Qt::SHIFT | Qt::Key_F10), QStringLiteral("Both runs one step back"));
    m_first = makeAction(this, QStringLiteral("First Step"), QIcon(), QKeySequence(Qt::Key_Home),
                         QStringLiteral("Both runs back to their first step"));
    m_previousDifference = makeAction(this, QStringLiteral("Previous Difference"), QIcon(),
                                      QKeySequence(Qt::SHIFT | Qt::Key_F8),
                                      QStringLiteral("Back to the previous place where the runs differ"));
    m_nextDifference = makeAction(this, QStringLiteral("Next Difference"), QIcon(), QKeySequence(Qt::Key_F8),
                                  QStringLiteral("On to the next place where the runs differ"));
    m_again = makeAction(this, QStringLiteral("Record Again"), glyphIcon(Glyph::Restart),
                         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5), QStringLiteral("Run both programs again"));
    connect(m_step, &QAction::triggered, this, [this] { setCurrentRow(currentRow() + 1); });
    connect(m_stepBack, &QAction::triggered, this, [this] { setCurrentRow(currentRow() - 1); });
    connect(m_first, &QAction::triggered, this, [this] { setCurrentRow(0); });
    connect(m_nextDifference, &QAction::triggered, this, [this] { jumpToDifference(+1); });
    connect(m_previousDifference, &QAction::triggered, this, [this] { jumpToDifference(-1); });
    connect(m_again, &QAction::triggered, this, [this] { openSample(m_run->sample()); });

    auto *bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({m_first, m_stepBack, m_step});
    bar->addSeparator();
    bar->addActions({m_previousDifference, m_nextDifference});
    bar->addSeparator();
    bar->addAction(m_again);

    m_header->setObjectName(QStringLiteral("compareHeader"));
    m_header->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("compareStatus"));

    m_table->setObjectName(QStringLiteral("compareTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(CompareModel::StepColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(CompareModel::CppColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(CompareModel::PythonColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showRow(current.row()); });

    auto *sides = new QSplitter(Qt::Horizontal, this);
    for (int side = 0; side < TwinRun::SideCount; ++side) {
        m_sessions[side] = new Session(this);
        m_sessions[side]->setReplay(true);
        m_sessions[side]->setFollowLive(false);
        auto *column = new QSplitter(Qt::Vertical, sides);
        auto *top = new QWidget(column);
        auto *topLayout = new QVBoxLayout(top);
        topLayout->setContentsMargins(0, 0, 0, 0);
        m_titles[side] = new QLabel(top);
        m_titles[side]->setObjectName(side == TwinRun::Cpp ? QStringLiteral("cppTitle") : QStringLiteral("pythonTitle"));
        m_sources[side] = new SourcePanel(m_sessions[side], top);
        topLayout->addWidget(m_titles[side]);
        topLayout->addWidget(m_sources[side], 1);
        m_coroutines[side] = new CoroutinesPanel(m_sessions[side], column);
        column->setStretchFactor(0, 3);
        column->setStretchFactor(1, 1);
    }

    auto *main = new QSplitter(Qt::Vertical, this);
    main->addWidget(m_table);
    main->addWidget(sides);
    main->setStretchFactor(0, 2);
    main->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(bar);
    layout->addWidget(m_header);
    layout->addWidget(m_status);
    layout->addWidget(main, 1);

    connect(m_run, &TwinRun::ready, this, &CompareWindow::runReady);
    connect(m_run, &TwinRun::failed, this, &CompareWindow::runFailed);
    updateActions();
}

CompareWindow::~CompareWindow()
{
    // The sessions point into the run's traces: let go of them first.
    for (Session *s : m_sessions)
        s->setTrace(nullptr);
}

QAction *CompareWindow::actionFor(const QKeyEvent *event) const
{
    const QKeySequence key(event->keyCombination());
    for (QAction *a : {m_step, m_stepBack, m_first, m_nextDifference, m_previousDifference, m_again}) {
        if (a->shortcut() == key)
            return a;
    }
    return nullptr;
}

bool CompareWindow::event(QEvent *event)
{
    // The main window's debugger keys (F10, Shift+F10 …) are application-wide so that they work in
    // floating docks; here the same keys step the comparison. Claiming them before the shortcut map
    // runs turns them into key presses for this window instead of an ambiguous shortcut.
    if (event->type() == QEvent::ShortcutOverride && actionFor(static_cast<QKeyEvent *>(event))) {
        event->accept();
        return true;
    }
    return QWidget::event(event);
}

void CompareWindow::keyPressEvent(QKeyEvent *event)
{
    if (QAction *a = actionFor(event)) {
        if (a->isEnabled())
            a->trigger();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool CompareWindow::openSample(const QString &sample)
{
    for (Session *s : m_sessions)
        s->setTrace(nullptr);
    m_model->setTwinRun(nullptr);
    QString error;
    if (!m_run->start(sample, &error)) {
        runFailed(error);
        return false;
    }
    setWindowTitle(sample + QStringLiteral(": C++ and Python, side by side — Coroscope"));
    m_header->setText(QStringLiteral("<b>%1</b>: the C++ sample and its Python twin, each in its own process. "
                                     "Step (F10) moves both to their next step; rows marked ≠ are where they "
                                     "differ (F8 finds the next).")
                          .arg(sample));
    m_status->setText(QStringLiteral("Recording both runs…"));
    for (int side = 0; side < TwinRun::SideCount; ++side)
        m_titles[side]->setText(side == TwinRun::Cpp ? QStringLiteral("C++") : QStringLiteral("Python"));
    updateActions();
    return true;
}

void CompareWindow::runReady()
{
    for (int side = 0; side < TwinRun::SideCount; ++side) {
        Session *s = m_sessions[side];
        s->setTrace(&m_run->trace(TwinRun::Side(side)));
        s->setSource(m_run->sourceFile(TwinRun::Side(side)), m_run->sourceText(TwinRun::Side(side)));
        s->setCursor(0);
    }
    m_model->setTwinRun(m_run);
    setCurrentRow(0);
    Q_EMIT shown();
}

void CompareWindow::runFailed(const QString &message)
{
    m_status->setText(QStringLiteral("<span style='color:#c0392b'>Cannot compare: %1</span>").arg(message.toHtmlEscaped()));
    updateActions();
    Q_EMIT shown();
}

int CompareWindow::currentRow() const
{
    return m_table->currentIndex().row();
}

void CompareWindow::setCurrentRow(int row)
{
    if (m_model->rowCount() == 0)
        return;
    row = std::clamp(row, 0, m_model->rowCount() - 1);
    m_table->setCurrentIndex(m_model->index(row, CompareModel::CppColumn));
    m_table->scrollTo(m_table->currentIndex());
    showRow(row); // also when the row did not change (the first show)
}

void CompareWindow::showRow(int row)
{
    const auto &rows = m_run->rows();
    if (row < 0 || std::size_t(row) >= rows.size())
        return;
    const TwinRow &current = rows[std::size_t(row)];
    for (int side = 0; side < TwinRun::SideCount; ++side) {
        // A side with no step on this row stays where its last step left it.
        int step = -1;
        for (int r = row; r >= 0 && step < 0; --r)
            step = side == TwinRun::Cpp ? rows[std::size_t(r)].cpp : rows[std::size_t(r)].python;
        Session *s = m_sessions[side];
        if (step >= 0) {
            const TwinStep &st = m_run->steps(TwinRun::Side(side))[std::size_t(step)];
            s->showEvent(st.event);
            s->select(st.coro);
        } else {
            s->setCursor(0);
        }
        const bool here = (side == TwinRun::Cpp ? current.cpp : current.python) >= 0;
        const QString language = side == TwinRun::Cpp ? QStringLiteral("C++") : QStringLiteral("Python");
        const QString ending = m_run->ending(TwinRun::Side(side));
        QString title = QStringLiteral("<b>%1</b> — %2").arg(language, QFileInfo(m_run->sourceFile(TwinRun::Side(side))).fileName());
        if (!current.equal)
            title += here ? QStringLiteral(" <span style='color:#b9770e'>≠ differs at this step</span>")
                          : QStringLiteral(" <span style='color:#b9770e'>≠ no step here: it waits</span>");
        if (!ending.isEmpty())
            title += QStringLiteral(" · ended: ") + ending.toHtmlEscaped();
        m_titles[side]->setText(title);
    }
    const auto differences = m_run->differences().size();
    m_status->setText(QStringLiteral("Step %1 of %2 · %3")
                          .arg(row + 1)
                          .arg(rows.size())
                          .arg(differences == 0 ? QStringLiteral("the two runs take the same steps")
                                                : differences == 1 ? QStringLiteral("they differ in 1 place (≠)")
                                                                   : QStringLiteral("they differ in %1 places (≠)").arg(differences)));
    updateActions();
}

void CompareWindow::jumpToDifference(int direction)
{
    const std::vector<std::size_t> &places = m_run->differences();
    const auto row = std::size_t(std::max(currentRow(), 0));
    if (direction > 0) {
        const auto next = std::upper_bound(places.cbegin(), places.cend(), row);
        if (next != places.cend())
            setCurrentRow(int(*next));
    } else {
        const auto next = std::lower_bound(places.cbegin(), places.cend(), row);
        if (next != places.cbegin())
            setCurrentRow(int(*std::prev(next)));
    }
}

void CompareWindow::updateActions()
{
    const int n = m_model->rowCount();
    const int row = currentRow();
    m_step->setEnabled(n > 0 && row < n - 1);
    m_stepBack->setEnabled(n > 0 && row > 0);
    m_first->setEnabled(n > 0 && row > 0);
    const std::vector<std::size_t> &places = m_run->differences();
    m_previousDifference->setEnabled(n > 0 && !places.empty() && int(places.front()) < row);
    m_nextDifference->setEnabled(n > 0 && !places.empty() && int(places.back()) > row);
    m_again->setEnabled(!m_run->sample().isEmpty() && !m_run->isRecording());
}

} // namespace coroscope::ui
