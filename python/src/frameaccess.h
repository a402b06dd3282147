#pragma once

// What the tracer reads inside a running frame that CPython 3.11's public API
// does not give: the instruction the frame stopped at and its value stack.
// Implemented in C (frameaccess.c) against the interpreter's own frame header,
// internal/pycore_frame.h, which needs Py_BUILD_CORE and is not C++-clean.

#include <Python.h>
#include <frameobject.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct CoroscopeFrameInfo
{
    PyCodeObject *code; // borrowed
    PyObject *generator; // borrowed; NULL unless the frame belongs to a generator, coroutine or async generator
    int lasti;  // in code units
    int opcode; // at lasti, de-quickened for the opcodes the tracer looks at (RESUME_QUICK reads RESUME)
    int oparg;
    int previousOpcode; // the instruction before lasti (SEND before a YIELD_VALUE: `yield from` / await)
} CoroscopeFrameInfo;

// Fills info for a frame that a profile function was handed. Returns 0 when
// the frame cannot be read (then info is untouched).
int coroscope_frame_info(PyFrameObject *frame, CoroscopeFrameInfo *info);

// The value `depth` below the top of the frame's value stack (0 = the top), or
// NULL when the stack is not that deep. Borrowed. Valid at a profile event:
// CPython stores the stack pointer before it calls the profile function.
PyObject *coroscope_frame_stack(PyFrameObject *frame, int depth);

// Local variable slot `index` (0 = the first argument, `self` of a method), or NULL. Borrowed.
PyObject *coroscope_frame_local(PyFrameObject *frame, int index);

#ifdef __cplusplus
}
#endif
