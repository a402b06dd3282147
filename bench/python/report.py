#!/usr/bin/env python3
"""Prints DESIGN.md's budgets beside what scripts/bench.sh measured, as one table.

usage: report.py RESULTS_DIR

RESULTS_DIR holds what bench.sh wrote:
  core.json        coroscope-bench (Google Benchmark JSON, repetitions)
  memory_*.json    coroscope-bench, one memory benchmark per process
  python.json      bench/python/baselines.py
  hookprobe/       callgrind parts of coroscope-hookprobe (optional: needs valgrind)
  ui.json          coroscope-ui-bench (optional: needs the widgets build)
  machine.txt      the machine
Times are CPU time per operation, the median of the repetitions on both sides
(the machine may be shared: each ratio compares figures taken in the same run).
"""
import glob
import itertools
import json
import os
import re
import statistics
import sys

HOOKPROBE_STEPS = 100000


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def median_cpu_ns(core, name):
    """The median cpu_time (ns) over the repetitions of one benchmark."""
    times = []
    for b in (core or {}).get("benchmarks", []):
        if b.get("run_type") != "iteration" or b.get("run_name", b["name"]) != name:
            continue
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        times.append(b["cpu_time"] * scale)
    return statistics.median(times) if times else None


def paired_rounds(directory):
    """The paired rounds of scripts/bench.sh: per round, (traced send ns, QCoro step ns, CPython send ns)."""
    rounds = []
    for i in itertools.count():
        core = load(os.path.join(directory, f"core_{i}.json"))
        py = load(os.path.join(directory, f"python_{i}.json"))
        if core is None or py is None:
            return rounds
        send, qcoro = median_cpu_ns(core, "BM_GeneratorSend/traced"), median_cpu_ns(core, "BM_QCoroGeneratorStep")
        if send and qcoro and py.get("gen_send_ns"):
            rounds.append((send, qcoro, py["gen_send_ns"]))


def step_ratio(rounds, ratio, single, unit):
    """The ratio a verdict goes by (the median of the paired rounds' ratios when there
    are any, else this run's), and its text with the rounds' range and this run's ratio."""
    if not rounds:
        return single, fmt(single, unit)
    rs = sorted(ratio(*r) for r in rounds)
    median = statistics.median(rs)
    return median, (f"{fmt(median, unit)}, median of {len(rs)} paired rounds ({rs[0]:.1f}–{rs[-1]:.1f}); "
                    f"this run {fmt(single, unit)}")


def counters(doc, name_prefix):
    for b in (doc or {}).get("benchmarks", []):
        if b["name"].startswith(name_prefix):
            return b
    return None


def hookprobe(directory):
    """{section: (instructions per step, conditional branches per step)}"""
    out = {}
    for part in sorted(glob.glob(os.path.join(directory, "cg.out.*"))):
        text = open(part).read()
        name = re.search(r"^desc: Trigger: Client Request: (\S+)", text, re.M)
        events = re.search(r"^events: (.+)$", text, re.M)
        totals = re.search(r"^totals: (.+)$", text, re.M)
        if not (name and events and totals):
            continue
        values = dict(zip(events.group(1).split(), (int(v) for v in totals.group(1).split())))
        out[name.group(1)] = (values.get("Ir", 0) / HOOKPROBE_STEPS, values.get("Bc", 0) / HOOKPROBE_STEPS)
    return out


def fmt(v, unit="", digits=1):
    if v is None:
        return "n/a"
    return f"{v:,.{digits}f}{unit}"


