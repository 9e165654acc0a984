"""Fixed costs: the demo build (`python build.py`), start-up imports, and what a build loads.

    python bench/bench_startup.py            # 10 runs of each
    python bench/bench_startup.py --runs 20
    git archive 9c47ecd | tar -x -C /tmp/old && python bench/bench_startup.py --repo /tmp/old --repo .

Prints the median wall and CPU seconds (user + system, the Pagefind process
and worker processes included) of `python build.py --out DIR` in the
repository root (the demo: specs/, site_src/, site.yml; DIR on /dev/shm when
it exists), warm (the build cache of the run before is there: nothing
changed), cold (``.specsite-cache/`` removed before each run) and cold on a
fresh install (specsite's per-user store of its compiled theme removed too,
``SPECSITE_CACHE_HOME``, a folder of this run's own); of importing what a
build imports; of Pagefind alone on the demo's built pages (fed as a build
feeds it, then asked for the index: its own serial work, which a build can
only start once its first page is rendered; with the imports before it, a
floor under any cold build of the demo); of
importing specsite with every feature (what ``specsite --help`` pays); of
``specsite validate`` on a one-event file against the demo's catalog (its
start-up: it reads the specs and no pages); and of a build of 20 Markdown
pages (no specs, no search), with the heavy modules that build loaded.
"least CPU" is the smallest of the runs: on a shared machine the least
disturbed. specsite's bytecode is compiled first, as an installed copy has it.
``--repo DIR`` measures another checkout of specsite; given more than once,
the checkouts run in turn, round by round, with each one's wall time as a
ratio to the first's (before and after, side by side).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import sites  # noqa: E402
from bench_pagefind import by_service, indexed_pages  # noqa: E402
from childtime import timed  # noqa: E402

from specsite.publish.search import pagefind_binary  # noqa: E402

HEAVY = ("botocore", "jsonschema", "tornado", "livereload", "asyncio", "urllib.request", "pagefind")

IMPORT_ONLY = "from specsite import cli, features; features.load()"
BUILD_IMPORTS = "from specsite import cli, features; features.load('build')"
# A build in this process, then the heavy modules it loaded, as JSON on the last line.
BUILD_AND_LIST = (
    "import sys, json; from specsite import cli; code = cli.main(sys.argv[1:]); "
    f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules])); sys.exit(code)"
)


# One event of the demo's catalog, built the way its pages show an example (so it is valid).
EXAMPLE_EVENT = (
    "import json, sys; from specsite import features; features.load(); "
    "from specsite.model import load_specs; from specsite.events.eventschema import example_payload; "
    "specs, _ = load_specs(__import__('pathlib').Path('specs'), __import__('pathlib').Path('.')); "
    "catalog = specs['event']; print(json.dumps(example_payload(catalog, catalog.events[0].value)))"
)


def measure(
    label: str,
    command: list[str] | Callable[[Path], list[str]],
    runs: int,
    repos: list[Path],
    before: Callable[[Path], None] = lambda repo: None,
    walls: list[float] | None = None,
) -> str:
    """Run ``command`` in each checkout in turn, ``runs`` rounds; a row per checkout.

    Round by round, so that a busy moment of a shared machine lands on every
    checkout alike. In a checkout, ``python -c`` and build.py import its specsite.
    """
    results: dict[Path, list[tuple[float, float, str]]] = {repo: [] for repo in repos}
    for _ in range(runs):
        for repo in repos:
            before(repo)
            results[repo].append(timed(command(repo) if callable(command) else command, repo))
    first = statistics.median(r[0] for r in results[repos[0]])
    if walls is not None:
        walls.extend(r[0] for r in results[repos[0]])
    for repo in repos:
        wall = statistics.median(r[0] for r in results[repo])
        cpu = statistics.median(r[1] for r in results[repo])
        least = min(r[1] for r in results[repo])
        ratio = f" {wall / first:.2f} |" if len(repos) > 1 else ""
        print(f"| {label} | {repo.name} | {wall:.3f} | {cpu:.3f} | {least:.3f} |{ratio}", flush=True)
    return results[repos[-1]][-1][2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--repo",
        type=Path,
        action="append",
        help="a checkout to measure (again for more, measured in turn; default: this one)",
    )
    args = parser.parse_args()
    repos = [repo.resolve() for repo in args.repo or [REPO]]
    for repo in repos:
        sites.ensure_bytecode(repo)
    python = sys.executable
    where = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="specsite-startup-", dir=where) as tmp:
        # specsite's per-user store of its compiled theme: this run's own, not the user's.
        store = Path(tmp) / "user-cache"
        os.environ["SPECSITE_CACHE_HOME"] = str(store)
        # A project of each checkout's own (its cache and last output are that checkout's).
        plains = [
            sites.specsite_project(Path(tmp, f"plain-{n}"), pages, search=False, specs=False)
            for n, pages in enumerate([sites.markdown_pages(20)] * len(repos))
        ]
        command = " ".join(["python bench/bench_startup.py", *sys.argv[1:]])
        print(f"`{command}` (medians of {args.runs} runs)\n")
        ratio = " wall ratio to the first |" if len(repos) > 1 else ""
        print(f"| what | checkout | wall s | CPU s | least CPU s |{ratio}")
        print("|---|---|---|---|---|" + ("---|" if ratio else ""))

        def demo(repo: Path) -> list[str]:
            # An output folder of each checkout's own: a warm build finds its own last output.
            return [python, "build.py", "-q", "--out", f"{tmp}/demo-{repos.index(repo)}"]

        def project_cache(repo: Path) -> None:
            shutil.rmtree(repo / ".specsite-cache", ignore_errors=True)

        def both_caches(repo: Path) -> None:
            project_cache(repo)
            shutil.rmtree(store, ignore_errors=True)

        for repo in repos:
            timed(demo(repo), repo)  # the warm runs find this build's cache
        measure("`python build.py` (the demo), warm", demo, args.runs, repos)
        measure("`python build.py` (the demo), cold", demo, args.runs, repos, before=project_cache)
        measure(
            "`python build.py` (the demo), cold, no compiled theme (a fresh install)",
            demo,
            args.runs,
            repos,
            before=both_caches,
        )
        for repo in repos:
            timed(demo(repo), repo)  # leave the checkout with a warm cache, as it was
        build_imports = [python, "-c", BUILD_IMPORTS]
        imports = measure_walls("import what a build imports", build_imports, args.runs, repos)
        pagefind = pagefind_alone(Path(tmp), repos[0], Path(f"{tmp}/demo-0"), args.runs)
        measure("import specsite and every feature", [python, "-c", IMPORT_ONLY], args.runs, repos)
        events = Path(tmp) / "events.jsonl"
        events.write_text(timed([python, "-c", EXAMPLE_EVENT], repos[0])[2])
        measure(
            "`specsite validate` of one event (the demo's specs)",
            [python, "-m", "specsite", "validate", "-q", str(events)],
            args.runs,
            repos,
        )
        out = measure(
            "build of 20 Markdown pages, no specs, no search",
            lambda repo: [
                *[python, "-c", BUILD_AND_LIST, "build", "-q"],
                *["--root", str(plains[repos.index(repo)]), "--out", f"{tmp}/plain-site-{repos.index(repo)}"],
            ],
            args.runs,
            repos,
        )
        loaded = json.loads(out.strip().splitlines()[-1])
        print(f"\nheavy modules that build loaded: {', '.join(loaded) or 'none'} (of {', '.join(HEAVY)})")
        print(
            f"a cold demo build cannot end before its imports ({imports:.3f} s) and then Pagefind's own work"
            f" on its pages ({pagefind:.3f} s), which starts with the first page: {imports + pagefind:.3f} s"
        )


def measure_walls(label: str, command: list[str], runs: int, repos: list[Path]) -> float:
    """``measure``, returning the first checkout's median wall seconds."""
    walls: list[float] = []
    measure(label, command, runs, repos, before=lambda repo: None, walls=walls)
    return statistics.median(walls)


def pagefind_alone(tmp: Path, repo: Path, site: Path, runs: int) -> float:
    """Pagefind's service on the demo's built pages, as the build feeds it (a request a page, in
    plan order), then the index: the part of a cold build that is Pagefind's own, serial work."""
    pages = indexed_pages(repo)
    binary = pagefind_binary()
    if binary is None:
        print("| Pagefind alone | not installed | | | |")
        return 0.0
    figures = [by_service(binary, site, pages, tmp / "pagefind-alone", add_dir=False) for _ in range(runs)]
    wall = statistics.median(f["wall"] for f in figures)
    cpu = statistics.median(f["get files"] for f in figures)
    least = min(f["get files"] for f in figures)
    label = f"Pagefind alone: the demo's {len(pages)} pages, one request each, then the index"
    print(f"| {label} | (any) | {wall:.3f} | {cpu:.3f} | {least:.3f} |", flush=True)
    return wall


if __name__ == "__main__":
    main()
