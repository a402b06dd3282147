#pragma once

// The sample programs as a tree: concept groups ("Generators", "Async" …) in
// catalogue order, each with its samples.

#include <samplelibrary.h>

#include <QAbstractItemModel>
#include <vector>

namespace coroscope::ui {

class SampleListModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { TitleColumn, NameColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole,
        SampleNameRole, // "send_accumulator"; empty for a group
        ExplanationRole,
        FilterTextRole, // title, name, concept and explanation
    };

    // The samples of the library (samples::allSamples()) by default.
    explicit SampleListModel(QObject *parent = nullptr);
    explicit SampleListModel(const std::vector<samples::SampleInfo> &samples, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QModelIndex indexOf(const QString &sampleName) const;
    const samples::SampleInfo *sampleAt(const QModelIndex &index) const;

private:
    struct Group
    {
        QString group;
        std::vector<samples::SampleInfo> samples;
    };
    void build(const std::vector<samples::SampleInfo> &samples);
    std::vector<Group> m_groups;
};

} // namespace coroscope::ui
