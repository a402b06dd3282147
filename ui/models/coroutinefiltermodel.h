#pragma once

// Filters and sorts the Coroutines table: free text (id, name, kind, state,
// point, awaiting), and optionally only live coroutines or only warnings.
// Library internals are hidden unless shown; futures can be hidden.

#include <QSortFilterProxyModel>

namespace coroscope::ui {

class CoroutineFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit CoroutineFilterModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    // Hide coroutines that have finished (done, failed, cancelled, destroyed).
    void setHideFinished(bool hide);
    bool hideFinished() const { return m_hideFinished; }
    void setWarningsOnly(bool only);
    bool warningsOnly() const { return m_warningsOnly; }
    // Off by default: gather's task and future, a Queue's put/get (isLibraryInternal).
    void setShowInternals(bool show);
    bool showsInternals() const { return m_showInternals; }
    void setShowFutures(bool show);
    bool showsFutures() const { return m_showFutures; }

    // Ascending by id is the source's own order: the proxy then keeps it
    // without sorting, so that a seek that adds 100,000 rows appends them
    // instead of placing each with a binary search.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    // With no filter and the source's order, a changed row can neither move nor
    // hide: the proxy then skips re-checking the rows of every dataChanged (all
    // of them after a seek over 100,000 coroutines).
    void updateDynamic();

    QString m_text;
    bool m_hideFinished = false;
    bool m_warningsOnly = false;
    bool m_showInternals = false;
    bool m_showFutures = true;
};

} // namespace coroscope::ui
