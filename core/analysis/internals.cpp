#include <coroscope/internals.h>

namespace coroscope {

bool isLibraryInternal(const Trace &trace, CoroId id)
{
    if (id == 0 || id > trace.coroutineCount())
        return false;
    const SiteId created = trace.coroutine(id).creationSite;
    if (created == 0 || created >= trace.siteCount())
        return false;
    // The creating function's full signature: "coroscope::Task<…> coroscope::gather(Task<A>...) [with …]".
    const QString &function = trace.site(created).function;
    for (const QLatin1StringView helper :
         {QLatin1StringView(" coroscope::gather("), QLatin1StringView(" coroscope::waitFor("),
          QLatin1StringView(" coroscope::Queue<")}) {
        if (function.contains(helper))
            return true;
    }
    return false;
}

} // namespace coroscope
