// libFuzzer entry point for the link stream a child process sends the window:
// frames, then each batch's delta applied to a trace, as ProcessRunner does.
// The stream is untrusted input (a hostile or broken program writes it).

#include <coroscope/deltacodec.h>
#include <coroscope/linkprotocol.h>
#include <coroscope/snapshot.h>

#include <QByteArray>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace coroscope;
    link::FrameReader reader;
    // In two pieces, as a socket may deliver it.
    const auto *bytes = reinterpret_cast<const char *>(data);
    const qsizetype half = qsizetype(size / 2);
    reader.append(bytes, half);
    reader.append(bytes + half, qsizetype(size) - half);
    Trace trace;
    for (;;) {
        link::Message m;
        const auto status = reader.next(m);
        if (status == link::FrameReader::Status::Error) {
            if (reader.error().isEmpty())
                std::abort();
            break;
        }
        if (status == link::FrameReader::Status::NeedMore)
            break;
        if (auto *batch = std::get_if<link::Batch>(&m)) {
            DeltaReadResult read = readDelta(batch->delta, trace);
            if (!read.delta) {
                if (read.error.isEmpty())
                    std::abort();
                break;
            }
            if (read.delta->restatesHistory) {
                dropOldestEvents(trace, read.delta->dropped - trace.droppedEvents());
                read.delta->base = trace.sharedBase();
            }
            trace.apply(*read.delta);
            // Whatever was applied is a consistent trace: it saves and reloads equal.
            if (!(Trace::fromNative(trace.toNative()).trace == trace) && trace.droppedEvents() == 0)
                std::abort();
        }
    }
    return 0;
}
