#pragma once

// Searches the sample tree: a sample matches on its title, name, concept or
// explanation; a group shows while any of its samples does.

#include <QSortFilterProxyModel>

namespace coroscope::ui {

class SampleFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit SampleFilterModel(QObject *parent = nullptr);
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QStringList m_words;
};

} // namespace coroscope::ui
