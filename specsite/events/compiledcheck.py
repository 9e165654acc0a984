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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..model.events import EventCatalog
from ..model.eventtypes import is_timestamp
from .eventcheck import EventChecker, Problem
from .jsonstream import Value
from .schemaerrors import NeedsJsonschema, schema_errors
from .typeschema import DISCRIMINATOR, type_schema

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
# The classes whose values are surely of each type; with items of any other class (``2.0``
# among integers) the test per item decides.
CLASSES = {
    "string": frozenset({str}),
    "boolean": frozenset({bool}),
    "object": frozenset({dict}),
    "array": frozenset({list}),
    "integer": frozenset({int}),
    "number": frozenset({int, float}),
}
# Timestamps valid whatever the year and month (days 1 to 28, a time of day in range, UTC),
# as most are: one regular expression, where ``is_timestamp`` needs two steps; the rest are asked of it.
PLAIN_TIMESTAMP = re.compile(
    r"(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z"
)
# The name of a prop's value in its test expression, replaced by a real variable in each function.
TOP = "_value_"
BOUNDS = {"minimum": ">=", "exclusiveMinimum": ">", "maximum": "<=", "exclusiveMaximum": "<"}
NUMERIC = frozenset({"integer", "number"})


class Unsupported(Exception):
    """A schema this compiler does not turn into Python; the full validator handles it."""


def compile_check(schema: dict[str, Any]) -> Check | None:
    """A function that is true only for events ``schema`` accepts; ``None`` if it cannot be compiled."""
    compiled = compile_type(schema)
    return compiled.general() if compiled is not None else None


def compile_type(schema: dict[str, Any]) -> TypeCheck | None:
    """The compiled form of an event type's schema; ``None`` if it cannot be compiled."""
    try:
        return _object_check(schema)
    except Unsupported:
        return None


@dataclass(frozen=True)
class TypeCheck:
    """One event type's schema as Python: a test expression per prop, and the rules on keys.

    ``general()`` checks any event of the type. ``for_keys(keys)`` checks
    only events whose keys are exactly ``keys``, in that order: the rules
    on keys were settled when it was made, so it is one line of tests on
    the values, taken out of the event in one step.
    """

    schema: dict[str, Any]
    tests: dict[str, str]  # prop name -> a Python expression over the value, named TOP in it
    needed: frozenset[str]
    closed: bool
    names: dict[str, Any]  # the constants the expressions refer to

    def general(self) -> Check:
        """One function for the event: the keys first, then each value by its prop's test, inline.

        Each prop's test gets a number and a branch of its own, the tests
        most props share (``string``) first, so most values are tested
        without a call.
        """
        shared = Counter(self.tests.values())
        branches = sorted(shared, key=lambda test: -shared[test])
        codes = {name: branches.index(test) + 1 for name, test in self.tests.items()}
        branches = [test.replace(TOP, "v0") for test in branches]
        keys = "not keys >= _needed"
        if self.closed:
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
            f"        code = _codes{'[key]' if self.closed else '.get(key, 0)'}",
        ]
        for number, test in enumerate(branches, 1):
            keyword = "if" if number == 1 else "elif"
            source += [
                f"        {keyword} code == {number}:",
                f"            if not ({test}):",
                "                return False",
            ]
        source.append("    return True")
        return self._function(source, _codes=codes, _needed=self.needed, _allowed=frozenset(self.tests))

    def for_keys(self, keys: tuple[str, ...]) -> Check:
        """A check of the events whose keys are ``keys``, in order (a dict of other keys must not get it)."""
        if not self.needed <= set(keys) or (self.closed and not set(keys) <= self.tests.keys()):
            return _never
        # The values are unpacked into a0, a1, ...; a key an open schema does not name may hold anything.
        named = [(i, key) for i, key in enumerate(keys) if key in self.tests]
        tests = [f"({self.tests[key].replace(TOP, f'a{i}')})" for i, key in named]
        source = ["def test(event):"]
        if keys:
            source.append(f"    {''.join(f'a{i}, ' for i in range(len(keys)))}= event.values()")
        source.append(f"    return {' and '.join(tests) or 'True'}")
        return self._function(source)

    def value_checks(self) -> dict[str, Check]:
        """Per prop, its test alone as a function of the value: true only when the value is surely fine."""
        # Props of one type mostly share a handful of tests (``string``): each is compiled once.
        made = {
            test: self._function(["def test(value):", f"    return {test.replace(TOP, 'value')}"])
            for test in set(self.tests.values())
        }
        return {name: made[test] for name, test in self.tests.items()}

    def _function(self, source: list[str], **more: Any) -> Check:
        # A TypeError in a test (``"".join`` of a list that is not all strings) means "not surely valid".
        head, body = source[0], [f"    {line}" for line in source[1:]]
        source = [head, "    try:", *body, "    except TypeError:", "        return False"]
        names = {**self.names, **more}
        exec(compile("\n".join(source), "<event check>", "exec"), names)
        return names["test"]


