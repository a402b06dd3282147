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
otherwise the program's own sys.exit code.
"""

import argparse
import asyncio
import builtins
import io
import os
import runpy
import sys
import sysconfig
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import _coroscope  # noqa: E402  (found next to this script)

EXIT_FAILED = 1
EXIT_USAGE = 2


def library_prefixes():
    """Files whose generators and coroutines are library internals: not recorded."""
    paths = sysconfig.get_paths()
    prefixes = {paths["stdlib"], paths["platstdlib"], paths["purelib"], paths["platlib"], HERE}
    return sorted(os.path.join(p, "") for p in prefixes if p)


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock jumps to the next timer when nothing is ready,
    so that asyncio.sleep(10) takes no time (Coroscope's loop does the same)."""

    def __init__(self):
        super().__init__()
        self._virtual_now = 0.0

    def time(self):
        return self._virtual_now

    def _run_once(self):
        if not self._ready and self._scheduled:
            when = min((h._when for h in self._scheduled if not h._cancelled), default=None)
            if when is not None and when > self._virtual_now:
                self._virtual_now = when
                _coroscope.set_loop_time(when)
        super()._run_once()


class VirtualClockPolicy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = VirtualClockLoop


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
    linked = "COROSCOPE_LINK_FD" in os.environ

    def print(*args, sep=" ", end="\n", file=None, flush=False):
        to_stdout = file is None or file is sys.stdout
        if not (linked and to_stdout):
            real_print(*args, sep=sep, end=end, file=file, flush=flush)
        if to_stdout:
            text = (" " if sep is None else sep).join(str(a) for a in args)
            for line in text.split("\n"):
                _coroscope.output(line)
    print.__doc__ = real_print.__doc__
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

    if options.clock == "virtual":
        asyncio.set_event_loop_policy(VirtualClockPolicy())
    # Under COROSCOPE_LINK_FD this waits for the window before the first event.
    _coroscope.start(library_prefixes=library_prefixes(), future_type=asyncio.Future, task_namer=task_name)

    def give_up(message, status):
        # Recorded too, so that the window says why nothing ran.
        _coroscope.output(message)
        _coroscope.fail(message)
        if "COROSCOPE_LINK_FD" not in os.environ:  # under Coroscope, the trace says it
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
