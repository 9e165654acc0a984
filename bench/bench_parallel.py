"""Where rendering in worker processes pays off: serial against parallel builds by size.

    python bench/bench_parallel.py                       # seed-like pages: 10, 20, 40, 80, 160 copies
    python bench/bench_parallel.py --copies 20 40 --runs 5
    python bench/bench_parallel.py --synthetic 4000      # bench/synth.py's Markdown pages instead

Each build runs in a fresh process whose render threshold is forced
(``PARALLEL_MIN_ROUTES`` 1 or never), so both modes build the same routes.
It prints the median wall time and the median CPU seconds of the build and
every process it started (workers, Pagefind), read with ``wait4``. Serial and
parallel builds alternate, so a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from bench_build import copy_demo  # noqa: E402
from synth import make_synthetic  # noqa: E402

SEED = REPO.parent / "shared" / "seeds" / "000_80b374c160ebc09f.txt"
DRIVER = """
import sys
from specsite import features
from specsite.engine import builder, pages
features.load()
parallel = sys.argv[2] == "parallel"
builder.PARALLEL_MIN_ROUTES = 1 if parallel else 10**9
pages.PARALLEL_MIN_FILES = 1 if parallel else 10**9
builder.build(builder.BuildOptions(sys.argv[1]))
"""


def build_once(root: Path, mode: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the build and its children)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(root), mode],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the {mode} build of {root} failed")
    # wait4 counts the build's own CPU and that of every child it waited for.
    return wall, usage.ru_utime + usage.ru_stime


def seed_project(root: Path, copies: int, page: Path) -> Path:
    copy_demo(root)
    text = page.read_text(encoding="utf-8")
    for n in range(copies):
        target = root / "site_src" / "copies" / f"page-{n:05d}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace("title: ", f"title: {n} ", 1), encoding="utf-8")
    return root


def measure(label: str, root: Path, runs: int) -> None:
    results: dict[str, list[tuple[float, float]]] = {"serial": [], "parallel": []}
    for _ in range(runs):
        for mode in results:
            results[mode].append(build_once(root, mode))
    wall = {mode: statistics.median(r[0] for r in found) for mode, found in results.items()}
    cpu = {mode: statistics.median(r[1] for r in found) for mode, found in results.items()}
    ratio = wall["parallel"] / wall["serial"]
    print(
        f"{label:<24} {wall['serial']:>9.2f} {wall['parallel']:>9.2f} {ratio:>7.2f}"
        f" {cpu['serial']:>9.2f} {cpu['parallel']:>9.2f}",
        flush=True,
    )


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--copies", type=int, nargs="*", default=[10, 20, 40, 80, 160])
    parser.add_argument("--synthetic", type=int, nargs="*", default=[], help="synthetic sites of these sizes")
    parser.add_argument("--page", type=Path, default=SEED, help="the page to copy (default: the seed page)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'project':<24} {'serial s':>9} {'par. s':>9} {'ratio':>7} {'ser. CPU':>9} {'par. CPU':>9}")
    with tempfile.TemporaryDirectory(prefix="specsite-bench-") as tmp:
        for copies in [] if args.synthetic else args.copies:
            root = seed_project(Path(tmp) / f"copies-{copies}", copies, args.page)
            measure(f"{args.page.stem[:10]} x {copies}", root, args.runs)
        for size in args.synthetic:
            root = make_synthetic(Path(tmp) / f"synthetic-{size}", pages=size)
            measure(f"synthetic {size}", root, args.runs)


if __name__ == "__main__":
    main()
