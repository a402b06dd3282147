#pragma once

// The Timeline's legend: each band, mark and arrow it draws, painted the same
// way beside what it means.

#include <QWidget>

namespace coroscope::ui {

class TimelineLegend final : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineLegend(QWidget *parent = nullptr);

    // The entries' texts, in the order they are drawn.
    static QStringList entries();
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int rowHeight() const;
};

} // namespace coroscope::ui
