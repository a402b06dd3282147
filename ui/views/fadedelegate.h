#pragma once

// Paints a highlight behind rows that just appeared (AnimatedListModel::AppearedRole)
// and lets it fade, so entries joining the ready queue or the timers catch the eye.
// The owning view is repainted while a fade is in progress.

#include <QStyledItemDelegate>
#include <QTimer>

class QAbstractItemView;

namespace coroscope::ui {

class FadeDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    static constexpr int kFadeMs = 900;

    explicit FadeDelegate(QAbstractItemView *view);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    QAbstractItemView *m_view;
    QTimer m_repaint;
};

} // namespace coroscope::ui
