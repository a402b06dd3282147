#include "flattableview.h"

#include <QHeaderView>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyleOptionFocusRect>

#include <algorithm>

namespace coroscope::ui {

FlatTableView::FlatTableView(QWidget *parent) : QAbstractItemView(parent), m_header(new QHeaderView(Qt::Horizontal, this))
{
    m_header->setSectionsClickable(false);
    m_header->setStretchLastSection(true);
    m_header->setSectionsMovable(true);
    m_header->setHighlightSections(false);
    m_header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    setHorizontalScrollMode(ScrollPerPixel);
    setAlternatingRowColors(true);
    setSelectionBehavior(SelectRows);
    setSelectionMode(SingleSelection);
    setEditTriggers(NoEditTriggers);
    setTextElideMode(Qt::ElideRight);
    auto relayout = [this] {
        updateGeometries();
        viewport()->update();
    };
    connect(m_header, &QHeaderView::sectionResized, this, relayout);
    connect(m_header, &QHeaderView::sectionMoved, this, relayout);
    connect(m_header, &QHeaderView::geometriesChanged, this, &FlatTableView::updateGeometries);
}

// ~QWidget closes a shown top-level view and hides its children: the header
// would then signal into this object's slots after its own part is gone.
FlatTableView::~FlatTableView()
{
    disconnect(m_header, nullptr, this, nullptr);
}

void FlatTableView::setSortingEnabled(bool enable)
{
    disconnect(m_sorting);
    m_header->setSectionsClickable(enable);
    m_header->setSortIndicatorShown(enable);
    if (enable) {
        m_sorting = connect(m_header, &QHeaderView::sortIndicatorChanged, this, [this](int column, Qt::SortOrder order) {
            if (model())
                model()->sort(column, order);
        });
    }
}

void FlatTableView::sortByColumn(int column, Qt::SortOrder order)
{
    const bool same = m_header->sortIndicatorSection() == column && m_header->sortIndicatorOrder() == order;
    m_header->setSortIndicator(column, order); // sorts through sortIndicatorChanged when it moved
    if ((same || !m_header->isSortIndicatorShown()) && model())
        model()->sort(column, order);
}

void FlatTableView::setModel(QAbstractItemModel *model)
{
    for (const auto &c : std::as_const(m_modelConnections))
        disconnect(c);
    m_modelConnections.clear();
    QAbstractItemView::setModel(model);
    m_header->setModel(model);
    m_rowHeight = 0;
    if (model) {
        using M = QAbstractItemModel;
        for (auto signal : {&M::rowsInserted, &M::rowsRemoved})
            m_modelConnections << connect(model, signal, this, &FlatTableView::modelChangedShape);
        m_modelConnections << connect(model, &M::modelReset, this, &FlatTableView::modelChangedShape);
        m_modelConnections << connect(model, &M::layoutChanged, this, &FlatTableView::modelChangedShape);
    }
    updateGeometries();
}

void FlatTableView::modelChangedShape()
{
    if (!m_rowHeightFromData)
        m_rowHeight = 0; // the first real row gives the height
    updateGeometries();
    viewport()->update();
}

int FlatTableView::rowHeight() const
{
    if (m_rowHeight > 0)
        return m_rowHeight;
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    int h = 0;
    m_rowHeightFromData = model() && model()->rowCount(rootIndex()) > 0;
    if (m_rowHeightFromData) {
        for (int c = 0; c < model()->columnCount(rootIndex()); ++c) {
            const QModelIndex i = model()->index(0, c, rootIndex());
            h = std::max(h, itemDelegateForIndex(i)->sizeHint(option, i).height());
        }
    }
    m_rowHeight = std::max(h, fontMetrics().height() + 2);
    return m_rowHeight;
}

int FlatTableView::firstVisibleRow() const
{
    return verticalScrollBar()->value();
}

int FlatTableView::visibleRowCount() const
{
    return std::max(1, viewport()->height() / rowHeight());
}

int FlatTableView::rowAt(int y) const
{
    if (!model() || y < 0)
        return -1;
    const int row = firstVisibleRow() + y / rowHeight();
    return row < model()->rowCount(rootIndex()) ? row : -1;
}

QRect FlatTableView::visualRect(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != model() || index.parent() != rootIndex()
        || m_header->isSectionHidden(index.column()))
        return {};
    const int h = rowHeight();
    return QRect(m_header->sectionViewportPosition(index.column()), (index.row() - firstVisibleRow()) * h,
                 m_header->sectionSize(index.column()), h);
}

