"""The type strings of event properties (``string``, ``array of positive integers``, …).

A prop's ``type:`` is prose for readers and a contract for data, so it is
parsed into a ``ValueType`` that knows its JSON Schema, how to say it in a
sentence ("an array of positive integers") and a sample value for example
payloads. An unknown type string is an error at load time, never a silent
"anything goes".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..engine.errors import did_you_mean

ARRAY = "array"
ARRAY_OF = "array of "
ARRAYS_OF = "arrays of "


@dataclass(frozen=True)
class Scalar:
    """A named type without items: its singular and plural words and its schema."""

    singular: str
    plural: str
    article: str
    schema_items: tuple[tuple[str, Any], ...]
    sample_value: Any


SCALARS: tuple[Scalar, ...] = (
    Scalar("string", "strings", "a", (("type", "string"),), "example"),
    Scalar("number", "numbers", "a", (("type", "number"),), 1.5),
    Scalar("integer", "integers", "an", (("type", "integer"),), 1),
    Scalar("boolean", "booleans", "a", (("type", "boolean"),), True),
    Scalar("object", "objects", "an", (("type", "object"),), {}),
    Scalar(
        "timestamp",
        "timestamps",
        "a",
        (("type", "string"), ("format", "date-time")),
        "2024-05-01T09:30:00Z",
    ),
    Scalar("positive integer", "positive integers", "a", (("type", "integer"), ("minimum", 1)), 1),
    Scalar(
        "non-negative integer",
        "non-negative integers",
        "a",
        (("type", "integer"), ("minimum", 0)),
        0,
    ),
    Scalar("positive number", "positive numbers", "a", (("type", "number"), ("exclusiveMinimum", 0)), 1.5),
)
_BY_SINGULAR = {scalar.singular: scalar for scalar in SCALARS}
_BY_PLURAL = {scalar.plural: scalar for scalar in SCALARS}


@dataclass(frozen=True)
class ValueType:
    """A parsed type string: a scalar, or an array of items (``items`` is ``None`` for any items)."""

    text: str
    scalar: Scalar | None = None
    items: ValueType | None = None

    @property
    def is_array(self) -> bool:
        return self.scalar is None

    def schema(self) -> dict[str, Any]:
        """The JSON Schema (draft 2020-12) fragment for a value of this type."""
        if self.scalar is not None:
            return dict(self.scalar.schema_items)
        if self.items is None:
            return {"type": "array"}
        return {"type": "array", "items": self.items.schema()}

    @property
    def phrase(self) -> str:
        """The type in a sentence: ``an array of positive integers``."""
        if self.scalar is not None:
            return f"{self.scalar.article} {self.text}"
        return f"an {self.text}"

    def sample(self) -> Any:
        """A value of this type for generated example payloads."""
        if self.scalar is not None:
            value = self.scalar.sample_value
            return dict(value) if isinstance(value, dict) else value
        return [] if self.items is None else [self.items.sample()]


class TypeStringError(ValueError):
    """A type string outside the grammar; the message says what is known."""


def parse_type(text: str) -> ValueType:
    """Parse a prop's ``type:``; raise ``TypeStringError`` for anything unknown."""
    words = " ".join(str(text).split())
    found = _parse(words, plural=False)
    if found is None:
        raise TypeStringError(_unknown_message(str(text)))
    return found


def _parse(words: str, plural: bool) -> ValueType | None:
    names = _BY_PLURAL if plural else _BY_SINGULAR
    if words in names:
        return ValueType(words, scalar=names[words])
    if words == ("arrays" if plural else ARRAY):
        return ValueType(words)
    prefix = ARRAYS_OF if plural else ARRAY_OF
    if words.startswith(prefix):
        items = _parse(words[len(prefix) :], plural=True)
        if items is not None:
            return ValueType(words, items=items)
    return None


def known_types() -> list[str]:
    """Every one-level type string, for suggestions and documentation."""
    return [
        *(s.singular for s in SCALARS),
        ARRAY,
        *(ARRAY_OF + s.plural for s in SCALARS),
    ]


def _unknown_message(text: str) -> str:
    hint = did_you_mean(" ".join(text.split()), known_types())
    singulars = ", ".join(s.singular for s in SCALARS)
    return (
        f"unknown type '{text}'{hint}; use one of {singulars}, array, "
        "or 'array of' a plural ('array of strings', 'array of arrays of numbers')"
    )


def accepts(value_type: ValueType, value: Any) -> bool:
    """Whether ``value`` (plain JSON data) matches the type: what ``make_validator`` would say.

    Checked here, without ``jsonschema``: importing it costs a build about a
    tenth of a second for the few ``example:`` values of a catalog.
    """
    return _conforms(value_type.schema(), value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    """As in JSON Schema: 2.0 is an integer, ``true`` is not."""
    return _is_number(value) and (isinstance(value, int) or value.is_integer())


_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "number": _is_number,
    "integer": _is_integer,
}


def _conforms(schema: dict[str, Any], value: Any) -> bool:
    """The keywords ``ValueType.schema()`` writes, with draft 2020-12's meaning (NaN passes a minimum)."""
    if not _JSON_TYPES[schema["type"]](value):
        return False
    if "minimum" in schema and value < schema["minimum"]:
        return False
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        return False
    if schema.get("format") == "date-time" and not is_timestamp(value):
        return False
    items = schema.get("items")
    return items is None or all(_conforms(items, item) for item in value)


_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})")


def is_timestamp(value: object) -> bool:
    """RFC 3339 date-time (what JSON Schema's ``date-time`` means), with a real date and time."""
    if not isinstance(value, str):
        return True  # format only constrains strings; "type" catches the rest
    if not _RFC3339.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def make_validator(schema: dict[str, Any]) -> Any:
    """A draft 2020-12 validator that also checks ``format: date-time``.

    ``jsonschema`` only checks formats when given a checker, and its own
    ``date-time`` check needs an optional package; ours is small and exact.
    """
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date-time")(is_timestamp)
    return jsonschema.Draft202012Validator(schema, format_checker=checker)
