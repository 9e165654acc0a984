"""Event catalogs of real size: build time, CPU, peak memory and output size.

    python bench/bench_catalog.py                      # 1,000 types x 5,000 props, then its double
    python bench/bench_catalog.py --scale 200x1000     # other sizes (types x props), each with its double
    python bench/bench_catalog.py --no-double --keep /tmp/cat   # one size, keep the project
    python bench/bench_catalog.py --options 25000      # one option-table namespace of 25,000 props

The generated catalog looks like a real one: event types in groups of 20,
50 props that every type takes (a few through ``used_by_except`` of a type
or two, so they still apply almost everywhere), and the rest taken by one to
five types each through ``used_by``, with Markdown in every description. The
project is a small site that shows everything the catalog generates: the
explorer, a catalog table, the matrix, the JSON Schemas and one page per type.

Each build runs in a child process (``python -m specsite build``); its wall
time, CPU seconds (user + system, from ``wait4``) and peak resident memory
(``ru_maxrss``) are the child's own. Goals (issue 15, point 6): 1,000 x 5,000
in <= 60 s, peak <= 1 GiB, no output file over 2 MiB, the double <= 2.3x the time.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

GROUP_SIZE = 20
EVERY_TYPE = 50
TYPES = ("string", "number", "integer", "boolean", "timestamp", "array of strings", "positive integer")
WORDS = tuple(
    [
        "cart",
        "checkout",
        "product",
        "order",
        "session",
        "screen",
        "device",
        "campaign",
        "coupon",
        "basket",
        "price",
        "amount",
        "currency",
        "shipping",
        "refund",
        "review",
        "rating",
        "search",
        "query",
        "result",
        "filter",
        "video",
        "playback",
        "stream",
    ]
)
MiB = 1024 * 1024

SITE_YML = """title: Catalog benchmark
base_url: https://example.com/
nav:
  - title: Events
    pages:
      - index.md
      - catalog.md
      - explorer.md
      - {title: Event matrix, url: /catalog/event/matrix/}
"""

INDEX_MD = """---
title: Catalog benchmark
---

A generated catalog of {{ specs.event.events | length }} event types and
{{ specs.event.props | length }} properties. See the [catalog]({{ '/catalog/' | url }}),
the [explorer]({{ '/explorer/' | url }}) and the [matrix]({{ event_matrix_url() | url }}).
"""

CATALOG_MD = """---
title: Event catalog
---

{% for group in specs.event.groups %}
## {{ group.title }}

| Event type | Description | Properties | Required |
|---|---|---|---|
{% for event in group.events -%}
| [`{{ event.value }}`]({{ event_url(event.value) | url }}) | {{ event.desc }} | \
{{ specs.event.props_for(event.value) | length }} | \
{{ specs.event.required_props_for(event.value) | map(attribute='name') | join(', ') }} |
{% endfor %}
{% endfor %}
"""

EXPLORER_MD = """---
title: Event explorer
---

Pick an event type to see the properties it takes.

