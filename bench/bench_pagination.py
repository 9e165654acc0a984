"""Pagination, permalinks and collections: what expanding pages in the plan costs.

    python bench/bench_pagination.py                 # 100, 1,000 and 5,000 items
    python bench/bench_pagination.py --sizes 20000

Each size is a scratch project with one page paginated over a front matter
list of N items (one page per item, a permalink using the alias), N tagged
Markdown pages that a list page shows through ``collections``, in a bare
layout (the built-in sidebar, which lists a section's every page, would
measure the navigation instead). The figures
are the time to read the sources, the time to plan (expand pagination and
permalinks, build collections: every URL known), and the time of the whole
build without the finishers (search index, link check), best of three.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from specsite import features  # noqa: E402
from specsite.engine import builder  # noqa: E402
from specsite.engine.plan import make_plan  # noqa: E402
from specsite.engine.project import Project, load_inputs  # noqa: E402


def make_project(root: Path, size: int) -> None:
    (root / "site_src/posts").mkdir(parents=True)
    # A bare layout: the built-in sidebar lists every page of a section, which is not measured here.
    (root / "site.yml").write_text("title: Bench\nsearch: false\nlayout: bare\n", encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates/bare.njk").write_text(
        "<!doctype html><title>{{ page.title }}</title>{{ content | safe }}\n"
    )
    items = "\n".join(f"  - {{slug: item-{n}, title: Item {n}}}" for n in range(size))
    (root / "site_src/items.njk").write_text(
        "---\ntitle: Items\npagination:\n  data: items\n  size: 1\n  alias: item\n"
        f"permalink: /items/{{{{ item.slug }}}}/\nitems:\n{items}\n---\n"
        "<h1>{{ item.title }}</h1><a href=\"{{ pagination.href.next or '/' | url }}\">next</a>\n",
        encoding="utf-8",
    )
    for n in range(size):
        (root / f"site_src/posts/p{n}.md").write_text(
            f"---\ntitle: Post {n}\ntags: post\ndate: 2024-01-{n % 28 + 1:02d}\n---\nText {n}.\n",
            encoding="utf-8",
        )
    (root / "site_src/index.md").write_text(
        "# Posts\n\n{% for p in collections.post %}* [{{ p.data.title }}]({{ p.url | url }})\n{% endfor %}\n",
        encoding="utf-8",
    )


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_project(root, size)
        project = Project.at(root)

        inputs, _ = load_inputs(project)
        plan_result, problems = make_plan(inputs)
        assert not problems, problems
        pages = sum(route.output.endswith(".html") for route in plan_result.routes)
        read = best_of(3, lambda: load_inputs(project))
        planned = best_of(3, lambda: make_plan(inputs))
        built = best_of(3, lambda: builder.build(builder.BuildOptions(root=str(root), check_links=False)))
        print(
            f"{size:>7,} items  {pages:>7,} pages  read {read * 1000:7.0f} ms  plan {planned * 1000:7.0f} ms"
            f"  build {built:6.2f} s  ({pages / built:,.0f} pages/s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    args = parser.parse_args()
    features.load()
    builder.FINISHERS.clear()
    for size in (int(s) for s in args.sizes.split(",")):
        measure(size)


if __name__ == "__main__":
    main()
