"""Comparing two services of operations: operations, their input and output members, enums.

The operation model belongs to the reference feature, which this package may
not import; services are read through the attributes every service has
(``operations``, ``shapes``; shapes with ``kind``, ``members``, ``enum``).
"""

from __future__ import annotations

from typing import Any

from .changes import BREAKING, COMPATIBLE, Change, Subject, names, severity, where

# A value of the old kind always fits the new one.
_KIND_WIDENS_TO: dict[str, frozenset[str]] = {
    "integer": frozenset({"long", "double"}),
    "float": frozenset({"double"}),
    "enum": frozenset({"string"}),
}


def diff_service(old: Any, new: Any) -> list[Change]:
    ns = new.name
    old_ops = {op.name: op for op in old.operations}
    new_ops = {op.name: op for op in new.operations}
    changes: list[Change] = []
    for name, op in new_ops.items():
        subject = Subject("operation", ns, name)
        path = f"{ns}.operations.{name}"
        if name not in old_ops:
            changes.append(
                Change(
                    "operation-added",
                    COMPATIBLE,
                    path,
                    "operation added",
                    where(op.origin),
                    None,
                    name,
                    subject,
                )
            )
            continue
        walk = _Walk(old, new, ns, name, where(op.origin))
        walk.shapes(old_ops[name].input, op.input, f"{path}.input", output=False)
        walk.shapes(old_ops[name].output, op.output, f"{path}.output", output=True)
        changes += walk.changes
        if _doc(old_ops[name]) != _doc(op):
            changes.append(
                Change(
                    "operation-description-changed",
                    COMPATIBLE,
                    path,
                    "description changed",
                    where(op.origin),
                    _doc(old_ops[name]),
                    _doc(op),
                    subject,
                    minor=True,
                )
            )
    for name, op in old_ops.items():
        if name not in new_ops:
            path = f"{ns}.operations.{name}"
            changes.append(
                Change(
                    "operation-removed",
                    BREAKING,
                    path,
                    "operation removed",
                    where(op.origin),
                    name,
                    None,
                    Subject("operation", ns, name),
                )
            )
    return changes


def _doc(thing: Any) -> str | None:
    return thing.doc.text if getattr(thing, "doc", None) is not None else None


class _Walk:
    """Compares the shapes under one operation, member by member; cycles are cut by shape names."""

    def __init__(self, old: Any, new: Any, ns: str, op: str, source: str):
        self.old, self.new = old, new
        self.subject = Subject("operation", ns, op)
        self.source = source
        self.seen: set[tuple[str, str]] = set()
        self.changes: list[Change] = []

    def add(
        self, kind: str, sev: str, path: str, message: str, old: Any, new: Any, shape: Any = None
    ) -> None:
        source = where(getattr(shape, "origin", None), self.source)
        self.changes.append(Change(kind, sev, path, message, source, old, new, self.subject))

    def shapes(self, old_name: str | None, new_name: str | None, path: str, output: bool) -> None:
        if old_name is None or new_name is None or (old_name, new_name) in self.seen:
            return
        self.seen.add((old_name, new_name))
        old, new = self.old.shapes.get(old_name), self.new.shapes.get(new_name)
        if old is None or new is None:
            return
        if old.kind != new.kind:
            widens = new.kind in _KIND_WIDENS_TO.get(old.kind, frozenset())
            # A reader of an output sees new values; a wider output type can break it.
            sev = severity(output or not widens)
            self.add(
                "member-type-changed",
                sev,
                path,
                f"type changed from {old.kind} to {new.kind}",
                old.kind,
                new.kind,
                new,
            )
            return
        self._enum(old, new, path, output)
        if new.kind in ("structure", "union"):
            self._members(old, new, path, output)
        for part in ("item", "key", "value"):
            before, after = getattr(old, part, None), getattr(new, part, None)
            if before is not None and after is not None:
                self.shapes(
                    before.shape, after.shape, f"{path}.{part}" if part != "item" else f"{path}[]", output
                )

    def _enum(self, old: Any, new: Any, path: str, output: bool) -> None:
        removed = [v for v in old.enum if v not in new.enum]
        added = [v for v in new.enum if v not in old.enum]
        if removed:
            self.add(
                "enum-value-removed",
                BREAKING,
                path,
                f"enum values removed: {names(removed)}",
                removed,
                None,
                new,
            )
        if added:
            self.add(
                "enum-value-added",
                severity(output),
                path,
                f"enum values added: {names(added)}",
                None,
                added,
                new,
            )

    def _members(self, old: Any, new: Any, path: str, output: bool) -> None:
        before = {m.name: m for m in old.members}
        after = {m.name: m for m in new.members}
        for name, member in after.items():
            here = f"{path}.{name}"
            if name not in before:
                needed = member.required and not output
                message = "member added, required" if needed else "member added"
                self.add("member-added", severity(needed), here, message, None, member.shape, new)
                continue
            was = before[name]
            if member.required and not was.required and not output:
                self.add("member-now-required", BREAKING, here, "now required", False, True, new)
            elif was.required and not member.required:
                # Callers need not send it any more; readers of an output can no longer count on it.
                self.add(
                    "member-now-optional", severity(output), here, "no longer required", True, False, new
                )
            self.shapes(was.shape, member.shape, here, output)
        for name, member in before.items():
            if name not in after:
                self.add(
                    "member-removed", BREAKING, f"{path}.{name}", "member removed", member.shape, None, new
                )
