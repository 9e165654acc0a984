"""The site's title and address, read from the global data file most Eleventy sites keep them in.

Eleventy has no notion of a site title; sites put it in ``_data/metadata.*``
or ``_data/site.*`` (as JSON, YAML or a JavaScript object literal), often
with the address the site is published at. A YAML or JSON ``_data/site.*``
moves whole into ``extra:`` in ``site.yml``: ``site`` is specsite's own
global, and its templates read ``site.url`` from there as they read the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

SITE_DATA_NAMES = ("metadata", "site", "meta", "config", "settings", "siteData", "siteConfig")
SUFFIXES = (".yml", ".yaml", ".json", ".js", ".cjs", ".mjs")


@dataclass(frozen=True)
class SiteFacts:
    """What ``site.yml`` can say, each with where it came from."""

    title: str | None
    title_from: str
    url: str | None
    url_from: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # _data/site.{json,yml,yaml}
    extra_from: str = ""  # that file, relative to the project; "" when there is none


def site_facts(data_dir: Path, root: Path) -> SiteFacts:
    """The site's title and address, from the global data file most sites keep them in."""
    facts = _title_and_url(data_dir, root)
    for suffix in (".json", ".yml", ".yaml"):
        path = data_dir / ("site" + suffix)
        values = _mapping(path) if path.is_file() else None
        if values is not None:
            return replace(facts, extra=values, extra_from=path.relative_to(root).as_posix())
    return facts


def _title_and_url(data_dir: Path, root: Path) -> SiteFacts:
    for name in SITE_DATA_NAMES:
        for suffix in SUFFIXES:
            path = data_dir / (name + suffix)
            if path.is_file():
                values = _site_values(path)
                where = path.relative_to(root).as_posix()
                if values.get("title") or values.get("url"):
                    return SiteFacts(values.get("title"), where, values.get("url"), where)
    return SiteFacts(None, "", None, "")


def _site_values(path: Path) -> dict[str, str]:
    if path.suffix in (".js", ".cjs", ".mjs"):
        text = path.read_text(encoding="utf-8", errors="replace")
        found = {}
        for key in ("title", "url"):
            # The key may be quoted, as in JSON: ``"url": "https://..."``.
            match = re.search(rf"(?<![\w$])([\"']?){key}\1\s*:\s*([\"'`])([^\"'`\n]+)\2", text)
            if match:
                found[key] = match.group(3)
        return found
    data = _mapping(path) or {}
    return {k: data[k] for k in ("title", "url") if isinstance(data.get(k), str)}


def _mapping(path: Path) -> dict[str, Any] | None:
    """A YAML or JSON file's top-level mapping with string keys; ``None`` for anything else."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError, OSError):
        return None
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        return None
    return data