void FlatTableView::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    if (!index.isValid() || index.model() != model())
        return;
    const int row = index.row(), first = firstVisibleRow(), n = visibleRowCount();
    int top = first;
    switch (hint) {
    case PositionAtTop:
        top = row;
        break;
    case PositionAtBottom:
        top = row - n + 1;
        break;
    case PositionAtCenter:
        top = row - n / 2;
        break;
    case EnsureVisible:
        if (row < first)
            top = row;
        else if (row >= first + n)
            top = row - n + 1;
        break;
    }
    verticalScrollBar()->setValue(top);
    // Horizontally, only what it takes to show the cell's left part.
    const int x = m_header->sectionPosition(index.column()), w = m_header->sectionSize(index.column());
    QScrollBar *h = horizontalScrollBar();
    if (x < h->value())
        h->setValue(x);
    else if (x + w > h->value() + viewport()->width())
        h->setValue(std::min(x, x + w - viewport()->width()));
}

QModelIndex FlatTableView::indexAt(const QPoint &point) const
{
    const int row = rowAt(point.y());
    const int column = m_header->logicalIndexAt(point.x());
    if (row < 0 || column < 0)
        return {};
    return model()->index(row, column, rootIndex());
}

QModelIndex FlatTableView::moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers)
{
    const int rows = model() ? model()->rowCount(rootIndex()) : 0;
    if (rows == 0)
        return {};
    const QModelIndex current = currentIndex();
    if (!current.isValid())
        return model()->index(std::min(firstVisibleRow(), rows - 1), 0, rootIndex());
    int row = current.row();
    switch (cursorAction) {
    case MoveUp:
    case MovePrevious:
        --row;
        break;
    case MoveDown:
    case MoveNext:
        ++row;
        break;
    case MovePageUp:
        row -= visibleRowCount();
        break;
    case MovePageDown:
        row += visibleRowCount();
        break;
    case MoveHome:
        row = 0;
        break;
    case MoveEnd:
        row = rows - 1;
        break;
    case MoveLeft:
    case MoveRight:
        return current; // whole rows: nothing to move to sideways
    }
    return model()->index(std::clamp(row, 0, rows - 1), current.column(), rootIndex());
}

int FlatTableView::horizontalOffset() const
{
    return m_header->offset();
}

int FlatTableView::verticalOffset() const
{
    return firstVisibleRow() * rowHeight();
}

bool FlatTableView::isIndexHidden(const QModelIndex &index) const
{
    return m_header->isSectionHidden(index.column());
}

void FlatTableView::setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    if (!model() || !selectionModel())
        return;
    const int rows = model()->rowCount(rootIndex()), columns = model()->columnCount(rootIndex());
    const QRect r = rect.normalized();
    const int h = rowHeight(), first = firstVisibleRow();
    // Floor division, so that a rectangle above the viewport reaches the rows scrolled out.
    auto rowOf = [&](int y) { return first + (y >= 0 ? y / h : -((-y + h - 1) / h)); };
    const int top = std::max(0, rowOf(r.top())), bottom = std::min(rows - 1, rowOf(r.bottom()));
    if (top > bottom || columns == 0) {
        selectionModel()->select(QItemSelection(), command);
        return;
    }
    selectionModel()->select(
        QItemSelection(model()->index(top, 0, rootIndex()), model()->index(bottom, columns - 1, rootIndex())), command);
}

QRegion FlatTableView::visualRegionForSelection(const QItemSelection &selection) const
{
    QRegion region;
    const int first = firstVisibleRow(), last = first + visibleRowCount(), h = rowHeight();
    for (const QItemSelectionRange &range : selection) {
        if (!range.isValid() || range.parent() != rootIndex())
            continue;
        const int top = std::max(range.top(), first), bottom = std::min(range.bottom(), last);
        if (top <= bottom)
            region += QRect(0, (top - first) * h, viewport()->width(), (bottom - top + 1) * h);
    }
    return region;
}

