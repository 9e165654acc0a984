"""The build cache: CPU seconds of a build without it, a cold one (no .specsite-cache/) and a warm one.

    python bench/bench_cache.py --page ../shared/seeds/000_80b374c160ebc09f.txt --copies 1000
    python bench/bench_cache.py --synthetic 4000 --runs 3

Each build runs in a fresh process; its CPU time is user + system of that
process and of the worker processes it waited for (``os.wait4``), so the
figures hold on a busy machine where wall-clock time does not. The three
kinds alternate (no cache, cold, warm; then again) and the medians are
printed, with the warm build's saving over the cold one, and the size of
the cache file. Every build's output is compared with the first one's.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from bench_build import page_copies  # noqa: E402
from synth import make_synthetic  # noqa: E402

CACHE = ".specsite-cache"


def build_once(root: Path, out: Path, extra: tuple[str, ...]) -> tuple[float, float]:
    """Build ``root`` into ``out`` in a child process: (CPU seconds, wall seconds)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "specsite", "build", "--root", str(root), "--out", str(out), "-q", *extra],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build of {root} failed")
    return usage.ru_utime + usage.ru_stime, wall


def same_tree(a: Path, b: Path) -> bool:
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(a / d, b / d) for d in compared.common_dirs)


def measure(label: str, root: Path, runs: int) -> None:
    kinds = {"no cache": [], "cold": [], "warm": []}
    first: Path | None = None
    for run in range(runs):
        for kind, times in kinds.items():
            if kind in ("no cache", "cold"):
                shutil.rmtree(root / CACHE, ignore_errors=True)
            out = root.parent / f"out-{kind.replace(' ', '-')}-{run}"
            times.append(build_once(root, out, ("--no-cache",) if kind == "no cache" else ()))
            if first is None:
                first = out
            elif not same_tree(first, out):
                raise SystemExit(f"{label}: the {kind} build differs from the first build")
            else:
                shutil.rmtree(out)
    size = (root / CACHE / "build.cache").stat().st_size / 2**20
    cpu = {kind: statistics.median(t[0] for t in times) for kind, times in kinds.items()}
    wall = {kind: statistics.median(t[1] for t in times) for kind, times in kinds.items()}
    for kind in kinds:
        print(f"{label:<32} {kind:<9} {cpu[kind]:>9.2f} {wall[kind]:>9.2f}", flush=True)
    warm, cold = cpu["warm"] / cpu["cold"], cpu["cold"] / cpu["no cache"]
    print(
        f"{label:<32} CPU warm/cold {warm:.2f}, cold/no-cache {cold:.2f},"
        f" cache file {size:.1f} MiB, outputs identical",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--page", type=Path, help="build this page --copies times inside the demo project")
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--synthetic", type=int, nargs="*", default=[], help="synthetic Markdown site sizes")
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind (the median is printed)")
    args = parser.parse_args()
    print(f"{'project':<32} {'build':<9} {'CPU s':>9} {'wall s':>9}")
    with tempfile.TemporaryDirectory(prefix="specsite-bench-cache-") as tmp:
        base = Path(tmp)
        if args.page:
            root = page_copies(base / "copies" / "project", args.page, args.copies)
            measure(f"{args.page.name} x {args.copies}", root, args.runs)
        for size in args.synthetic:
            root = make_synthetic(base / f"synthetic-{size}" / "project", pages=size)
            measure(f"synthetic {size} pages", root, args.runs)


if __name__ == "__main__":
    main()
