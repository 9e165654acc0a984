"""Data files: ``data/**/*.{yml,yaml,json}`` (global), and directory and template data in ``site_src/``.

Every global data file becomes a template name by its path: ``data/intro.yml``
is ``intro``, ``data/sitemap/sdk.yml`` is ``sitemap.sdk``. A directory data
file is named after its folder (``site_src/guide/guide.yml``, or Eleventy's
``guide.11tydata.json``) and applies to every page under that folder; a
template data file (``guide/setup.11tydata.yml``) to one page. Values
keep their YAML or JSON types (``tier: 2`` is a number, ``draft: false`` a
boolean, ``2024-05-01`` a date); lists answer the JavaScript array methods.
Reading keeps the position of each top-level key, so a clash points at it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Diagnostic, Pos, Report, display_path
from .jsarray import JsArray
from .sources import SourceError, read_text
from .yamlsrc import YamlError, YMap, YStr, parse
from .yamlsrc import type_name as yaml_type_name

DATA_SUFFIXES = (".yml", ".yaml", ".json")
# Names every page context sets itself, and what each is: data and front matter cannot replace them.
CONTEXT_NAMES = {
    "site": "the site settings (site.yml)",
    "specs": "the specs",
    "page": "the current page",
    "nav": "the navigation",
    "content": "the page body in layouts",
    "toc": "the page's headings in layouts",
    "content_has_h1": "set by specsite in layouts",
}
# Eleventy's other spelling of a directory data file: ``guide/guide.11tydata.json``.
ELEVENTY_DATA = ".11tydata"


def split_tags(text: str) -> list[str]:
    """A ``tags:`` string as Eleventy reads it: split at commas, untrimmed (``a, b`` is ``a``, `` b``)."""
    return text.split(",")


@dataclass(frozen=True)
class DataFile:
    """One data file read: plain typed values, and where its top-level keys are."""

    source: str  # as shown in errors
    value: Any
    key_pos: dict[str, Pos] = field(default_factory=dict, compare=False)

    def pos_of(self, key: str) -> Pos:
        return self.key_pos.get(key, Pos(1, 1))


@dataclass(frozen=True)
class LocalData:
    """A data file in ``site_src/`` and what it applies to.

    ``kind`` is ``dirdata`` (``key`` is a folder relative to ``site_src/``,
    ``""`` at the top) or ``pagedata`` (``key`` is a page's path without its
    suffix: ``guide/setup.11tydata.yml`` applies to ``guide/setup.md``). The
    pair is also the dependency that pages record.
    """

    kind: str
    key: str
    file: DataFile


@dataclass(frozen=True)
class SiteData:
    """Everything the data cascade starts from."""

    globals: dict[str, Any] = field(default_factory=dict, compare=False)
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)  # global name -> its files
    local: dict[tuple[str, str], LocalData] = field(default_factory=dict, compare=False)

    def for_page(self, rel: str) -> list[LocalData]:
        """The local data of a page (``guide/sub/x.md``), lowest first: outer folders, then its own."""
        keys = [("dirdata", folder) for folder in folders_of(rel)] + [("pagedata", page_key(rel))]
        return [self.local[key] for key in keys if key in self.local]

    def name_of_file(self, source: str) -> str | None:
        """The global name a data file (``data/sitemap/sdk.yml``) contributes to."""
        return next((name for name, files in self.sources.items() if source in files), None)


def folders_of(rel: str) -> list[str]:
    """``guide/sub/x.md`` -> ``["", "guide", "guide/sub"]``."""
    parts = rel.split("/")[:-1]
    return ["", *("/".join(parts[: i + 1]) for i in range(len(parts)))]


def page_key(rel: str) -> str:
    """A page's path without its suffix, as its template data file names it."""
    return rel.rpartition(".")[0] or rel


# Eleventy's JavaScript data files: they cannot be read here, and are not published either.
SCRIPT_DATA = (".11tydata.js", ".11tydata.cjs", ".11tydata.mjs")


