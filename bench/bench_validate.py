"""``specsite validate`` speed and memory on a large file of events.

    python bench/bench_validate.py                      # 100,000 events, JSON Lines, 3 runs
    python bench/bench_validate.py --events 1000000 --format json --runs 1
    python bench/bench_validate.py --events 20000 --runs 1 --instructions   # load-independent

The file is made from the demo catalog's example payloads (every event type
in turn, with varying ids and values); one event in a hundred is made
invalid, so the error path is measured too. Each run is a fresh process
(``python -m specsite validate``), so the peak memory is that run's own
maximum resident set size. A run on a ten-event file gives the baseline:
what the interpreter and the spec take before any data. A second child per
run times the parts of one run (importing the command, reading the spec,
the loop over the events) in CPU seconds, so the loop's own speed shows
apart from start-up, which the ``specsite`` command shares with the others.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from specsite import features  # noqa: E402
from specsite.engine.project import Project, load_inputs  # noqa: E402
from specsite.events.eventschema import example_payload  # noqa: E402


def make_events(count: int, seed: int = 7) -> Iterator[dict]:
    """``count`` events of the demo catalog, one at a time; every 100th is invalid."""
    features.load()
    inputs, _ = load_inputs(Project.at(REPO))
    catalog = inputs.specs.event
    templates = [example_payload(catalog, event.value) for event in catalog.events]
    rng = random.Random(seed)
    for index in range(count):
        event = dict(templates[index % len(templates)])
        event["user_id"] = f"u-{rng.randrange(10**6)}"
        event["timestamp"] = f"2024-05-{1 + index % 28:02d}T{index % 24:02d}:{index % 60:02d}:00Z"
        if index % 100 == 99:
            event["quantities"] = [1, -index]
        yield event


def write_events(path: Path, count: int, form: str) -> None:
    """Write the file event by event: a parent holding them all would inflate the child's peak.

    (A child starts as a copy of this process, and its peak resident size
    counts that copy until it runs Python anew.)
    """
    with path.open("w", encoding="utf-8") as out:
        if form == "jsonl":
            out.writelines(json.dumps(event) + "\n" for event in make_events(count))
            return
        out.write("[\n")
        for index, event in enumerate(make_events(count)):
            out.write(("" if index == 0 else ",\n") + json.dumps(event, indent=2))
        out.write("\n]\n")


def validate_once(path: Path, log: Path) -> tuple[float, float, float, int]:
    """Validate ``path`` in a child process: (seconds, CPU seconds, peak MiB, problem lines).

    CPU time is printed too because wall time swings on a busy machine.
    """
    start = time.perf_counter()
    with log.open("w") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "specsite", "validate", str(path), "--root", str(REPO), "-q"],
            stdout=out,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"validate failed with exit code {code}")
    with log.open() as out:
        problems = sum(1 for _ in out)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, problems


# Run in a child: the parts of one ``specsite validate`` run, timed in CPU seconds.
PARTS = """
import json, os, sys, time
clock = time.process_time
start = clock()
from specsite import features
features.load("validate")  # as the command does: only the features validate uses (the spec formats)
from specsite.events import validate_command
imported = clock()
catalog = validate_command._catalog(validate_command.Path(sys.argv[2]).resolve(), None)
read = clock()
with open(os.devnull, "w") as sys.stdout, validate_command._open(sys.argv[1]) as stream:
    summary = validate_command._print_problems(stream, sys.argv[1], validate_command.CompiledChecker(catalog))
done = clock()
print(json.dumps([imported - start, read - imported, done - read, summary.events]), file=sys.stderr)
"""


def parts_once(path: Path) -> tuple[float, float, float]:
    """(import, spec, loop) CPU seconds of one run in a fresh child."""
    child = subprocess.run(
        [sys.executable, "-c", PARTS, str(path), str(REPO)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    imported, spec, loop, _ = json.loads(child.stderr.splitlines()[-1])
    return imported, spec, loop


def instructions_once(path: Path) -> int:
    """Machine instructions of one ``specsite validate`` run, counted by valgrind (callgrind).

    Unlike seconds, the count does not move with the load of a shared
    machine: a change that saves work shows even when timings are noise.
    The hash seed is fixed, as dictionaries and sets do different work
    under different seeds.
    """
    command = [sys.executable, "-m", "specsite", "validate", str(path), "--root", str(REPO), "-q"]
    child = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONHASHSEED": "0"},
    )
    found = [line for line in child.stderr.splitlines() if "Collected :" in line]
    if not found:
        raise SystemExit(f"valgrind gave no count: {child.stderr[-500:]}")
    return int(found[-1].split(":")[-1])


def print_instructions(small: Path, big: Path, events: int) -> None:
    baseline, total = instructions_once(small), instructions_once(big)
    print(
        f"instructions (valgrind): start-up and spec {baseline / 1e6:,.0f} M, "
        f"per event {(total - baseline) / events:,.0f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", choices=("jsonl", "json"), default="jsonl")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count machine instructions with valgrind (slow: use --events 20000 or so)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="specsite-bench-") as tmp:
        folder = Path(tmp)
        small, big = folder / f"small.{args.format}", folder / f"events.{args.format}"
        write_events(small, 10, args.format)
        write_events(big, args.events, args.format)
        size = big.stat().st_size / 2**20
        print(
            f"{args.events:,} events, {args.format}, {size:.1f} MiB; baseline and {args.runs} runs",
            flush=True,
        )
        _, _, baseline, _ = validate_once(small, folder / "small.log")
        print(f"baseline (10 events): peak {baseline:.0f} MiB", flush=True)
        header = ("run", "seconds", "events/s", "cpu s", "ev/cpu s", "peak MiB", "problems")
        print(" ".join(f"{title:>9}" for title in header), flush=True)
        results = [validate_once(big, folder / "big.log") for _ in range(args.runs)]
        for run, (seconds, cpu, peak, problems) in enumerate(results, 1):
            rates = f"{args.events / seconds:>9,.0f} {cpu:>9.2f} {args.events / cpu:>9,.0f}"
            print(f"{run:>9} {seconds:>9.2f} {rates} {peak:>9.0f} {problems:>9,}", flush=True)
        wall, cpu, peak, _ = (statistics.median(column) for column in zip(*results, strict=True))
        print(
            f"median: {wall:.2f} s, {args.events / wall:,.0f} events/s "
            f"({args.events / cpu:,.0f} per CPU second), peak {peak:.0f} MiB",
            flush=True,
        )
        parts = [parts_once(big) for _ in range(args.runs)]
        imported, spec, loop = (statistics.median(column) for column in zip(*parts, strict=True))
        print(
            f"parts (median CPU s): import {imported:.2f}, spec {spec:.2f}, loop {loop:.2f} "
            f"({loop / args.events * 1e6:.1f} us/event, {args.events / loop:,.0f} events per loop second)",
            flush=True,
        )
        if args.instructions:
            print_instructions(small, big, args.events)


if __name__ == "__main__":
    main()
