#pragma once

// The Source dock's content: the Source view under a one-line banner that says
// when the text shown is not simply the file the program was built from (it
// moved, it is gone, it changed after the build). Hidden when there is nothing
// to say, so a sample's source gets the whole dock.

#include <QWidget>

class QLabel;

namespace coroscope::ui {

class Session;
class SourceView;

class SourcePanel final : public QWidget
{
    Q_OBJECT
public:
    explicit SourcePanel(Session *session, QWidget *parent = nullptr);

    SourceView *view() const noexcept { return m_view; }
    QLabel *banner() const noexcept { return m_banner; }

private:
    void showNote();

    Session *m_session;
    QLabel *m_banner;
    SourceView *m_view;
};

} // namespace coroscope::ui
