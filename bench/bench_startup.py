"""Fixed costs: the demo build (`python build.py`), start-up imports, and what a build loads.

    python bench/bench_startup.py            # 10 runs of each
    python bench/bench_startup.py --runs 20
    git archive 9c47ecd | tar -x -C /tmp/old && python bench/bench_startup.py --repo /tmp/old

Prints the median wall and CPU seconds (user + system, the Pagefind process
and worker processes included) of `python build.py --out DIR` in the
repository root (the demo: specs/, site_src/, site.yml; DIR on /dev/shm when
it exists), warm (the build cache of the run before is there: nothing
changed), cold (``.specsite-cache/`` removed before each run) and cold on a
fresh install (specsite's per-user store of its compiled theme removed too,
``SPECSITE_CACHE_HOME``, a folder of this run's own); of
importing specsite with every feature (what ``specsite --help`` pays); of
``specsite validate`` on a one-event file against the demo's catalog (its
start-up: it reads the specs and no pages); and of a build of 20 Markdown
pages (no specs, no search), with the heavy modules that build loaded.
"least CPU" is the smallest of the runs: on a shared machine the least
disturbed. specsite's bytecode is compiled first, as an installed copy has it.
``--repo DIR`` measures another checkout of specsite (the "before" figures).
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
from childtime import timed  # noqa: E402

HEAVY = ("botocore", "jsonschema", "tornado", "livereload", "asyncio", "urllib.request", "pagefind")

IMPORT_ONLY = "from specsite import cli, features; features.load()"
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
    label: str, command: list[str], runs: int, repo: Path, before: Callable[[], None] = lambda: None
) -> str:
    # In ``repo``, ``python -c`` and build.py import that checkout's specsite.
    results = []
    for _ in range(runs):
        before()
        results.append(timed(command, repo))
    wall = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[1] for r in results)
    least = min(r[1] for r in results)
    print(f"| {label} | {wall:.3f} | {cpu:.3f} | {least:.3f} |", flush=True)
    return results[-1][2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to measure")
    args = parser.parse_args()
    repo = args.repo.resolve()
    sites.ensure_bytecode(repo)
    python = sys.executable
    where = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="specsite-startup-", dir=where) as tmp:
        # specsite's per-user store of its compiled theme: this run's own, not the user's.
        store = Path(tmp) / "user-cache"
        os.environ["SPECSITE_CACHE_HOME"] = str(store)
        plain = sites.specsite_project(
            Path(tmp) / "plain", sites.markdown_pages(20), search=False, specs=False
        )
        command = " ".join(["python bench/bench_startup.py", *sys.argv[1:]])
        print(f"`{command}` in {repo} (medians of {args.runs} runs)\n")
        print("| what | wall s | CPU s | least CPU s |")
        print("|---|---|---|---|")
        demo = [python, "build.py", "-q", "--out", f"{tmp}/demo"]
        timed(demo, repo)  # the warm runs find this build's cache
        measure("`python build.py` (the demo), warm", demo, args.runs, repo)
        cache = repo / ".specsite-cache"
        measure(
            "`python build.py` (the demo), cold",
            demo,
            args.runs,
            repo,
            before=lambda: shutil.rmtree(cache, ignore_errors=True),
        )
        measure(
            "`python build.py` (the demo), cold, no compiled theme (a fresh install)",
            demo,
            args.runs,
            repo,
            before=lambda: [shutil.rmtree(path, ignore_errors=True) for path in (cache, store)],
        )
        timed(demo, repo)  # leave the checkout with a warm cache, as it was
        measure("import specsite and every feature", [python, "-c", IMPORT_ONLY], args.runs, repo)
        events = Path(tmp) / "events.jsonl"
        events.write_text(timed([python, "-c", EXAMPLE_EVENT], repo)[2])
        measure(
            "`specsite validate` of one event (the demo's specs)",
            [python, "-m", "specsite", "validate", "-q", str(events)],
            args.runs,
            repo,
        )
        out = measure(
            "build of 20 Markdown pages, no specs, no search",
            [python, "-c", BUILD_AND_LIST, "build", "--root", str(plain), "-q", "--out", f"{tmp}/plain-site"],
            args.runs,
            repo,
        )
        loaded = json.loads(out.strip().splitlines()[-1])
        print(f"\nheavy modules that build loaded: {', '.join(loaded) or 'none'} (of {', '.join(HEAVY)})")


if __name__ == "__main__":
    main()
