// IteratorTrace: a hand-written iterator records itself like a generator.

#include <coroscope/iteratortrace.h>
#include <coroscope/recorder.h>

#include <QTest>

using namespace coroscope;

namespace {

// Counts to `limit` by hand: explicit state instead of a generator frame.
class Counter
{
public:
    explicit Counter(int limit) : m_limit(limit) {}
    std::optional<int> next()
    {
        auto step = m_trace.step();
        if (m_state == 0) {
            m_trace.stateChanged(QStringLiteral("counting"));
            m_state = 1;
        }
        if (m_state == 1 && m_n < m_limit) {
            print("counter at", m_n);
            m_trace.yielded(m_n);
            return m_n++;
        }
        m_state = 2;
        m_trace.finish();
        return std::nullopt;
    }
    CoroId id() const { return m_trace.id(); }

private:
    IteratorTrace m_trace{QStringLiteral("Counter")};
    int m_limit;
    int m_n = 0;
    int m_state = 0;
};

QString describe(const Trace &t, const Event &e)
{
    QString s = nameOf(e.kind);
    if (e.kind == EventKind::Started || e.kind == EventKind::Resumed)
        s += u':' + nameOf(ResumeKind(e.aux));
    if (e.kind == EventKind::Destroyed)
        s += QStringLiteral(":%1").arg(e.aux);
    if (argIsValue(e.kind))
        s += u' ' + t.valueText(e.arg);
    return s;
}

} // namespace

class TestIteratorTrace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void worksWithoutARecorder()
    {
        Counter c(2);
        QCOMPARE(c.id(), CoroId(0));
        QCOMPARE(c.next(), std::optional<int>(0));
        QCOMPARE(c.next(), std::optional<int>(1));
        QCOMPARE(c.next(), std::nullopt);
        QCOMPARE(detail::t_current, CoroId(0));
    }

    void recordsTheProtocolInOrder()
    {
        Recorder rec;
        rec.setEchoOutput(false);
        CoroId id = 0;
        {
            Counter c(2);
            id = c.id();
            while (c.next()) {
            }
            QCOMPARE(c.next(), std::nullopt); // exhausted: StopIteration again, recorded once
        }
        const Trace &t = rec.trace();
        QCOMPARE(t.coroutine(id).kind, CoroutineKind::Iterator);
        QCOMPARE(t.coroutine(id).name, QStringLiteral("Counter"));
        QStringList events;
        for (const Event &e : t.events()) {
            QCOMPARE(e.coro, id);
            events << describe(t, e);
        }
        QCOMPARE(events, (QStringList{
            QStringLiteral("created"), QStringLiteral("started:next"), QStringLiteral("state_changed \"counting\""),
            QStringLiteral("output counter at 0"), QStringLiteral("yielded 0"), QStringLiteral("resumed:next"),
            QStringLiteral("output counter at 1"), QStringLiteral("yielded 1"), QStringLiteral("resumed:next"),
            QStringLiteral("returned None"), QStringLiteral("resumed:next"), QStringLiteral("destroyed:0")}));
    }

    void sitesAreWhereTheCallsAre()
    {
        Recorder rec;
        Counter c(1);
        c.next();
        c.next();
        const Trace &t = rec.trace();
        int yieldLine = 0;
        for (const Event &e : t.events()) {
            if (e.kind == EventKind::Yielded)
                yieldLine = t.site(e.site).line;
            if (e.kind == EventKind::Resumed) // resumed where it was parked
                QCOMPARE(t.site(e.site).line, yieldLine);
            if (e.kind == EventKind::StateChanged || e.kind == EventKind::Yielded || e.kind == EventKind::Returned)
                QVERIFY(t.site(e.site).fileName() == u"tst_iteratortrace.cpp");
        }
        QVERIFY(yieldLine > 0);
    }

    void abandonedIteratorIsDestroyedWhileParked()
    {
        Recorder rec;
        CoroId id = 0;
        {
            Counter c(5);
            id = c.id();
            c.next();
        }
        const Event &last = rec.trace()[rec.trace().size() - 1];
        QCOMPARE(last.kind, EventKind::Destroyed);
        QCOMPARE(last.coro, id);
        QCOMPARE(last.aux, std::uint8_t(1));
        QCOMPARE(detail::t_current, CoroId(0)); // the step restored the running coroutine
    }
};

QTEST_GUILESS_MAIN(TestIteratorTrace)
#include "tst_iteratortrace.moc"