def local_data_role(rel: str, site_src_name: str = "site_src") -> tuple[str, str] | None:
    """What a ``site_src/`` file is as data: ``("dirdata", folder)``, ``("pagedata", page)``,
    ``("script", rel)`` for an Eleventy JavaScript data file, or ``None`` (a page or a static file).

    Directory data is named after its folder (``guide/guide.yml``, ``guide/guide.11tydata.json``);
    a template data file after its page (``guide/setup.11tydata.yml``).
    """
    if rel.endswith(SCRIPT_DATA):
        return ("script", rel)
    folder, _, name = rel.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    if not dot or "." + suffix not in DATA_SUFFIXES:
        return None
    eleventy = stem.endswith(ELEVENTY_DATA)
    stem = stem.removesuffix(ELEVENTY_DATA)
    owner = folder.rpartition("/")[2] if folder else site_src_name
    if stem == owner:
        return ("dirdata", folder)
    if eleventy:
        return ("pagedata", f"{folder}/{stem}" if folder else stem)
    return None


# --- reading one file ------------------------------------------------------------------


class DataError(Exception):
    def __init__(self, pos: Pos | None, message: str):
        self.pos = pos
        self.message = message
        super().__init__(message)


def read_data_file(path: Path, shown: str) -> DataFile:
    """Read a YAML or JSON data file; a problem is a ``DataError`` with its position."""
    try:
        text = read_text(path)
    except SourceError as exc:
        raise DataError(exc.pos, exc.message) from None
    if path.suffix == ".json":
        value, key_pos = _read_json(text)
        return DataFile(shown, value, key_pos)
    try:
        located = parse(text)
    except YamlError as exc:
        raise DataError(exc.pos, exc.message) from None
    key_pos = dict(located.key_pos) if isinstance(located, YMap) else {}
    return DataFile(shown, plain(located), key_pos)


