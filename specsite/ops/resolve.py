"""Shapes as views see them: references to event catalogs and property groups filled in.

A YAML operation can take the events of an event catalog (a union of event
types, discriminated by their ``type`` property) or the options of a property
group. Those live in other namespaces, so they are resolved here, against the
``Specs`` of the build, rather than copied into the operation model.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from ..engine.errors import Diagnostic, did_you_mean
from . import labels
from .model import COMPOSITE, Doc, Member, Service, Shape

DISCRIMINATOR = "type"
# Types written as text in event and option specs, and the shape kind each one is.
TYPE_WORDS = {
    "string": "string",
    "strings": "string",
    "text": "string",
    "timestamp": "timestamp",
    "timestamps": "timestamp",
    "date": "timestamp",
    "number": "double",
    "numbers": "double",
    "float": "double",
    "double": "double",
    "integer": "integer",
    "integers": "integer",
    "int": "integer",
    "long": "long",
    "boolean": "boolean",
    "booleans": "boolean",
    "bool": "boolean",
    "object": "document",
    "objects": "document",
    "any": "document",
}
_ARRAY_RE = re.compile(r"^(?:array|list) of (.+)$|^(.+)\[\]$", re.IGNORECASE)


class ShapeSource:
    """The shapes of one service for one build; synthesised shapes are cached here."""

    def __init__(self, service: Service, specs: Any):
        self.service = service
        self.specs = specs
        self._made: dict[str, Shape] = {}
        self._resolved: dict[str, Shape] = {}
        self._weights: dict[tuple[str, int], int] = {}
        self._facts: dict[str, tuple[Markup, ...]] = {}

    def shape(self, name: str) -> Shape:
        found = self.service.shapes.get(name) or self._made[name]
        if found.catalog is None and found.props is None:
            return found
        if name not in self._resolved:
            resolved = self._catalog(found) if found.catalog else self._props(found)
            self._resolved[name] = resolved
        return self._resolved[name]

    def add(self, shape: Shape) -> str:
        """Make a shape a view needs (a paginator's settings) available by its name; returns the name."""
        self._made.setdefault(shape.name, shape)
        return shape.name

    def facts(self, shape: Shape) -> tuple[Markup, ...]:
        """The shape's constraints and values in words, worked out once per service."""
        found = self._facts.get(shape.name)
        if found is None:
            found = self._facts[shape.name] = labels.facts(shape)
        return found

    def catalog(self, shape: Shape) -> Any:
        return self.specs.namespace(shape.catalog)

    def weight(self, name: str, cap: int) -> int:
        """How many entries the shape expands to on its own (recursion counted once), up to ``cap + 1``."""
        key = (name, cap)
        if key not in self._weights:
            self._weights[key] = self._count(name, cap)
        return self._weights[key]

    def _count(self, name: str, cap: int) -> int:
        count, todo = 0, [(name, frozenset({name}))]
        while todo and count <= cap:
            current, stack = todo.pop()
            for member in self.shape(current).children():
                count += 1
                child = self.shape(member.shape)
                if child.kind in COMPOSITE and child.name not in stack:
                    todo.append((child.name, stack | {child.name}))
        return count

    def _catalog(self, shape: Shape) -> Shape:
        namespace = shape.catalog or ""
        catalog = self.specs.namespace(namespace)
        variants = []
        for event in catalog.events:
            variant = f"{namespace}#{event.value}"
            members = tuple(
                self._event_member(namespace, event.value, prop) for prop in catalog.props_for(event.value)
            )
            self._made[variant] = Shape(variant, "structure", Doc(event.desc), members)
            variants.append(Member(event.value, variant, Doc(event.desc)))
        return replace(shape, members=tuple(variants))

    def _event_member(self, namespace: str, event: str, prop: Any) -> Member:
        if prop.name == DISCRIMINATOR:
            name = f"{namespace}#{event}.{prop.name}"
            self._made[name] = Shape(name, "enum", enum=(event,))
        else:
            name = self._typed(f"{namespace}.{prop.name}", prop.type)
        return Member(prop.name, name, Doc(prop.desc), required=prop.required_for(event))

    def _props(self, shape: Shape) -> Shape:
        namespace, group = shape.props or ("", "")
        table = self.specs.namespace(namespace).group(group)
        members = tuple(
            Member(
                prop.name,
                self._typed(f"{namespace}.{prop.key}", prop.type),
                Doc(prop.desc),
                required=prop.required,
                default=json.dumps(prop.default) if prop.has_default else None,
            )
            for prop in table.props
        )
        return replace(shape, members=members)

    def _typed(self, name: str, text: str) -> str:
        """A shape for a type written as text (``array of strings``); unknown words keep their label."""
        if name in self._made:
            return name
        words = text.strip()
        array = _ARRAY_RE.match(words)
        if array:
            item = self._typed(f"{name}[]", array.group(1) or array.group(2))
            shape = Shape(name, "list", item=Member("member", item), label=None)
        else:
            shape = _scalar(name, words)
        self._made[name] = shape
        return name


def _scalar(name: str, words: str) -> Shape:
    lowered = words.lower()
    positive = lowered.startswith("positive ")
    kind = TYPE_WORDS.get(lowered.removeprefix("positive "))
    if kind is None:
        return Shape(name, "document", label=words)
    return Shape(name, kind, min=1 if positive else None)


@lru_cache(maxsize=512)
def referenced_namespaces(service: Service) -> tuple[str, ...]:
    """The other spec namespaces a service's shapes take members from (catalogs, property groups)."""
    if service.origin != "yaml":
        return ()
    found = {
        shape.catalog or shape.props[0] for shape in service.shapes.values() if shape.catalog or shape.props
    }
    return tuple(sorted(found))


@lru_cache(maxsize=512)
def shape_source(service: Service, specs: Any) -> ShapeSource:
    """One source per service and build, shared by every page of that service in this process."""
    return ShapeSource(service, specs)


def check_references(specs: Any) -> list[Diagnostic]:
    """Catalog and property-group references of every operations namespace, with their positions."""
    found: list[Diagnostic] = []
    for service in specs.of_kind("operations"):
        for shape in service.shapes.values():
            problem = _reference_problem(shape, specs)
            if problem and shape.origin is not None:
                where = shape.origin
                found.append(Diagnostic(where.path, where.line, where.col, problem))
    return found


def _reference_problem(shape: Shape, specs: Any) -> str | None:
    if shape.catalog is not None:
        return _namespace_problem(shape.catalog, "events", specs, f"shape '{shape.name}'")
    if shape.props is not None:
        namespace, group = shape.props
        problem = _namespace_problem(namespace, "props", specs, f"shape '{shape.name}'")
        if problem:
            return problem
        groups = specs.namespace(namespace).groups
        if group not in groups:
            return (
                f"shape '{shape.name}': unknown group '{group}' in '{namespace}'{did_you_mean(group, groups)}"
            )
    return None


def _namespace_problem(name: str, kind: str, specs: Any, what: str) -> str | None:
    if name not in specs:
        return f"{what}: unknown spec namespace '{name}'{did_you_mean(name, list(specs))}"
    found = specs.namespace(name).kind
    if found != kind:
        wanted = "an event catalog" if kind == "events" else "a property-group namespace"
        return f"{what}: '{name}' is not {wanted} (it holds {found})"
    return None
