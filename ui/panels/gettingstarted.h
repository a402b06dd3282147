#pragma once

// Help → Getting Started: the three keys, what a transition is, how to send a
// value into a generator, and the Timeline's legend.

#include <QDialog>

class QTextBrowser;

namespace coroscope::ui {

class GettingStarted final : public QDialog
{
    Q_OBJECT
public:
    explicit GettingStarted(QWidget *parent = nullptr);

    QString text() const;
    static QString html();

private:
    QTextBrowser *m_text;
};

} // namespace coroscope::ui
