// lazy_file_reader: a generator that reads a real text file line by line.
// The sample first writes its input file, then reads it lazily: each next()
// reads exactly one line with QFile::readLine, so only one line is held.

#include "samplemains.h"

#include <coroscope/coroscope.h>

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace coroscope;

namespace {

const char *const kPoem[] = {"Tyger Tyger, burning bright,", "In the forests of the night;",
                             "What immortal hand or eye,", "Could frame thy fearful symmetry?"};

Generator<QString> readLines(QString path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        throw std::runtime_error("cannot open the input file");
    print("opened", QFileInfo(path).fileName());
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed(); // one line, no more
        print("read a line of", line.size(), "characters");
        co_yield line; // parked here until the consumer asks for the next line
    }
    print("end of file, closing it");
}

Task<void> main(samples::SampleOptions options)
{
    std::optional<QTemporaryDir> scratch;
    if (options.workDir.isEmpty())
        scratch.emplace();
    const QString path = (scratch ? scratch->path() : options.workDir) + QStringLiteral("/tyger.txt");
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        throw std::runtime_error("cannot write the input file");
    for (const char *line : kPoem)
        out.write(QByteArray(line) + '\n');
    out.close();
    print("wrote", int(std::size(kPoem)), "lines to", QFileInfo(path).fileName());

    int number = 0;
    for (const QString &line : readLines(path)) // each step of the loop is one next()
        print(++number, line.toUpper());
    co_return;
}

} // namespace

coroscope::Task<void> coroscope::samples::lazyFileReaderMain(SampleOptions options)
{
    return main(std::move(options));
}
