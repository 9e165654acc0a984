"""Event checks compiled once per event type, so that valid events never reach ``jsonschema``.

``jsonschema`` walks an event type's schema anew for every event, which
costs far more than reading the event. Here the same schema (the very
document ``eventschema.type_schema`` publishes and ``jsonschema``
enforces) becomes one small Python function per type that only answers
"valid or not". A valid event is done there. An event it turns down goes
on to the full checker, which finds and words the problems as it always
has, so the messages cannot drift: nothing here words a message.

The one rule: a compiled check may turn down a valid event (that costs
time, not correctness), never pass an invalid one. A schema with a keyword
the compiler does not know is not compiled at all; its type goes straight
to the full checker.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..model.events import EventCatalog
from ..model.eventtypes import is_timestamp
from .eventcheck import EventChecker, Problem
from .eventschema import DISCRIMINATOR, type_schema
from .jsonstream import Value

Check = Callable[[Any], bool]

# Keywords that describe a value without constraining it.
ANNOTATIONS = frozenset({"title", "description", "examples", "default", "$comment", "deprecated"})

# What ``jsonschema`` (draft 2020-12) counts as each type, for values decoded from JSON, which
# are exactly these classes. ``True.__class__`` is ``bool``, so a boolean is never an integer
# or a number; since draft 6 a float with no fraction (``1.0``) is an integer.
TYPE_TESTS = {
    "string": "{v}.__class__ is str",
    "boolean": "{v}.__class__ is bool",
    "object": "{v}.__class__ is dict",
    "array": "{v}.__class__ is list",
    "null": "{v} is None",
    "integer": "({v}.__class__ is int or {v}.__class__ is float and {v}.is_integer())",
    "number": "({v}.__class__ is int or {v}.__class__ is float)",
}
# Timestamps valid whatever the year and month (days 1 to 28, a time of day in range, UTC),
# as most are: one regular expression, where ``is_timestamp`` needs two steps; the rest are asked of it.
PLAIN_TIMESTAMP = re.compile(
    r"(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z"
)
BOUNDS = {"minimum": ">=", "exclusiveMinimum": ">", "maximum": "<=", "exclusiveMaximum": "<"}
NUMERIC = frozenset({"integer", "number"})


class Unsupported(Exception):
    """A schema this compiler does not turn into Python; the full validator handles it."""


def compile_check(schema: dict[str, Any]) -> Check | None:
    """A function that is true only for events ``schema`` accepts; ``None`` if it cannot be compiled."""
    try:
        return _object_check(schema)
    except Unsupported:
        return None


def _object_check(schema: dict[str, Any]) -> Check:
    """The event itself: an object with known props, the required ones present, each of its type."""
    _only(schema, {"type", "properties", "required", "additionalProperties"})
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    closed = schema.get("additionalProperties", True)
    if schema.get("type") != "object" or not isinstance(properties, dict) or not isinstance(required, list):
        raise Unsupported("the event schema is not a plain object schema")
    if closed not in (True, False) or not all(isinstance(key, str) for key in required):
        raise Unsupported("additionalProperties or required of an unknown form")
    compiler = _Compiler()
    tests = {name: compiler.expression(sub, "v0", 0) for name, sub in properties.items()}
    return compiler.event_function(tests, frozenset(required), closed is False)


class _Compiler:
    """Turns schemas into Python source: one expression per property, one function per event type."""

    def __init__(self) -> None:
        # Constants are passed by name, never spliced into the source as text.
        self.names: dict[str, Any] = {
            "_is_timestamp": is_timestamp,
            "_plain_timestamp": PLAIN_TIMESTAMP.fullmatch,
        }

    def event_function(self, tests: dict[str, str], needed: frozenset[str], closed: bool) -> Check:
        """One function for the event: the keys first, then each value by its prop's test, inline.

        Each prop's test gets a number and a branch of its own, the tests
        most props share (``string``) first, so most values are tested
        without a call.
        """
        shared = Counter(tests.values())
        branches = sorted(shared, key=lambda test: -shared[test])
        codes = {name: branches.index(test) + 1 for name, test in tests.items()}
        keys = "not keys >= _needed"
        if closed:
            keys = f"not keys <= _allowed or {keys}"
        source = [
            "def test(event):",
            "    if event.__class__ is not dict:",
            "        return False",
            "    keys = event.keys()",
            f"    if {keys}:",
            "        return False",
            "    for key, v0 in event.items():",
            # 0: a key an open schema does not name, which may hold anything.
            f"        code = _codes{'[key]' if closed else '.get(key, 0)'}",
        ]
        for number, test in enumerate(branches, 1):
            keyword = "if" if number == 1 else "elif"
            source += [
                f"        {keyword} code == {number}:",
                f"            if not ({test}):",
                "                return False",
            ]
        source.append("    return True")
        names = {**self.names, "_codes": codes, "_needed": needed, "_allowed": frozenset(tests)}
        exec(compile("\n".join(source), "<event check>", "exec"), names)
        return names["test"]

    def constant(self, value: Any) -> str:
        name = f"_c{len(self.names)}"
        self.names[name] = value
        return name

    def expression(self, schema: Any, v: str, depth: int) -> str:
        """A Python expression over the variable ``v`` that is true when the value matches."""
        if not isinstance(schema, dict):
            raise Unsupported("a schema that is not an object")
        _only(schema, {"type", "const", "format", "items", *BOUNDS})
        kind = schema.get("type")
        parts = []
        if "type" in schema:
            if not isinstance(kind, str) or kind not in TYPE_TESTS:
                raise Unsupported(f"type {kind!r}")
            parts.append(TYPE_TESTS[kind].format(v=v))
        if "const" in schema:
            parts.append(self._const(schema["const"], v))
        for keyword, operator in BOUNDS.items():
            if keyword in schema:
                parts.append(f"{v} {operator} {self._bound(schema[keyword], kind)}")
        if "format" in schema:
            if schema["format"] != "date-time" or kind != "string":
                raise Unsupported(f"format {schema['format']!r} on {kind!r}")
            parts.append(f"(_plain_timestamp({v}) is not None or _is_timestamp({v}))")
        if "items" in schema:
            if kind != "array":
                raise Unsupported("items without type: array")
            item = f"v{depth + 1}"
            parts.append(f"all({self.expression(schema['items'], item, depth + 1)} for {item} in {v})")
        return " and ".join(parts) or "True"

    def _const(self, value: Any, v: str) -> str:
        if not isinstance(value, str):
            raise Unsupported("a const that is not a string")
        return f"{v}.__class__ is str and {v} == {self.constant(value)}"

    def _bound(self, bound: Any, kind: Any) -> str:
        # Bounds only apply to numbers; with a numeric type the comparison is Python's, as in jsonschema.
        if kind not in NUMERIC or bound.__class__ not in (int, float) or bound != bound:
            raise Unsupported("a bound on a value that is not surely a number")
        return self.constant(bound)


def _only(schema: dict[str, Any], known: set[str]) -> None:
    unknown = set(schema) - known - ANNOTATIONS
    if unknown:
        raise Unsupported(f"keywords {sorted(unknown)}")


def _never(event: Any) -> bool:
    return False


class CompiledChecker(EventChecker):
    """An ``EventChecker`` that tries its type's compiled check first: valid events stop there."""

    def __init__(self, catalog: EventCatalog):
        super().__init__(catalog)
        self._checks: dict[str, Check] = {}

    def check(self, value: Value) -> list[Problem]:
        event = value.data
        if event.__class__ is dict:
            kind = event.get(DISCRIMINATOR)
            if kind.__class__ is str and (self._checks.get(kind) or self._compile(kind))(event):
                return []
        return super().check(value)

    def _compile(self, kind: str) -> Check:
        """The check of a known type, made once; unknown types are not kept (there may be any number)."""
        try:
            self.catalog.event(kind)
        except LookupError:
            return _never
        self._checks[kind] = compile_check(type_schema(self.catalog, kind)) or _never
        return self._checks[kind]
