#pragma once

// The sample programs (library coroscope_samples): the coroutine code behind
// each entry of the catalogue, run by coroscope-runner in a child process, by
// the headless command line and by the tests that record samples in-process.

#include "samplelibrary.h"

#include <coroscope/task.h>

namespace coroscope::samples {

// Builds a sample's main task. It runs on a coroscope::EventLoop on the current thread.
using SampleMain = Task<void> (*)(SampleOptions);

// The program of the catalogue's sample `name`; nullptr for an unknown name.
SampleMain findSampleMain(const QString &name);

} // namespace coroscope::samples
