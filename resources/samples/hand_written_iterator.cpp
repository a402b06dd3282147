// hand_written_iterator: the lazy file reader written by hand, as an iterator
// object with an explicit state instead of a generator. next() is Python's
// __next__; the state changes are recorded so this machine can be compared
// with the generator's, where the compiler keeps the state for you.

#include "samplemains.h"

#include <coroscope/coroscope.h>

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace coroscope;

namespace {

class LineReader
{
public:
    explicit LineReader(QString path) : m_path(std::move(path)) {}

    // __next__: the next line, or nullopt (StopIteration).
    std::optional<QString> next()
    {
        auto step = m_trace.step();
        if (m_state == State::Start) {
            m_file.setFileName(m_path);
            if (!m_file.open(QIODevice::ReadOnly | QIODevice::Text))
                throw std::runtime_error("cannot open the input file");
            print("opened", QFileInfo(m_path).fileName());
            moveTo(State::Reading, "start -> reading");
        }
        if (m_state == State::Reading) {
            if (!m_file.atEnd()) {
                QString line = QString::fromUtf8(m_file.readLine()).trimmed();
                m_trace.yielded(line);
                return line; // the state stays Reading: the file position is the rest of it
            }
            m_file.close();
            moveTo(State::Done, "reading -> done");
        }
        m_trace.finish();
        return std::nullopt;
    }

private:
    enum class State { Start, Reading, Done };
    void moveTo(State next, const char *change, SourceLocation loc = SourceLocation::current())
    {
        print("state", change);
        m_state = next;
        m_trace.stateChanged(QString::fromUtf8(change), loc);
    }

    IteratorTrace m_trace{QStringLiteral("LineReader")};
    QString m_path;
    QFile m_file;
    State m_state = State::Start;
};

Task<void> main(samples::SampleOptions options)
{
    std::optional<QTemporaryDir> scratch;
    if (options.workDir.isEmpty())
        scratch.emplace();
    const QString path = (scratch ? scratch->path() : options.workDir) + QStringLiteral("/haiku.txt");
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        throw std::runtime_error("cannot write the input file");
    out.write("an old silent pond\na frog jumps into the pond\nsplash! silence again\n");
    out.close();

    LineReader reader(path); // iter(reader) is the reader itself
    while (std::optional<QString> line = reader.next())
        print("got:", *line);
    print("StopIteration");
    co_return;
}

} // namespace

coroscope::Task<void> coroscope::samples::handWrittenIteratorMain(SampleOptions options)
{
    return main(std::move(options));
}
