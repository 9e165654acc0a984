"""The site's title and address, read from the global data file most Eleventy sites keep them in.

Eleventy has no notion of a site title; sites put it in ``_data/metadata.*``
or ``_data/site.*`` (as JSON, YAML or a JavaScript object literal), often
with the address the site is published at.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

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


def site_facts(data_dir: Path, root: Path) -> SiteFacts:
    """The site's title and address, from the global data file most sites keep them in."""
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
            match = re.search(rf"\b{key}\s*:\s*([\"'`])([^\"'`\n]+)\1", text)
            if match:
                found[key] = match.group(2)
        return found
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError, OSError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: data[k] for k in ("title", "url") if isinstance(data.get(k), str)}
