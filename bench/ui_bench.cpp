// coroscope-ui-bench: the views at scale, offscreen. A program of many tasks
// (100,000 by default) is recorded through the real Recorder until the trace
// holds 10,000,000 events, saved, and opened in the real MainWindow the way a
// user opens a trace file (replay). Then, with every dock connected:
//   - timeline repaint at 1920×1080 (TimelineView::renderTo into a QImage),
//     at fit-all zoom and zoomed in, at random scroll positions;
//   - seek to a random event (Session::setCursor(k), then every view updates
//     and repaints: the posted events are processed), and the fold alone
//     (SnapshotIndex::at);
//   - Step (Session::setCursor(k + 1)) with the same processing; for both, the
//     part before any repaint too (*_models_*: the fold and every model's update);
//   - resident memory after opening and at the end, and the peak.
// Prints one line per figure ("key value unit") and, with --json FILE, writes them as JSON;
// --breakdown also prints each widget's paint time over the seeks and steps.
//
//   coroscope-ui-bench [--tasks N] [--events N] [--samples N] [--json FILE] [--breakdown]

#include "benchsupport.h"

#include "mainwindow.h"
#include "session.h"
#include "timelineview.h"

#include <coroscope/eventloop.h>
#include <coroscope/recorder.h>
#include <coroscope/task.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <vector>

using namespace coroscope;
using namespace std::chrono_literals;

namespace {

struct Figures
{
    QJsonObject json;
    void add(const char *key, double value, const char *unit)
    {
        std::printf("%-34s %12.3f %s\n", key, value, unit);
        std::fflush(stdout);
        json.insert(QString::fromLatin1(key), value);
    }
};

struct Stats
{
    std::vector<double> ms;
    double percentile(double p) const
    {
        if (ms.empty())
            return 0;
        std::vector<double> s = ms;
        std::sort(s.begin(), s.end());
        const auto i = std::size_t(std::min<double>(double(s.size() - 1), std::ceil(p * double(s.size())) - 1));
        return s[i];
    }
    double max() const { return ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end()); }
};

double msSince(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

// The recorded program: tasks that take turns on the loop. Mostly sleep(0)
// round trips (the densest kind of history), with a timer now and then and a
// return value, so every lane has running / parked / awaiting spans and marks.
struct Workload
{
    std::size_t targetEvents = 0;
    const Recorder *recorder = nullptr;
    bool enough() const { return recorder->trace().size() >= targetEvents; }
};

Task<int> worker(const Workload *w, int index)
{
    int rounds = 0;
    while (!w->enough()) {
        if ((rounds + index) % 16 == 15)
            co_await sleep(1ms);
        else
            co_await sleep(0ns);
        ++rounds;
    }
    co_return rounds;
}

QString recordTrace(const QString &dir, int tasks, std::size_t events, Figures &out)
{
    const QString path = dir + QStringLiteral("/scale.coroscope");
    QElapsedTimer t;
    t.start();
    {
        Recorder recorder;
        recorder.setEchoOutput(false);
        recorder.reserveEvents(events + events / 8);
        Workload w{events, &recorder};
        {
            EventLoop loop;
            for (int i = 0; i < tasks; ++i)
                loop.spawn(worker(&w, i));
            loop.runUntilIdle();
        }
        out.add("record_s", msSince(t) / 1000, "s");
        out.add("recorded_events", double(recorder.trace().size()), "events");
        out.add("recorded_coroutines", double(recorder.trace().coroutineCount()), "coroutines");
        t.restart();
        QString error;
        if (!recorder.trace().save(path, Trace::Format::Native, &error)) {
            std::fprintf(stderr, "cannot save the trace: %s\n", qPrintable(error));
            return {};
        }
        out.add("save_s", msSince(t) / 1000, "s");
    }
    bench::trimHeap();
    return path;
}

// With --breakdown: the time each widget spends painting, summed over the seeks and steps,
// to say which view a slow figure comes from.
class PaintTimes final : public QObject
{
public:
    std::map<QString, double> ms;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || m_depth > 0)
            return false;
        ++m_depth;
        QElapsedTimer t;
        t.start();
        QCoreApplication::sendEvent(watched, event); // reentrant: filtered out by m_depth
        --m_depth;
        // Named after the nearest ancestor with a name of ours (Qt's internal ones start with qt_).
        QObject *named = watched->parent();
        while (named && (named->objectName().isEmpty() || named->objectName().startsWith(u"qt_")))
            named = named->parent();
        ms[QString::fromLatin1(watched->metaObject()->className()) + u' '
           + (named ? QString::fromLatin1(named->metaObject()->className()) + u' ' + named->objectName() : QString())]
            += msSince(t);
        return true;
    }

