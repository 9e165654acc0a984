"""The JSON service-model format of the AWS SDKs (``metadata``, ``operations``, ``shapes``), read as it is.

The same conversion serves a ``.json``/``.json.gz`` file under ``specs/`` and
a service taken from botocore's data. JSON has no positions once parsed, so
errors find their line by searching the text (only when there is an error).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..engine.errors import Pos, Report, did_you_mean
from ..engine.sources import SourceError, decode_text
from .model import Deprecation, Doc, Member, Naming, Operation, Service, Shape
from .naming import python_class
from .sdkrules import CLI_SERVICE_NAMES

JSON_SUFFIXES = (".json.gz", ".json")
# Real service models reach about 10 MB (EC2); anything far larger is a mistake.
MAX_JSON_BYTES = 64 * 1024 * 1024
AWS_TYPES = ("structure", "list", "map", "string", "integer", "long", "float", "double", "boolean")
AWS_TYPES += ("timestamp", "blob")

Locate = Callable[..., Pos | None]


def namespace_of(path: Path) -> str:
    """``personalize-events.json.gz`` → ``personalize-events``."""
    name = path.name
    for suffix in JSON_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def read_json(path: Path, report: Report) -> tuple[Any, str] | None:
    """The parsed document and its text, or ``None`` after reporting why it cannot be read."""
    try:
        data = _read_bytes(path)
        text = decode_text(data)
    except SourceError as exc:
        report.error(exc.pos, exc.message)
        return None
    try:
        return json.loads(text), text
    except json.JSONDecodeError as exc:
        report.error(Pos(exc.lineno, exc.colno), f"JSON syntax: {exc.msg}")
        return None
    except RecursionError:
        report.error(Pos(1, 1), "JSON is nested too deeply to read")
        return None
    except ValueError:  # Python will not make an int of more than 4,300 digits
        digits = re.search(r"\d{4301,}", text)
        at = digits.start() if digits else 0
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        report.error(Pos(line, col), "JSON: an integer of more than 4,300 digits is refused")
        return None


def _read_bytes(path: Path) -> bytes:
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                data = stream.read(MAX_JSON_BYTES + 1)
        else:
            data = path.read_bytes()
    except OSError as exc:
        raise SourceError(None, f"cannot read file: {exc.strerror or exc}") from None
    except (gzip.BadGzipFile, EOFError) as exc:
        raise SourceError(Pos(1, 1), f"not a readable gzip file ({exc})") from None
    if len(data) > MAX_JSON_BYTES:
        raise SourceError(Pos(1, 1), f"service model is over {MAX_JSON_BYTES // 2**20} MiB")
    return data


def text_locator(text: str) -> Locate:
    """Find ``"key"`` after ``"key"`` in the text: the line of a nested key, good enough for errors."""

    def locate(*keys: str) -> Pos | None:
        offset, found = 0, None
        for key in keys:
            match = re.compile(re.escape(json.dumps(key)) + r"\s*:?").search(text, offset)
            if match is None:
                break
            offset, found = match.end(), match.start()
        if found is None:
            return None
        line = text.count("\n", 0, found) + 1
        return Pos(line, found - (text.rfind("\n", 0, found) + 1) + 1)

    return locate


def service_from_json(
    name: str, data: Any, report: Report, locate: Locate, origin: str = "json"
) -> Service | None:
    """Validate one service model and wrap it; every problem goes to ``report``.

    Operations are converted now (the plan lists them); shapes when a page
    first needs them, so that the whole of botocore loads in seconds and
    worker processes share the conversion work.
    """
    parts = _top_level(data, report, locate)
    if parts is None:
        return None
    metadata, raw_ops, raw_shapes = parts
    for shape_name, raw in raw_shapes.items():
        _check_shape(shape_name, raw, raw_shapes, report, locate)
    operations = tuple(
        op
        for op_name, raw in raw_ops.items()
        if (op := _operation(op_name, raw, raw_shapes, report, locate)) is not None
    )
    _check_operations(raw_shapes, operations, report, locate)
    if report.has_errors:
        return None
    return Service(
        name=name,
        title=_text(metadata.get("serviceFullName")) or name,
        operations=operations,
        shapes=LazyShapes(raw_shapes),
        naming=_naming(name, metadata),
        doc=_doc(data.get("documentation")),
        api_version=_text(metadata.get("apiVersion")),
        source=report.path,
        origin=origin,
        meta={
            "uid": _text(metadata.get("uid")),
            "protocol": _text(metadata.get("protocol")),
            # The name the navigation uses; the full name stays the page title.
            "short_title": _text(metadata.get("serviceAbbreviation") or metadata.get("serviceId")),
        },
    )


class LazyShapes(Mapping):
    """The shapes of a validated model, each converted on first use and kept."""

    def __init__(self, raw: dict[str, dict]):
        self._raw = raw
        self._done: dict[str, Shape] = {}

    def __getitem__(self, name: str) -> Shape:
        shape = self._done.get(name)
        if shape is None:
            shape = self._done[name] = _shape(sys.intern(name), self._raw[name])
        return shape

    def get(self, name: str, default: Any = None) -> Any:
        # Every entry of every page looks its shape up here: skip Mapping's try/except path.
        shape = self._done.get(name)
        if shape is None:
            return self[name] if name in self._raw else default
        return shape

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, name: object) -> bool:
        return name in self._raw


def _top_level(data: Any, report: Report, locate: Locate) -> tuple[dict, dict, dict] | None:
    if not isinstance(data, dict):
        report.error(Pos(1, 1), "a service model is a JSON object with 'metadata', 'operations' and 'shapes'")
        return None
    found = []
    for key in ("metadata", "operations", "shapes"):
        value = data.get(key)
        if not isinstance(value, dict):
            what = "is missing" if value is None else "must be an object"
            report.error(locate(key) or Pos(1, 1), f"the service model's '{key}' {what}")
        found.append(value)
    if report.has_errors:
        return None
    return found[0], found[1], found[2]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _doc(value: Any) -> Doc | None:
    return Doc(value, "html") if isinstance(value, str) and value.strip() else None


def _deprecation(raw: dict) -> Deprecation | None:
    if not raw.get("deprecated"):
        return None
    return Deprecation(_text(raw.get("deprecatedMessage")))


def _naming(name: str, metadata: dict) -> Naming:
    full = _text(metadata.get("serviceFullName")) or name
    service_id = _text(metadata.get("serviceId")) or full
    pascal = re.sub(r"\W+", "", service_id.title() if service_id.islower() else service_id)
    return Naming(
        python_class=python_class(_text(metadata.get("serviceAbbreviation")) or full),
        js_client=f"{pascal}Client",
        js_package=f"@aws-sdk/client-{name}",
        cli_command=f"aws {CLI_SERVICE_NAMES.get(name, name)}",
    )


def _kind(raw: dict) -> str:
    kind = raw["type"]
    if kind == "structure":
        if raw.get("document"):
            return "document"
        if raw.get("union"):
            return "union"
    if kind == "string" and raw.get("enum"):
        return "enum"
    return kind


def _check_shape(name: str, raw: Any, shapes: dict, report: Report, locate: Locate) -> None:
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        report.error(locate("shapes", name), f"shape '{name}' needs a 'type'")
        return
    kind = raw["type"]
    if kind not in AWS_TYPES:
        hint = did_you_mean(kind, AWS_TYPES)
        report.error(locate("shapes", name, "type"), f"shape '{name}' has unknown type '{kind}'{hint}")
    elif kind == "structure":
        _check_members(name, raw, shapes, report, locate)
    elif kind in ("list", "map"):
        for role in ("member",) if kind == "list" else ("key", "value"):
            _check_ref(name, role, raw.get(role), shapes, report, locate)


def _check_members(name: str, raw: dict, shapes: dict, report: Report, locate: Locate) -> None:
    members = raw.get("members", {})
    if not isinstance(members, dict):
        report.error(locate("shapes", name, "members"), f"'members' of shape '{name}' must be an object")
        return
    for member_name, ref in members.items():
        _check_ref(name, member_name, ref, shapes, report, locate)
    for missing in sorted(set(raw.get("required", ())) - set(members)):
        report.error(
            locate("shapes", name, "required"), f"shape '{name}' requires '{missing}', which is not a member"
        )


def _check_ref(owner: str, role: str, ref: Any, shapes: dict, report: Report, locate: Locate) -> None:
    if not isinstance(ref, dict) or not isinstance(ref.get("shape"), str):
        report.error(locate("shapes", owner, role), f"'{owner}.{role}' needs a 'shape'")
    elif ref["shape"] not in shapes:
        hint = did_you_mean(ref["shape"], shapes)
        report.error(
            locate("shapes", owner, role),
            f"'{owner}.{role}' refers to unknown shape '{ref['shape']}'{hint}",
        )


def _shape(name: str, raw: dict) -> Shape:
    """Convert one checked shape."""
    kind = _kind(raw)
    return Shape(
        name=name,
        kind=kind,
        doc=_doc(raw.get("documentation")),
        members=_members(raw) if kind in ("structure", "union") else (),
        item=_ref("member", raw["member"]) if kind == "list" else None,
        key=_ref("key", raw["key"]) if kind == "map" else None,
        value=_ref("value", raw["value"]) if kind == "map" else None,
        enum=tuple(str(v) for v in raw.get("enum", ())) if kind == "enum" else (),
        min=_number(raw.get("min")),
        max=_number(raw.get("max")),
        pattern=raw.get("pattern") if isinstance(raw.get("pattern"), str) else None,
        sensitive=bool(raw.get("sensitive")),
        deprecated=_deprecation(raw),
        exception=bool(raw.get("exception")),
        streaming=bool(raw.get("streaming")),
        eventstream=bool(raw.get("eventstream")),
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _members(raw: dict) -> tuple[Member, ...]:
    required = raw.get("required", ())
    return tuple(
        Member(
            name=member_name,
            shape=sys.intern(ref["shape"]),
            doc=_doc(ref.get("documentation")),
            required=member_name in required,
            deprecated=_deprecation(ref) if "deprecated" in ref else None,
            idempotency_token=bool(ref.get("idempotencyToken")),
            streaming=bool(ref.get("streaming")),
        )
        for member_name, ref in raw.get("members", {}).items()
    )


def _ref(role: str, ref: dict) -> Member:
    return Member(role, sys.intern(ref["shape"]), _doc(ref.get("documentation")))


def _operation(name: str, raw: Any, shapes: dict, report: Report, locate: Locate) -> Operation | None:
    if not isinstance(raw, dict):
        report.error(locate("operations", name), f"operation '{name}' must be an object")
        return None
    errors = raw.get("errors", ())
    return Operation(
        name=name,
        doc=_doc(raw.get("documentation")),
        input=_io_shape(raw.get("input")),
        output=_io_shape(raw.get("output")),
        errors=tuple(e["shape"] for e in errors if isinstance(e, dict) and isinstance(e.get("shape"), str)),
        deprecated=_deprecation(raw),
        input_payload=_payload(shapes, raw.get("input")),
        output_payload=_payload(shapes, raw.get("output")),
    )


def _payload(shapes: dict, ref: Any) -> str | None:
    """The member named as the HTTP body, when the model names one that exists."""
    raw = shapes.get(_io_shape(ref) or "")
    if not isinstance(raw, dict):
        return None
    payload = raw.get("payload")
    members = raw.get("members")
    return payload if isinstance(payload, str) and isinstance(members, dict) and payload in members else None


def _io_shape(ref: Any) -> str | None:
    return ref["shape"] if isinstance(ref, dict) and isinstance(ref.get("shape"), str) else None


def _check_operations(
    shapes: dict[str, Any], operations: tuple[Operation, ...], report: Report, locate: Locate
) -> None:
    for op in operations:
        for role, ref in (("input", op.input), ("output", op.output), *(("errors", e) for e in op.errors)):
            if ref is not None and ref not in shapes:
                hint = did_you_mean(ref, shapes)
                report.error(
                    locate("operations", op.name, role),
                    f"operation '{op.name}' {role} refers to unknown shape '{ref}'{hint}",
                )
