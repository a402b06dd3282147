#pragma once

// Everything a Coroscope program needs.

#include <coroscope/asyncgenerator.h>
#include <coroscope/errors.h>
#include <coroscope/eventloop.h>
#include <coroscope/future.h>
#include <coroscope/gather.h>
#include <coroscope/generator.h>
#include <coroscope/iteratortrace.h>
#include <coroscope/qtsignal.h>
#include <coroscope/queue.h>
#include <coroscope/recorder.h>
#include <coroscope/task.h>
#include <coroscope/trace.h>
#include <coroscope/valuetext.h>
