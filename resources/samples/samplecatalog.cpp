// What the Samples dock shows for each sample: title, concept, what to watch
// for while stepping, and the suspension points that matter (found by the text
// on their line, see makeSample).

#include "samplecatalogdata.h"

using namespace Qt::Literals::StringLiterals;

namespace coroscope::samples {

namespace {

const QString kNoQtTwin = u"Python's asyncio cannot await Qt signals or sockets of a Qt event loop "
                          u"without a Qt binding (PySide's QtAsyncio), so there is no faithful twin."_s;

std::vector<Sample> generators()
{
    std::vector<Sample> s;
    s.push_back(makeSample({.name = u"lazy_file_reader"_s, .title = u"Lazy file reader"_s, .group = u"Generators"_s,
                            .explanation = u"The generator reads one line per next(): watch \"read a line\" and the "
                                           u"consumer's line alternate, and the generator park at its co_yield "
                                           u"holding a single line, until the end of the file lets it finish."_s},
                           {{u"co_yield line;"_s, u"parked with one line; resumed by the next loop step"_s},
                            {u"for (const QString &line : readLines(path))"_s, u"each iteration is one next()"_s}}));
    s.push_back(makeSample(
        {.name = u"hand_written_iterator"_s, .title = u"Hand-written iterator"_s, .group = u"Generators"_s,
         .explanation = u"The same reader without a generator: an object whose next() keeps its place in an "
                        u"explicit state (start, reading, done). Compare its recorded states with the generator's "
                        u"suspension points in lazy_file_reader: the compiler keeps that state for you."_s},
        {{u"auto step = m_trace.step();"_s, u"every call of next() (Python's __next__) enters here"_s},
         {u"m_trace.yielded(line);"_s, u"returns a line: the iterator's \"yield\""_s},
         {u"m_trace.finish();"_s, u"StopIteration: the iterator is exhausted"_s}}));
    s.push_back(makeSample(
        {.name = u"send_accumulator"_s, .title = u"Accumulator fed by send()"_s, .group = u"Generators"_s,
         .explanation = u"Each send() resumes the generator at its co_yield with a value; the co_yield evaluates to "
                        u"it, the body adds it up and yields the running total back. A final next() (send(None) in "
                        u"Python) ends the loop and the average becomes the return value."_s},
        {{u"co_yield total;"_s, u"the total goes out, the sent value comes back in"_s},
         {u"acc.send(value)"_s, u"resumes the generator with a value"_s},
         {u"co_return count"_s, u"the return value: StopIteration.value"_s}}));
    s.push_back(makeSample(
        {.name = u"generator_return_value"_s, .title = u"A generator's return value"_s, .group = u"Generators"_s,
         .explanation = u"Three yields, then co_return: the returned text is not yielded. The next() that finds "
                        u"the generator finished returns nothing (StopIteration) and the value is read afterwards."_s},
        {{u"co_yield i;"_s, u"yields 3, 2, 1"_s}, {u"co_return"_s, u"ends the generator with a value"_s},
         {u"gen.returnValue()"_s, u"StopIteration.value, read after exhaustion"_s}}));
    s.push_back(makeSample(
        {.name = u"yield_from_delegation"_s, .title = u"yield from: delegating to a sub-generator"_s,
         .group = u"Generators"_s,
         .explanation = u"While grouper is parked in `co_yield delegate(...)`, each send() passes straight through "
                        u"it into the running subtotal and the subtotal's yields come straight out. When a subtotal "
                        u"returns, its return value is the value of the delegating expression."_s},
        {{u"co_yield delegate("_s, u"yield from: the outer generator parks here for the whole delegation"_s},
         {u"std::optional<int> value = co_yield total;"_s, u"where the forwarded sends arrive"_s},
         {u"co_return total;"_s, u"the sub-generator's return value goes to the delegating expression"_s}}));
    s.push_back(makeSample(
        {.name = u"lazy_pipeline"_s, .title = u"Lazy pipeline over an infinite source"_s, .group = u"Generators"_s,
         .explanation = u"main asks take() for a value; take asks squares, squares asks evens, evens asks naturals "
                        u"(twice when it drops an odd number). Each value is computed only when pulled, and after "
                        u"five values nothing pulls any more: the infinite source stays parked."_s},
        {{u"print(\"source:\", n);"_s, u"proof of work: printed only when a value is pulled"_s},
         {u"co_yield n * n;"_s, u"the map stage hands one value down"_s},
         {u"co_return; // does not pull"_s, u"take stops without asking for another value"_s}}));
    s.push_back(makeSample(
        {.name = u"throw_and_close"_s, .title = u"throw() and close()"_s, .group = u"Generators"_s,
         .explanation = u"throwInto() resumes the generator by raising at its parked co_yield: the worker catches "
                        u"it and runs on to its next yield. close() destroys the parked frame: the Resource's "
                        u"destructor is the cleanup, like Python's finally on GeneratorExit."_s},
        {{u"co_yield job; // throwInto() raises here"_s, u"the exception arrives at this suspension point"_s},
         {u"~Resource()"_s, u"the cleanup that close() runs"_s}}));
    return s;
}

std::vector<Sample> async()
{
    std::vector<Sample> s;
    s.push_back(makeSample(
        {.name = u"custom_awaitable"_s, .title = u"A hand-written awaitable"_s, .group = u"Async"_s,
         .explanation = u"co_await calls await_ready, then (if not ready) await_suspend with a handle to resume, "
                        u"and finally await_resume, whose result is the value of the co_await. Watch the external "
                        u"wait begin at await_suspend and end when the timer resumes the handle."_s},
        {{u"bool await_ready()"_s, u"false: the coroutine must suspend"_s},
         {u"void await_suspend("_s, u"parked: arranges its own wakeup"_s},
         {u"int await_resume()"_s, u"its result is the value of the co_await"_s}}));
    s.push_back(makeSample(
        {.name = u"future_handoff"_s, .title = u"Handing a result over with a Future"_s, .group = u"Async"_s,
         .explanation = u"main parks on the future. When the resolver sets the result, three ready entries are "
                        u"queued in registration order: the two done-callbacks, then main's wakeup; the resolver "
                        u"itself runs on to its end first."_s},
        {{u"co_await answer;"_s, u"main parks on the future"_s},
         {u"answer.setResult(42);"_s, u"queues the callbacks and main's wakeup"_s}}));
    s.push_back(makeSample(
        {.name = u"async_ticker"_s, .title = u"Async generator and async for"_s, .group = u"Async"_s,
         .explanation = u"Each next() of the async generator runs it until its co_yield, which may include a sleep "
                        u"on the loop; main is parked meanwhile. After the last tick the generator ends and next() "
                        u"gives nothing: StopAsyncIteration ends the loop."_s},
        {{u"co_await sleep(interval);"_s, u"the ticker (and main awaiting it) park on a timer"_s},
         {u"co_yield i;"_s, u"hands one tick to the consumer"_s},
         {u"co_await ticks.next();"_s, u"__anext__: runs the ticker to its next yield"_s}}));
    s.push_back(makeSample(
        {.name = u"gather_fanout"_s, .title = u"gather: fan-out and fan-in"_s, .group = u"Async"_s,
         .explanation = u"Five tasks start in argument order and park on timers. The loop jumps from timer to "
                        u"timer in due order (10, 20, 30, 40, 50 ms), so tasks finish out of order; gather still "
                        u"returns the results in argument order."_s},
        {{u"co_await sleep(delay);"_s, u"each task parks on its own timer"_s},
         {u"co_await gather("_s, u"main parks until all five are done"_s}}));
    s.push_back(makeSample(
        {.name = u"producer_consumer"_s, .title = u"Bounded queue and backpressure"_s, .group = u"Async"_s,
         .explanation = u"The queue holds two items. Once it is full the producer parks inside put() on a future; "
                        u"each get() of the slow consumer wakes it for exactly one more item. The producer runs at "
                        u"the consumer's pace."_s},
        {{u"co_await queue.put(i);"_s, u"parks here while the queue is full: backpressure"_s},
         {u"co_await queue.get();"_s, u"frees a slot and wakes the producer"_s},
         {u"co_await sleep(30ms);"_s, u"the slow consumer's work"_s}}));
    s.push_back(makeSample(
        {.name = u"cancellation_and_timeout"_s, .title = u"Cancellation and timeouts"_s, .group = u"Async"_s,
         .explanation = u"cancel() wakes the worker early: CancelledError is raised at its parked sleep, the "
                        u"handler cleans up and re-raises, and awaiting the task raises CancelledError in main. "
                        u"waitFor() does the same to slow_answer when 10 ms pass first, then raises TimeoutError."_s},
        {{u"co_await sleep(50ms); // cancel()"_s, u"CancelledError is raised at this suspension point"_s},
         {u"task.cancel();"_s, u"requests the cancellation"_s},
         {u"co_await waitFor(slowAnswer(), 10ms);"_s, u"times out: slow_answer is cancelled"_s}}));
    s.push_back(makeSample(
        {.name = u"exception_propagation"_s, .title = u"Exceptions through awaiting tasks"_s, .group = u"Async"_s,
         .explanation = u"level3's exception escapes its frame and is re-raised at each co_await up the chain: "
                        u"level2 catches and re-raises it, level1 lets it pass, main catches it. The forgotten task "
                        u"fails with nobody awaiting it: look for the never-retrieved warning."_s},
        {{u"throw std::runtime_error(\"bad value\");"_s, u"the exception starts here"_s},
         {u"co_return co_await level3();"_s, u"re-raised at this co_await"_s},
         {u"throw std::runtime_error(\"nobody is listening\");"_s, u"never retrieved: reported on destruction"_s}}));
    return s;
}

std::vector<Sample> qtAndMore()
{
    std::vector<Sample> s;
    s.push_back(makeSample(
        {.name = u"qt_signal_await"_s, .title = u"Awaiting Qt signals"_s, .group = u"Qt"_s,
         .explanation = u"main parks on a QTimer's timeout, then on its own QObject's signal. These are external "
                        u"waits: Qt delivers the completion, and Coroscope's loop puts main back on its ready "
                        u"queue. The QTimer runs on wall time even when the loop's clock is virtual."_s,
         .noTwinReason = kNoQtTwin},
        {{u"co_await qCoro(&timer, &QTimer::timeout);"_s, u"external wait on a real QTimer"_s},
         {u"Q_EMIT bell->rang(7);"_s, u"another task emits the signal"_s},
         {u"co_await qCoro(&bell, &Doorbell::rang);"_s, u"external wait on the sample's own signal"_s}}));
    s.push_back(makeSample(
        {.name = u"qt_tcp_echo"_s, .title = u"TCP echo on 127.0.0.1"_s, .group = u"Qt"_s,
         .explanation = u"A QTcpServer and a QTcpSocket talk over the loopback interface through QCoro's awaitables. "
                        u"Every network step is an external wait that the operating system completes; the two "
                        u"tasks hand the conversation back and forth."_s,
         .noTwinReason = kNoQtTwin},
        {{u"waitForNewConnection("_s, u"the server parks until a client connects"_s},
         {u"co_await qCoro(socket).readAll();"_s, u"parks until bytes arrive"_s},
         {u"connectToHost("_s, u"the client parks until it is connected"_s}}));
    s.push_back(makeSample(
        {.name = u"deadlock"_s, .title = u"Deadlock: waiting on each other"_s, .group = u"Pitfalls"_s,
         .explanation = u"alice and bob each park on the future the other would resolve after being resolved "
                        u"first. Nothing is ready, no timer is pending, nothing external can arrive: the loop "
                        u"reports the deadlock and who waits on whom."_s,
         .expectDeadlock = true},
        {{u"co_await theirs; // never resolved"_s, u"both tasks park here forever"_s},
         {u"co_await alice;"_s, u"main waits for alice"_s}}));
    s.push_back(makeSample(
        {.name = u"many_tasks"_s, .title = u"A thousand tasks passing a token"_s, .group = u"Scale"_s,
         .explanation = u"N relay tasks (tasks=N, default 1,000, up to 1,000,000) park on their inbox futures. The "
                        u"token wakes them one at a time around the ring: one running, the others parked, each "
                        u"costing one small frame."_s},
        {{u"co_await inbox;"_s, u"every relay parks here"_s},
         {u"outbox.setResult(token + 1);"_s, u"wakes the next relay"_s}}));
    return s;
}

} // namespace

std::vector<Sample> catalog()
{
    std::vector<Sample> all = generators();
    for (auto *group : {&async, &qtAndMore}) {
        std::vector<Sample> more = group();
        std::move(more.begin(), more.end(), std::back_inserter(all));
    }
    return all;
}

} // namespace coroscope::samples
