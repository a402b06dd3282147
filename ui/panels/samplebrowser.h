#pragma once

// The sample programs grouped by concept, with a search box and, below, what
// the selected sample shows and what to watch for. Used by the Samples dock
// and by File → Open Sample….

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeView;

namespace coroscope::ui {

class SampleFilterModel;
class SampleListModel;

class SampleBrowser final : public QWidget
{
    Q_OBJECT
public:
    explicit SampleBrowser(QWidget *parent = nullptr);

    SampleListModel *model() const { return m_model; }
    SampleFilterModel *filterModel() const { return m_filter; }
    QTreeView *view() const { return m_view; }
    QLineEdit *searchBox() const { return m_search; }
    // The sample under the cursor; empty when a group or nothing is selected.
    QString currentSample() const;
    void setCurrentSample(const QString &name);
    // Shows an "Open" button under the description (the dock has one, the dialog has its own buttons).
    void setOpenButtonVisible(bool visible);
    QPushButton *openButton() const { return m_open; }
    // "Open in Python": the sample's Python twin, where it has one.
    QPushButton *openPythonButton() const { return m_openPython; }
    // "Compare": the sample and its twin stepped side by side.
    QPushButton *compareButton() const { return m_compare; }
    QString descriptionText() const;

public Q_SLOTS:
    // What is open, shown in the list and the description: a sample, or a replayed trace file
    // (and the sample it was recorded from, when known).
    void showOpenSample(const QString &name);
    void showOpenTrace(const QString &fileName, const QString &recordedFrom);

Q_SIGNALS:
    void sampleActivated(const QString &name); // double-click or Enter
    void openClicked(const QString &name);     // the Open button
    void openPythonClicked(const QString &name); // the Open in Python button
    void compareClicked(const QString &name);    // the Compare button
    void currentSampleChanged(const QString &name);

private:
    void showDescription();
    void clearFilterFor(const QString &name);

    SampleListModel *m_model;
    SampleFilterModel *m_filter;
    QLineEdit *m_search;
    QTreeView *m_view;
    QLabel *m_description;
    QPushButton *m_open;
    QPushButton *m_openPython;
    QPushButton *m_compare;
    QString m_replaying;     // the trace file open for replay, when one is
    QString m_replayingFrom; // the sample it was recorded from
};

} // namespace coroscope::ui
