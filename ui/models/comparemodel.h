#pragma once

// The Compare window's table: one row per aligned step of a sample and its
// Python twin (TwinRun::rows()), the C++ step beside the Python one. A row
// where the runs diverge is marked: "≠" beside its number, a tinted
// background, and DivergentRole true. Reset as a whole by setTwinRun().

#include <QAbstractTableModel>

namespace coroscope::ui {

class TwinRun;

class CompareModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StepColumn, CppColumn, PythonColumn, ColumnCount };
    enum Role { DivergentRole = Qt::UserRole };

    explicit CompareModel(QObject *parent = nullptr);

    // The rows of `run` (not owned; nullptr or a run still recording: no rows).
    void setTwinRun(const TwinRun *run);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const TwinRun *m_run = nullptr;
    int m_rows = 0;
};

} // namespace coroscope::ui
