#pragma once

// The sample catalogue (library coroscope_samplecatalog): each sample's name,
// title, explanation and key points, and its source text and Python twin,
// embedded so the Source view shows exactly what runs. The programs
// themselves are in coroscope_samples (sampleprograms.h): the window only
// needs this catalogue, since samples run in a child process.

#include <QString>
#include <QStringList>
#include <vector>

namespace coroscope::samples {

struct SampleOptions
{
    // Free-form `key=value` settings from the command line (`--arg tasks=100000`).
    QStringList args;
    QString value(const QString &key, const QString &fallback = {}) const;
    // Where a sample may read or write files (the lazy file reader's input).
    QString workDir;
};

struct SampleInfo
{
    QString name;        // "send_accumulator" (also the .cpp / .py base name)
    QString title;       // "Accumulator fed by send()"
    // The group in the Samples dock: "Generators", "Async", "Qt", "Pitfalls", "Scale" (the issue calls
    // it the concept; `concept` itself is a C++20 keyword).
    QString group;
    QString explanation; // plain words: what to watch for while stepping
    QStringList keyPoints; // the suspension points that matter, "file:line — why"
    QString noTwinReason;  // empty when a Python twin exists
    bool expectDeadlock = false; // the run ends with tasks parked, by design
};

struct Sample
{
    SampleInfo info;
    QString source() const;       // the embedded .cpp text
    QString pythonSource() const; // the embedded .py text; empty without a twin
};

const std::vector<Sample> &allSamples();
const Sample *findSample(const QString &name);
QString defaultSampleName();

} // namespace coroscope::samples
