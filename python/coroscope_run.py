#!/usr/bin/env python3
"""Run a Python program under Coroscope's tracer.

    python3 coroscope_run.py [--trace OUT.cstrace] [--clock virtual|real] [--verbose] PROG.py [ARGS...]

The tracer (_coroscope, a C++ extension module next to this script) records the
program's generators, coroutines, iterators and asyncio futures into a Coroscope
Recorder. Started by the Coroscope window (COROSCOPE_LINK_FD in the
environment), the Recorder links to the window and waits for it before the
first event; otherwise the program runs to its end and --trace saves what it
recorded, as `coroscope --headless --trace` does for a C++ program.

Exit codes (as the headless runner's): 0 completed, 1 an exception escaped the
program (or it has a syntax error), 2 bad command line or unreadable program,
3 deadlock (nothing ready, no timer, tasks parked that nothing outside could
wake), otherwise the program's own sys.exit code.
"""

import argparse
import asyncio
import builtins
import collections
import heapq
import io
import os
import sys
import sysconfig
import threading
import traceback
from asyncio import base_events

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import _coroscope  # noqa: E402  (found next to this script)

# Started by the Coroscope window (or coroscope --headless): its trace shows the
# program's output and the run's end, so they are not printed again.
LINKED = "COROSCOPE_LINK_FD" in os.environ

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_DEADLOCK = 3


def library_prefixes():
    """Files whose generators and coroutines are library internals: not recorded."""
    paths = sysconfig.get_paths()
    prefixes = {paths["stdlib"], paths["platstdlib"], paths["purelib"], paths["platlib"], HERE}
    return sorted(os.path.join(p, "") for p in prefixes if p)


# Coroscope's EnqueueReason and IdleReason (core/trace/coroscope/event.h).
SPAWN, WAKEUP, CALLBACK, TIMER, EXTERNAL, YIELD, CANCEL = range(7)
ADVANCE_CLOCK, WAIT_EXTERNAL, FINISHED, DEADLOCK = range(4)


class Deadlock(BaseException):
    """The loop has nothing ready, no timer and nothing outside that could wake
    its parked tasks. A BaseException, so that the program's `except Exception`
    does not take it for its own."""


def callback_text(callback):
    name = getattr(callback, "__qualname__", None)
    return name if isinstance(name, str) else repr(callback)


