"""A team's own operations in YAML: ``service``, ``operations`` and ``shapes`` lists.

A namespace is operations when it has an ``operations`` part (a key of a
single file, or ``operations.yml`` in a namespace folder). Shapes are named
once under ``shapes`` and referred to by name; a member may also describe
its shape inline. Every problem is reported at its line, with a suggestion
for misspelt shape names and fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..engine.errors import Pos, Report, did_you_mean
from ..engine.yamlsrc import YMap, YStr, type_name
from ..model import Part
from ..model.fields import Fields, is_ident, items, mapping_items, origin
from .model import SHAPE_KINDS, Deprecation, Doc, Example, Member, Naming, Operation, Service, Shape
from .naming import python_class, snake

PARTS = ("service", "operations", "shapes")
SERVICE_FIELDS = ("title", "documentation", "version", "naming")
NAMING_FIELDS = ("js_call", "js_client", "js_package", "cli_command", "python_client", "python_class")
OPERATION_FIELDS = (
    "name",
    "summary",
    "documentation",
    "params",
    "returns",
    "errors",
    "examples",
    "deprecated",
)
RETURNS_FIELDS = ("shape", "type", "documentation", "member", "members", "key", "value", "enum")
EXAMPLE_FIELDS = ("title", "code", "language", "documentation")
SHAPE_FIELDS = (
    "type",
    "documentation",
    "members",
    "member",
    "key",
    "value",
    "enum",
    "min",
    "max",
    "pattern",
    "sensitive",
    "deprecated",
    "error",
    "catalog",
    "props",
)
MEMBER_FIELDS = ("shape", "required", "default", "idempotency_token", *SHAPE_FIELDS)
# Scalar kinds can be used by name wherever a shape is expected (``member: string``).
BUILTIN_SHAPES = {
    kind: Shape(kind, kind) for kind in SHAPE_KINDS if kind not in ("structure", "union", "list", "map")
}


class _Checked(Fields):
    """The same mapping read again as another kind of node; its keys were checked already."""

    def __init__(self, fields: Fields):
        self.node, self.report, self.what = fields.node, fields.report, fields.what


@dataclass(frozen=True)
class _Ref:
    """A shape name as written, checked once every shape is known."""

    name: str
    pos: Pos
    report: Report
    what: str


class _Reader:
    """Builds the shapes of one service; references are checked at the end."""

    def __init__(self) -> None:
        self.shapes: dict[str, Shape] = {}
        self.refs: list[_Ref] = []
        self.broken: set[str] = set()

    def ref(self, value: Any, report: Report, pos: Pos, what: str) -> str | None:
        if not isinstance(value, str) or not value:
            report.error(pos, f"{what} must be a shape name, not {type_name(value)}")
            return None
        self.refs.append(_Ref(str(value), getattr(value, "pos", pos), report, what))
        return str(value)

    def check_refs(self) -> None:
        known = {**BUILTIN_SHAPES, **self.shapes}
        for ref in self.refs:
            if ref.name not in known and ref.name not in self.broken:
                hint = did_you_mean(ref.name, known)
                ref.report.error(ref.pos, f"unknown shape '{ref.name}' in {ref.what}{hint}")

    def add(self, shape: Shape, report: Report, pos: Pos) -> None:
        if shape.name in self.shapes or shape.name in BUILTIN_SHAPES:
            report.error(pos, f"shape '{shape.name}' is defined twice")
            return
        self.shapes[shape.name] = shape


def build_yaml_service(name: str, parts: dict[str, Part], report: Report) -> Service | None:
    """The ``operations`` namespace builder registered with the spec loader."""
    for key, part in parts.items():
        if key not in PARTS:
            part.report.error(part.pos, f"unknown spec list '{key}'{did_you_mean(key, PARTS)}")
    reader = _Reader()
    if "shapes" in parts:
        _read_shapes(reader, parts["shapes"])
    operations = _read_operations(reader, parts["operations"])
    reader.check_refs()
    info = _read_service(parts.get("service"), name)
    return Service(
        name=name,
        title=info["title"],
        operations=tuple(operations),
        shapes={**BUILTIN_SHAPES, **reader.shapes},
        naming=info["naming"],
        doc=info["doc"],
        api_version=info["version"],
        source=parts["operations"].report.path,
        origin="yaml",
    )


def _doc(fields: Fields, key: str = "documentation") -> Doc | None:
    text = fields.text(key)
    return Doc(text, "markdown") if text and text.strip() else None


def _read_service(part: Part | None, name: str) -> dict[str, Any]:
    info: dict[str, Any] = {"title": name, "doc": None, "version": ""}
    naming: dict[str, str] = {}
    if part is not None:
        if not isinstance(part.data, YMap):
            part.report.error(part.pos, f"'service' must be a mapping, not {type_name(part.data)}")
        else:
            fields = Fields(part.data, part.report, "service", SERVICE_FIELDS)
            info.update(title=fields.text("title") or name, doc=_doc(fields))
            info["version"] = str(fields.raw("version") or "")
            naming = _read_naming(fields, part.report)
    pascal = "".join(word[:1].upper() + word[1:] for word in snake(name).split("_"))
    info["naming"] = Naming(
        python_class=naming.get("python_class") or python_class(pascal),
        js_client=naming.get("js_client") or f"{pascal}Client",
        js_package=naming.get("js_package", ""),
        cli_command=naming.get("cli_command") or name.replace("_", "-"),
        js_call=naming.get("js_call") or "client",
        python_client=naming.get("python_client") or "client",
    )
    return info


def _read_naming(fields: Fields, report: Report) -> dict[str, str]:
    node = fields.raw("naming")
    if node is None:
        return {}
    if not isinstance(node, YMap):
        report.error(fields.pos("naming"), f"'naming' must be a mapping, not {type_name(node)}")
        return {}
    naming = Fields(node, report, "naming", NAMING_FIELDS)
    return {key: value for key in NAMING_FIELDS if (value := naming.text(key))}


# --- shapes ---------------------------------------------------------------------------


def _read_shapes(reader: _Reader, part: Part) -> None:
    if not isinstance(part.data, YMap):
        part.report.error(part.pos, f"'shapes' must be a mapping of shape names, not {type_name(part.data)}")
        return
    for shape_name, node in part.data.items():
        pos = part.data.key_pos[shape_name]
        if not is_ident(shape_name):
            part.report.error(
                pos, f"shape name '{shape_name}' may use only letters, digits, '_', '.' and '-'"
            )
            continue
        if not isinstance(node, YMap):
            part.report.error(pos, f"shape '{shape_name}' must be a mapping, not {type_name(node)}")
            continue
        shape = _read_shape(reader, shape_name, Fields(node, part.report, "shape", SHAPE_FIELDS))
        if shape is not None:
            reader.add(shape, part.report, pos)
        else:
            # Already reported; references to it would only repeat the problem.
            reader.broken.add(shape_name)


def _read_shape(reader: _Reader, name: str, fields: Fields) -> Shape | None:
    kind = _kind(fields)
    if kind is None:
        return None
    report = fields.report
    if kind != "union" and fields.has("catalog"):
        report.error(fields.pos("catalog"), "'catalog' makes a union of event types: use it with type: union")
    if kind != "structure" and fields.has("props"):
        report.error(
            fields.pos("props"), "'props' takes a property group's members: use it with type: structure"
        )
    return Shape(
        name=name,
        kind=kind,
        doc=_doc(fields),
        members=_read_members(reader, name, fields, kind),
        item=_sub_member(reader, name, fields, "member") if kind == "list" else None,
        key=_sub_member(reader, name, fields, "key") if kind == "map" else None,
        value=_sub_member(reader, name, fields, "value") if kind == "map" else None,
        enum=_enum(fields, kind),
        min=_bound(fields, "min"),
        max=_bound(fields, "max"),
        pattern=fields.text("pattern"),
        sensitive=fields.boolean("sensitive"),
        deprecated=_deprecation(fields),
        exception=fields.boolean("error"),
        catalog=fields.ident("catalog") if kind == "union" else None,
        props=_props_ref(fields) if kind == "structure" else None,
        # Only references to other namespaces are checked after loading; point at them.
        origin=origin(report, fields.pos("catalog" if fields.has("catalog") else "props")),
    )


def _kind(fields: Fields) -> str | None:
    kind = fields.text("type", required=True)
    if kind is None:
        return None
    if kind == "string" and fields.has("enum"):
        return "enum"
    if kind not in SHAPE_KINDS:
        hint = did_you_mean(kind, SHAPE_KINDS)
        fields.report.error(fields.pos("type"), f"unknown shape type '{kind}'{hint}")
        return None
    return kind


def _enum(fields: Fields, kind: str) -> tuple[str, ...]:
    if not fields.has("enum"):
        if kind == "enum":
            fields.report.error(fields.node.pos, "an enum shape needs 'enum', the list of its values")
        return ()
    values = fields.raw("enum")
    if not isinstance(values, list) or not values:
        fields.report.error(fields.pos("enum"), "'enum' must be a non-empty list of values")
        return ()
    return tuple(str(value) for value in values)


def _bound(fields: Fields, key: str) -> float | None:
    value = fields.raw(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        fields.report.error(fields.pos(key), f"'{key}' must be a number, not {type_name(value)}")
        return None
    return value


def _deprecation(fields: Fields) -> Deprecation | None:
    value = fields.raw("deprecated")
    if value is None or value is False:
        return None
    if value is True:
        return Deprecation()
    if isinstance(value, str):
        return Deprecation(value)
    fields.report.error(fields.pos("deprecated"), "'deprecated' must be true or a message")
    return None


def _props_ref(fields: Fields) -> tuple[str, str] | None:
    value = fields.text("props")
    if value is None:
        return None
    namespace, _, group = value.partition("/")
    if not namespace or not group:
        fields.report.error(fields.pos("props"), f"'props' {value!r} must be 'namespace/group'")
        return None
    return namespace, group


def _read_members(reader: _Reader, owner: str, fields: Fields, kind: str) -> tuple[Member, ...]:
    if kind not in ("structure", "union"):
        if fields.has("members"):
            fields.report.error(fields.pos("members"), f"a {kind} shape has no 'members'")
        return ()
    node = fields.raw("members")
    if node is None:
        return ()
    if fields.has("props") or fields.has("catalog"):
        fields.report.error(
            fields.pos("members"), "a shape takes its members from 'members' or from its reference, not both"
        )
        return ()
    if not isinstance(node, YMap):
        fields.report.error(fields.pos("members"), f"'members' must be a mapping, not {type_name(node)}")
        return ()
    members = []
    for member_name, value in node.items():
        member = _member(reader, owner, str(member_name), value, fields.report, node.key_pos[member_name])
        if member is not None:
            if kind == "union" and member.required:
                fields.report.error(node.key_pos[member_name], "a union's members cannot be required")
            members.append(member)
    return tuple(members)


def _sub_member(reader: _Reader, owner: str, fields: Fields, key: str) -> Member | None:
    if not fields.has(key):
        fields.report.error(fields.node.pos, f"shape '{owner}' needs '{key}'")
        return None
    return _member(reader, owner, key, fields.raw(key), fields.report, fields.pos(key))


def _member(reader: _Reader, owner: str, name: str, value: Any, report: Report, pos: Pos) -> Member | None:
    """A member written as a shape name, or as a mapping with ``shape:`` or an inline shape."""
    if not is_ident(name):
        report.error(pos, f"member name '{name}' may use only letters, digits, '_', '.' and '-'")
        return None
    if isinstance(value, str):
        shape = reader.ref(value, report, pos, f"member '{owner}.{name}'")
        return Member(name, shape) if shape else None
    if not isinstance(value, YMap):
        report.error(pos, f"member '{name}' must be a shape name or a mapping, not {type_name(value)}")
        return None
    fields = Fields(value, report, "member", MEMBER_FIELDS)
    shape = _member_shape(reader, f"{owner}.{name}", fields)
    if shape is None:
        return None
    return Member(
        name=name,
        shape=shape,
        doc=_doc(fields),
        required=fields.boolean("required"),
        deprecated=_deprecation(fields),
        idempotency_token=fields.boolean("idempotency_token"),
        default=_default(fields),
    )


def _member_shape(reader: _Reader, inline_name: str, fields: Fields) -> str | None:
    if fields.has("shape"):
        if fields.has("type"):
            fields.report.error(
                fields.pos("type"), "a member has either 'shape' (a name) or 'type' (inline), not both"
            )
        return reader.ref(fields.raw("shape"), fields.report, fields.pos("shape"), f"member '{inline_name}'")
    if not fields.has("type"):
        fields.report.error(
            fields.node.pos, "a member needs 'shape' (a shape name) or 'type' (an inline shape)"
        )
        return None
    shape = _read_shape(reader, inline_name, _Checked(fields))
    if shape is None:
        return None
    reader.add(shape, fields.report, fields.node.pos)
    return shape.name


def _default(fields: Fields) -> str | None:
    if not fields.has("default"):
        return None
    value = fields.raw("default")
    if isinstance(value, dict | list):
        fields.report.error(fields.pos("default"), "'default' must be a single value, not a mapping or list")
        return None
    return json.dumps(value if not isinstance(value, YStr) else str(value))


# --- operations -----------------------------------------------------------------------


def _read_operations(reader: _Reader, part: Part) -> list[Operation]:
    if not isinstance(part.data, list):
        part.report.error(part.pos, f"'operations' must be a list, not {type_name(part.data)}")
        return []
    operations: list[Operation] = []
    seen: dict[str, Pos] = {}
    for node in mapping_items(part.data, part.report, "operation"):
        fields = Fields(node, part.report, "operation", OPERATION_FIELDS)
        name = fields.ident("name", required=True)
        if name is None:
            continue
        if name in seen:
            part.report.error(
                fields.pos("name"), f"duplicate operation '{name}' (first defined at line {seen[name].line})"
            )
            continue
        seen[name] = fields.pos("name")
        operations.append(_read_operation(reader, name, fields))
    return operations


def _read_operation(reader: _Reader, name: str, fields: Fields) -> Operation:
    input_shape = _params(reader, name, fields)
    output, returns = _returns(reader, name, fields)
    return Operation(
        name=name,
        doc=_doc(fields),
        input=input_shape,
        output=output,
        errors=tuple(_errors(reader, name, fields)),
        examples=tuple(_examples(fields)),
        deprecated=_deprecation(fields),
        summary_text=fields.text("summary"),
        returns=returns,
        origin=origin(fields.report, fields.node.pos),
    )


def _params(reader: _Reader, op: str, fields: Fields) -> str | None:
    """The parameters become the members of a structure named ``<operation>.params``."""
    node = fields.raw("params")
    if node is None:
        return None
    if not isinstance(node, YMap):
        fields.report.error(
            fields.pos("params"), f"'params' must be a mapping of parameters, not {type_name(node)}"
        )
        return None
    shape_name = f"{op}.params"
    members = []
    for param, value in node.items():
        member = _member(reader, shape_name, str(param), value, fields.report, node.key_pos[param])
        if member is not None:
            members.append(member)
    reader.add(Shape(shape_name, "structure", members=tuple(members)), fields.report, fields.pos("params"))
    return shape_name


def _returns(reader: _Reader, op: str, fields: Fields) -> tuple[str | None, Doc | None]:
    node = fields.raw("returns")
    if node is None:
        return None, None
    if isinstance(node, str):
        return reader.ref(node, fields.report, fields.pos("returns"), f"the returns of '{op}'"), None
    if not isinstance(node, YMap):
        fields.report.error(
            fields.pos("returns"), f"'returns' must be a shape name or a mapping, not {type_name(node)}"
        )
        return None, None
    returns = Fields(node, fields.report, "returns", RETURNS_FIELDS)
    doc = _doc(returns)
    if not returns.has("shape") and not returns.has("type"):
        return None, doc
    return _member_shape(reader, f"{op}.returns", returns), doc


def _errors(reader: _Reader, op: str, fields: Fields) -> list[str]:
    seq = fields.raw("errors")
    if seq is None:
        return []
    if not isinstance(seq, list):
        fields.report.error(
            fields.pos("errors"), f"'errors' must be a list of shape names, not {type_name(seq)}"
        )
        return []
    names = (reader.ref(value, fields.report, pos, f"the errors of '{op}'") for value, pos in items(seq))
    return [name for name in names if name]


def _examples(fields: Fields) -> list[Example]:
    seq = fields.raw("examples")
    if seq is None:
        return []
    if not isinstance(seq, list):
        fields.report.error(fields.pos("examples"), f"'examples' must be a list, not {type_name(seq)}")
        return []
    examples = []
    for node in mapping_items(seq, fields.report, "example"):
        example = Fields(node, fields.report, "example", EXAMPLE_FIELDS)
        title, code = example.text("title", required=True), example.text("code", required=True)
        if title is not None and code is not None:
            examples.append(Example(title, code.rstrip("\n"), example.text("language") or "", _doc(example)))
    return examples