def _object_check(schema: dict[str, Any]) -> TypeCheck:
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
    tests = {name: compiler.expression(sub, TOP, 0) for name, sub in properties.items()}
    return TypeCheck(schema, tests, frozenset(required), closed is False, compiler.names)


class _Compiler:
    """Turns schemas into Python expressions, one per property."""

    def __init__(self) -> None:
        # Constants are passed by name, never spliced into the source as text.
        self.names: dict[str, Any] = {
            "_is_timestamp": is_timestamp,
            "_plain_timestamp": PLAIN_TIMESTAMP.fullmatch,
        }

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
            each = f"all({self.expression(schema['items'], item, depth + 1)} for {item} in {v})"
            quick = self._all_items(schema["items"], v)
            parts.append(f"({quick} or {each})" if quick else each)
        return " and ".join(parts) or "True"

    def _all_items(self, items: dict[str, Any], v: str) -> str | None:
        """A test of a whole list that runs in C and is true only if every item matches ``items``.

        It looks only at the items' classes (and the smallest or largest
        one against a bound), so a list of ints is checked without a Python
        step per item; when it says no (a float such as ``2.0`` among
        integers, a boolean), the exact test per item decides.
        """
        kind = items.get("type")
        if set(items) - ANNOTATIONS - set(BOUNDS) != {"type"} or kind not in CLASSES:
            return None
        if set(items) - ANNOTATIONS == {"type"} and kind == "string":
            return f'"".join({v}) is not None'  # joins only strings: the function says no on its TypeError
        parts = [f"{{*map(type, {v})}} <= {self.constant(CLASSES[kind])}"]
        for keyword, operator in BOUNDS.items():
            if keyword in items:
                extreme = "min" if keyword.endswith("inimum") else "max"
                parts.append(f"(not {v} or {extreme}({v}) {operator} {self._bound(items[keyword], kind)})")
        return " and ".join(parts)

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


# Events of one type mostly come with the same keys in the same order: each such shape gets a
# check of its own, made when first seen, up to this many in all; events of other shapes (keys
# in every order, keys the type does not name) get their type's general check.
MAX_SHAPES = 512


class CompiledChecker(EventChecker):
    """An ``EventChecker`` that tries its type's compiled check first: valid events stop there."""

    def __init__(self, catalog: EventCatalog):
        super().__init__(catalog)
        self._types: dict[str, TypeCheck | None] = {}
        self._general: dict[str, Check] = {}
        self._shapes: dict[tuple[str, ...], Check] = {}
        self._passes: dict[str, dict[str, Check]] = {}
        self._accepts = self._make_quick()
        self._full = EventChecker(catalog)  # for what only jsonschema can word

    def quick(self) -> Check:
        return self._accepts

    def check(self, value: Value) -> list[Problem]:
        if self._accepts(value.data):
            return []
        try:
            return super().check(value)
        except NeedsJsonschema:
            return self._full.check(value)

    def errors(self, kind: str, event: dict) -> Iterable[Any]:
        """The errors of a compiled type found without ``jsonschema``, in the order it gives them."""
        compiled = self._type(kind)
        if compiled is None:
            return super().errors(kind, event)
        if kind not in self._passes:
            self._passes[kind] = compiled.value_checks()
        # The props whose values pass their own test have no errors: they are not walked again.
        return schema_errors(compiled.schema, event, self._passes[kind])

    def _make_quick(self) -> Check:
        """True for an event its shape's check passes: one lookup and one call per event."""
        shapes, learn, discriminator = self._shapes, self._learn, DISCRIMINATOR

        def accepts(event: Any) -> bool:
            if event.__class__ is dict:
                kind = event.get(discriminator)
                if kind.__class__ is str:
                    shape = (kind, *event)
                    return (shapes.get(shape) or learn(shape))(event)
            return False

        return accepts

    def _learn(self, shape: tuple[str, ...]) -> Check:
        """The check for a shape not seen before: kept if its keys are all the type's own props."""
        kind, keys = shape[0], shape[1:]
        compiled = self._type(kind)
        if compiled is None:
            return _never
        if len(self._shapes) < MAX_SHAPES and all(key in compiled.tests for key in keys):
            self._shapes[shape] = compiled.for_keys(keys)
            return self._shapes[shape]
        if kind not in self._general:
            self._general[kind] = compiled.general()
        return self._general[kind]

    def _type(self, kind: str) -> TypeCheck | None:
        """A known type's compiled schema, made once (``None``: unknown, or not compiled)."""
        if kind not in self._types:
            try:
                self.catalog.event(kind)
            except LookupError:
                return None  # not kept: a file may name any number of unknown types
            self._types[kind] = compile_type(type_schema(self.catalog, kind))
        return self._types[kind]
