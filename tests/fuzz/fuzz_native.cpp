// libFuzzer entry point for the native trace reader: trace files are untrusted.
// Built by the fuzz preset (clang 14, -fsanitize=fuzzer,address,undefined);
// scripts/fuzz.sh runs it from the seed corpus tests/core/trace/data/traces/.

#include <QByteArray>
#include <coroscope/trace.h>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const coroscope::Trace::LoadResult r = coroscope::Trace::fromNative(bytes);
    if (r.trace) {
        // Whatever loads must be consistent: it re-saves to an equal trace and exports.
        if (!(coroscope::Trace::fromNative(r.trace->toNative()).trace == r.trace))
            std::abort();
        (void)r.trace->toChromeJson();
    } else if (r.error.isEmpty() || r.offset < 0 || r.offset > qint64(size)) {
        std::abort();
    }
    return 0;
}
