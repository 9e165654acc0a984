"""Request and response syntax of each view, generated from the shapes.

Python request syntax follows boto3's reference (``'string'``,
``datetime(2015, 1, 1)``, ``'A'|'B'`` for enums) and is valid Python. The
command line gets the AWS CLI's JSON and shorthand syntax; JavaScript gets an
input object literal. Cycles and large repeats end in a comment that links to
the entry documenting the shape.
"""

from __future__ import annotations

import json
import keyword
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .code import Code
from .model import COMPOSITE, STRUCTURED, Member, Shape
from .resolve import ShapeSource
from .tree import REPEAT_LIMIT

# Past this many lines, a block expands no more structures: it links to their entries.
SOFT_LINES = 600

PY_SCALARS = {
    "string": ("s1", "'string'"),
    "integer": ("mi", "123"),
    "long": ("mi", "123"),
    "float": ("mf", "123.0"),
    "double": ("mf", "123.0"),
    "boolean": ("kc", "True|False"),
    "timestamp": ("n", "datetime(2015, 1, 1)"),
    "blob": ("s1", "b'bytes'"),
    "document": ("p", "{...}|[...]|123|123.4|'string'|True|None"),
}
JSON_SCALARS = {
    "string": ("s2", '"string"'),
    "boolean": ("kc", "true|false"),
    "document": ("p", "{...}"),
}
JS_SCALARS = {
    "string": ("s2", '"STRING_VALUE"'),
    "integer": ("nx", 'Number("int")'),
    "long": ("nx", 'Number("long")'),
    "float": ("nx", 'Number("float")'),
    "double": ("nx", 'Number("double")'),
    "boolean": ("kc", "true || false"),
    "timestamp": ("nx", 'new Date("TIMESTAMP")'),
    "blob": ("nx", "new Uint8Array()"),
    "document": ("s2", '"DOCUMENT_VALUE"'),
}


class Cuts:
    """Where a block stops expanding: at a cycle, or at a large structure it already showed."""

    def __init__(self, source: ShapeSource, anchors: dict[str, str], code: Code):
        self.source = source
        self.anchors = anchors
        self.code = code
        self._stack: list[str] = []
        self._seen: set[str] = set()

    def cut(self, shape: Shape) -> str | None:
        """``"recursive"``, ``"repeat"`` or ``None`` (expand it)."""
        if shape.name in self._stack:
            return "recursive"
        if shape.kind not in STRUCTURED:
            return None
        if self.code.line_count > SOFT_LINES:
            return "repeat"
        if shape.name in self._seen and self.source.weight(shape.name, REPEAT_LIMIT) > REPEAT_LIMIT:
            return "repeat"
        return None

    @contextmanager
    def inside(self, shape: Shape) -> Iterator[None]:
        self._stack.append(shape.name)
        self._seen.add(shape.name)
        try:
            yield
        finally:
            self._stack.pop()

    def link(self, shape: Shape) -> str:
        return self.anchors.get(shape.name, "")


def _separated(code: Code, members: tuple[Member, ...], write: Callable[[Member, bool], None]) -> None:
    """Members one per line, each but the last followed by a comma."""
    for index, member in enumerate(members):
        code.newline()
        write(member, index == len(members) - 1)


def _variant_members(source: ShapeSource, shape: Shape) -> tuple[Member, ...]:
    """The members shown for a union of event types: those of its first type."""
    if not shape.members:
        return ()
    return source.shape(shape.members[0].shape).members


# --- Python (boto3) ---------------------------------------------------------------------


