#pragma once

// The run-speed slider: Continue animates at 1 … 100 steps per second, or
// runs at full speed at the right end.

#include <QWidget>

class QLabel;
class QSlider;

namespace coroscope::ui {

class RunController;

class SpeedControl final : public QWidget
{
    Q_OBJECT
public:
    explicit SpeedControl(RunController *controller, QWidget *parent = nullptr);
    QSlider *slider() const { return m_slider; }
    // 0 = full speed.
    void setStepsPerSecond(int steps);
    static const QList<int> &speeds();

private:
    void apply(int position);

    RunController *m_controller;
    QSlider *m_slider;
    QLabel *m_label;
};

} // namespace coroscope::ui
