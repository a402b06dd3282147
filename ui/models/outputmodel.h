#pragma once

// What the program printed up to the cursor, one row per line, each linked
// to the event that printed it.

#include "cursorprefixmodel.h"

#include <cstdint>
#include <vector>

namespace coroscope::ui {

class Session;

class OutputModel final : public CursorPrefixModel
{
    Q_OBJECT
public:
    enum Column { EventColumn, CoroutineColumn, TextColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole, EventRole };

    explicit OutputModel(Session *session, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // Everything shown, one line per row (for copying).
    QString text() const;

private:
    int printedRows() const;
    // With lines from the program's own stdout/stderr: the printed lines and
    // those, in the order they came (kProcess marks a process line's index).
    static constexpr std::uint32_t kProcess = 0x80000000u;
    void merge() const;
    mutable std::vector<std::uint32_t> m_merged;
    mutable std::size_t m_mergedOutputs = 0, m_mergedLines = 0;

    Session *m_session;
};

} // namespace coroscope::ui
