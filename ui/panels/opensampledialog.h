#pragma once

// File → Open Sample…: the sample browser in a dialog; the search box has the focus.

#include <QDialog>

namespace coroscope::ui {

class SampleBrowser;

class OpenSampleDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit OpenSampleDialog(const QString &current, QWidget *parent = nullptr);
    QString selectedSample() const { return m_selected; }
    SampleBrowser *browser() const { return m_browser; }

private:
    SampleBrowser *m_browser;
    QString m_selected;
};

} // namespace coroscope::ui
