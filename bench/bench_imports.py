"""The import cost of a build, before and after: checkouts measured in turn, run after run.

    git archive main | tar -x -C /tmp/before
    python bench/bench_imports.py --repo /tmp/before --repo .            # 20 rounds
    python bench/bench_imports.py --repo /tmp/before --repo . --runs 40

Each round runs every case once in every checkout, in turn, so a busy
moment on a shared machine lands on all of them alike. Printed: the median
and least CPU seconds (user + system of the process and what it waited for)
per case and checkout, and the ratio of the medians to the first checkout's.
The cases: the interpreter alone (the floor), what ``python build.py``
imports before it reads a file (the cli and ``features.load("build")``),
the same for ``validate`` and for every feature (``--help``), and the cold
demo build (``python build.py`` with no ``.specsite-cache/``), whose imports
at render time (Pygments, Markdown extensions) count too. Bytecode is
compiled first, as an installed copy has it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import sites  # noqa: E402
from childtime import timed  # noqa: E402


def _loads(command: str | None) -> str:
    return f"from specsite import cli, features; features.load({command!r})"


CASES = (
    ("python alone", ["-c", "pass"]),
    ('imports of a build: cli + features.load("build")', ["-c", _loads("build")]),
    ('imports of validate: cli + features.load("validate")', ["-c", _loads("validate")]),
    ("imports of every feature (--help)", ["-c", _loads(None)]),
)
DEMO = "`python build.py` (the demo), cold"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, action="append", help="a checkout (give two or more)")
    parser.add_argument("--runs", type=int, default=20, help="rounds (default 20)")
    parser.add_argument("--no-demo", action="store_true", help="imports only, no demo builds")
    args = parser.parse_args()
    repos = [repo.resolve() for repo in (args.repo or [HERE.parent])]
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # each run would compile every module
    for repo in repos:
        sites.ensure_bytecode(repo)
    cases = [(label, [sys.executable, *argv]) for label, argv in CASES]
    where = "/dev/shm" if Path("/dev/shm").is_dir() else None
    cpu: dict[tuple[str, Path], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="specsite-imports-", dir=where) as tmp:
        if not args.no_demo:
            cases.append((DEMO, [sys.executable, "build.py", "-q", "--out", f"{tmp}/demo"]))
        for _ in range(args.runs):
            for label, command in cases:
                for repo in repos:
                    if label == DEMO:
                        shutil.rmtree(repo / ".specsite-cache", ignore_errors=True)
                    cpu.setdefault((label, repo), []).append(timed(command, repo)[1])
        for repo in repos:
            shutil.rmtree(repo / ".specsite-cache", ignore_errors=True)
    print(f"`python bench/bench_imports.py {' '.join(sys.argv[1:])}`: CPU seconds, {args.runs} rounds\n")
    print("| what | checkout | median | least | median / first checkout's |")
    print("|---|---|---|---|---|")
    for label, _ in cases:
        first = statistics.median(cpu[(label, repos[0])])
        for repo in repos:
            runs = cpu[(label, repo)]
            median = statistics.median(runs)
            print(f"| {label} | {repo} | {median:.3f} | {min(runs):.3f} | {median / first:.2f} |")


if __name__ == "__main__":
    main()