class PythonSyntax:
    def __init__(self, source: ShapeSource, anchors: dict[str, str], response: bool = False):
        self.source = source
        self.code = Code()
        self.cuts = Cuts(source, anchors, self.code)
        self.response = response

    def request(
        self, client: str, method: str, input_shape: str | None, members: tuple[Member, ...] | None = None
    ) -> Code:
        """The call; ``members`` replaces the input's members when the SDK renames or hides some."""
        code = self.code
        code.add("n", "response").text(" ").add("o", "=").text(" ")
        code.add("n", client).add("o", ".").add("nf", method).add("p", "(")
        if members is None:
            members = self.source.shape(input_shape).members if input_shape else ()
        if members:
            code.indent()
            _separated(code, members, self._kwarg)
            code.dedent().newline()
        code.add("p", ")")
        return code

    def structure(self, shape_name: str) -> Code:
        self.value(self.source.shape(shape_name))
        return self.code

    def _kwarg(self, member: Member, last: bool) -> None:
        shape = self.source.shape(member.shape)
        if member.name.isidentifier() and not keyword.iskeyword(member.name):
            self.code.add("n", member.name).add("o", "=")
            self.value(shape)
        else:
            self.code.add("o", "**").add("p", "{").add("s1", _py_str(member.name)).add("p", ": ")
            self.value(shape)
            self.code.add("p", "}")
        if not last:
            self.code.add("p", ",")

    def value(self, shape: Shape) -> None:
        if shape.kind not in COMPOSITE:
            self._scalar(shape)
            return
        cut = self.cuts.cut(shape)
        if cut is not None:
            self._cut(shape, cut)
            return
        with self.cuts.inside(shape):
            if shape.kind == "list":
                self._list(shape)
            elif shape.kind == "map":
                self._map(shape)
            else:
                self._structure(shape)

    def _scalar(self, shape: Shape) -> None:
        if shape.kind == "enum":
            self.code.add("s1", "|".join(_py_str(value) for value in shape.enum))
        elif shape.kind == "blob" and shape.streaming:
            self.code.add("n", "StreamingBody()" if self.response else "b'bytes'|file")
        else:
            self.code.add(*PY_SCALARS.get(shape.kind, PY_SCALARS["document"]))

    def _cut(self, shape: Shape, cut: str) -> None:
        opener, closer = ("[", "]") if shape.kind == "list" else ("{", "}")
        filler = "'... recursive ...'" if cut == "recursive" else "..."
        self.code.add("p", opener).add("s1" if cut == "recursive" else "p", filler).add("p", closer)
        word = "recursive: see" if cut == "recursive" else "see"
        self.code.comment(f"{word} {shape.name}", self.cuts.link(shape))

    def _list(self, shape: Shape) -> None:
        code = self.code.add("p", "[").indent()
        if shape.item is not None:
            code.newline()
            self.value(self.source.shape(shape.item.shape))
            code.add("p", ",")
        code.dedent().newline().add("p", "]")

    def _map(self, shape: Shape) -> None:
        code = self.code.add("p", "{").indent().newline()
        if shape.key is not None and shape.value is not None:
            self._scalar(self.source.shape(shape.key.shape))
            code.add("p", ": ")
            self.value(self.source.shape(shape.value.shape))
        code.dedent().newline().add("p", "}")

    def _structure(self, shape: Shape) -> None:
        members = _variant_members(self.source, shape) if shape.catalog else shape.members
        code = self.code.add("p", "{")
        if shape.catalog:
            code.comment(f"one of {len(shape.members)} event types, each with its own members")
        if not members:
            code.add("p", "}")
            return
        code.indent()
        _separated(code, members, self._entry)
        code.dedent().newline().add("p", "}")

    def _entry(self, member: Member, last: bool) -> None:
        self.code.add("s1", _py_str(member.name)).add("p", ": ")
        shape = self.source.shape(member.shape)
        if self.response and shape.kind == "blob" and member.streaming:
            self.code.add("n", "StreamingBody()")
        elif self.response and shape.eventstream:
            # boto3 writes an event stream as the call that makes it, around one event's layout.
            self.code.add("n", "EventStream").add("p", "(")
            self.value(shape)
            self.code.add("p", ")")
        else:
            self.value(shape)
        if not last:
            self.code.add("p", ",")


