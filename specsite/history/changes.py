"""One difference between two spec models, and the rules every comparison shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.eventtypes import TypeStringError, ValueType, parse_type
from ..model.fields import Origin

BREAKING = "breaking"
COMPATIBLE = "compatible"


@dataclass(frozen=True)
class Subject:
    """The thing a change is about, so a changelog can link to its page.

    ``kind`` is ``event`` (an event type), ``event-prop``, ``operation`` or
    ``options`` (a property group namespace); ``namespace`` and ``name`` locate it.
    """

    kind: str
    namespace: str
    name: str


@dataclass(frozen=True)
class Change:
    kind: str  # machine name, e.g. "prop-type-changed"
    severity: str  # BREAKING or COMPATIBLE
    path: str  # dotted name of the thing: "event.props.currency"
    message: str  # what happened, in a few words
    source: str  # "path:line:col" in NEW, or in OLD for something removed
    old: Any = None
    new: Any = None
    subject: Subject | None = None
    minor: bool = False  # description-only: shown with --verbose
    affects: tuple[str, ...] = ()  # event types a prop change touches, for "Changed in" marks

    @property
    def breaking(self) -> bool:
        return self.severity == BREAKING

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "path": self.path,
            "old": self.old,
            "new": self.new,
            "source": self.source,
            "message": self.message,
        }


def to_record(change: Change) -> dict[str, Any]:
    """Everything a change holds, as JSON data (for the cache of differences between commits)."""
    record = {**change.as_json(), "minor": change.minor, "affects": list(change.affects)}
    subject = change.subject
    record["subject"] = [subject.kind, subject.namespace, subject.name] if subject else None
    return record


def from_record(record: dict[str, Any]) -> Change:
    subject = Subject(*record["subject"]) if record["subject"] else None
    return Change(
        record["kind"],
        record["severity"],
        record["path"],
        record["message"],
        record["source"],
        record["old"],
        record["new"],
        subject,
        record["minor"],
        tuple(record["affects"]),
    )


def where(origin: Origin | None, fallback: str = "") -> str:
    if origin is None:
        return fallback
    return f"{origin.path}:{origin.line}:{origin.col}"


def severity(breaking: bool) -> str:
    return BREAKING if breaking else COMPATIBLE


def ordered(changes: list[Change]) -> list[Change]:
    """Breaking changes first, each group in the order found (the spec's order)."""
    return [c for c in changes if c.breaking] + [c for c in changes if not c.breaking]


# A value of the old type is always a value of the new one: senders keep working.
_SCALAR_WIDENS_TO: dict[str, frozenset[str]] = {
    "positive integer": frozenset({"non-negative integer", "integer", "positive number", "number"}),
    "non-negative integer": frozenset({"integer", "number"}),
    "integer": frozenset({"number"}),
    "positive number": frozenset({"number"}),
    "timestamp": frozenset({"string"}),
}


def type_widens(old: str, new: str) -> bool:
    """Whether the type string ``new`` accepts every value ``old`` did (``integer`` → ``number``)."""
    if " ".join(old.split()) == " ".join(new.split()):
        return True
    try:
        return _widens(parse_type(old), parse_type(new))
    except TypeStringError:
        return False  # free text (option tables): only the same words are the same type


def _widens(old: ValueType, new: ValueType) -> bool:
    if old.text == new.text:
        return True
    if old.scalar is not None and new.scalar is not None:
        return new.scalar.singular in _SCALAR_WIDENS_TO.get(old.scalar.singular, frozenset())
    if old.is_array and new.is_array:
        if new.items is None:
            return True
        return old.items is not None and _widens(old.items, new.items)
    return False


def names(values: list[str] | tuple[str, ...] | set[str] | frozenset[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)
