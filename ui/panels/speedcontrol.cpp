#include "speedcontrol.h"

#include "runcontroller.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

namespace coroscope::ui {

const QList<int> &SpeedControl::speeds()
{
    static const QList<int> s{1, 2, 5, 10, 20, 50, 100, 0};
    return s;
}

SpeedControl::SpeedControl(RunController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_slider(new QSlider(Qt::Horizontal, this)), m_label(new QLabel(this))
{
    m_slider->setObjectName(QStringLiteral("speedSlider"));
    m_slider->setRange(0, int(speeds().size()) - 1);
    m_slider->setPageStep(1);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setFixedWidth(fontMetrics().horizontalAdvance(QStringLiteral("000000000000")));
    m_slider->setToolTip(QStringLiteral("Run speed of Continue: steps per second, or full speed at the right end"));
    m_label->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("100 steps/s")) + 4);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(6);
    layout->addWidget(new QLabel(QStringLiteral("Speed"), this));
    layout->addWidget(m_slider);
    layout->addWidget(m_label);
    // A toolbar hands its spare width to any widget that may grow; the slider would pass it
    // on to the "Speed" caption and push the slider away from it.
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    connect(m_slider, &QSlider::valueChanged, this, &SpeedControl::apply);
    setStepsPerSecond(controller->stepsPerSecond());
    apply(m_slider->value());
}

void SpeedControl::setStepsPerSecond(int steps)
{
    const int i = int(speeds().indexOf(steps));
    m_slider->setValue(i >= 0 ? i : int(speeds().size()) - 1);
}

void SpeedControl::apply(int position)
{
    const int steps = speeds().value(position, 0);
    m_controller->setStepsPerSecond(steps);
    m_label->setText(steps ? QStringLiteral("%1 steps/s").arg(steps) : QStringLiteral("full speed"));
}

} // namespace coroscope::ui
