"""Navigation at scale: build CPU and page sizes for wide and deep sites.

    python bench/bench_nav.py                          # 10 and 1,000 pages, both layouts
    python bench/bench_nav.py --sizes 10 1000 4000 --runs 3
    python bench/bench_nav.py --page ../shared/seeds/000_80b374c160ebc09f.txt
    python bench/bench_nav.py --repo ../other-checkout  # the same projects built by another checkout

Two layouts, neither with a ``nav:`` in site.yml, so the sidebar comes from
the folders: ``folders`` puts each page in its own top-level folder
(``p1/index.md`` … ``pN/index.md``), ``section`` puts all of them in one
folder (``big/p1.md`` …). A sidebar that lists every page on every page makes
both quadratic. For each build it prints the CPU seconds of the build
process (with its workers), the largest page, the size of ``p1`` and the most any page
``p1`` … ``pS`` grew against the smallest size S, which is the figure the navigation
decides. ``--page`` uses that page (its own title in each copy) inside a
copy of the demo project instead of a small Markdown page.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from bench_build import copy_demo  # noqa: E402

SMALL_PAGE = """---
title: Page {n}
---

Page {n} of the benchmark, with a [link to the home page]({{{{ '/' | url }}}}) and `code`.

## A heading

- a list item
- another item
"""


def page_text(template: str | None, n: int) -> str:
    if template is None:
        return SMALL_PAGE.format(n=n)
    # Every copy differs (its own title), as pages of a real site do.
    return re.sub(r"^title: .*$", f"title: Page {n}", template, count=1, flags=re.M)


def make_site(root: Path, layout: str, pages: int, template: str | None) -> Path:
    """A project of ``pages`` pages laid out as ``folders`` or ``section``."""
    if template is None:
        (root / "site_src").mkdir(parents=True)
        (root / "site.yml").write_text("title: Navigation benchmark\n", encoding="utf-8")
    else:
        copy_demo(root)
        (root / "site.yml").write_text("title: Navigation benchmark\n", encoding="utf-8")
    src = root / "site_src"
    (src / "index.md").write_text("---\ntitle: Home\n---\n\nThe home page.\n", encoding="utf-8")
    for n in range(1, pages + 1):
        rel = f"p{n}/index.md" if layout == "folders" else f"big/p{n}.md"
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_text(template, n), encoding="utf-8")
    return root


def page_file(site: Path, layout: str, n: int) -> Path:
    return site / (f"p{n}/index.html" if layout == "folders" else f"big/p{n}/index.html")


def build(repo: Path, root: Path) -> float:
    """Build ``root`` with the checkout ``repo`` in a child process: CPU seconds, workers included."""
    python = repo / ".venv" / "bin" / "python"
    child = subprocess.Popen(
        [
            str(python if python.exists() else sys.executable),
            "-m",
            "specsite",
            "build",
            "--root",
            str(root),
            "-q",
        ],
        env={**os.environ, "PYTHONPATH": str(repo)},
        cwd=repo,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build of {root} failed")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 1000], help="pages per site")
    parser.add_argument(
        "--layouts", nargs="*", default=["folders", "section"], choices=["folders", "section"]
    )
    parser.add_argument("--runs", type=int, default=1, help="builds per site (the median CPU is printed)")
    parser.add_argument("--page", type=Path, help="use this page (inside the demo project) for every copy")
    parser.add_argument("--repo", type=Path, default=REPO, help="the specsite checkout that builds")
    args = parser.parse_args()
    template = args.page.read_text(encoding="utf-8") if args.page else None
    repo = args.repo.resolve()

    print(f"checkout: {repo}")
    print(f"{'layout':<8} {'pages':>6} {'CPU s':>7} {'largest KB':>11} {'p1 KB':>7} {'growth KB':>10}")
    sizes = sorted(args.sizes)
    with tempfile.TemporaryDirectory(prefix="specsite-bench-nav-") as tmp:
        for layout in args.layouts:
            smallest: list[int] = []
            for size in sizes:
                root = make_site(Path(tmp) / f"{layout}-{size}", layout, size, template)
                cpu = statistics.median(build(repo, root) for _ in range(args.runs))
                site = root / "_site"
                largest = max(p.stat().st_size for p in site.rglob("*.html"))
                shared = [page_file(site, layout, n).stat().st_size for n in range(1, sizes[0] + 1)]
                smallest = smallest or shared
                # The most any page grew against the same page in the smallest site.
                growth = max(now - then for now, then in zip(shared, smallest, strict=True))
                print(
                    f"{layout:<8} {size:>6} {cpu:>7.2f} {largest / 1024:>11.1f} {shared[0] / 1024:>7.1f}"
                    f" {growth / 1024:>10.1f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
