"""Synthetic projects of a given size, for the benchmarks.

``make_synthetic(root, pages=1000, events=30, props=20)`` writes a project
with an event catalog, a property-group namespace and ``pages`` Markdown
pages in sections of 100. One page in ten reads the event catalog, so a
prop edit touches a tenth of the site, as it would in real docs.
"""

from __future__ import annotations

import random
from pathlib import Path

TYPES = ["string", "number", "integer", "boolean", "object", "array of strings", "array of positive integers"]
SECTION_SIZE = 100


def event_spec(events: int, props: int, rng: random.Random) -> tuple[str, str]:
    values = [f"event_{i:03d}" for i in range(events)]
    groups = []
    for start in range(0, events, 6):
        lines = [f"- title: Group {start // 6 + 1}", "  events:"]
        for value in values[start : start + 6]:
            lines += [f"    - value: {value}", f"      desc: What happens for `{value}`, in *one* sentence."]
        groups.append("\n".join(lines))
    prop_lines = ["- name: type", "  type: string", "  required: true", "  desc: The event type."]
    for i in range(1, props):
        prop_lines += [f"- name: prop_{i:03d}", f"  type: {rng.choice(TYPES)}", f"  desc: Property **{i}**."]
        users = rng.sample(values, k=max(1, events // 3))
        if i % 3 == 1:
            prop_lines.append(f"  used_by: [{', '.join(users)}]")
        elif i % 3 == 2:
            prop_lines.append(f"  used_by_except: [{', '.join(users[:2])}]")
    return "\n".join(groups) + "\n", "\n".join(prop_lines) + "\n"


def option_spec() -> tuple[str, str]:
    props = "".join(
        f"- key: opt_{i}\n  type: integer\n  default: {i}\n  desc: Option {i} of the request.\n"
        for i in range(12)
    )
    groups = (
        "- key: _base\n  props: [opt_0, opt_1, opt_2, opt_3]\n"
        "- key: upload.options\n  props: [opt_4, opt_5, _base]\n"
        "- key: query.options\n  props: [opt_6, opt_7, opt_8, opt_9, opt_10, opt_11, _base]\n"
    )
    return props, groups


PLAIN_PAGE = """---
title: Page {n}
description: Synthetic page number {n}.
---

Some introduction for page {n}, with a [link]({{{{ '/' | url }}}}) and `code`.

## Section one

- a list item
- another item

| Column | Value |
|--------|-------|
| n      | {n}   |

```js
await client.api.interactions.upload({{ type: 'event_000' }});
```

## Section two

{{{{ proptable('data_api', 'upload.options') }}}}
"""

SPEC_PAGE = (
    PLAIN_PAGE
    + """
## Events

{{% for event in specs.event.events %}}
* `{{{{ event.value }}}}`: {{{{ specs.event.props_for(event.value) | length }}}} properties
{{% endfor %}}
"""
)


def make_synthetic(root: Path, pages: int = 1000, events: int = 30, props: int = 20, seed: int = 7) -> Path:
    """Write the project under ``root`` and return it."""
    rng = random.Random(seed)
    groups, event_props = event_spec(events, props, rng)
    option_props, option_groups = option_spec()
    files = {
        "site.yml": "title: Synthetic\n",
        "specs/event/groups.yml": groups,
        "specs/event/props.yml": event_props,
        "specs/data_api/props.yml": option_props,
        "specs/data_api/groups.yml": option_groups,
        "site_src/index.md": "---\ntitle: Home\n---\nThe synthetic home page.\n",
    }
    for n in range(pages - 1):
        template = SPEC_PAGE if n % 10 == 0 else PLAIN_PAGE
        files[f"site_src/section-{n // SECTION_SIZE:03d}/page-{n:05d}.md"] = template.format(n=n)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
