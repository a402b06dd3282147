#pragma once

// TwinRun: a sample and its Python twin, each recorded to its end in its own
// child process (the sample by coroscope-runner, the twin by python3 under the
// tracer, as File → Open Program runs them), then compared step by step
// (twincomparison.h). The Compare window steps through the aligned rows; each
// side keeps its whole trace, so stepping back and forth is free.

#include <coroscope/trace.h>
#include <coroscope/twincomparison.h>

#include <QObject>
#include <QString>

namespace coroscope {
class ProcessRunner;
}

namespace coroscope::ui {

class TwinRun final : public QObject
{
    Q_OBJECT
public:
    enum Side { Cpp, Python, SideCount };

    explicit TwinRun(QObject *parent = nullptr);
    ~TwinRun() override;

    // Records `sample` and its twin; ready() or failed() follows. False (and *error) at once
    // when there is no such sample, it has no twin or the tracer is not installed.
    bool start(const QString &sample, QString *error);
    bool isRecording() const noexcept { return m_pending > 0; }

    QString sample() const { return m_sample; }
    const Trace &trace(Side side) const noexcept { return m_traces[side]; }
    const std::vector<TwinStep> &steps(Side side) const noexcept { return m_steps[side]; }
    const std::vector<TwinRow> &rows() const noexcept { return m_rows; }
    // The first row of each place where the runs differ (differenceStarts), in order.
    const std::vector<std::size_t> &differences() const noexcept { return m_differences; }
    // The file each side's sites name, and its text, for the Source view.
    QString sourceFile(Side side) const { return m_sourceFiles[side]; }
    QString sourceText(Side side) const { return m_sourceTexts[side]; }
    // How a side ended when it did not complete ("deadlock: …", an exception); empty otherwise.
    QString ending(Side side) const { return m_endings[side]; }

    // Writes the sample's twin to the cache folder (CPython runs files, and the Source view and
    // breakpoints name it) and returns its path; empty and *error when it cannot.
    static QString writeTwin(const QString &sample, QString *error);

Q_SIGNALS:
    void ready();
    void failed(const QString &message);

private:
    void sideFinished(Side side);

    ProcessRunner *m_runners[SideCount];
    Trace m_traces[SideCount];
    std::vector<TwinStep> m_steps[SideCount];
    QString m_sourceFiles[SideCount];
    QString m_sourceTexts[SideCount];
    QString m_endings[SideCount];
    std::vector<TwinRow> m_rows;
    QString m_sample;
    std::vector<std::size_t> m_differences;
    int m_pending = 0;
};

} // namespace coroscope::ui
