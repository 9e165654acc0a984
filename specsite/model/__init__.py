"""Everything under ``specs/`` loaded once, validated, and turned into one ``Specs`` object.

Part of the engine layer: imports only ``specsite.engine``; features add spec
formats and checks through ``FILE_READERS``, ``DETECTORS``, ``BUILDERS`` and ``CHECKS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine import deps
from ..engine.errors import Diagnostic, Pos, Report, did_you_mean, display_path
from ..engine.sources import SourceError, read_text
from ..engine.yamlsrc import YamlError, YMap, parse, type_name
from .events import EventCatalog, build_catalog
from .fields import IDENT_HELP, is_ident
from .propgroups import PropNamespace, build_namespace

YAML_SUFFIXES = (".yml", ".yaml")
CATALOG_PARTS = ("groups", "props")


@dataclass(frozen=True)
class Part:
    """One list of a namespace (``groups``, ``props``, …) with the file it came from."""

    report: Report
    data: Any
    pos: Pos

    def as_tuple(self) -> tuple[Report, Any, Pos]:
        return self.report, self.data, self.pos


class Specs:
    """All namespaces by name: ``specs.event``, ``specs['data_api']``.

    A plain class rather than a mapping so that a namespace named ``items``
    or ``keys`` cannot collide with a dict method in templates.
    """

    def __init__(self, namespaces: dict[str, Any], files: dict[str, tuple[str, ...]]):
        self._namespaces = dict(sorted(namespaces.items()))
        self._files = files

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        namespace = self._namespaces[name]
        deps.record("spec", name)
        return namespace

    def __contains__(self, name: str) -> bool:
        return name in self._namespaces

    def __iter__(self) -> Iterator[str]:
        return iter(self._namespaces)

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self._namespaces else default

    def namespace(self, name: str) -> Any:
        """The namespace ``name``, with a "did you mean" error when there is none."""
        if name not in self._namespaces:
            raise LookupError(f"unknown spec namespace '{name}'{did_you_mean(name, self._namespaces)}")
        return self[name]

    def of_kind(self, kind: str) -> list[Any]:
        """Namespaces of one kind (``events``, ``props``, …), in name order, without recording."""
        return [ns for ns in self._namespaces.values() if ns.kind == kind]

    def files_of(self, name: str) -> tuple[str, ...]:
        """The spec files (project-relative) a namespace was read from."""
        return self._files.get(name, ())

    def namespace_of_file(self, path: str) -> str | None:
        for name, files in self._files.items():
            if path in files:
                return name
        return None


NamespaceBuilder = Callable[[str, dict[str, Part], Report], Any]


def load_specs(specs_dir: Path, root: Path) -> tuple[Specs, list[Diagnostic]]:
    """Read and validate every spec; the diagnostics list every problem found."""
    reports: list[Report] = []
    namespaces: dict[str, Any] = {}
    files: dict[str, tuple[str, ...]] = {}
    if specs_dir.is_dir():
        for name, parts, report, paths in _gather(specs_dir, root, reports):
            built = _build(name, parts, report)
            if built is not None:
                namespaces[name] = built
                files[name] = paths
    diagnostics = [d for r in reports for d in r.items]
    specs = Specs(namespaces, files)
    if not any(d.is_error for d in diagnostics):
        diagnostics += [d for check in CHECKS for d in check(specs)]
    return specs, diagnostics


def _gather(specs_dir: Path, root: Path, reports: list[Report]):
    """Yield ``(namespace, parts, report, files)`` for each namespace under ``specs/``."""
    seen: dict[str, str] = {}
    for entry in sorted(specs_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        shown = display_path(entry, root)
        report = Report(shown)
        reports.append(report)
        if entry.is_dir():
            name, parts, paths = entry.name, _dir_parts(entry, root, reports), ()
            paths = tuple(sorted(p.report.path for p in parts.values()))
        elif entry.suffix in YAML_SUFFIXES:
            name, parts, paths = entry.stem, _file_parts(entry, report), (shown,)
        elif (reader := _file_reader(entry)) is not None:
            name, parts, paths = reader.namespace(entry), reader.read(entry, report), (shown,)
        else:
            suffixes = ", ".join((*YAML_SUFFIXES, *(s for r in FILE_READERS for s in r.suffixes)))
            report.warning(None, f"ignored: spec files end in {suffixes}")
            continue
        if not is_ident(name):
            report.error(None, f"spec namespace '{name}' is not a safe identifier: {IDENT_HELP}")
            continue
        if name in seen:
            report.error(None, f"namespace '{name}' is also defined by {seen[name]}; keep one of them")
            continue
        seen[name] = shown
        if parts:
            yield name, parts, report, paths


def _read_yaml(path: Path, report: Report) -> tuple[Any, bool]:
    try:
        data = parse(read_text(path))
    except (SourceError, YamlError) as exc:
        report.error(exc.pos, exc.message)
        return None, False
    if data is None:
        report.error(Pos(1, 1), "file is empty; expected a list")
        return None, False
    return data, True


def _dir_parts(folder: Path, root: Path, reports: list[Report]) -> dict[str, Part]:
    parts: dict[str, Part] = {}
    unreadable = False
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix not in YAML_SUFFIXES:
            continue
        report = Report(display_path(path, root))
        reports.append(report)
        if path.stem in parts:
            report.error(None, f"'{path.stem}' is defined twice in {folder.name}/")
            continue
        data, ok = _read_yaml(path, report)
        if not ok:
            # The file's own error says it all; building the namespace without
            # it would add a misleading "missing its list" error.
            unreadable = True
        else:
            parts[path.stem] = Part(report, data, Pos(1, 1))
    return {} if unreadable else parts


def _file_parts(path: Path, report: Report) -> dict[str, Part]:
    data, ok = _read_yaml(path, report)
    if not ok:
        return {}
    if not isinstance(data, YMap):
        report.error(
            Pos(1, 1), f"a namespace file holds a mapping with 'groups:' and 'props:', not {type_name(data)}"
        )
        return {}
    return {key: Part(report, value, data.pos_of(key)) for key, value in data.items()}


def _build(name: str, parts: dict[str, Part], report: Report) -> Any:
    kind = _kind_of(name, parts)
    builder = BUILDERS[kind]
    return builder(name, parts, report)


def _kind_of(name: str, parts: dict[str, Part]) -> str:
    for kind, detect in DETECTORS:
        if detect(name, parts):
            return kind
    return "props"


def _looks_like_catalog(name: str, parts: dict[str, Part]) -> bool:
    groups = parts.get("groups")
    if groups is not None and isinstance(groups.data, list):
        first = next((g for g in groups.data if isinstance(g, dict)), None)
        if first is not None:
            return "events" in first or "title" in first
    return name == "event"


def _check_parts(
    parts: dict[str, Part], report: Report, allowed: tuple[str, ...], need: tuple[str, ...]
) -> bool:
    for key, part in parts.items():
        if key not in allowed:
            part.report.error(part.pos, f"unknown spec list '{key}'{did_you_mean(key, allowed)}")
    missing = [key for key in need if key not in parts]
    for key in missing:
        report.error(None, f"namespace is missing its '{key}' list")
    return not missing


def _build_catalog(name: str, parts: dict[str, Part], report: Report) -> EventCatalog | None:
    if not _check_parts(parts, report, CATALOG_PARTS, CATALOG_PARTS):
        return None
    return build_catalog(name, parts["groups"].as_tuple(), parts["props"].as_tuple())


def _build_props(name: str, parts: dict[str, Part], report: Report) -> PropNamespace | None:
    if not _check_parts(parts, report, CATALOG_PARTS, ("props",)):
        return None
    groups = parts["groups"].as_tuple() if "groups" in parts else None
    return build_namespace(name, groups, parts["props"].as_tuple())


@dataclass(frozen=True)
class FileReader:
    """A spec file format besides YAML: which files it reads, their namespace, and their parts."""

    suffixes: tuple[str, ...]
    namespace: Callable[[Path], str]
    read: Callable[[Path, Report], dict[str, Part]]


def _file_reader(path: Path) -> FileReader | None:
    return next((r for r in FILE_READERS if path.is_file() and path.name.endswith(r.suffixes)), None)


# Other file formats (the operation reference reads JSON service models).
FILE_READERS: list[FileReader] = []
# Checks across namespaces (a reference from one to another), run once all are built.
CHECKS: list[Callable[[Specs], list[Diagnostic]]] = []

# Kinds are tried in order; the operation reference adds its own in front.
DETECTORS: list[tuple[str, Callable[[str, dict[str, Part]], bool]]] = [
    ("events", _looks_like_catalog),
]
BUILDERS: dict[str, NamespaceBuilder] = {
    "events": _build_catalog,
    "props": _build_props,
}
