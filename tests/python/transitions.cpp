#include "transitions.h"

namespace coroscope::test {

namespace {
QString name(const Trace &trace, CoroId id)
{
    return id && id <= trace.coroutineCount() ? trace.coroutine(id).name : QStringLiteral("-");
}
} // namespace

QString transitionText(const Trace &trace, const Event &e)
{
    QStringList parts{name(trace, e.coro), nameOf(e.kind)};
    switch (e.kind) {
    case EventKind::Started:
    case EventKind::Resumed:
        parts << nameOf(ResumeKind(e.aux));
        break;
    case EventKind::Awaiting:
        parts << nameOf(AwaitKind(e.aux))
              << (awaitsCoroutine(AwaitKind(e.aux)) ? name(trace, e.arg) : trace.valueText(e.arg));
        break;
    case EventKind::Destroyed:
        if (e.aux)
            parts << QStringLiteral("parked");
        break;
    default:
        if (argIsValue(e.kind))
            parts << trace.valueText(e.arg);
        break;
    }
    return parts.join(u' ');
}

QStringList transitions(const Trace &trace)
{
    QStringList out;
    for (const Event &e : trace.events())
        out << transitionText(trace, e);
    return out;
}

} // namespace coroscope::test
