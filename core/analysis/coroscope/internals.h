#pragma once

// Library internals: the coroutines and futures Coroscope's runtime creates
// for its own helpers (gather's task and its result future, waitFor, a Queue's
// put and get), and in a Python program asyncio's own coroutines (the tracer
// names them asyncio.<qualname>, created in a file under asyncio/). They are
// derived from the function that created them (the creation site), so every
// trace, files of older versions included, has them; the views hide them
// unless asked to show them, and Step goes through their events.

#include <coroscope/trace.h>

namespace coroscope {

bool isLibraryInternal(const Trace &trace, CoroId id);

} // namespace coroscope
