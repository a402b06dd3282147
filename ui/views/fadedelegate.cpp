#include "fadedelegate.h"

#include "animatedlistmodel.h"

#include <QAbstractItemView>
#include <QPainter>

namespace coroscope::ui {

FadeDelegate::FadeDelegate(QAbstractItemView *view) : QStyledItemDelegate(view), m_view(view)
{
    m_repaint.setInterval(40);
    connect(&m_repaint, &QTimer::timeout, this, [this] { m_view->viewport()->update(); });
    const auto arm = [this] {
        m_repaint.start();
        QTimer::singleShot(kFadeMs + 50, this, [this] {
            m_repaint.stop();
            m_view->viewport()->update();
        });
    };
    if (view->model())
        connect(view->model(), &QAbstractItemModel::rowsInserted, this, arm);
}

void FadeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const qint64 appeared = index.data(AnimatedListModel::AppearedRole).toLongLong();
    const qint64 age = appeared > 0 ? AnimatedListModel::clockMs() - appeared : kFadeMs;
    if (age >= 0 && age < kFadeMs) {
        QColor c = option.palette.color(QPalette::Highlight);
        c.setAlphaF(float(0.45 * (1.0 - double(age) / kFadeMs)));
        painter->fillRect(option.rect, c);
    }
    QStyledItemDelegate::paint(painter, option, index);
}

} // namespace coroscope::ui
