"""Rebuild latency of the preview server: from a file's save to the rebuilt file, and to the reload.

    .venv/bin/python bench/bench_rebuild.py [--runs N] [--sites demo,5000] [--layout]

For each site it starts ``python build.py serve --port 0`` in a subprocess,
connects a WebSocket client as livereload.js does, and times one-line edits:
to a page, to a property description (``specs/event/props.yml``) and to a
template. Each run saves the file (a temporary file renamed over it, as
editors do), then notes when the rebuilt output file holds the edit and when
the reload message arrives. It prints the medians and how many pages each
change rebuilt (from the server's own line).

Sites: this repository's demo (plus a small layout override, so that a
template edit has a project template to change), and a synthetic site of
5,000 pages in 50 sections of 100, a few of which (``--explorer-pages``,
default 5) show the event explorer and include a partial. ``--layout`` also
times an edit of the layout every one of the 5,000 pages uses (a full
re-render; one run).

Targets: under 100 ms for a page edit on the demo site, under 300 ms for a
prop edit on the 5,000-page site.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parent.parent
DEMO_PARTS = ("specs", "site_src", "site.yml")
TARGETS = {("demo", "page"): 0.100, ("5000 pages", "prop"): 0.300}
PROTOCOL = "http://livereload.com/protocols/official-7"


# --- the sites ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """A one-line edit: in ``source``, replace ``anchor`` by ``anchor`` + a marker; check ``output``."""

    change: str
    source: str
    anchor: str
    output: str
    runs: int | None = None  # overrides --runs


@dataclass(frozen=True)
class Site:
    name: str
    make: Callable[[Path], None]
    edits: tuple[Edit, ...]


PAGE_OVERRIDE = """{% extends "specsite/page.html" %}
{% block aside %}{{ super() }}<!-- layout note -->{% endblock %}
"""


def make_demo(root: Path) -> None:
    for name in DEMO_PARTS:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    (root / "templates").mkdir()
    (root / "templates/page.html").write_text(PAGE_OVERRIDE)


DEMO = Site(
    "demo",
    make_demo,
    (
        Edit(
            "page",
            "site_src/sdk/request-options.md",
            "The options on this page",
            "sdk/request-options/index.html",
        ),
        Edit("prop", "specs/event/props.yml", "When the interaction happened", "sdk/upload/index.html"),
        Edit("template", "templates/page.html", "<!-- layout note", "sdk/request-options/index.html"),
    ),
)

SECTIONS, PER_SECTION = 50, 100
TYPES = ["string", "integer", "number", "boolean", "timestamp", "array of strings"]

PAGE = """---
title: {title}
description: Synthetic page {n} of section {section}.
---

Page {n} explains one part of the API. This paragraph is here so that the page
has prose like a real one, with `inline code`, *emphasis* and a [link]({{{{ '/' | url }}}}).

## Request

```js
await client.api.interactions.upload({{ type: 'event_{event:03d}', user_id: 'u-{n}' }});
```

| Field | Meaning |
|-------|---------|
| type  | what happened |
| n     | {n} |

## Notes

- The request is retried on network errors.
- Batches hold at most 1000 events.
{extra}"""

EVENT_EXTRA = """
## Event properties

{% include "partials/event-note.html" %}

