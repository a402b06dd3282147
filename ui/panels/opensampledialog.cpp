#include "opensampledialog.h"

#include "samplebrowser.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace coroscope::ui {

OpenSampleDialog::OpenSampleDialog(const QString &current, QWidget *parent)
    : QDialog(parent), m_browser(new SampleBrowser(this))
{
    setWindowTitle(QStringLiteral("Open Sample"));
    m_browser->setOpenButtonVisible(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_browser, 1);
    layout->addWidget(buttons);
    resize(560, 520);

    const auto accept = [this](const QString &name) {
        m_selected = name;
        QDialog::accept();
    };
    connect(m_browser, &SampleBrowser::sampleActivated, this, accept);
    connect(buttons, &QDialogButtonBox::accepted, this, [this, accept] {
        if (!m_browser->currentSample().isEmpty())
            accept(m_browser->currentSample());
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto enableOpen = [buttons](const QString &name) {
        buttons->button(QDialogButtonBox::Open)->setEnabled(!name.isEmpty());
    };
    connect(m_browser, &SampleBrowser::currentSampleChanged, this, enableOpen);
    m_browser->setCurrentSample(current);
    enableOpen(m_browser->currentSample());
    m_browser->searchBox()->setFocus();
}

} // namespace coroscope::ui
