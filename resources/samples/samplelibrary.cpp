#include "samplelibrary.h"
#include "samplecatalogdata.h"

#include <QFile>

namespace coroscope::samples {

QString SampleOptions::value(const QString &key, const QString &fallback) const
{
    const QString prefix = key + u'=';
    for (const QString &arg : args) {
        if (arg.startsWith(prefix))
            return arg.mid(prefix.size());
    }
    return fallback;
}

namespace {

QString resourceText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

// A key point names its line by the text on it, so the metadata cannot drift
// from the source: "send_accumulator.cpp:17 — why" (":?" when the text is gone,
// which the sample tests reject).
QString resolveKeyPoint(const QString &name, const QString &source, const KeyPoint &k)
{
    const QStringList lines = source.split(u'\n');
    QString line = QStringLiteral("?");
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].contains(k.snippet)) {
            line = QString::number(i + 1);
            break;
        }
    }
    return QStringLiteral("%1.cpp:%2 — %3").arg(name, line, k.why);
}

} // namespace

Sample makeSample(SampleInfo info, std::initializer_list<KeyPoint> keyPoints)
{
    Sample s{std::move(info)};
    const QString source = s.source();
    for (const KeyPoint &k : keyPoints)
        s.info.keyPoints << resolveKeyPoint(s.info.name, source, k);
    return s;
}

QString Sample::source() const
{
    return resourceText(QStringLiteral(":/samples/") + info.name + QStringLiteral(".cpp"));
}

QString Sample::pythonSource() const
{
    if (!info.noTwinReason.isEmpty())
        return {};
    return resourceText(QStringLiteral(":/samples/") + info.name + QStringLiteral(".py"));
}

const std::vector<Sample> &allSamples()
{
    static const std::vector<Sample> samples = catalog();
    return samples;
}

const Sample *findSample(const QString &name)
{
    for (const Sample &s : allSamples()) {
        if (s.info.name == name)
            return &s;
    }
    return nullptr;
}

QString defaultSampleName()
{
    return QStringLiteral("send_accumulator");
}

} // namespace coroscope::samples