{{ event_explorer() }}
"""


def event_specs(rng: random.Random, events: int = 30, props: int = 20) -> tuple[str, str]:
    values = [f"event_{i:03d}" for i in range(events)]
    groups = "".join(
        f"- title: Group {g + 1}\n  events:\n"
        + "".join(
            f"    - value: {v}\n      desc: The user did thing {v}.\n" for v in values[g * 6 : g * 6 + 6]
        )
        for g in range(events // 6)
    )
    lines = ["- name: type", "  type: string", "  required: true", "  desc: The event type."]
    for i in range(1, props):
        lines += [f"- name: prop_{i:03d}", f"  type: {rng.choice(TYPES)}", f"  desc: Property number {i}."]
        if i % 2:
            lines.append(f"  used_by: [{', '.join(rng.sample(values, k=8))}]")
    return groups, "\n".join(lines) + "\n"


def make_synthetic(root: Path, explorer_pages: int = 5) -> None:
    rng = random.Random(5)
    every = SECTIONS * PER_SECTION // explorer_pages
    groups, props = event_specs(rng)
    nav = "".join(f"  - title: Section {s}\n    pages: [section-{s:02d}/index.md]\n" for s in range(SECTIONS))
    files = {
        "site.yml": f"title: Synthetic\nnav:\n  - title: Start\n    pages: [index.md]\n{nav}",
        "specs/event/groups.yml": groups,
        "specs/event/props.yml": props,
        "templates/partials/event-note.html": '<p class="note">Properties depend on the event type.</p>\n',
        "site_src/index.md": "---\ntitle: Home\n---\nThe synthetic home page.\n",
    }
    for n in range(SECTIONS * PER_SECTION):
        section, index = divmod(n, PER_SECTION)
        name = "index" if index == 0 else f"page-{n:04d}"
        extra = EVENT_EXTRA if n % every == 1 else ""
        title = f"Section {section}" if index == 0 else f"Page {n}"
        text = PAGE.format(title=title, n=n, section=section, event=n % 30, extra=extra)
        files[f"site_src/section-{section:02d}/{name}.md"] = text
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


SYNTHETIC = Site(
    "5000 pages",
    make_synthetic,
    (
        Edit(
            "page",
            "site_src/section-17/page-1742.md",
            "Page 1742 explains",
            "section-17/page-1742/index.html",
        ),
        Edit("prop", "specs/event/props.yml", "desc: Property number 3", "section-00/page-0001/index.html"),
        Edit(
            "template",
            "templates/partials/event-note.html",
            "Properties depend",
            "section-00/page-0001/index.html",
        ),
    ),
)
LAYOUT = Edit(
    "layout (5,000 pages)", "templates/page.html", "<!-- layout note", "section-17/page-1742/index.html", 1
)


# --- the server and a livereload client ---------------------------------------------------------


@dataclass
class Server:
    proc: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    url: str = ""

    @classmethod
    def start(cls, root: Path) -> Server:
        command = [sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port", "0"]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        server = cls(proc)
        threading.Thread(target=lambda: server.lines.extend(proc.stdout), daemon=True).start()
        while not server.url:
            if proc.poll() is not None:
                raise SystemExit(f"the server exited with {proc.returncode}")
            found = [re.search(r"Serving (http://\S+)", line) for line in list(server.lines)]
            server.url = next((m.group(1) for m in found if m), "")
            time.sleep(0.05)
        return server

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)


class Client:
    """Connects like livereload.js and notes when each reload message arrives."""

    def __init__(self, url: str):
        self.url = url
        self.reloads: asyncio.Queue[float] = asyncio.Queue()

    async def connect(self) -> None:
        ws_url = self.url.replace("http://", "ws://") + "livereload"
        request = HTTPRequest(ws_url, headers={"Origin": self.url.rstrip("/")})
        self.socket = await websocket_connect(request)
        await self.socket.write_message(json.dumps({"command": "hello", "protocols": [PROTOCOL]}))
        await self.socket.read_message()
        await self.socket.write_message(json.dumps({"command": "info", "url": self.url, "plugins": {}}))
        self.task = asyncio.create_task(self._listen())

    async def _listen(self) -> None:
        while (message := await self.socket.read_message()) is not None:
            if json.loads(message).get("command") == "reload":
                self.reloads.put_nowait(time.perf_counter())


# --- timing ---------------------------------------------------------------------------------------


@dataclass
class Timing:
    site: str
    change: str
    disk: list[float] = field(default_factory=list)
    reload: list[float] = field(default_factory=list)
    rebuilt: str = ""


def save(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.saving")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


async def time_edit(root: Path, server: Server, client: Client, edit: Edit, run: int, timing: Timing) -> None:
    source, output = root / edit.source, root / "_site" / edit.output
    text = source.read_text(encoding="utf-8")
    marker = f"bench{run}x{random.randrange(1 << 30)}"
    assert edit.anchor in text, f"{edit.anchor!r} is not in {edit.source}"
    seen = len(server.lines)
    start = time.perf_counter()
    save(source, text.replace(edit.anchor, f"{edit.anchor} {marker}", 1))
    await _written(output, marker.encode())
    timing.disk.append(time.perf_counter() - start)
    timing.reload.append(await asyncio.wait_for(client.reloads.get(), 120) - start)
    while len(server.lines) == seen:  # the server's line for this rebuild
        await asyncio.sleep(0.01)
    found = re.search(r"(rebuilt \d+ pages?)", server.lines[-1])
    timing.rebuilt = found.group(1) if found else server.lines[-1].strip()
    save(source, text)  # back to the original, and let that rebuild finish
    await asyncio.wait_for(client.reloads.get(), 120)
    await asyncio.sleep(0.2)


async def _written(path: Path, marker: bytes) -> None:
    """Return once ``path`` holds ``marker``; reads it only when its stamp changes (polls every 0.5 ms)."""
    seen: tuple[int, int, int] | None = None
    while True:
        try:
            info = os.stat(path)
            stamp = (info.st_ino, info.st_mtime_ns, info.st_size)
            if stamp != seen:
                seen = stamp
                if marker in path.read_bytes():
                    return
        except OSError:
            pass
        await asyncio.sleep(0.0005)


async def bench_site(site: Site, runs: int, layout: bool) -> list[Timing]:
    with tempfile.TemporaryDirectory(prefix="specsite-bench-") as tmp:
        root = Path(tmp) / "site"
        root.mkdir()
        site.make(root)
        edits = list(site.edits)
        if layout and site.name == SYNTHETIC.name:
            (root / "templates/page.html").write_text(PAGE_OVERRIDE)
            edits.append(LAYOUT)
        server = Server.start(root)
        try:
            print(f"{site.name}: {server.lines[0].strip()}", flush=True)
            client = Client(server.url)
            await client.connect()
            timings = []
            for edit in edits:
                timing = Timing(site.name, edit.change)
                for run in range(edit.runs or runs):
                    await time_edit(root, server, client, edit, run, timing)
                timings.append(timing)
                print(f"  {report_line(timing)}", flush=True)
            return timings
        finally:
            server.stop()


def report_line(t: Timing) -> str:
    disk, reload = statistics.median(t.disk) * 1000, statistics.median(t.reload) * 1000
    target = TARGETS.get((t.site, t.change))
    verdict = ""
    if target is not None:
        verdict = f" (target < {target * 1000:.0f} ms: {'met' if disk < target * 1000 else 'MISSED'})"
    return (
        f"{t.change:<22} {t.rebuilt:<18} save→file {disk:7.1f} ms   save→reload {reload:7.1f} ms"
        f"   median of {len(t.disk)}{verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=9, help="runs per change (default 9)")
    parser.add_argument("--sites", default="demo,5000", help="demo, 5000, or both (default)")
    parser.add_argument(
        "--layout", action="store_true", help="also time a layout edit on the 5,000-page site"
    )
    parser.add_argument(
        "--explorer-pages", type=int, default=5, help="pages of the 5,000 that show the event explorer"
    )
    args = parser.parse_args()
    synthetic = replace(SYNTHETIC, make=partial(make_synthetic, explorer_pages=args.explorer_pages))
    chosen = [s for key, s in (("demo", DEMO), ("5000", synthetic)) if key in args.sites.split(",")]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    for site in chosen:
        asyncio.run(bench_site(site, args.runs, args.layout))


if __name__ == "__main__":
    main()
