"""What ``jsonschema`` finds wrong with an event, for the schemas ``compiledcheck`` compiles, without it.

An event that fails its compiled check still needs its problems worded.
The words come from ``eventcheck`` as always; what it needs from a
validator is the list of errors: which keyword failed, where (the path
into the event), on which value. For the few keywords the compiler knows
(the event's ``properties``, ``required`` and ``additionalProperties``;
a value's ``type``, ``const``, ``format: date-time``, ``items`` and
bounds), this module lists the same errors in the same order as
``jsonschema``'s draft 2020-12 validator (keywords in the schema's own
order, array items in order), so importing ``jsonschema`` (about a tenth
of a second) and walking each event through it are both left out.

It never words an error itself: an error whose wording ``eventcheck``
would have to take from ``jsonschema`` raises ``NeedsJsonschema``, and the
full validator is asked instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..model.eventtypes import is_timestamp


class NeedsJsonschema(Exception):
    """An error this module finds but cannot word; ``jsonschema`` can."""


@dataclass(frozen=True)
class SchemaError:
    """One failed keyword, with the fields of ``jsonschema``'s errors that ``eventcheck`` reads."""

    validator: str  # the keyword
    validator_value: Any
    path: tuple[str | int, ...]
    instance: Any
    schema: dict[str, Any]

    @property
    def message(self) -> str:
        raise NeedsJsonschema(self.validator)


def schema_errors(
    schema: dict[str, Any], instance: Any, passes: Mapping[str, Callable[[Any], bool]] | None = None
) -> list[SchemaError]:
    """Every error ``jsonschema`` would give for ``instance``, in its order.

    ``passes`` may hold, per top-level prop, a test that is true only of
    values with no error under that prop's schema: such values are not
    walked (the errors and their order stay the same, as they have none).
    """
    if not passes or instance.__class__ is not dict:
        return list(_errors(schema, instance, ()))
    found: list[SchemaError] = []
    for keyword, value in schema.items():
        if keyword == "properties":
            found += _properties(value, instance, schema, (), passes)
        elif keyword in KEYWORDS:
            found += KEYWORDS[keyword](value, instance, schema, ())
    return found


def _errors(schema: dict[str, Any], instance: Any, path: tuple) -> Iterator[SchemaError]:
    for keyword, value in schema.items():
        check = KEYWORDS.get(keyword)
        if check is not None:
            yield from check(value, instance, schema, path)


EMPTY: Mapping[str, Callable[[Any], bool]] = MappingProxyType({})


def _is_number(value: Any) -> bool:
    return value.__class__ is int or value.__class__ is float


# jsonschema's type checks on decoded JSON (``bool`` is neither a number nor an integer).
TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: value.__class__ is str,
    "boolean": lambda value: value.__class__ is bool,
    "object": lambda value: value.__class__ is dict,
    "array": lambda value: value.__class__ is list,
    "null": lambda value: value is None,
    "number": _is_number,
    "integer": lambda value: value.__class__ is int or (value.__class__ is float and value.is_integer()),
}


def _error(keyword: str, value: Any, instance: Any, schema: dict, path: tuple) -> list[SchemaError]:
    return [SchemaError(keyword, value, path, instance, schema)]


def _type(kind: Any, instance: Any, schema: dict, path: tuple) -> list[SchemaError]:
    return [] if TYPES[kind](instance) else _error("type", kind, instance, schema, path)


def _const(const: Any, instance: Any, schema: dict, path: tuple) -> list[SchemaError]:
    # The compiler takes string constants only, which equal only the same string.
    ok = instance.__class__ is str and instance == const
    return [] if ok else _error("const", const, instance, schema, path)


def _format(name: Any, instance: Any, schema: dict, path: tuple) -> list[SchemaError]:
    return [] if is_timestamp(instance) else _error("format", name, instance, schema, path)


def _items(items: Any, instance: Any, schema: dict, path: tuple) -> list[SchemaError]:
    if instance.__class__ is not list:
        return []
    return [error for index, item in enumerate(instance) for error in _errors(items, item, (*path, index))]


def _bound(keyword: str, fails: Callable[[Any, Any], bool]) -> Callable[..., list[SchemaError]]:
    def check(bound: Any, instance: Any, schema: dict, path: tuple) -> list[SchemaError]:
        if _is_number(instance) and fails(instance, bound):
            return _error(keyword, bound, instance, schema, path)
        return []

    return check


def _properties(
    properties: dict, instance: Any, schema: dict, path: tuple, passes: Mapping[str, Callable] = EMPTY
) -> list[SchemaError]:
    if instance.__class__ is not dict:
        return []
    return [
        error
        for name, sub in properties.items()
        if name in instance and not (name in passes and passes[name](instance[name]))
        for error in _errors(sub, instance[name], (*path, name))
    ]


def _required(required: list, instance: Any, schema: dict, path: tuple) -> list[SchemaError]:
    if instance.__class__ is not dict:
        return []
    missing = [key for key in required if key not in instance]
    return [SchemaError("required", required, path, instance, schema) for _ in missing]


def _additional(allowed: Any, instance: Any, schema: dict, path: tuple) -> list[SchemaError]:
    if allowed is not False or instance.__class__ is not dict:
        return []
    if any(key not in schema.get("properties", {}) for key in instance):
        return _error("additionalProperties", allowed, instance, schema, path)
    return []


KEYWORDS: dict[str, Callable[..., list[SchemaError]]] = {
    "type": _type,
    "const": _const,
    "format": _format,
    "items": _items,
    "minimum": _bound("minimum", lambda value, bound: value < bound),
    "exclusiveMinimum": _bound("exclusiveMinimum", lambda value, bound: value <= bound),
    "maximum": _bound("maximum", lambda value, bound: value > bound),
    "exclusiveMaximum": _bound("exclusiveMaximum", lambda value, bound: value >= bound),
    "properties": _properties,
    "required": _required,
    "additionalProperties": _additional,
}