def _py_str(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


# --- Command line (JSON and shorthand) -----------------------------------------------------


class JsonSyntax:
    """The AWS CLI's JSON syntax: placeholders instead of values, ``...`` for more items."""

    def __init__(self, source: ShapeSource, anchors: dict[str, str]):
        self.source = source
        self.code = Code("  ")
        self.cuts = Cuts(source, anchors, self.code)

    def block(self, shape: Shape) -> Code:
        self.value(shape)
        return self.code

    def value(self, shape: Shape) -> None:
        if shape.kind not in COMPOSITE:
            self.code.add(*_json_scalar(shape))
            return
        cut = self.cuts.cut(shape)
        if cut is not None:
            text = "recursive:" if cut == "recursive" else "see"
            self.code.add("p", "{ ... ").add("c1", f"{text} {shape.name}", self.cuts.link(shape)).add(
                "p", " ... }"
            )
            return
        with self.cuts.inside(shape):
            if shape.kind == "list":
                self._list(shape)
            elif shape.kind == "map":
                self._map(shape)
            else:
                self._structure(shape)

    def _list(self, shape: Shape) -> None:
        code = self.code.add("p", "[")
        if shape.item is None:
            code.add("p", "]")
            return
        item = self.source.shape(shape.item.shape)
        if item.kind not in COMPOSITE:
            code.add(*_json_scalar(item)).add("p", ", ...]")
            return
        code.indent().newline()
        self.value(item)
        code.newline().add("p", "...").dedent().newline().add("p", "]")

    def _map(self, shape: Shape) -> None:
        code = self.code.add("p", "{").indent()
        if shape.key is not None and shape.value is not None:
            code.add(*_json_scalar(self.source.shape(shape.key.shape))).add("p", ": ")
            self.value(self.source.shape(shape.value.shape))
        code.newline().add("p", "...").dedent().add("p", "}")

    def _structure(self, shape: Shape) -> None:
        members = _variant_members(self.source, shape) if shape.catalog else shape.members
        code = self.code.add("p", "{")
        if not members:
            code.add("p", "}")
            return
        code.indent()

        def entry(member: Member, last: bool) -> None:
            code.add("nt", json.dumps(member.name)).add("p", ": ")
            self.value(self.source.shape(member.shape))
            if not last:
                code.add("p", ",")

        _separated(code, members, entry)
        code.dedent().newline().add("p", "}")


def _json_scalar(shape: Shape) -> tuple[str, str]:
    if shape.kind == "enum":
        return "s2", "|".join(json.dumps(value) for value in shape.enum)
    return JSON_SCALARS.get(shape.kind, ("n", shape.kind))


class TooComplex(Exception):
    """The AWS CLI offers no shorthand for values nested this deeply."""


SHORTHAND_DEPTH = 3


class Shorthand:
    """The AWS CLI's shorthand syntax (``key=value,key=value``), or ``None`` where it has none."""

    def __init__(self, source: ShapeSource):
        self.source = source

    def example(self, shape: Shape) -> tuple[str, str] | None:
        """``(label, text)`` for an option of this shape."""
        try:
            if shape.kind == "list" and shape.item is not None:
                item = self.source.shape(shape.item.shape)
                if item.kind not in COMPOSITE:
                    return (
                        "Syntax",
                        f"{_shorthand_scalar(item, quoted=True)} {_shorthand_scalar(item, quoted=True)} ...",
                    )
                return "Shorthand Syntax", self._docs(item, []) + " ..."
            if shape.kind in ("structure", "union", "map") and not shape.catalog:
                return "Shorthand Syntax", self._docs(shape, [])
        except TooComplex:
            return None
        return None

    def _docs(self, shape: Shape, stack: list[str]) -> str:
        if len(stack) > SHORTHAND_DEPTH or shape.catalog:
            raise TooComplex
        if shape.kind in STRUCTURED:
            return self._structure(shape, stack)
        if shape.kind == "list" and shape.item is not None:
            return self._list(shape, stack)
        if shape.kind == "map" and shape.value is not None:
            return self._map(shape, stack)
        if shape.kind == "document":
            raise TooComplex
        return _shorthand_scalar(shape)

    def _list(self, shape: Shape, stack: list[str]) -> str:
        item = self.source.shape(shape.item.shape) if shape.item else shape
        stack.append(item.name)
        try:
            element = self._docs(item, stack)
        finally:
            stack.pop()
        if item.kind in COMPOSITE or len(stack) > 1:
            return f"[{element},{element}]"
        return f"{element},{element}"

    def _map(self, shape: Shape, stack: list[str]) -> str:
        # The value counts as a level, as in awscli's ParamShorthandDocGen: a list inside keeps its brackets.
        value = "string"
        if shape.value is not None:
            value_shape = self.source.shape(shape.value.shape)
            stack.append(value_shape.name)
            try:
                value = self._docs(value_shape, stack)
            finally:
                stack.pop()
        text = f"KeyName1={value},KeyName2={value}"
        key = self.source.shape(shape.key.shape) if shape.key else None
        if key is not None and key.enum and not stack:
            text += "\n\nWhere valid key names are:\n" + "".join(f"  {name}\n" for name in key.enum)
        return "{" + text + "}" if stack else text

    def _structure(self, shape: Shape, stack: list[str]) -> str:
        parts = []
        for member in shape.members:
            member_shape = self.source.shape(member.shape)
            if member_shape.kind == "document":
                continue
            if member_shape.name in stack:
                parts.append(f"{member.name}=( ... recursive ... )")
                continue
            stack.append(member_shape.name)
            try:
                parts.append(f"{member.name}={self._docs(member_shape, stack)}")
            finally:
                stack.pop()
        inner = ",".join(parts)
        return "{" + inner + "}" if stack else inner


def _shorthand_scalar(shape: Shape, quoted: bool = False) -> str:
    name = "string" if shape.kind == "enum" else shape.kind
    return f'"{name}"' if quoted and name == "string" else name


# --- JavaScript -----------------------------------------------------------------------


class JsSyntax:
    """An object literal in the AWS SDK for JavaScript's style, with ``// required`` marks."""

    def __init__(self, source: ShapeSource, anchors: dict[str, str]):
        self.source = source
        self.code = Code("  ")
        self.cuts = Cuts(source, anchors, self.code)

    def value(self, shape: Shape, default: str | None = None) -> None:
        if shape.kind not in COMPOSITE:
            self._scalar(shape, default)
            return
        cut = self.cuts.cut(shape)
        if cut is not None:
            word = "recursive:" if cut == "recursive" else "see"
            self.code.add("p", "[" if shape.kind == "list" else "{").add("c1", f"/* {word} ")
            self.code.add("c1", shape.name, self.cuts.link(shape)).add("c1", " */")
            self.code.add("p", "]" if shape.kind == "list" else "}")
            return
        with self.cuts.inside(shape):
            if shape.kind == "list":
                self._list(shape)
            elif shape.kind == "map":
                self._map(shape)
            else:
                self._structure(shape)

    def _scalar(self, shape: Shape, default: str | None) -> None:
        if default is not None:
            self.code.add("kc" if default in ("true", "false", "null") else "s2", default)
        elif shape.label:
            self.code.add("kc", "undefined").add("c1", f" /* {shape.label} */")
        elif shape.kind == "enum":
            self.code.add("s2", " || ".join(json.dumps(value) for value in shape.enum))
        else:
            self.code.add(*JS_SCALARS.get(shape.kind, JS_SCALARS["document"]))

    def _list(self, shape: Shape) -> None:
        code = self.code.add("p", "[").comment(shape.name, marker="//").indent()
        if shape.item is not None:
            code.newline()
            self.value(self.source.shape(shape.item.shape))
            code.add("p", ",")
        code.dedent().newline().add("p", "]")

    def _map(self, shape: Shape) -> None:
        code = self.code.add("p", "{").comment(shape.name, marker="//").indent().newline()
        code.add("s2", '"<keys>"').add("p", ": ")
        if shape.value is not None:
            self.value(self.source.shape(shape.value.shape))
        code.add("p", ",").dedent().newline().add("p", "}")

    def _structure(self, shape: Shape) -> None:
        members = _variant_members(self.source, shape) if shape.catalog else shape.members
        note = f"one of {len(shape.members)} event types" if shape.catalog else shape.name
        code = self.code.add("p", "{").comment(note, marker="//")
        if shape.kind == "union" and not shape.catalog:
            code.comment("set exactly one of these keys")
        code.indent()
        for member in members:
            code.newline()
            self.member(member)
        code.dedent().newline().add("p", "}")

    def member(self, member: Member) -> None:
        key = member.name if member.name.isidentifier() else json.dumps(member.name)
        first_line = self.code.line_count - 1
        self.code.add("nx", key).add("p", ": ")
        self.value(self.source.shape(member.shape), member.default)
        self.code.add("p", ",")
        if member.required:
            self.code.comment("required", marker="//", line=first_line)
