"""CPU time of the Markdown step alone, with raw HTML blocks held out of html.parser and without.

    .venv/bin/python bench/bench_md_render.py [--page SEED.md] [--repeat 300]

Builds the demo project with ``--page`` added (the seed page, by default
``../shared/seeds/000_80b374c160ebc09f.txt``), records the text each page
hands to ``mdrender.render_page`` (after Jinja), then converts the largest
one ``--repeat`` times each way, alternating, and prints the CPU milliseconds
per page: specsite's Markdown, and Python-Markdown's own raw HTML path. The
two outputs are compared too; they must be the same bytes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--page", type=Path, default=REPO.parent / "shared/seeds/000_80b374c160ebc09f.txt")
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()

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
