"""Full-build speed: pages per second, wall time and peak memory.

    python bench/bench_build.py                     # demo site, synthetic 100 and 1,000 pages
    python bench/bench_build.py --sizes 100 1000 5000 --runs 5
    python bench/bench_build.py --page ../shared/seeds/000_80b374c160ebc09f.txt --copies 1000
    python bench/bench_build.py --sandbox           # each project also built with --sandbox

Each build runs in a fresh process (``python -m specsite build``), so the
peak memory is that build's own (the child's maximum resident set size).
``--page`` builds one page N times inside a copy of the demo project, so the
engine can be compared with other generators rendering the same page.
"""

from __future__ import annotations

import argparse
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

from synth import make_synthetic  # noqa: E402

DEMO_PARTS = ("specs", "site_src", "templates", "site.yml")


def build_once(root: Path, extra: tuple[str, ...] = ()) -> tuple[float, float, int]:
    """Build ``root`` in a child process: (seconds, peak MiB, pages written)."""
    out = root / "_site"
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "specsite", "build", "--root", str(root), "-q", *extra],
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"build of {root} failed with exit code {child.returncode}")
    pages = sum(1 for _ in out.rglob("*.html"))
    return seconds, usage.ru_maxrss / 1024, pages


def measure(label: str, root: Path, runs: int, sandbox: bool = False) -> None:
    if sandbox:
        measure(label, root, runs)
        label, extra = f"{label} (--sandbox)", ("--sandbox",)
    else:
        extra = ()
    results = [build_once(root, extra) for _ in range(runs)]
    seconds = statistics.median(r[0] for r in results)
    peak = max(r[1] for r in results)
    pages = results[0][2]
    print(f"{label:<28} {pages:>7} {seconds:>9.2f} {pages / seconds:>10.0f} {peak:>10.0f}", flush=True)


def copy_demo(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in DEMO_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            shutil.copy(source, dest / name)
    return dest


def page_copies(dest: Path, page: Path, copies: int) -> Path:
    root = copy_demo(dest)
    text = page.read_text(encoding="utf-8")
    for n in range(copies):
        target = root / "site_src" / "copies" / f"page-{n:05d}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000], help="synthetic site sizes")
    parser.add_argument("--runs", type=int, default=3, help="builds per size (the median is printed)")
    parser.add_argument("--page", type=Path, help="build this page --copies times inside the demo project")
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--sandbox", action="store_true", help="also build each project with --sandbox")
    args = parser.parse_args()

    print(f"{'project':<28} {'pages':>7} {'median s':>9} {'pages/s':>10} {'peak MiB':>10}")
    with tempfile.TemporaryDirectory(prefix="specsite-bench-") as tmp:
        base = Path(tmp)
        if args.page:
            root = page_copies(base / "copies", args.page, args.copies)
            measure(f"{args.page.name} x {args.copies}", root, args.runs, args.sandbox)
            return
        measure("demo site", copy_demo(base / "demo"), args.runs, args.sandbox)
        for size in args.sizes:
            root = make_synthetic(base / f"synthetic-{size}", pages=size)
            measure(f"synthetic {size} pages", root, args.runs, args.sandbox)


if __name__ == "__main__":
    main()