private:
    int m_depth = 0;
};

// Lets every view react to what the Session emitted, and paint.
void settle()
{
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents(QEventLoop::AllEvents);
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("coroscope-bench")); // keeps the user's settings out
    QCoreApplication::setApplicationName(QStringLiteral("coroscope-ui-bench"));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("tasks"), QStringLiteral("Tasks (coroutines) in the program."),
                      QStringLiteral("n"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("events"), QStringLiteral("Events to record."), QStringLiteral("n"),
                      QStringLiteral("10000000")});
    parser.addOption({QStringLiteral("samples"), QStringLiteral("Measurements per figure."), QStringLiteral("n"),
                      QStringLiteral("60")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Also write the figures here."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("breakdown"), QStringLiteral("Print each widget's paint time over the seeks and steps.")});
    parser.process(app);
    const int tasks = parser.value(QStringLiteral("tasks")).toInt();
    const auto events = std::size_t(parser.value(QStringLiteral("events")).toLongLong());
    const int samples = std::max(5, parser.value(QStringLiteral("samples")).toInt());

    Figures out;
    QTemporaryDir dir;
    const std::size_t rssStart = bench::currentRssBytes();
    const QString path = recordTrace(dir.path(), tasks, events, out);
    if (path.isEmpty())
        return 1;
    const std::size_t rssBeforeOpen = bench::currentRssBytes();
    bench::resetPeakRss(); // the peak from here on is the app's, not the recording's

    ui::MainWindow window;
    window.resize(1920, 1080);
    window.show();
    settle();

    QElapsedTimer t;
    t.start();
    QString error;
    if (!window.openTraceFile(path, &error)) {
        std::fprintf(stderr, "cannot open the trace: %s\n", qPrintable(error));
        return 1;
    }
    settle();
    out.add("open_s", msSince(t) / 1000, "s");
    ui::Session *session = window.session();
    const std::size_t n = session->trace().size();
    out.add("events", double(n), "events");
    out.add("coroutines", double(session->trace().coroutineCount()), "coroutines");
    const std::size_t rssOpen = bench::currentRssBytes();
    out.add("rss_open_MB", double(rssOpen) / 1048576.0, "MB");
    out.add("rss_before_open_MB", double(rssBeforeOpen) / 1048576.0, "MB");

    QRandomGenerator rng(20240601);
    auto randomEvent = [&rng, n] { return std::size_t(rng.bounded(quint64(n))) + 1; };

    // Timeline repaint at 1920×1080: fit-all (every event in 1920 px) and zoomed in.
    auto *timeline = window.findChild<ui::TimelineView *>();
    if (timeline) {
        QImage image(1920, 1080, QImage::Format_ARGB32_Premultiplied);
        const QRect area(0, 0, 1920, 1080);
        auto repaint = [&] {
            QPainter p(&image);
            QElapsedTimer r;
            r.start();
            timeline->renderTo(p, area);
            return msSince(r);
        };
        repaint(); // builds the span lists once (TimelineData::update), reported separately
        Stats fit, zoomed;
        timeline->zoomToFit();
        for (int i = 0; i < samples; ++i) {
            timeline->scrollToLane(CoroId(rng.bounded(quint32(tasks)) + 1));
            fit.ms.push_back(repaint());
        }
        const double zooms[] = {0.05, 1, 8, ui::TimelineView::kMaxPixelsPerEvent};
        for (int i = 0; i < samples; ++i) {
            timeline->setPixelsPerEvent(zooms[i % 4]);
            timeline->scrollToEvent(double(randomEvent()));
            timeline->scrollToLane(CoroId(rng.bounded(quint32(tasks)) + 1));
            zoomed.ms.push_back(repaint());
        }
        Stats all;
        all.ms = fit.ms;
        all.ms.insert(all.ms.end(), zoomed.ms.begin(), zoomed.ms.end());
        out.add("timeline_repaint_fit_p95_ms", fit.percentile(0.95), "ms");
        out.add("timeline_repaint_zoomed_p95_ms", zoomed.percentile(0.95), "ms");
        out.add("timeline_repaint_p95_ms", all.percentile(0.95), "ms");
        out.add("timeline_repaint_max_ms", all.max(), "ms");
        timeline->zoomToFit();
    } else {
        std::fprintf(stderr, "no TimelineView in the main window\n");
    }

    // Seek: the fold alone, then the whole window (every dock updated and repainted).
    PaintTimes seekPaints, stepPaints;
    const bool breakdown = parser.isSet(QStringLiteral("breakdown"));
    auto measurePaints = [&app, &seekPaints, &stepPaints, breakdown](PaintTimes *paints) {
        app.removeEventFilter(&seekPaints);
        app.removeEventFilter(&stepPaints);
        if (breakdown && paints)
            app.installEventFilter(paints);
    };
    Stats fold, seek, step, seekModels, stepModels;
    for (int i = 0; i < samples; ++i) {
        const std::size_t k = randomEvent();
        QElapsedTimer s;
        s.start();
        const Snapshot snap = session->index().at(k);
        fold.ms.push_back(msSince(s));
        Q_UNUSED(snap);
    }
    // Seeks to random events, each followed by a step forward: every view updated and repainted.
    // With --breakdown, the first pass also times each widget's painting.
    auto seeksAndSteps = [&](int count, bool timePaints, Stats &seekAll, Stats &stepAll, Stats &seekPart,
                             Stats &stepPart) {
        for (int i = 0; i < count; ++i) {
            const std::size_t k = randomEvent();
            QElapsedTimer s;
            s.start();
            measurePaints(timePaints ? &seekPaints : nullptr);
            session->setCursor(k); // the models update in the signal; the views repaint in settle()
            seekPart.ms.push_back(msSince(s));
            settle();
            seekAll.ms.push_back(msSince(s));
            if (k < n) {
                measurePaints(timePaints ? &stepPaints : nullptr);
                s.restart();
                session->setCursor(k + 1);
                stepPart.ms.push_back(msSince(s));
                settle();
                stepAll.ms.push_back(msSince(s));
            }
        }
    };
    seeksAndSteps(samples, true, seek, step, seekModels, stepModels);
    measurePaints(nullptr);
    for (const auto &[what, paints] : {std::pair("seeks", &seekPaints), std::pair("steps", &stepPaints)}) {
        for (const auto &[widget, ms] : paints->ms)
            if (ms >= 1)
                std::printf("  paint %-50s %10.1f ms in all %s\n", qPrintable(widget), ms, what);
    }
    out.add("seek_fold_p95_ms", fold.percentile(0.95), "ms");
    out.add("seek_fold_max_ms", fold.max(), "ms");
    out.add("seek_p95_ms", seek.percentile(0.95), "ms");
    out.add("seek_max_ms", seek.max(), "ms");
    out.add("seek_models_p95_ms", seekModels.percentile(0.95), "ms"); // the part before any repaint
    out.add("step_p95_ms", step.percentile(0.95), "ms");
    out.add("step_models_p95_ms", stepModels.percentile(0.95), "ms");
    out.add("step_max_ms", step.max(), "ms");

    // The same with the Timeline tab on top of the Coroutines one (the default layout shows the
    // table): the timeline then repaints on every cursor move.
    if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("timelineDock"))) {
        dock->raise();
        settle();
        Stats seekTimeline, stepTimeline, unused1, unused2;
        seeksAndSteps(std::max(5, samples / 2), false, seekTimeline, stepTimeline, unused1, unused2);
        out.add("seek_timeline_shown_p95_ms", seekTimeline.percentile(0.95), "ms");
        out.add("seek_timeline_shown_max_ms", seekTimeline.max(), "ms");
        out.add("step_timeline_shown_p95_ms", stepTimeline.percentile(0.95), "ms");
        out.add("step_timeline_shown_max_ms", stepTimeline.max(), "ms");
    }

    out.add("rss_end_MB", double(bench::currentRssBytes()) / 1048576.0, "MB");
    out.add("peak_rss_MB", double(bench::peakRssBytes()) / 1048576.0, "MB"); // since the trace was opened
    out.add("rss_before_record_MB", double(rssStart) / 1048576.0, "MB");
    out.add("snapshot_index_MB", double(session->index().bytesResident()) / 1048576.0, "MB");
    out.add("trace_MB", double(session->trace().bytesResident()) / 1048576.0, "MB");
    if (timeline)
        out.add("timeline_data_MB", double(timeline->data().bytesResident()) / 1048576.0, "MB");

    if (parser.isSet(QStringLiteral("json"))) {
        QFile f(parser.value(QStringLiteral("json")));
        if (f.open(QIODevice::WriteOnly))
            f.write(QJsonDocument(out.json).toJson());
    }
    return 0; // not close(): that would save the window layout into the user's settings
}
