"""CPU time of the Markdown step alone, with raw HTML blocks held out of html.parser and without.

    .venv/bin/python bench/bench_md_render.py [--page SEED.md] [--repeat 300]
    .venv/bin/python bench/bench_md_render.py --builds 3 --pages 1000 [--page SEED.md]

Builds the demo project with ``--page`` added (the seed page, by default
``../shared/seeds/000_80b374c160ebc09f.txt``), records the text each page
hands to ``mdrender.render_page`` (after Jinja), then converts the largest
one ``--repeat`` times each way, alternating, and prints the CPU milliseconds
per page: specsite's Markdown, and Python-Markdown's own raw HTML path. The
two outputs are compared too; they must be the same bytes.

With ``--builds``, it builds a project of ``--pages`` pages instead (the
generated pages of ``bench_markdown_pages.py``, or numbered copies of
``--page``) that many times each way, alternating, in one process: with
this round's Markdown and Jinja work (raw HTML held out, plain bodies not
compiled, one style table for code) and with all three switched off, and
prints the CPU seconds of each build. One process and alternating runs keep
the comparison fair on a busy machine.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def markdown_inputs(page: Path) -> list[str]:
    """The Markdown text of every page of the demo project with ``page`` added, as rendering hands it over."""
    from specsite.cli import main as specsite
    from specsite.engine import mdrender, render

    seen: list[str] = []
    original = mdrender.render_page

    def recording(text: str, *settings: mdrender.MarkdownSettings) -> tuple:
        seen.append(text)
        return original(text, *settings)

    work = Path(tempfile.mkdtemp(prefix="specsite-mdrender-"))
    try:
        for name in ("specs", "site_src", "site.yml"):
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
        shutil.copy(page, work / "site_src" / "bench-page.md")
        mdrender.render_page = recording
        render.PARALLEL_MIN_ROUTES = 10**9
        specsite(["build", "--root", str(work), "-q"])
    finally:
        mdrender.render_page = original
        shutil.rmtree(work, ignore_errors=True)
    return seen


@contextlib.contextmanager
def as_before() -> Iterator[None]:
    """This round's Markdown and Jinja savings switched off: every body compiled, html.parser for all HTML."""
    from specsite.engine import mdrender, render

    saved = render.is_plain_text, mdrender._page_markdown, mdrender._highlighting
    render.is_plain_text = lambda env, body: False
    mdrender._page_markdown = functools.partial(saved[1], hold_html_blocks=False)
    mdrender._highlighting = lambda: {"css_class": "highlight", "guess_lang": False}
    mdrender._page_md.clear()
    try:
        yield
    finally:
        render.is_plain_text, mdrender._page_markdown, mdrender._highlighting = saved
        mdrender._page_md.clear()


def compare_builds(pages: int, page: Path | None, builds: int) -> int:
    from bench_markdown_pages import make_project

    from specsite.cli import main as specsite
    from specsite.engine import render

    render.PARALLEL_MIN_ROUTES = 10**9
    work = Path(tempfile.mkdtemp(prefix="specsite-mdbuilds-"))
    try:
        text = page.read_text(encoding="utf-8") if page else None
        root = make_project(work / "project", pages, text, REPO / "specs" if page else None)
        if specsite(["build", "--root", str(root), "-q"]) != 0:  # imports and first-use costs, not counted
            return 1
        spent: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(builds):
            for name in spent:
                with as_before() if name == "before" else contextlib.nullcontext():
                    start = time.process_time()
                    code = specsite(["build", "--root", str(root), "-q"])
                    spent[name].append(time.process_time() - start)
                if code != 0:
                    return code
        for name, seconds in spent.items():
            figures = ", ".join(f"{s:.2f}" for s in seconds)
            print(f"{name}: {figures} CPU s (median {sorted(seconds)[len(seconds) // 2]:.2f})")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--page", type=Path, default=REPO.parent / "shared/seeds/000_80b374c160ebc09f.txt")
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--builds", type=int, help="compare whole builds, this many each way")
    parser.add_argument("--pages", type=int, default=1000, help="pages of the project --builds builds")
    parser.add_argument("--own-pages", action="store_true", help="with --builds: copies of --page")
    args = parser.parse_args()
    if args.builds:
        return compare_builds(args.pages, args.page if args.own_pages else None, args.builds)

    from specsite.engine import mdrender

    text = max(markdown_inputs(args.page), key=len)
    settings = mdrender.MarkdownSettings()
    plain, _ = mdrender._page_markdown(settings, hold_html_blocks=False)
    ways = {
        "specsite (raw HTML blocks held out)": lambda: mdrender.render_page(text, settings)[0],
        "Python-Markdown's raw HTML path": lambda: plain.reset().convert(text),
    }
    outputs = {name: way() for name, way in ways.items()}
    if len(set(outputs.values())) != 1:
        print("the two outputs differ", file=sys.stderr)
        return 1
    spent = dict.fromkeys(ways, 0.0)
    for _ in range(args.repeat):
        for name, way in ways.items():
            start = time.process_time()
            way()
            spent[name] += time.process_time() - start
    print(f"Markdown of {len(text):,} characters, {args.repeat} times each (CPU ms per page):")
    for name, seconds in spent.items():
        print(f"  {name}: {seconds / args.repeat * 1000:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
