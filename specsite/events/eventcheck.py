"""Checking decoded events against an event catalog, one problem per line.

Each event is checked by ``jsonschema`` against the published schema of its
type (one compiled validator per type, made when the type is first seen),
and ``jsonschema``'s errors become sentences about the event's props::

    event #12 (type 'checkout'): 'quantities' must be an array of positive integers; item 2 is 0

``specsite validate`` runs this over files of events, and the build over
the event examples in pages.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..engine.errors import did_you_mean
from ..model.events import EventCatalog
from ..model.eventtypes import make_validator
from .jsonstream import SyntaxProblem, Value, key_position, read_events
from .typeschema import DISCRIMINATOR, type_schema


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one event, at a line of the file (``col`` 0 when unknown)."""

    line: int
    col: int
    message: str

    def format(self, path: str) -> str:
        where = f"{path}:{self.line}" + (f":{self.col}" if self.col else "")
        return f"{where}: {self.message}"


class EventChecker:
    """Checks events against one catalog; compiles a type's validator the first time it is needed."""

    def __init__(self, catalog: EventCatalog):
        self.catalog = catalog
        self._validators: dict[str, Any] = {}

    def validator(self, value: str) -> Any:
        if value not in self._validators:
            self._validators[value] = make_validator(type_schema(self.catalog, value))
        return self._validators[value]

    def quick(self) -> Callable[[Any], bool] | None:
        """A test that is true only of valid events, cheaper than ``check``; ``None`` when there is none."""
        return None

    def check(self, value: Value) -> list[Problem]:
        """The problems of one decoded event (none when it is valid)."""
        event = value.data
        label = _label(value.index, event)
        if not isinstance(event, dict):
            message = f"{label}: must be a JSON object, not {_json_type(event)}"
            return [Problem(value.line, value.col, message)]
        kind = event.get(DISCRIMINATOR)
        if not isinstance(kind, str) or not self._known(kind):
            return [Problem(*_where(value, DISCRIMINATOR), f"{label}: {self._bad_type(kind)}")]
        errors = self.errors(kind, event)
        return [
            Problem(*_where(value, key), f"{label}: {message}")
            for key, message in _messages(self.catalog, kind, event, errors)
        ]

    def errors(self, kind: str, event: dict) -> Iterable[Any]:
        """``jsonschema``'s errors for an event of a known type."""
        return self.validator(kind).iter_errors(event)

    def _known(self, kind: str) -> bool:
        try:
            self.catalog.event(kind)
        except LookupError:
            return False
        return True

    def _bad_type(self, kind: Any) -> str:
        if kind is None:
            return f"'{DISCRIMINATOR}' is missing; it names the event type, such as '{self._first()}'"
        if not isinstance(kind, str):
            return f"'{DISCRIMINATOR}' must be a string, not {_json_type(kind)}"
        hint = did_you_mean(kind, [event.value for event in self.catalog.events])
        return f"unknown event type '{kind}'{hint}"

    def _first(self) -> str:
        return self.catalog.events[0].value if self.catalog.events else "add_to_cart"


def _label(index: int, event: Any) -> str:
    kind = event.get(DISCRIMINATOR) if isinstance(event, dict) else None
    if not isinstance(kind, str):
        return f"event #{index}"
    return f"event #{index} (type '{kind if len(kind) <= 40 else kind[:37] + '...'}')"


def _where(value: Value, key: str) -> tuple[int, int]:
    """The line and column of ``key`` in an event (of the event itself when it has no such key)."""
    found = key_position(value.text, key)
    if found is None:
        return value.line, value.col
    lines, offset = found
    return value.line + lines, (value.col if lines == 0 else 1) + offset


def _messages(
    catalog: EventCatalog, kind: str, event: dict, errors: Iterable[Any]
) -> Iterator[tuple[str, str]]:
    """``(key, message)`` for jsonschema's errors: one per missing, extra or wrong prop."""
    seen: set[str] = set()
    for error in errors:
        if error.validator == "required" and not error.path:
            found = _missing(error, event)
        elif error.validator == "additionalProperties" and not error.path:
            found = _extra(catalog, kind, event, error.schema.get("properties", {}))
        elif error.path:
            found = [_wrong(catalog, error)]
        else:
            found = [(DISCRIMINATOR, error.message)]
        for key, message in found:
            if key not in seen:
                seen.add(key)
                yield key, message


def _missing(error: Any, event: dict) -> list[tuple[str, str]]:
    return [(key, f"'{key}' is required") for key in error.validator_value if key not in event]


def _extra(catalog: EventCatalog, kind: str, event: dict, allowed: dict) -> list[tuple[str, str]]:
    found = []
    for key in event:
        if key in allowed:
            continue
        if any(prop.name == key for prop in catalog.props):
            found.append((key, f"'{key}' does not apply to '{kind}' events"))
        else:
            hint = did_you_mean(key, allowed)
            found.append((key, f"unknown property '{key}'{hint}"))
    return found


def _wrong(catalog: EventCatalog, error: Any) -> tuple[str, str]:
    key = str(error.path[0])
    prop = next((p for p in catalog.props if p.name == key), None)
    if prop is None or prop.value_type is None:
        return key, f"'{key}': {error.message}"
    expected = prop.value_type.phrase
    where = list(error.path)[1:]
    if where:
        item = ".".join(str(part + 1) if isinstance(part, int) else str(part) for part in where)
        return key, f"'{key}' must be {expected}; item {item} is {_shown(error.instance)}"
    return key, f"'{key}' must be {expected}, not {_shown(error.instance)}"


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class Summary:
    events: int
    invalid: int
    problems: int


def check_stream(stream: Any, checker: EventChecker) -> Iterator[Problem | Summary]:
    """Every problem in a stream of events, then a ``Summary``.

    Events the checker's quick test passes are only counted; the reader
    gives the rest, which get the full check and its messages.
    """
    events = invalid = problems = 0
    items = read_events(stream, checker.quick())
    while True:
        try:
            item = next(items)
        except StopIteration as done:
            events = max(events, done.value)
            break
        events = max(events, item.index)
        if isinstance(item, SyntaxProblem):
            found = [Problem(item.line, item.col, f"event #{item.index}: {item.message}")]
        else:
            try:
                found = checker.check(item)
            except RecursionError:  # the decoder's depth limit leaves room; be safe anyway
                found = [Problem(item.line, item.col, f"event #{item.index}: nested too deeply to check")]
        if found:
            invalid += 1
            problems += len(found)
            yield from found
    yield Summary(events, invalid, problems)
