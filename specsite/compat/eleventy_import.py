"""``specsite import eleventy PATH [--to DIR]``: move an Eleventy project over.

Reads the project (``eleventy_config`` and ``eleventy_files`` decide what
goes where), refuses to touch any file that already exists, then copies the
files, writes ``site.yml`` and lists what a person still has to do: the
JavaScript to write again in ``hooks.py``, each at the file and line that
defines it, and the files that were not copied, with why.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..engine.commands import COMMANDS, Command
from ..engine.errors import Diagnostic, ProjectError, UsageError, one_line
from .eleventy_config import EleventyConfig, JsItem, read_config
from .eleventy_files import FilePlan, Note, plan_files
from .eleventy_site import SiteFacts

PLACEHOLDER_HOST = "https://example.com"


@dataclass(frozen=True)
class ImportResult:
    target: Path
    plan: FilePlan
    config: EleventyConfig
    site_yml: str

    @property
    def js_items(self) -> tuple[JsItem, ...]:
        return tuple(sorted(self.config.js_items + self.plan.js_items, key=_item_key))


def import_eleventy(source: Path, target: Path) -> ImportResult:
    """Copy the project at ``source`` into the new project ``target``; nothing is written on an error."""
    if not source.is_dir():
        raise UsageError(f"{source}: not a folder (give the folder that holds the Eleventy project)")
    config = read_config(source)
    plan = plan_files(source, config)
    if not any(c.dest.startswith("site_src/") for c in plan.copies):
        where = config.dir("input")
        raise ProjectError([Diagnostic(str(source), message=f"no pages found in the input folder '{where}'")])
    site_yml = site_config(config, plan)
    _refuse_existing(target, [c.dest for c in _unique(plan)] + ["site.yml"])
    for copy in _unique(plan):
        dest = target / copy.dest
        dest.parent.mkdir(parents=True, exist_ok=True)
        with copy.source.open("rb") as src, dest.open("xb") as out:
            shutil.copyfileobj(src, out)
    with (target / "site.yml").open("x", encoding="utf-8") as out:
        out.write(site_yml)
    return ImportResult(target, plan, config, site_yml)


def _unique(plan: FilePlan) -> list:
    """The copies, the first one for each destination (the others are reported as clashes)."""
    seen: set[str] = set()
    return [c for c in plan.copies if not (c.dest in seen or seen.add(c.dest))]


def _refuse_existing(target: Path, dests: list[str]) -> None:
    shown = _shown(target)
    existing = [d for d in dests if (target / d).exists()]
    if existing:
        message = "already exists; `specsite import` never overwrites a file (pick a new --to folder)"
        raise ProjectError([Diagnostic(f"{shown}/{d}", message=message) for d in existing])


def site_config(config: EleventyConfig, plan: FilePlan) -> str:
    """The new ``site.yml``: what could be read, and commented placeholders for the rest."""
    source = config.config_file or "the Eleventy defaults (no config file)"
    lines = [
        f"# Written by `specsite import eleventy` from {source}.",
        "# See the README, 'Coming from Eleventy'.",
    ]
    facts = plan.site
    if facts.title:
        lines.append(f"title: {json.dumps(facts.title)}  # from {facts.title_from}")
    else:
        lines.append('# title: "My documentation"  # no title found in the global data; set it here')
    lines.append(_base_url_line(config, plan))
    if plan.has_hooks:
        lines.append("hooks: [hooks.py]  # copied from the project")
    elif plan.js_items or config.js_items:
        lines.append(
            "# hooks: [hooks.py]  # write the JavaScript the import listed in Python, then uncomment"
        )
    lines.extend(_markdown_lines(config))
    lines.extend(_extra_lines(facts))
    return "\n".join(lines) + "\n"


def _extra_lines(facts: SiteFacts) -> list[str]:
    """The old ``_data/site.*`` whole: templates read ``site.url`` from ``extra:``."""
    if not facts.extra_from:
        return []
    block = yaml.safe_dump({"extra": facts.extra}, sort_keys=False, allow_unicode=True, width=1000)
    return [f"# extra: the values of {facts.extra_from} (read as site.<key>)", *block.splitlines()]


def _markdown_lines(config: EleventyConfig) -> list[str]:
    """Keep the old site's heading ids (so deep links keep working) and its new-tab external links."""
    lines = []
    if config.heading_ids:
        where = f"{config.heading_ids.path}:{config.heading_ids.line}"
        lines.append(
            f"  heading_ids: {config.heading_ids.value}  # as markdown-it-anchor made them ({where})"
        )
    if config.new_tab_links:
        where = f"{config.new_tab_links.path}:{config.new_tab_links.line}"
        lines.append(f"  external_links_new_tab: true  # as {where} did")
    return ["markdown:", *lines] if lines else []


