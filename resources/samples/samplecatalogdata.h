#pragma once

// How samplecatalog.cpp describes a sample: its info and the lines that
// matter, found by their text so the metadata cannot drift from the source.

#include "samplelibrary.h"

#include <initializer_list>

namespace coroscope::samples {

struct KeyPoint
{
    QString snippet; // text on the line that matters (its first occurrence in the .cpp)
    QString why;
};
Sample makeSample(SampleInfo info, std::initializer_list<KeyPoint> keyPoints);
// The catalogue, in the order the Samples dock lists it (samplecatalog.cpp).
std::vector<Sample> catalog();

} // namespace coroscope::samples