class RecordedLoop(asyncio.SelectorEventLoop):
    """The ready queue and timers recorded as the C++ EventLoop records them:
    Enqueued when a handle joins _ready (its Task's coroutine as the target, or
    a described callback), Dequeued when _run_once takes it, TimerScheduled /
    TimerFired / TimerCancelled for call_at's TimerHandles."""

    virtual = False

    def __init__(self):
        self._virtual_now = 0.0
        self._ready_targets = collections.deque()  # the Enqueued target of each _ready entry, in order
        self._timer_index = {}  # id(TimerHandle) -> its index in the trace's timers
        self._in_timer = False  # running a TimerHandle's callback: what it wakes, a timer woke
        super().__init__()
        self._time_zero = 0.0 if self.virtual else super().time()

    # -- the ready queue

    def _call_soon(self, callback, args, context):
        handle = super()._call_soon(callback, args, context)
        # The reason is worked out in _coroscope.loop_enqueue (a Task's spawn,
        # yield, wakeup, timer, cancel; external from another thread).
        self._ready_targets.append(_coroscope.loop_enqueue(handle, CALLBACK, self._in_timer, self._thread_id, None))
        return handle

    def _add_callback(self, handle):
        before = len(self._ready)
        super()._add_callback(handle)
        if len(self._ready) > before:  # a reader or writer is ready: I/O from outside
            self._ready_targets.append(_coroscope.loop_enqueue(handle, EXTERNAL, False, None, None))

    # -- timers

    def call_at(self, when, callback, *args, context=None):
        timer = super().call_at(when, callback, *args, context=context)
        description = callback_text(callback)
        if callback is asyncio.futures._set_result_unless_cancelled:
            # asyncio.sleep's timer: named as the sleep it ends (its Awaiting says the same).
            caller = sys._getframe(1)
            while caller is not None and caller.f_code.co_name != "sleep":
                caller = caller.f_back
            if caller is not None and "delay" in caller.f_locals:
                description = f"asyncio.sleep({caller.f_locals['delay']!r})"
        self._timer_index[id(timer)] = (_coroscope.timer_scheduled(when - self._time_zero, description), description)
        return timer

    def _timer_handle_cancelled(self, handle):
        super()._timer_handle_cancelled(handle)
        timer = self._timer_index.pop(id(handle), None)
        if timer is not None:
            _coroscope.timer_cancelled(timer[0])

    def time(self):
        return self._virtual_now if self.virtual else super().time()

    def call_exception_handler(self, context):
        # A Task or Future collected with an exception nobody retrieved: asyncio
        # says so here (then logs it, as usual); the C++ FutureCore records the same warning.
        message = context.get("message")
        if message in ("Task exception was never retrieved", "Future exception was never retrieved"):
            exc = context.get("exception")
            text = "".join(traceback.format_exception_only(type(exc), exc)).strip() if exc is not None else "?"
            try:
                _coroscope.unretrieved(context.get("future"), f"{message}: {text}")
            except RuntimeError:
                pass  # collected after the recording ended
        super().call_exception_handler(context)

    def close(self):
        self._ready_targets.clear()
        super().close()

    def _parked_forever(self):
        """Whether nothing could ever put a handle on the ready queue: no
        reader or writer but the loop's own self-pipe, no signal handler (a
        signal comes in through the self-pipe), and no other thread that could
        call_soon_threadsafe (the default executor's idle workers cannot)."""
        if self._stopping or self._ready or self._scheduled or getattr(self, "_signal_handlers", None):
            return False
        selector_map = self._selector.get_map()
        if any(key.fd != self._ssock.fileno() for key in selector_map.values()):
            return False
        others = [t for t in threading.enumerate() if t is not threading.current_thread()]
        if others:
            executor = self._default_executor
            if executor is None or any(t not in executor._threads for t in others):
                return False
            if executor._work_queue.qsize() or executor._idle_semaphore._value < len(executor._threads):
                return False
        return True

    def _run_once(self):
        """BaseEventLoop._run_once (CPython 3.11), with the recording hooks, the
        virtual clock's jump to the next timer, and the deadlock check."""
        sched_count = len(self._scheduled)
        if (sched_count > base_events._MIN_SCHEDULED_TIMER_HANDLES and
                self._timer_cancelled_count / sched_count > base_events._MIN_CANCELLED_TIMER_HANDLES_FRACTION):
            new_scheduled = []
            for handle in self._scheduled:
                if handle._cancelled:
                    handle._scheduled = False
                else:
                    new_scheduled.append(handle)
            heapq.heapify(new_scheduled)
            self._scheduled = new_scheduled
            self._timer_cancelled_count = 0
        else:
            while self._scheduled and self._scheduled[0]._cancelled:
                self._timer_cancelled_count -= 1
                handle = heapq.heappop(self._scheduled)
                handle._scheduled = False

        timeout = None
        if self._ready or self._stopping:
            timeout = 0
        elif self._scheduled:
            when = self._scheduled[0]._when
            if self.virtual:
                # Nothing is ready: the clock jumps to the next timer (asyncio.sleep(10) takes no time).
                if when > self._virtual_now:
                    _coroscope.loop_idle(ADVANCE_CLOCK)
                    self._virtual_now = when
                    _coroscope.set_loop_time(when)
                timeout = 0
            else:
                timeout = min(max(0, when - self.time()), base_events.MAXIMUM_SELECT_TIMEOUT)
        elif self._parked_forever():
            # On either clock, as the C++ loop: with no timer, nothing can ever wake them.
            parked = [t for t in asyncio.all_tasks(self) if not t.done()]
            what = _coroscope.deadlock(parked)
            # The recording ends here, as a C++ run's does: asyncio.run's clean-up
            # (cancelling the parked tasks) runs untraced, on a plain loop.
            _coroscope.enable(False)
            self.__class__ = asyncio.SelectorEventLoop
            raise Deadlock(what)

        event_list = self._selector.select(timeout)
        self._process_events(event_list)
        event_list = None

        if not self.virtual:
            _coroscope.set_loop_time(self.time() - self._time_zero)
        end_time = self.time() + self._clock_resolution
        while self._scheduled:
            handle = self._scheduled[0]
            if handle._when >= end_time:
                break
            handle = heapq.heappop(self._scheduled)
            handle._scheduled = False
            timer = self._timer_index.pop(id(handle), None)
            if timer is not None:
                _coroscope.timer_fired(timer[0])
            self._ready.append(handle)
            self._ready_targets.append(
                _coroscope.loop_enqueue(handle, TIMER, False, None, timer[1] if timer else None))

        ntodo = len(self._ready)
        for i in range(ntodo):
            handle = self._ready.popleft()
            target = self._ready_targets.popleft() if self._ready_targets else 0
            _coroscope.loop_dequeue(target, handle._cancelled)
            if handle._cancelled:
                continue
            self._in_timer = isinstance(handle, asyncio.TimerHandle)
            try:
                if self._debug:
                    try:
                        self._current_handle = handle
                        t0 = self.time()
                        handle._run()
                        dt = self.time() - t0
                        if dt >= self.slow_callback_duration:
                            base_events.logger.warning('Executing %s took %.3f seconds',
                                                       base_events._format_handle(handle), dt)
                    finally:
                        self._current_handle = None
                else:
                    handle._run()
            finally:
                self._in_timer = False
        handle = None


class VirtualClockLoop(RecordedLoop):
    """An event loop whose clock jumps to the next timer when nothing is ready,
    so that asyncio.sleep(10) takes no time (Coroscope's loop does the same)."""

    virtual = True


