#include "viewsetup.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QStyledItemDelegate>
#include <QTreeView>

namespace coroscope::ui {

void setUpTable(QTreeView *view)
{
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setAllColumnsShowFocus(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setTextElideMode(Qt::ElideRight);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->header()->setStretchLastSection(true);
    view->header()->setSectionsMovable(true);
    view->header()->setHighlightSections(false);
    view->header()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

void setColumnSamples(QTreeView *view, const QStringList &samples)
{
    setColumnSamples(view, view->header(), samples);
}

void setColumnSamples(QAbstractItemView *view, QHeaderView *header, const QStringList &samples)
{
    const QFontMetrics fm(view->font());
    const int padding = view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) * 2 + 16;
    for (int i = 0; i < samples.size(); ++i) {
        const QString title = view->model() ? view->model()->headerData(i, Qt::Horizontal).toString() : QString();
        const int width = std::max(fm.horizontalAdvance(samples[i]), fm.horizontalAdvance(title) + 8) + padding;
        header->resizeSection(i, width);
    }
}

namespace {
class ElideMiddleDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideMiddle;
    }
};
} // namespace

void elideMiddle(QAbstractItemView *view, int column)
{
    view->setItemDelegateForColumn(column, new ElideMiddleDelegate(view));
}

QLineEdit *makeFilterBox(const QString &placeholder, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

QLabel *makeCaption(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace coroscope::ui
