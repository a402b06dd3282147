#include "samplelistmodel.h"

#include <QFont>

namespace coroscope::ui {

namespace {
// Internal ids: 0 for a group row, group index + 1 for a sample row.
constexpr quintptr kGroupId = 0;

std::vector<samples::SampleInfo> libraryInfos()
{
    std::vector<samples::SampleInfo> infos;
    for (const samples::Sample &s : samples::allSamples())
        infos.push_back(s.info);
    return infos;
}
} // namespace

SampleListModel::SampleListModel(QObject *parent) : SampleListModel(libraryInfos(), parent) {}

SampleListModel::SampleListModel(const std::vector<samples::SampleInfo> &samples, QObject *parent)
    : QAbstractItemModel(parent)
{
    build(samples);
}

void SampleListModel::build(const std::vector<samples::SampleInfo> &samples)
{
    for (const auto &s : samples) {
        auto it = std::find_if(m_groups.begin(), m_groups.end(), [&s](const Group &g) { return g.group == s.group; });
        if (it == m_groups.end())
            it = m_groups.insert(m_groups.end(), Group{s.group, {}});
        it->samples.push_back(s);
    }
}

QModelIndex SampleListModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kGroupId);
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex SampleListModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kGroupId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kGroupId);
}

int SampleListModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() == kGroupId && parent.column() == 0)
        return int(m_groups[std::size_t(parent.row())].samples.size());
    return 0;
}

int SampleListModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

const samples::SampleInfo *SampleListModel::sampleAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() == kGroupId)
        return nullptr;
    const Group &g = m_groups[std::size_t(index.internalId() - 1)];
    return &g.samples[std::size_t(index.row())];
}

QModelIndex SampleListModel::indexOf(const QString &sampleName) const
{
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        const auto &list = m_groups[g].samples;
        for (std::size_t i = 0; i < list.size(); ++i)
            if (list[i].name == sampleName)
                return createIndex(int(i), 0, quintptr(g) + 1);
    }
    return {};
}

QVariant SampleListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const samples::SampleInfo *s = sampleAt(index);
    if (!s) {
        const Group &g = m_groups[std::size_t(index.row())];
        switch (role) {
        case Qt::DisplayRole:
        case SortRole:
            return index.column() == TitleColumn ? QVariant(g.group) : QVariant();
        case FilterTextRole:
            return g.group;
        case Qt::FontRole: {
            QFont f;
            f.setBold(true);
            return f;
        }
        case SampleNameRole:
            return QString();
        default:
            return {};
        }
    }
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        return index.column() == TitleColumn ? s->title : s->name;
    case Qt::ToolTipRole:
        return QStringLiteral("<b>%1</b> (%2)<br>%3").arg(s->title, s->name, s->explanation);
    case SampleNameRole:
        return s->name;
    case ExplanationRole:
        return s->explanation;
    case FilterTextRole:
        return QStringList{s->title, s->name, s->group, s->explanation}.join(u' ');
    default:
        return {};
    }
}

QVariant SampleListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    if (section == TitleColumn)
        return QStringLiteral("Sample");
    if (section == NameColumn)
        return QStringLiteral("Name");
    return {};
}

} // namespace coroscope::ui