void FlatTableView::updateGeometries()
{
    if (m_inGeometries)
        return;
    m_inGeometries = true;
    const int headerHeight = m_header->isHidden() ? 0 : std::max(m_header->minimumHeight(), m_header->sizeHint().height());
    setViewportMargins(0, headerHeight, 0, 0);
    const QRect vg = viewport()->geometry();
    m_header->setGeometry(vg.left(), vg.top() - headerHeight, vg.width(), headerHeight);
    QMetaObject::invokeMethod(m_header, "updateGeometries");

    const int rows = model() ? model()->rowCount(rootIndex()) : 0;
    const int n = visibleRowCount();
    QScrollBar *v = verticalScrollBar();
    v->setRange(0, std::max(0, rows - n));
    v->setPageStep(n);
    v->setSingleStep(1);
    QScrollBar *h = horizontalScrollBar();
    h->setRange(0, std::max(0, m_header->length() - vg.width()));
    h->setPageStep(vg.width());
    h->setSingleStep(20);
    m_header->setOffset(h->value());
    m_inGeometries = false;
    QAbstractItemView::updateGeometries();
}

void FlatTableView::scrollContentsBy(int dx, int)
{
    if (dx)
        m_header->setOffset(horizontalScrollBar()->value());
    viewport()->update();
}

void FlatTableView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        m_rowHeight = 0;
        m_rowHeightFromData = false;
        updateGeometries();
    }
    QAbstractItemView::changeEvent(event);
}

// The stock dataChanged unites the rectangle of every index in the range: a
// queue position column over 100,000 rows. Only the rows on screen can need a repaint.
void FlatTableView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    Q_UNUSED(roles);
    if (!topLeft.isValid() || !bottomRight.isValid())
        return viewport()->update();
    const int first = std::max(topLeft.row(), firstVisibleRow());
    const int last = std::min(bottomRight.row(), firstVisibleRow() + visibleRowCount());
    if (first > last)
        return;
    const int h = rowHeight();
    viewport()->update(QRect(0, (first - firstVisibleRow()) * h, viewport()->width(), (last - first + 1) * h));
}

void FlatTableView::paintEvent(QPaintEvent *event)
{
    if (!model())
        return;
    QPainter painter(viewport());
    const int rows = model()->rowCount(rootIndex());
    const int h = rowHeight(), first = firstVisibleRow(), width = viewport()->width();
    const QRect area = event->rect();
    const int r0 = first + std::max(0, area.top()) / h;
    const int r1 = std::min(rows - 1, first + std::max(0, area.bottom()) / h);
    const int visualFirst = std::max(0, m_header->visualIndexAt(0));
    int visualLast = m_header->visualIndexAt(width - 1);
    if (visualLast < 0)
        visualLast = m_header->count() - 1;
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.showDecorationSelected = true; // whole rows are selected
    const QModelIndex current = currentIndex();
    for (int r = r0; r <= r1; ++r) {
        QStyleOptionViewItem row = option;
        row.rect = QRect(0, (r - first) * h, width, h);
        if (alternatingRowColors() && (r & 1))
            row.features |= QStyleOptionViewItem::Alternate;
        if (selectionModel() && selectionModel()->isRowSelected(r, rootIndex()))
            row.state |= QStyle::State_Selected;
        style()->drawPrimitive(QStyle::PE_PanelItemViewRow, &row, &painter, this);
        for (int v = visualFirst; v <= visualLast; ++v) {
            const int c = m_header->logicalIndex(v);
            if (c < 0 || m_header->isSectionHidden(c))
                continue;
            const QModelIndex index = model()->index(r, c, rootIndex());
            QStyleOptionViewItem cell = row;
            cell.rect = QRect(m_header->sectionViewportPosition(c), row.rect.top(), m_header->sectionSize(c), h);
            if (!(model()->flags(index) & Qt::ItemIsEnabled))
                cell.state &= ~QStyle::State_Enabled;
            itemDelegateForIndex(index)->paint(&painter, cell, index);
        }
        if (hasFocus() && current.isValid() && current.row() == r) {
            QStyleOptionFocusRect focus;
            focus.QStyleOption::operator=(row);
            focus.backgroundColor = palette().color(row.state & QStyle::State_Selected ? QPalette::Highlight : QPalette::Base);
            style()->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, &painter, this);
        }
    }
}

} // namespace coroscope::ui