def plain(value: Any) -> Any:
    """Values as templates get them: located YAML strings as ``str``, lists as ``JsArray``.

    Lists answer the JavaScript array methods (``.length``, ``.join()``) that
    templates written for Nunjucks call; anything else (numbers, booleans,
    dates, ``Markup``) is kept as it is.
    """
    if isinstance(value, dict):
        return {plain(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return JsArray(plain(item) for item in value)
    if type(value) is YStr:
        return str(value)
    return value


def _read_json(text: str) -> tuple[Any, dict[str, Pos]]:
    """JSON with the positions of the top-level keys (the json module gives none)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(Pos(exc.lineno, exc.colno), f"JSON syntax: {exc.msg}") from None
    if not isinstance(value, dict):
        return plain(value), {}
    return plain(value), _json_key_positions(text)


def _json_key_positions(text: str) -> dict[str, Pos]:
    """Walk the top-level object with the json module's own scanners, noting where each key starts."""
    decoder = json.JSONDecoder()
    index = _skip_space(text, 0) + 1  # past the opening '{'
    found: dict[str, Pos] = {}
    while True:
        index = _skip_space(text, index)
        if text[index] == "}":
            return found
        key, end = json.decoder.scanstring(text, index + 1)
        found.setdefault(key, _pos_at(text, index))
        index = _skip_space(text, end) + 1  # past ':'
        _, index = decoder.raw_decode(text, _skip_space(text, index))
        index = _skip_space(text, index)
        if text[index] == ",":
            index += 1


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n\ufeff":
        index += 1
    return index


def _pos_at(text: str, index: int) -> Pos:
    line = text.count("\n", 0, index) + 1
    return Pos(line, index - (text.rfind("\n", 0, index) + 1) + 1)


# --- global data: data/ ------------------------------------------------------------------


def load_data(root: Path, site_src: Path) -> tuple[SiteData, list[Diagnostic]]:
    """Read ``data/`` and the directory data files of ``site_src/``; every problem is returned."""
    diagnostics: list[Diagnostic] = []
    files = list(_read_global_files(root / "data", root, diagnostics))
    tree, sources = _Tree(diagnostics).build(files)
    local = _read_local_files(site_src, root, diagnostics)
    return SiteData(tree, sources, local), diagnostics


def type_name(value: Any) -> str:
    return "a list" if isinstance(value, tuple) else yaml_type_name(value)


def _visible(path: Path, base: Path) -> bool:
    return not any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(base).parts)


def _read_global_files(data_dir: Path, root: Path, diagnostics: list[Diagnostic]):
    """``(name path, DataFile)`` for each readable file under ``data/``."""
    if not data_dir.is_dir():
        return
    for path in sorted(data_dir.rglob("*")):
        if not path.is_file() or not _visible(path, data_dir):
            continue
        shown = display_path(path, root)
        if path.suffix not in DATA_SUFFIXES:
            message = "ignored: data files end in .yml, .yaml or .json (compute other data in hooks.py)"
            diagnostics.append(Diagnostic(shown, 0, 0, message, "warning"))
            continue
        try:
            file = read_data_file(path, shown)
        except DataError as exc:
            report = Report(shown)
            report.error(exc.pos, exc.message)
            diagnostics.extend(report.items)
            continue
        rel = path.relative_to(data_dir)
        yield (*rel.parent.parts, path.stem), file


class _Tree:
    """Puts each file's value at its name path, reporting two files (or keys) that claim one name."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        self.root: dict[str, Any] = {}
        self.owner: dict[tuple[str, ...], DataFile] = {}  # a name path set by a whole file

    def build(self, files: list) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
        sources: dict[str, list[str]] = {}
        # Shallow files first, so ``sitemap.yml`` is in place when ``sitemap/sdk.yml`` comes.
        for parts, file in sorted(files, key=lambda item: (len(item[0]), item[1].source)):
            if self._put(parts, file):
                sources.setdefault(parts[0], []).append(file.source)
        return self.root, {name: tuple(found) for name, found in sorted(sources.items())}

    def _put(self, parts: tuple[str, ...], file: DataFile) -> bool:
        node = self.root
        for depth, name in enumerate(parts):
            last = depth == len(parts) - 1
            if name not in node:
                node[name] = file.value if last else {}
                if last:
                    self.owner[parts] = file
                    return True
            elif last or not isinstance(node[name], dict):
                self._clash(parts, file)
                return False
            node = node[name]
        return False

    def _clash(self, parts: tuple[str, ...], file: DataFile) -> None:
        """Another file of the same name, or a key of a shallower file (``sitemap.yml`` has ``sdk:``)."""
        other = self.owner.get(parts)
        if other is not None:
            message = f"'{'.'.join(parts)}' is also defined by {other.source}; keep one of them"
            self._error(file, Pos(1, 1), message)
            return
        depth = next((d for d in range(len(parts) - 1, 0, -1) if parts[:d] in self.owner), 0)
        if depth == 0:  # cannot happen while shallow files are placed first; say it plainly anyway
            self._error(file, Pos(1, 1), f"'{'.'.join(parts)}' is defined twice; keep one of them")
            return
        other, key = self.owner[parts[:depth]], parts[depth]
        name = ".".join(parts[: depth + 1])
        message = f"'{name}' is also defined by the data file {file.source}; keep one of them"
        self._error(other, other.pos_of(key), message)

    def _error(self, file: DataFile, pos: Pos, message: str) -> None:
        self.diagnostics.append(Diagnostic(file.source, pos.line, pos.col, message))


# --- local data: site_src/<folder>/<folder>.yml, site_src/<page>.11tydata.yml -----------------

WHAT = {"dirdata": "directory data", "pagedata": "template data"}


def _read_local_files(
    site_src: Path, root: Path, diagnostics: list[Diagnostic]
) -> dict[tuple[str, str], LocalData]:
    found: dict[tuple[str, str], LocalData] = {}
    if not site_src.is_dir():
        return found
    for path in sorted(site_src.rglob("*")):
        if not path.is_file() or not _visible(path, site_src):
            continue
        role = local_data_role(path.relative_to(site_src).as_posix(), site_src.name)
        if role is None or role[0] == "script":
            continue  # pages.py warns about JavaScript data files
        shown = display_path(path, root)
        report = Report(shown)
        try:
            file = read_data_file(path, shown)
        except DataError as exc:
            report.error(exc.pos, exc.message)
        else:
            _add_local(found, role, file if file.value is not None else DataFile(shown, {}, {}), report)
        diagnostics.extend(report.items)
    return found


def _add_local(
    found: dict[tuple[str, str], LocalData], role: tuple[str, str], file: DataFile, report: Report
) -> None:
    what = WHAT[role[0]]
    if not isinstance(file.value, dict):
        report.error(
            Pos(1, 1), f"{what} must be a mapping of 'key: value' lines, not {type_name(file.value)}"
        )
    elif role in found:
        report.error(
            Pos(1, 1), f"{what} for '{role[1]}' is also in {found[role].file.source}; keep one of them"
        )
    else:
        found[role] = LocalData(*role, file)
        for key in file.value:
            if key in CONTEXT_NAMES:
                report.warning(
                    file.pos_of(key), f"'{key}' is not set by {what}, because '{key}' is {CONTEXT_NAMES[key]}"
                )
