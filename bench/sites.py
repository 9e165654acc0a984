"""The page sets of the speed benchmarks, shared by bench_eleventy.py and profile_build.py.

Two workloads, each a dict of page sources (path under the source folder ->
text) so that specsite and Eleventy read byte-identical pages:

- ``seed_pages``: the seed page copied N times (default 1,000) into ten
  folders of 100, every copy with its own title, plus the two pages the seed
  links to (the home page and ``/sdk/request-options/``), so no link is
  broken. The specsite project gets the demo project's ``specs/``. The
  title is in the front matter, so the copies' bodies are the same and a
  tool that compiles or converts a body once for all the pages that share it
  does so once; with ``distinct=True`` each copy's body also ends with its
  own sentence, so no two bodies are the same (the general case).
- ``markdown_pages``: N (default 4,000) generated Markdown pages of about
  1.85 KB each with headings, paragraphs, lists, links, inline code, a fenced
  code block and a table, in folders of 100. They hold no template tags.
"""

from __future__ import annotations

import compileall
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEED = Path("/work/shared/seeds/000_80b374c160ebc09f.txt")
FOLDER_SIZE = 100
SITE_TITLE = "Lumen Events"
SITE_DESCRIPTION = "Reference for the Lumen Events collection API and JavaScript SDK."

# The two pages every seed copy links to, written for both tools alike.
HOME_PAGE = """---
title: Lumen Events documentation
description: Where to find things in this reference.
---

This site documents the Lumen Events SDK. Start with the
[request options]({{ '/sdk/request-options/' | url }}) that every call accepts.
"""

OPTIONS_PAGE = """---
title: Request options
description: Options that every SDK call accepts.
---

{% from 'macros.njk' import proptable %}

Every SDK method that calls the API takes an optional `options` object.

{{ proptable('data_api', 'request.options') }}

Back to the [home page]({{ '/' | url }}).
"""


def with_title(text: str, title: str) -> str:
    """The page with its front matter ``title:`` replaced (or added), so every copy differs."""
    if not text.startswith("---\n"):
        return f"---\ntitle: {title}\n---\n{text}"
    end = text.index("\n---", 4)
    lines = [line for line in text[4:end].split("\n") if not line.startswith("title:")]
    return "---\n" + "\n".join([f"title: {title}", *lines]) + text[end:]


def seed_pages(seed: Path = DEFAULT_SEED, copies: int = 1000, distinct: bool = False) -> dict[str, str]:
    """The seed ``copies`` times in folders of 100 (``part-0/page-000.md`` ...) plus the pages it links to."""
    text = seed.read_text(encoding="utf-8")
    pages = {"index.md": HOME_PAGE, "sdk/request-options.md": OPTIONS_PAGE}
    for n in range(copies):
        folder, number = divmod(n, FOLDER_SIZE)
        page = with_title(text, f"Upload interactions {n + 1}")
        if distinct:
            page = page.rstrip("\n") + f"\n\nThis is copy {n + 1} of the upload reference.\n"
        pages[f"part-{folder}/page-{number:03d}.md"] = page
    return pages


WORDS = (
    *("event", "catalog", "property", "payload", "request", "batch", "retry", "timeout", "schema"),
    *("session", "user", "product", "cart", "checkout", "stream", "index", "query", "filter"),
    *("record", "value", "field", "option", "client", "server", "response", "error", "header"),
    *("token", "window", "metric", "sample", "profile", "channel"),
)
TYPES = ("string", "integer", "boolean")

CODE_BLOCKS = (
    (
        "python",
        "def upload(client, events, *, batch_size={n}):\n"
        '    """Send the events in batches."""\n'
        "    for start in range(0, len(events), batch_size):\n"
        "        client.send(events[start : start + batch_size])\n"
        "    return len(events)\n",
    ),
    (
        "js",
        "const events = [{{ type: 'add_to_cart', quantity: {n} }}];\n"
        "for (const batch of chunks(events, 100)) {{\n"
        "  await client.api.interactions.upload(batch, {{ retries: 3 }});\n"
        "}}\n",
    ),
    ("yaml", "- name: prop_{n}\n  type: string\n  required: false\n  desc: Property number {n}.\n"),
)


def _sentence(rng: random.Random, words: int) -> str:
    picked = rng.choices(WORDS, k=words)
    return picked[0].capitalize() + " " + " ".join(picked[1:]) + "."


def _paragraph(rng: random.Random, n: int) -> str:
    parts = [_sentence(rng, rng.randint(8, 14)) for _ in range(4)]
    parts.insert(1, f"Set `{rng.choice(WORDS)}_{n}` to change it, see the [guide](https://example.com/{n}).")
    return " ".join(parts)


def markdown_page(n: int, count: int, rng: random.Random) -> str:
    """One generated page of about 1.85 KB; it links to the next page by a relative URL."""
    lang, code = CODE_BLOCKS[n % len(CODE_BLOCKS)]
    folder, number = divmod((n + 1) % count, FOLDER_SIZE)
    rows = "\n".join(
        f"| `{rng.choice(WORDS)}_{i}` | {rng.choice(TYPES)} | {_sentence(rng, 5)} |" for i in range(4)
    )
    items = "\n".join(f"- **{rng.choice(WORDS)}**: {_sentence(rng, 8)}" for _ in range(4))
    return f"""---
title: Page {n + 1} about {rng.choice(WORDS)}s
description: Generated page number {n + 1}.
---

{_paragraph(rng, n)}

## Overview of {rng.choice(WORDS)}s

{_paragraph(rng, n)}

{items}

## Example

```{lang}
{code.format(n=n)}```

### Fields

| Name | Type | Description |
|------|------|-------------|
{rows}

## Next steps

{_sentence(rng, 12)} Continue with [the next page](../../part-{folder}/page-{number:03d}/).
"""


def markdown_pages(count: int = 4000, seed: int = 15) -> dict[str, str]:
    rng = random.Random(seed)
    pages = {"index.md": "---\ntitle: Generated pages\n---\n\nA site of generated Markdown pages.\n"}
    for n in range(count):
        folder, number = divmod(n, FOLDER_SIZE)
        pages[f"part-{folder}/page-{number:03d}.md"] = markdown_page(n, count, rng)
    return pages


def ensure_bytecode(repo: Path = REPO) -> None:
    """Compile specsite's modules to __pycache__ once, as an installed package has them.

    With PYTHONDONTWRITEBYTECODE set (as on some CI machines) nothing is ever
    cached, and every build would first spend about a quarter of a second
    compiling specsite's sources: a cost no user with an installed copy pays.
    """
    compileall.compile_dir(repo / "specsite", quiet=2)


def write_files(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def specsite_project(root: Path, pages: dict[str, str], search: bool = True, specs: bool = True) -> Path:
    """A specsite project at ``root``: the demo's specs (when ``specs``), a site.yml, the pages."""
    root.mkdir(parents=True, exist_ok=True)
    if specs:
        shutil.copytree(REPO / "specs", root / "specs")
    config = f"title: {SITE_TITLE}\ndescription: {SITE_DESCRIPTION}\n"
    if not search:
        config += "search: false\n"
    (root / "site.yml").write_text(config, encoding="utf-8")
    write_files(root / "site_src", pages)
    return root


def seed_project(
    root: Path, seed: Path = DEFAULT_SEED, copies: int = 1000, search: bool = True, distinct: bool = False
) -> Path:
    return specsite_project(root, seed_pages(seed, copies, distinct), search)


def markdown_project(root: Path, count: int = 4000, search: bool = True) -> Path:
    return specsite_project(root, markdown_pages(count), search, specs=False)