def main():
    results = sys.argv[1]
    core = load(os.path.join(results, "core.json"))
    py = load(os.path.join(results, "python.json")) or {}
    ui = load(os.path.join(results, "ui.json"))
    probe = hookprobe(os.path.join(results, "hookprobe"))

    rows = []  # (what, measured, baseline, ratio, budget, met)

    def row(what, measured, baseline, ratio, budget, met):
        rows.append((what, measured, baseline, ratio, budget, "n/a" if met is None else ("yes" if met else "**no**")))

    qcoro = median_cpu_ns(core, "BM_QCoroGeneratorStep")
    send = median_cpu_ns(core, "BM_GeneratorSend/traced")
    send_bare = median_cpu_ns(core, "BM_GeneratorSend/no_recorder")
    nxt = median_cpu_ns(core, "BM_GeneratorNext/traced")
    sleep_traced = median_cpu_ns(core, "BM_TaskSleep0/traced")
    py_send = py.get("gen_send_ns")
    py_sleep = py.get("sleep0_ns")

    # Events per step, as the benchmarks counted them (send: Sent + Yielded; next: Resumed + Yielded).
    send_events = round((counters(core, "BM_GeneratorSend/traced") or {}).get("events_per_step", 2))
    next_events = round((counters(core, "BM_GeneratorNext/traced") or {}).get("events_per_step", 2))

    rounds = paired_rounds(os.path.join(results, "paired"))
    r, r_text = step_ratio(rounds, lambda s, q, p: s / q, send / qcoro if send and qcoro else None, "×")
    row(f"traced Generator step: send() → co_yield, {send_events} events recorded", fmt(send, " ns"),
        f"QCoro::Generator step {fmt(qcoro, ' ns')}", r_text, "≤ 4×", r is not None and r <= 4)
    r = nxt / qcoro if nxt and qcoro else None
    row(f"traced Generator step: next() → co_yield, {next_events} events recorded", fmt(nxt, " ns"),
        f"QCoro::Generator step {fmt(qcoro, ' ns')}", fmt(r, "×"), "≤ 4× (same budget)", r is not None and r <= 4)
    r, r_text = step_ratio(rounds, lambda s, q, p: p / s, py_send / send if send and py_send else None, "× faster")
    row("traced Generator send() step vs CPython", fmt(send, " ns"),
        f"{py.get('python', 'CPython')} gen.send() {fmt(py_send, ' ns')}", r_text, "≥ 3× faster",
        r is not None and r >= 3)
    r = py_sleep / sleep_traced if sleep_traced and py_sleep else None
    row("traced Task round trip: sleep(0) through the loop, 4 events", fmt(sleep_traced, " ns"),
        f"asyncio.sleep(0) {fmt(py_sleep, ' ns')}", fmt(r, "× faster"), "≥ 20× faster", r is not None and r >= 20)

    base_name = "hook_empty_call" if probe.get("hook_empty_call") else "loop_only"
    if probe.get("hook_no_recorder") and probe.get(base_name):
        ir = probe["hook_no_recorder"][0] - probe[base_name][0]
        bc = probe["hook_no_recorder"][1] - probe[base_name][1]
        row("hook with no Recorder alive (callgrind, per hook)", f"{ir:.0f} instructions, {bc:.0f} cond. branch",
            "an empty call" if base_name == "hook_empty_call" else "an empty loop iteration",
            "—", "≤ 1 predictable branch", bc <= 1.0001)
    # A Recorder alive and no observer attached (what a headless run or a trace capture pays):
    # the traced step's extra cost over the same step with no Recorder, per recorded event.
    per_hook = (send - send_bare) / send_events if send and send_bare else None
    if probe.get("send_traced") and probe.get("send_no_recorder"):
        per_hook_ir = (f"; {(probe['send_traced'][0] - probe['send_no_recorder'][0]) / send_events:.0f}"
                       " instructions (callgrind)")
    else:
        per_hook_ir = ""
    row(f"recording, no observer attached: cost per recorded event (send step: {send_events} events)",
        fmt(per_hook, " ns"),
        f"traced {fmt(send, ' ns')} − no Recorder {fmt(send_bare, ' ns')}", f"per event{per_hook_ir}",
        "(figure)", None)
    d = send_bare - qcoro if send_bare and qcoro else None
    if probe.get("send_no_recorder") and probe.get("qcoro_step"):
        extra = f"; {probe['send_no_recorder'][0]:.0f} vs {probe['qcoro_step'][0]:.0f} instructions"
    else:
        extra = ""
    row("untraced Generator send() step (no Recorder: 4 hooks skipped)", fmt(send_bare, " ns"),
        f"QCoro::Generator step {fmt(qcoro, ' ns')}", f"+{fmt(d, ' ns')}{extra}", "(figure)", None)

    for name, label in (("generator", "generator run"), ("many_tasks", "many_tasks, 100,000 tasks")):
        mem = counters(load(os.path.join(results, f"memory_{name}.json")), f"BM_Memory/{name}")
        if not mem:
            continue
        row(f"resident bytes per event: {label}, {mem['events']:,.0f} events",
            f"{mem['rss_B_per_event']:.2f} B (RSS growth)",
            f"records {mem['event_B_per_event']:.2f} B reserved; whole trace {mem['trace_B_per_event']:.2f} B",
            f"peak RSS {mem['peak_rss_MB']:,.0f} MB", "≤ 16 B", mem["rss_B_per_event"] <= 16)

    if ui:
        ev = f"{ui.get('coroutines', 0):,.0f} coroutines, {ui.get('events', 0):,.0f} events"
        row(f"timeline repaint p95, 1920×1080 ({ev})", fmt(ui.get("timeline_repaint_p95_ms"), " ms"),
            f"fit-all {fmt(ui.get('timeline_repaint_fit_p95_ms'), ' ms')}, zoomed "
            f"{fmt(ui.get('timeline_repaint_zoomed_p95_ms'), ' ms')}",
            f"max {fmt(ui.get('timeline_repaint_max_ms'), ' ms')}", "≤ 16 ms",
            ui.get("timeline_repaint_p95_ms", 1e9) <= 16)
        # Both layouts count: the default (the Coroutines table on top) and the Timeline tab shown.
        seek_worst = max(ui.get("seek_max_ms", 1e9), ui.get("seek_timeline_shown_max_ms", 0))
        row("seek to a random event, every view updated (p95)", fmt(ui.get("seek_p95_ms"), " ms"),
            f"fold alone p95 {fmt(ui.get('seek_fold_p95_ms'), ' ms')}; Timeline tab shown: "
            f"p95 {fmt(ui.get('seek_timeline_shown_p95_ms'), ' ms')}, max {fmt(ui.get('seek_timeline_shown_max_ms'), ' ms')}",
            f"max {fmt(ui.get('seek_max_ms'), ' ms')}", "≤ 50 ms", seek_worst <= 50)
        step_worst = max(ui.get("step_p95_ms", 1e9), ui.get("step_timeline_shown_p95_ms", 0))
        row("Step → every view updated (p95)", fmt(ui.get("step_p95_ms"), " ms"),
            f"Timeline tab shown: p95 {fmt(ui.get('step_timeline_shown_p95_ms'), ' ms')}, "
            f"max {fmt(ui.get('step_timeline_shown_max_ms'), ' ms')}",
            f"max {fmt(ui.get('step_max_ms'), ' ms')}", "≤ 16 ms", step_worst <= 16)
        rss = max(ui.get("rss_end_MB", 0), ui.get("peak_rss_MB", 0))
        row("resident memory of the app with that trace open", f"{fmt(ui.get('rss_end_MB'), ' MB', 0)}",
            f"trace {fmt(ui.get('trace_MB'), ' MB', 0)}, snapshot index {fmt(ui.get('snapshot_index_MB'), ' MB', 0)}, "
            f"timeline {fmt(ui.get('timeline_data_MB'), ' MB', 0)}",
            f"peak {fmt(ui.get('peak_rss_MB'), ' MB', 0)}", "≤ 1,536 MB", rss <= 1536)

    print("| what | measured | baseline | ratio / detail | budget | met? |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    missed = [r[0] for r in rows if r[5] == "**no**"]
    print()
    print(f"{len(rows) - len(missed)} of {len(rows)} rows within budget" + (": missed — " + "; ".join(missed) if missed else "."))


if __name__ == "__main__":
    main()
