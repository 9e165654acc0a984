"""Comparing two spec models namespace by namespace; each kind of namespace has its own rules."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..engine.errors import ProjectError
from ..engine.jsarray import JsArray
from ..model import Specs, load_specs
from ..model.events import EventCatalog
from ..model.propgroups import PropNamespace
from .changes import BREAKING, COMPATIBLE, Change, ordered
from .diff_events import diff_catalog
from .diff_ops import diff_service
from .diff_options import diff_options
from .revisions import Source, export

RULES = {"events": diff_catalog, "props": diff_options}


def diff_specs(old: Specs, new: Specs) -> list[Change]:
    """Every difference between two models, breaking ones first."""
    changes: list[Change] = []
    for name in new:
        after = new[name]
        if name not in old:
            changes.append(
                Change("namespace-added", COMPATIBLE, name, "spec namespace added", _file(new, name))
            )
            # Everything in it is new too: its event types and operations get their "Added in" marks.
            changes += _compare(name, _empty_like(after), after, old, new)
            continue
        changes += _compare(name, old[name], after, old, new)
    for name in old:
        if name not in new:
            changes.append(
                Change("namespace-removed", BREAKING, name, "spec namespace removed", _file(old, name))
            )
    return ordered(changes)


def _compare(name: str, before: Any, after: Any, old: Specs, new: Specs) -> list[Change]:
    if _kind(before) != _kind(after):
        message = f"spec namespace changed from {_kind(before)} to {_kind(after)}"
        return [
            Change(
                "namespace-kind-changed",
                BREAKING,
                name,
                message,
                _file(new, name),
                _kind(before),
                _kind(after),
            )
        ]
    if _kind(after) == "operations":
        return diff_service(before, after)
    rule = RULES.get(_kind(after))
    return rule(before, after) if rule else []


@dataclass(frozen=True)
class _NoOperations:
    name: str
    operations: tuple = ()
    shapes: Mapping[str, Any] = field(default_factory=dict)


def _empty_like(namespace: Any) -> Any:
    """A namespace of the same kind with nothing in it."""
    if _kind(namespace) == "operations":
        return _NoOperations(namespace.name)
    if namespace.kind == "events":
        return EventCatalog(namespace.namespace, JsArray(), JsArray())
    if namespace.kind == "props":
        return PropNamespace(namespace.namespace, JsArray(), {})
    return namespace  # a kind without rules: nothing to list


def _kind(namespace: Any) -> str:
    # JSON service models and YAML operations are both services of operations.
    return "operations" if hasattr(namespace, "operations") else namespace.kind


def _file(specs: Specs, name: str) -> str:
    files = specs.files_of(name)
    return f"{files[0]}:1:1" if files else ""


def load_model(source: Source) -> Specs:
    """The spec model of one side: a folder as it is on disk, or a commit exported to a temporary folder."""
    if source.folder is not None:
        return _load(source.folder, None)
    with tempfile.TemporaryDirectory(prefix="specsite-rev-") as tmp:
        return _load(export(source, Path(tmp)), source.name)


def _load(root: Path, revision: str | None) -> Specs:
    specs, diagnostics = load_specs(root / "specs", root)
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        # Name the revision, so an error in an old tag is not taken for one in the checkout.
        raise ProjectError(replace(d, path=f"{revision}:{d.path}") if revision else d for d in errors)
    return specs
