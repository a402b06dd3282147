#pragma once

// The Coroutines dock's table: one row per coroutine created up to the
// cursor (row r is coroutine r + 1). A cursor move re-reads the Snapshot and
// announces only the rows that changed, so a step with 10,000 coroutines
// costs one comparison per row and a handful of dataChanged signals. A seek
// that changes most of 100,000 rows is announced as one range over the
// columns that can change (not the id a sorted view orders by), so that the
// sort/filter proxy above does not re-check the order of every row.

#include <coroscope/snapshot.h>
#include <coroscope/warnings.h>

#include <QAbstractTableModel>
#include <optional>
#include <vector>

namespace coroscope::ui {

class Session;

class CoroutineModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        NameColumn,
        KindColumn,
        StateColumn,
        PointColumn,
        ResumesColumn,
        LastValueColumn,
        AwaitingColumn,
        FrameColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole, // numbers as numbers
        CoroIdRole,
        StateRole,    // CoroutineState as int
        WarningsRole, // bits (1 << WarningKind), including the ones derived from the snapshot
        CurrentRole,  // true for the coroutine running at the cursor
        KindRole,     // CoroutineKind as int
        InternalRole, // true for a library internal (isLibraryInternal)
    };

    explicit CoroutineModel(Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static CoroId coroutineAt(int row) { return CoroId(row + 1); }
    QModelIndex indexOf(CoroId id, int column = 0) const;
    // The sort key of the numeric columns (id, state, resumes, frame) without a
    // QVariant: the sort/filter proxy compares ~17 pairs per row it places.
    std::optional<qint64> numericSortKey(int row, int column) const;
    // Warnings shown for a coroutine: the recorded ones plus those the snapshot implies
    // (on an await cycle, parked when the loop ran dry, a frame alive at the end).
    std::uint16_t warnings(CoroId id) const;
    // Rows of live coroutines (created, running or parked) and rows with a warning,
    // kept as rows change: the dock's summary reads them on every step.
    int liveCount() const noexcept { return m_live; }
    int warningRowCount() const noexcept { return m_withWarnings; }
    // Live rows and all rows among the coroutines shown when library internals and futures
    // are shown or not (the Coroutines dock's switches).
    struct Counts
    {
        int live = 0, rows = 0;
    };
    Counts counts(bool internals, bool futures) const noexcept;

private:
    struct Row
    {
        CoroutineSnapshot c;
        std::uint16_t warnings = 0;
        bool current = false;
        std::uint8_t group = 0; // kGroupInternal | kGroupFuture, fixed for the coroutine
    };
    static constexpr std::uint8_t kGroupInternal = 1, kGroupFuture = 2;
    std::uint8_t groupOf(CoroId id) const;
    // What every row at the cursor is computed from, gathered once per cursor move.
    struct Context
    {
        const Snapshot *s;
        CoroId current;
        WarningRules warnings;
    };
    // What the rows were computed from, beyond each coroutine's own snapshot.
    struct Basis
    {
        std::size_t cursor = 0;
        CoroId current = 0;
        bool deadlocked = false, finished = false, leakCheck = false;
        std::vector<CoroId> cycle;
        bool sameGlobals(const Basis &o) const
        {
            return deadlocked == o.deadlocked && finished == o.finished && leakCheck == o.leakCheck;
        }
    };
    void rebuild();
    void update();
    bool updateStep();
    void remember(const Context &ctx);
    Context contextAtCursor() const;
    std::size_t rowCountAtCursor() const;
    Row rowAt(const Context &ctx, CoroId id) const;
    QVariant display(const Row &row, CoroId id, int column) const;
    QString toolTip(const Row &row, CoroId id, int column) const;
    void tally(const Row &row, int sign) noexcept; // adds to (1) or takes from (-1) the counts
    void assign(Row &row, const Row &next) noexcept;

    Session *m_session;
    std::vector<Row> m_rows;
    Basis m_basis;
    int m_live = 0;
    int m_withWarnings = 0;
    Counts m_byGroup[4]; // by Row::group
};

} // namespace coroscope::ui