{{ event_explorer() }}
"""


def _sentence(rng: random.Random, name: str) -> str:
    a, b, c = rng.sample(WORDS, 3)
    return (
        f"The **{a}** {b} of the `{name}` {c}, as the client saw it. "
        f"See [the {b} guide](https://example.com/guide/{b}) for *when* to send it."
    )


def event_spec(types: int, props: int, seed: int = 15) -> tuple[str, str]:
    """``(groups.yml, props.yml)`` for ``types`` event types and ``props`` props."""
    rng = random.Random(seed)
    values = [f"{rng.choice(WORDS)}_{i:05d}" for i in range(types)]
    groups = []
    for start in range(0, types, GROUP_SIZE):
        lines = [f"- title: Group {start // GROUP_SIZE + 1}", "  events:"]
        for value in values[start : start + GROUP_SIZE]:
            lines += [f"    - value: {value}", f"      desc: {_quoted(_sentence(rng, value))}"]
            if rng.random() < 0.2:
                lines.append(f"      tier: {rng.randint(1, 3)}")
        groups.append("\n".join(lines))
    lines = ["- name: type", "  type: string", "  required: true", "  desc: The event type, for example `x`."]
    for i in range(1, props):
        name = f"{rng.choice(WORDS)}_{i:05d}"
        desc = _quoted(_sentence(rng, name))
        lines += [f"- name: {name}", f"  type: {rng.choice(TYPES)}", f"  desc: {desc}"]
        if i < EVERY_TYPE:
            if i % 10 == 0:
                lines.append(f"  used_by_except: [{', '.join(rng.sample(values, rng.randint(1, 2)))}]")
            elif i % 7 == 0:
                lines.append("  required: true")
            continue
        users = rng.sample(values, rng.randint(1, 5))
        lines.append(f"  used_by: [{', '.join(users)}]")
        if rng.random() < 0.2:
            lines.append(f"  required_by: [{users[0]}]")
    return "\n".join(groups) + "\n", "\n".join(lines) + "\n"


def option_spec(props: int, groups: int = 50) -> tuple[str, str]:
    """One option-table namespace: ``props`` props in ``groups`` groups sharing one mixin."""
    prop_text = "".join(f'- {{key: opt_{i}, type: integer, desc: "Option **{i}**."}}\n' for i in range(props))
    per = max(1, props // groups)
    group_text = "- key: _base\n  props: [opt_0, opt_1, opt_2]\n"
    for g in range(groups):
        keys = ", ".join(f"opt_{i}" for i in range(g * per, min(props, (g + 1) * per)))
        group_text += f"- key: group_{g}\n  props: [{keys}, _base]\n"
    return prop_text, group_text


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_project(root: Path, types: int, props: int, options: int = 0) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "specs" / "event").mkdir(parents=True)
    (root / "site_src").mkdir()
    groups, prop_text = event_spec(types, props)
    (root / "specs" / "event" / "groups.yml").write_text(groups)
    (root / "specs" / "event" / "props.yml").write_text(prop_text)
    (root / "site.yml").write_text(SITE_YML)
    (root / "site_src" / "index.md").write_text(INDEX_MD)
    (root / "site_src" / "catalog.md").write_text(CATALOG_MD)
    (root / "site_src" / "explorer.md").write_text(EXPLORER_MD)
    if options:
        (root / "specs" / "options").mkdir()
        option_props, option_groups = option_spec(options)
        (root / "specs" / "options" / "props.yml").write_text(option_props)
        (root / "specs" / "options" / "groups.yml").write_text(option_groups)
        (root / "site_src" / "options.md").write_text(
            "---\ntitle: Options\n---\n\n{{ proptable('options', 'group_0') }}\n\n"
            "{{ proptable('options', 'group_1') }}\n"
        )
    return root


@dataclass(frozen=True)
class Result:
    wall: float
    cpu: float
    peak_mib: float
    total_mb: float
    largest: tuple[str, int]
    over_budget: int
    files: int


def build(root: Path, extra: tuple[str, ...] = ()) -> Result:
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "specsite", "build", "--root", str(root), "-q", *extra],
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build of {root} failed")
    out = root / "_site"
    sizes = [(str(p.relative_to(out)), p.stat().st_size) for p in out.rglob("*") if p.is_file()]
    largest = max(sizes, key=lambda item: item[1])
    return Result(
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        sum(size for _, size in sizes) / 1e6,
        largest,
        sum(1 for _, size in sizes if size > 2 * MiB),
        len(sizes),
    )


def show(label: str, result: Result) -> None:
    name, size = result.largest
    print(
        f"{label:<22} wall {result.wall:7.1f} s  cpu {result.cpu:7.1f} s  peak {result.peak_mib:6.0f} MiB  "
        f"out {result.total_mb:7.1f} MB in {result.files} files  largest {size / MiB:5.2f} MiB ({name})  "
        f"over 2 MiB: {result.over_budget}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="1000x5000", help="event types x props (default 1000x5000)")
    parser.add_argument("--no-double", action="store_true", help="skip the catalog twice the size")
    parser.add_argument("--options", type=int, default=0, help="also an option namespace of this many props")
    parser.add_argument("--keep", type=Path, help="build here and keep the project")
    args = parser.parse_args()
    types, props = (int(n) for n in args.scale.lower().split("x"))
    extra: tuple[str, ...] = ()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="specsite-catalog-"))
    try:
        sizes = [(types, props)] if args.no_double else [(types, props), (2 * types, 2 * props)]
        results = []
        for t, p in sizes:
            root = make_project(scratch / f"c{t}x{p}", t, p, args.options)
            yaml_mb = sum(f.stat().st_size for f in (root / "specs").rglob("*.yml")) / 1e6
            result = build(root, extra)
            show(f"{t:,} x {p:,} ({yaml_mb:.1f} MB)", result)
            results.append(result)
        if len(results) == 2:
            print(
                f"growth at 2x: {results[1].wall / results[0].wall:.2f}x wall, "
                f"{results[1].cpu / results[0].cpu:.2f}x cpu"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
