"""CPU time of a site of plain Markdown pages (no Jinja in them), built serially.

    .venv/bin/python bench/bench_markdown_pages.py --pages 4000 [--profile out.prof]
    .venv/bin/python bench/bench_markdown_pages.py --pages 1000 --page SEED.md --specs specs

Writes a project of ``--pages`` pages of about 1.85 KB each (headings, lists,
a code fence, a table, links to other pages and to other sites; every page
different), builds it in this process with one core, and prints the CPU
seconds of the build. Compare two checkouts by running each one's copy back
to back; wall-clock time is too noisy on a shared machine. ``--profile``
writes a cProfile file of the build (read it with ``python -m pstats``).
``--page`` uses one page of your own for every page instead (each copy gets
its own title, in folders of 100), with the spec folder ``--specs`` (the
seed page needs the demo's ``specs/``).
"""

from __future__ import annotations

import argparse
import cProfile
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    *("event", "catalog", "upload", "request", "option", "client", "record", "batch", "schema"),
    *("property", "value", "type", "interaction", "dataset", "query", "retry", "timeout", "header"),
    *("stream", "page", "index", "field", "user", "item"),
]


def sentence(rng: random.Random, words: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def page_text(n: int, pages: int, rng: random.Random) -> str:
    other = rng.randrange(pages)
    lang = rng.choice(["python", "js", "json"])
    rows = "\n".join(
        f"| `{rng.choice(WORDS)}_{i}` | {rng.choice(['string', 'integer', 'boolean'])} | {sentence(rng, 6)} |"
        for i in range(4)
    )
    return f"""---
title: Page {n}
description: Generated page {n} about {rng.choice(WORDS)}s.
---

# Page {n}

{sentence(rng)} See [page {other}](../section-{other // 100:03d}/page-{other:05d}.md) and the
[reference](https://example.org/docs/{n}) for *more* about `{rng.choice(WORDS)}` and **{rng.choice(WORDS)}**.

## Overview

{sentence(rng, 20)}
{sentence(rng, 16)}

- {sentence(rng, 5)}
- {sentence(rng, 6)}
    - {sentence(rng, 4)}
- {sentence(rng, 5)}

### Steps

1. {sentence(rng, 7)}
2. {sentence(rng, 7)}
3. {sentence(rng, 7)}

```{lang}
def handle_{n}(event, options=None):
    return client.upload(event, retries={n % 7}, timeout={n % 30 + 1})
```

## Fields

| Name | Type | Description |
|------|------|-------------|
{rows}

{sentence(rng, 18)} Read [the home page](../index.md) or <https://example.com/{n}>.

## Notes

{sentence(rng, 22)}
{sentence(rng, 14)} Use `{rng.choice(WORDS)}_{n}` with _care_.

> {sentence(rng, 10)}
"""


def make_project(root: Path, pages: int, page: str | None = None, specs: Path | None = None) -> Path:
    rng = random.Random(15)
    (root / "site_src").mkdir(parents=True)
    (root / "site.yml").write_text("title: Markdown pages\nsearch: false\n", encoding="utf-8")
    (root / "site_src" / "index.md").write_text("---\ntitle: Home\n---\n# Home\n", encoding="utf-8")
    if specs is not None:
        shutil.copytree(specs, root / "specs")
    for n in range(pages - 1):
        path = root / "site_src" / f"section-{n // 100:03d}" / f"page-{n:05d}.md"
        path.parent.mkdir(exist_ok=True)
        text = page_text(n, pages - 1, rng) if page is None else own_copy(page, n)
        path.write_text(text, encoding="utf-8")
    return root


def own_copy(page: str, n: int) -> str:
    """``page`` with its front matter title numbered, so no two copies are the same."""
    head, sep, rest = page.partition("\ntitle: ")
    if not sep:
        return page
    title, _, after = rest.partition("\n")
    return f"{head}{sep}{title} {n}\n{after}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=4000)
    parser.add_argument("--profile", type=Path, help="write a cProfile file of the build here")
    parser.add_argument("--keep", type=Path, help="build in this folder (kept) instead of a temporary one")
    parser.add_argument("--page", type=Path, help="use this page (numbered titles) for every page")
    parser.add_argument("--specs", type=Path, help="copy this specs/ folder into the project")
    args = parser.parse_args()

    from specsite.cli import main as specsite
    from specsite.engine import render

    render.PARALLEL_MIN_ROUTES = 10**9  # serial: CPU seconds of one process tell the whole cost
    work = args.keep or Path(tempfile.mkdtemp(prefix="specsite-md-"))
    try:
        page = args.page.read_text(encoding="utf-8") if args.page else None
        root = make_project(work / "project", args.pages, page, args.specs)
        size = sum(p.stat().st_size for p in (root / "site_src").rglob("*.md")) / args.pages
        profiler = cProfile.Profile() if args.profile else None
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        code = specsite(["build", "--root", str(root), "-q"])
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        summary = f"exit {code}, {cpu:.2f} CPU s, {wall:.2f} s wall, {peak:.0f} MiB peak"
        print(f"{args.pages} pages of {size / 1024:.2f} KB: {summary}")
        return code
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
