#include "comparemodel.h"

#include "twinrun.h"

#include <QColor>

namespace coroscope::ui {

CompareModel::CompareModel(QObject *parent) : QAbstractTableModel(parent) {}

void CompareModel::setTwinRun(const TwinRun *run)
{
    beginResetModel();
    m_run = run;
    m_rows = run && !run->isRecording() ? int(run->rows().size()) : 0;
    endResetModel();
}

int CompareModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int CompareModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CompareModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TwinRow &row = m_run->rows()[std::size_t(index.row())];
    auto step = [&](TwinRun::Side side) -> const TwinStep * {
        const int i = side == TwinRun::Cpp ? row.cpp : row.python;
        return i >= 0 ? &m_run->steps(side)[std::size_t(i)] : nullptr;
    };
    // People read the steps as recorded; the comparison is of their normalised text (the tooltip).
    auto stepText = [&](TwinRun::Side side) { return step(side) ? step(side)->shown : QString(); };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StepColumn:
            return row.equal ? QString::number(index.row() + 1) : QString::number(index.row() + 1) + QStringLiteral(" ≠");
        case CppColumn:
            return stepText(TwinRun::Cpp);
        case PythonColumn:
            return stepText(TwinRun::Python);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() != StepColumn && step(TwinRun::Side(index.column() - CppColumn)))
            return QString(QStringLiteral("Compared as: ") + step(TwinRun::Side(index.column() - CppColumn))->text);
        if (row.equal)
            return QStringLiteral("Both runs take this step.");
        if (row.cpp < 0)
            return QStringLiteral("Only the Python twin takes this step here.");
        if (row.python < 0)
            return QStringLiteral("Only the C++ sample takes this step here.");
        return QStringLiteral("The runs differ here.");
    case Qt::BackgroundRole:
        return row.equal ? QVariant() : QVariant(QColor(255, 214, 150, 110)); // amber, readable in light and dark
    case Qt::TextAlignmentRole:
        return index.column() == StepColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case DivergentRole:
        return !row.equal;
    default:
        return {};
    }
}

QVariant CompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StepColumn:
        return QStringLiteral("Step");
    case CppColumn:
        return QStringLiteral("C++ sample");
    case PythonColumn:
        return QStringLiteral("Python twin");
    default:
        return {};
    }
}

} // namespace coroscope::ui