def _base_url_line(config: EleventyConfig, plan: FilePlan) -> str:
    prefix = config.path_prefix
    url = plan.site.url if plan.site.url and urlsplit(plan.site.url).scheme in ("http", "https") else None
    path = "/" + prefix.value.strip("/") + "/" if prefix and prefix.value.strip("/") else None
    if url and path:
        parts = urlsplit(url)
        where = f"host from {plan.site.url_from}, path from pathPrefix ({prefix.path}:{prefix.line})"
        return f"base_url: {parts.scheme}://{parts.netloc}{path}  # {where}"
    if url and urlsplit(url).path.strip("/"):
        # Without pathPrefix, Eleventy's ``| url`` gave ``/x/``; a path here would put itself in front.
        parts = urlsplit(url)
        where = f"host from {plan.site.url_from}; no pathPrefix, so | url makes /x/ as Eleventy's did"
        return f"base_url: {parts.scheme}://{parts.netloc}/  # {where}"
    if url:
        return f"base_url: {url}  # from {plan.site.url_from}"
    if path:
        where = f"{prefix.path}:{prefix.line}"
        return f"base_url: {PLACEHOLDER_HOST}{path}  # the path is pathPrefix ({where}); put your host here"
    return "# base_url: https://docs.example.com/  # where the site is published (canonical links, sitemap)"


def report(result: ImportResult, source: Path) -> list[str]:
    """What the import did and what is left, one line per item, paths as the user can open them."""
    counts: dict[str, int] = {}
    for copy in _unique(result.plan):
        top = copy.dest.split("/", 1)[0] if "/" in copy.dest else copy.dest
        counts[top] = counts.get(top, 0) + 1
    shown = _shown(result.target)
    made = ", ".join(f"{name}{'/' if name != 'hooks.py' else ''} ({n})" for name, n in sorted(counts.items()))
    lines = [f"Imported {_shown(source)} into {shown}/: {made}, site.yml"]
    if result.js_items:
        lines.append("")
        hint = "check that hooks.py covers it" if result.plan.has_hooks else "write it again in hooks.py"
        lines.append(f"JavaScript that was not ported ({hint}; README 'Coming from Eleventy'):")
        lines.extend("  " + _located(item, source) for item in result.js_items)
    if result.plan.notes:
        lines.append("")
        lines.append("Look at these too:")
        lines.extend("  " + _note(note, source) for note in result.plan.notes)
    lines.append("")
    lines.append(f"Next: specsite build --root {shown}")
    return lines


def _shown(path: Path | str) -> str:
    """A path relative to the current folder when it is below it, else absolute."""
    relative = os.path.relpath(path)
    return os.path.abspath(path) if relative.startswith("..") else relative


def _item_key(item: JsItem) -> tuple[str, int]:
    return (item.path, item.line)


def _located(item: JsItem, source: Path) -> str:
    return _shown(source / item.path) + item.format()[len(item.path) :]


def _note(note: Note, source: Path) -> str:
    return _shown(source / note.path) + note.format()[len(note.path) :]


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("generator", choices=["eleventy"], help="the generator the project was made for")
    parser.add_argument("path", metavar="PATH", help="the project folder (where eleventy.config.js is)")
    parser.add_argument("--to", metavar="DIR", help="the new project folder (default: PATH-specsite)")


def _run(args: argparse.Namespace) -> int:
    source = Path(args.path)
    target = Path(args.to) if args.to else source.resolve().with_name(source.resolve().name + "-specsite")
    result = import_eleventy(source, target)
    out = sys.stderr if args.quiet else sys.stdout
    lines = report(result, source)
    if args.quiet:
        lines = [line for line in lines if line.startswith("  ")]
    for line in lines:
        print(one_line(line), file=out)
    return 0


COMMANDS.append(
    Command(
        "import",
        "move another generator's project over: import eleventy PATH [--to DIR]",
        _add_arguments,
        _run,
    )
)
