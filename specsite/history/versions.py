"""Older versions of the site, built from git once and cached by revision.

The latest version is the working tree, built at the site root as usual.
Each older entry of ``versions:`` is exported from git into a temporary
folder and built on its own into ``.specsite-cache/versions/<sha>-<settings>/site/``,
next to an index of its pages. The cache is reused while the revision,
the versions below it, the base URL and specsite's version stay the same;
the preview server therefore rebuilds only the working tree.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..engine.builder import BuildOptions, build
from ..engine.errors import Diagnostic, ProjectError, UsageError
from ..model import Specs
from .plug import _building
from .setting import VersionEntry, VersionsSetting

# The diff, index and revisions modules are imported where they are used: a site without
# ``versions:`` builds without the diff machinery (issue 15, fixed costs).
if TYPE_CHECKING:
    from .revisions import Source

CACHE_DIR = Path(".specsite-cache") / "versions"


@dataclass(frozen=True)
class Release:
    """One published version: its label, the revision it was built from, and where it lives."""

    label: str
    source: Source
    prefix: str  # "/" for the latest, "/v2/" for an older one

    @property
    def sha(self) -> str:
        return self.source.sha or ""


@dataclass(frozen=True)
class Lineage:
    """What one build knows of the versions around it."""

    current: str  # the label of the version being built
    latest: Release
    older: tuple[Release, ...]  # the versions below the current one, newest first


@dataclass(frozen=True)
class OlderSite:
    """An older version, built: its folder, its page URLs and the URLs of the things it documents."""

    release: Release
    folder: Path
    urls: frozenset[str]
    subjects: dict[str, str]


@dataclass(frozen=True)
class Versions:
    """Every version of a versioned site, the older ones built."""

    latest: Release
    older: tuple[OlderSite, ...]

    def lineage(self) -> Lineage:
        return Lineage(self.latest.label, self.latest, tuple(site.release for site in self.older))


@contextmanager
def _as_version(lineage: Lineage) -> Iterator[None]:
    token = _building.set(lineage)
    try:
        yield
    finally:
        _building.reset(token)


def releases(setting: VersionsSetting) -> tuple[Release, tuple[Release, ...]]:
    """Resolve every ``ref``; an unknown one is an error at its line of site.yml."""
    from .revisions import resolve

    errors, found = [], []
    for entry in setting.entries:
        try:
            source = resolve(entry.ref, setting.root)
        except UsageError as exc:
            errors.append(_error(setting, entry, f"version '{entry.label}': {exc}"))
            continue
        if not source.is_commit:
            errors.append(
                _error(setting, entry, f"version '{entry.label}': ref '{entry.ref}' is not a git revision")
            )
            continue
        prefix = "/" if entry is setting.latest else f"/{entry.label}/"
        found.append(Release(entry.label, source, prefix))
    if errors:
        raise ProjectError(errors)
    return found[0], tuple(found[1:])


def _error(setting: VersionsSetting, entry: VersionEntry, message: str) -> Diagnostic:
    return Diagnostic(setting.source, entry.pos.line, entry.pos.col, message)


@lru_cache(maxsize=16)
def versions_of(setting: VersionsSetting, base_url: str | None) -> Versions:
    """The versions of a site, older ones built; asked by every page, so worked out once per setting.

    A long-running preview therefore keeps the revisions it started with; an
    edit to site.yml (a new setting) resolves them again.
    """
    latest, older = releases(setting)
    return _versions(setting.root, latest, older, base_url)


@lru_cache(maxsize=16)
def _versions(root: Path, latest: Release, older: tuple[Release, ...], base_url: str | None) -> Versions:
    """Build (or find in the cache) each older version; memoised for the preview server's rebuilds."""
    sites = []
    for index, release in enumerate(older):
        lineage = Lineage(release.label, latest, older[index + 1 :])
        sites.append(_older_site(root, lineage, release, base_url))
    return Versions(latest, tuple(sites))


def _older_site(root: Path, lineage: Lineage, release: Release, base_url: str | None) -> OlderSite:
    key = {
        "specsite": __version__,
        "label": release.label,
        "older": [[r.label, r.sha] for r in lineage.older],
        "latest": lineage.latest.label,
        "base_url": base_url,
    }
    # One folder per revision and settings: `build --base-url X` and `check` do not evict each other.
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:12]
    folder = root / CACHE_DIR / f"{release.sha}-{digest}"
    key_file, index_file = folder / "key.json", folder / "index.json"
    if not (key_file.is_file() and index_file.is_file() and json.loads(key_file.read_text()) == key):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        index = _build_older(lineage, release, folder / "site", base_url)
        index_file.write_text(json.dumps(index, sort_keys=True))
        key_file.write_text(json.dumps(key, sort_keys=True))
    index = json.loads(index_file.read_text())
    return OlderSite(release, folder / "site", frozenset(index["urls"]), index["subjects"])


def _build_older(lineage: Lineage, release: Release, out: Path, base_url: str | None) -> dict:
    from .index import subjects_of
    from .revisions import export

    version_url = base_url + release.label + "/" if base_url else None
    with tempfile.TemporaryDirectory(prefix="specsite-version-") as tmp:
        project = export(release.source, Path(tmp))
        options = BuildOptions(str(project), str(out), version_url, check_links=False)
        try:
            with _as_version(lineage):
                result = build(options)
        except ProjectError as exc:
            # Name the version: the same file may be fine in the working tree.
            raise ProjectError(
                replace(d, path=f"{release.label}:{d.path}") for d in exc.diagnostics
            ) from None
    urls = sorted(route.url for route in result.plan.routes if _is_page(route.output))
    return {"urls": urls, "subjects": subjects_of(result.plan, result.inputs.specs)}


def _is_page(output: str) -> bool:
    return output.endswith(".html")


@lru_cache(maxsize=32)
def model_at(source: Source) -> Specs:
    """The spec model of a commit (memoised: commits do not change)."""
    from .diff import load_model

    return load_model(source)
