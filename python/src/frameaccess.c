// See frameaccess.h. Everything here is CPython 3.11's frame layout; a later
// version gets its own path (sys.monitoring on 3.12+), not this file.
#define Py_BUILD_CORE 1
#include "frameaccess.h"

#if PY_VERSION_HEX < 0x030B0000 || PY_VERSION_HEX >= 0x030C0000
#error "frameaccess.c reads CPython 3.11's frame layout"
#endif

#include <internal/pycore_frame.h>
#include <opcode.h>

static int deQuicken(int opcode)
{
    // Only the opcodes the tracer compares against: YIELD_VALUE, RETURN_VALUE
    // and SEND have no specialised forms in 3.11; RESUME has one.
    return opcode == RESUME_QUICK ? RESUME : opcode;
}

int coroscope_frame_info(PyFrameObject *frame, CoroscopeFrameInfo *info)
{
    if (!frame || !frame->f_frame)
        return 0;
    _PyInterpreterFrame *f = frame->f_frame;
    _Py_CODEUNIT *first = _PyCode_CODE(f->f_code);
    const int lasti = (int)(f->prev_instr - first);
    info->code = f->f_code;
    info->generator = f->owner == FRAME_OWNED_BY_GENERATOR ? (PyObject *)_PyFrame_GetGenerator(f) : NULL;
    info->lasti = lasti;
    if (lasti >= 0 && lasti < Py_SIZE(f->f_code)) {
        info->opcode = deQuicken(_Py_OPCODE(f->prev_instr[0]));
        info->oparg = _Py_OPARG(f->prev_instr[0]);
        info->previousOpcode = lasti > 0 ? deQuicken(_Py_OPCODE(f->prev_instr[-1])) : -1;
    } else {
        info->opcode = -1;
        info->oparg = 0;
        info->previousOpcode = -1;
    }
    return 1;
}

PyObject *coroscope_frame_stack(PyFrameObject *frame, int depth)
{
    if (!frame || !frame->f_frame)
        return NULL;
    _PyInterpreterFrame *f = frame->f_frame;
    const int bottom = f->f_code->co_nlocalsplus;
    const int index = f->stacktop - 1 - depth;
    if (f->stacktop <= 0 || index < bottom)
        return NULL;
    return f->localsplus[index];
}

PyObject *coroscope_frame_local(PyFrameObject *frame, int index)
{
    if (!frame || !frame->f_frame || index < 0 || index >= frame->f_frame->f_code->co_nlocalsplus)
        return NULL;
    return frame->f_frame->localsplus[index];
}
