#include <coroscope/internals.h>

namespace coroscope {

bool isLibraryInternal(const Trace &trace, CoroId id)
{
    if (id == 0 || id > trace.coroutineCount())
        return false;
    const SiteId created = trace.coroutine(id).creationSite;
    if (created == 0 || created >= trace.siteCount())
        return false;
    const Site &site = trace.site(created);
    // Python: asyncio's own coroutines, which the tracer names asyncio.<qualname> (asyncio.sleep, asyncio.Queue.get).
    if (site.function.startsWith(QLatin1String("asyncio.")) && site.file.endsWith(QLatin1String(".py"))
        && site.file.contains(QLatin1String("/asyncio/")))
        return true;
    // The creating function's full signature: "coroscope::Task<…> coroscope::gather(Task<A>...) [with …]".
    const QString &function = site.function;
    for (const QLatin1StringView helper :
         {QLatin1StringView(" coroscope::gather("), QLatin1StringView(" coroscope::waitFor("),
          QLatin1StringView(" coroscope::Queue<")}) {
        if (function.contains(helper))
            return true;
    }
    return false;
}

} // namespace coroscope
