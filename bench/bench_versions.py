"""Versioned docs: the demo site built with one version, and with three (older ones cold, then cached).

    python bench/bench_versions.py [--runs 3]

A temporary git repository holds the demo project in three tagged versions
(v2 adds a prop, v3 an event type). Each build runs in a fresh process
(``python -m specsite build``), so nothing is shared between builds but the
version cache in ``.specsite-cache/versions/``. Prints the median wall time
of each case.
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

REPO = Path(__file__).resolve().parent.parent
DEMO_PARTS = ("specs", "site_src", "templates", "site.yml")
NEW_PROP = "\n- name: bench_note\n  type: string\n  desc: A note added in v2.\n  used_by: [add_to_cart]\n"
NEW_GROUP = "\n- title: Added in v3\n  events:\n    - value: bench_ping\n      desc: A ping added in v3.\n"
VERSIONS = "\nversions:\n  - {ref: v3, label: v3}\n  - {ref: v2, label: v2}\n  - {ref: v1, label: v1}\n"


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com"}
    env.update(GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com")
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def make_repo(root: Path) -> Path:
    """The demo project as v1, v2 and v3 of a git repository; the working tree is v3."""
    root.mkdir(parents=True)
    for name in DEMO_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            shutil.copy(source, root / name)
    git(root, "init", "-q", "-b", "main")
    steps = {
        "v1": None,
        "v2": ("specs/event/props.yml", NEW_PROP),
        "v3": ("specs/event/groups.yml", NEW_GROUP),
    }
    for tag, change in steps.items():
        if change:
            path = root / change[0]
            path.write_text(path.read_text(encoding="utf-8") + change[1], encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", tag)
        git(root, "tag", tag)
    return root


def build(root: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "specsite", "build", "--root", str(root), "-q"],
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-versions-") as tmp:
        root = make_repo(Path(tmp) / "demo")
        config = root / "site.yml"
        plain = config.read_text(encoding="utf-8")
        one = [build(root) for _ in range(args.runs)]
        config.write_text(plain + VERSIONS, encoding="utf-8")
        cold = []
        for _ in range(args.runs):
            shutil.rmtree(root / ".specsite-cache", ignore_errors=True)
            cold.append(build(root))
        warm = [build(root) for _ in range(args.runs)]
        pages = sum(1 for p in (root / "_site").rglob("*.html") if "pagefind" not in p.parts)
    print(f"demo site, {args.runs} runs each, median wall time (fresh process per build)")
    print(f"  one version                         {statistics.median(one):6.2f} s")
    print(f"  three versions, older ones built    {statistics.median(cold):6.2f} s")
    print(f"  three versions, older ones cached   {statistics.median(warm):6.2f} s   ({pages} pages in all)")


if __name__ == "__main__":
    main()