class RealClockLoop(RecordedLoop):
    """The same recording on the real clock: timers fire when they are due."""


class VirtualClockPolicy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = VirtualClockLoop


class RealClockPolicy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = RealClockLoop


def task_name(coro):
    """The name of the Task that drives coro, when the program named it."""
    try:
        task = asyncio.current_task()
    except RuntimeError:
        return None
    if task is None or task.get_coro() is not coro:
        return None
    name = task.get_name()
    return None if name.startswith("Task-") else name


def recorded_print(real_print):
    # Under the window (or coroscope --headless) a line to stdout is an Output
    # event, shown once from the trace, as a C++ program's coroscope::print is;
    # run on its own, the program prints as usual too.
    def print(*args, sep=" ", end="\n", file=None, flush=False):
        to_stdout = file is None or file is sys.stdout
        if not (LINKED and to_stdout):
            real_print(*args, sep=sep, end=end, file=file, flush=flush)
        if to_stdout:
            text = (" " if sep is None else sep).join(str(a) for a in args)
            for line in text.split("\n"):
                _coroscope.output(line)
    print.__doc__ = real_print.__doc__
    print.__qualname__ = "print"  # as a loop callback's description
    return print


def program_frames(tb):
    """The traceback from the program's own frames on (the runner's are not its)."""
    while tb is not None and os.path.dirname(os.path.abspath(tb.tb_frame.f_code.co_filename)) == HERE:
        tb = tb.tb_next
    return tb


def main(argv):
    parser = argparse.ArgumentParser(prog="coroscope_run.py", description="Run a Python program under Coroscope.")
    parser.add_argument("--trace", metavar="OUT.cstrace", help="save the recorded trace (Coroscope's native format)")
    parser.add_argument("--clock", choices=("virtual", "real"), default="virtual",
                        help="virtual (default): asyncio timers fire at once, in order; real: wait for them")
    parser.add_argument("--verbose", action="store_true", help="report the number of events recorded on stderr")
    parser.add_argument("program", metavar="PROG.py")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)

    asyncio.set_event_loop_policy(VirtualClockPolicy() if options.clock == "virtual" else RealClockPolicy())
    # Under COROSCOPE_LINK_FD this waits for the window before the first event.
    _coroscope.start(library_prefixes=library_prefixes(), future_type=asyncio.Future, task_namer=task_name)

    def give_up(message, status):
        # Recorded too, so that the window says why nothing ran.
        _coroscope.output(message)
        _coroscope.fail(message)
        if not LINKED:  # under Coroscope, the trace says it
            print(f"coroscope_run: {message}", file=sys.stderr)
        return finish(options, status)

    path = os.path.abspath(options.program)
    try:
        with io.open_code(path) as f:
            source = f.read()
    except OSError as e:
        return give_up(f"cannot open {options.program}: {e.strerror}", EXIT_USAGE)
    try:
        code = compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        message = "".join(traceback.format_exception_only(type(e), e)).rstrip("\n")
        return give_up(f"{options.program} has a syntax error:\n{message}", EXIT_FAILED)

    real_print = builtins.print
    builtins.print = recorded_print(real_print)
    sys.argv = [path] + options.args
    sys.path[0] = os.path.dirname(path)
    status = 0
    try:
        globals_ = {"__name__": "__main__", "__file__": path, "__builtins__": builtins, "__loader__": None,
                    "__spec__": None, "__package__": None, "__cached__": None, "__doc__": None}
        exec(code, globals_)
    except Deadlock as e:
        # As `coroscope --headless` ends a deadlocked C++ run (the outcome was set by _coroscope.deadlock).
        if not LINKED:
            real_print(f"coroscope_run: deadlock: {e}", file=sys.stderr)
        status = EXIT_DEADLOCK
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else (0 if e.code is None else EXIT_FAILED)
        if e.code is not None and not isinstance(e.code, int):
            print(e.code, file=sys.stderr)
    except BaseException as e:  # noqa: B902 -- everything the program lets escape is its outcome
        _coroscope.enable(False)
        text = "".join(traceback.format_exception_only(type(e), e)).strip()
        _coroscope.output(f"uncaught exception: {text}")
        _coroscope.fail(text)
        real_print("Traceback (most recent call last):", file=sys.stderr)
        real_print("".join(traceback.format_tb(program_frames(e.__traceback__))), end="", file=sys.stderr)
        real_print(text, file=sys.stderr)
        status = EXIT_FAILED
    finally:
        _coroscope.enable(False)
        builtins.print = real_print
    return finish(options, status)


def finish(options, status):
    _coroscope.enable(False)
    if options.verbose:
        print(f"coroscope_run: {_coroscope.event_count()} events recorded", file=sys.stderr)
    if options.trace:
        try:
            _coroscope.save(options.trace)
        except OSError as e:
            print(f"coroscope_run: {e}", file=sys.stderr)
            status = status or EXIT_USAGE
    sys.stdout.flush()
    _coroscope.stop()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
