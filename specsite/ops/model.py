"""The operation model: services, operations and shapes, read by every reference view.

One model for every input format (a team's YAML, an AWS JSON service model,
botocore's data). Shapes refer to each other by name, the way service models
do, so recursive shapes need no special representation: views cut cycles.
The model never holds HTML of its own making; documentation keeps the
format it was written in and views turn it into HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model.fields import Origin

KIND = "operations"

STRUCTURED = frozenset({"structure", "union"})
COMPOSITE = frozenset({"structure", "union", "list", "map"})
SHAPE_KINDS = (
    "structure",
    "union",
    "list",
    "map",
    "enum",
    "string",
    "integer",
    "long",
    "float",
    "double",
    "boolean",
    "timestamp",
    "blob",
    "document",
)
NUMBERS = frozenset({"integer", "long", "float", "double"})

_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")
_SENTENCE_RE = re.compile(r"(.+?[.!?])(?:\s|$)")
_MARKDOWN_RE = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True, slots=True)
class Doc:
    """Documentation as written: ``format`` is ``"markdown"`` (YAML specs) or ``"html"`` (service models)."""

    text: str
    format: str = "markdown"

    def plain(self) -> str:
        """The text without markup, on one line."""
        if self.format == "html":
            text = html.unescape(_TAG_RE.sub(" ", self.text))
        else:
            text = _MARKDOWN_RE.sub(lambda m: m.group(1) or "", self.text)
        return _SPACE_RE.sub(" ", text).strip()

    def summary(self, limit: int = 240) -> str:
        """The first sentence, for indexes and shortened entries."""
        return _summary(self.text, self.format, limit)


# An operation's summary is its pages' description, and a shortened entry's
# text: the same documentation is summarised on many pages.
@lru_cache(maxsize=16384)
def _summary(text: str, format: str, limit: int) -> str:
    plain = Doc(text, format).plain()
    found = _SENTENCE_RE.match(plain)
    first = found.group(1) if found else plain
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Deprecation:
    message: str = ""


@dataclass(frozen=True, slots=True)
class Member:
    """A named slot in a structure (or the item of a list, the key or value of a map)."""

    name: str
    shape: str
    doc: Doc | None = None
    required: bool = False
    deprecated: Deprecation | None = None
    idempotency_token: bool = False
    default: str | None = None  # a literal as JSON text, when the spec gives one
    streaming: bool = False  # S3's models mark the member, not the shape, as a stream


@dataclass(frozen=True, slots=True)
class Shape:
    """A type. ``members`` for structures and unions, ``item`` for lists, ``key``/``value`` for maps.

    ``min``/``max`` bound the length of strings and blobs, the number of items
    of lists and maps, and the value of numbers. ``catalog`` makes the shape
    the union of an event catalog's types; ``props`` makes it the structure of
    a property group (``(namespace, group)``). ``label`` names a type the
    model has no kind for (a JavaScript ``function``), shown instead of the kind.
    """

    name: str
    kind: str
    doc: Doc | None = None
    members: tuple[Member, ...] = ()
    item: Member | None = None
    key: Member | None = None
    value: Member | None = None
    enum: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    sensitive: bool = False
    deprecated: Deprecation | None = None
    exception: bool = False
    streaming: bool = False
    eventstream: bool = False  # a union of events the service sends (or takes) one by one
    catalog: str | None = None
    props: tuple[str, str] | None = None
    label: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)

    def children(self) -> tuple[Member, ...]:
        """The members, the list item, or the map key and value, in that order."""
        if self.kind in STRUCTURED:
            return self.members
        if self.kind == "list" and self.item is not None:
            return (self.item,)
        if self.kind == "map" and self.key is not None and self.value is not None:
            return (self.key, self.value)
        return ()


@dataclass(frozen=True, slots=True)
class Example:
    title: str
    code: str
    language: str = ""
    doc: Doc | None = None


@dataclass(frozen=True, slots=True)
class Operation:
    """One call: its input structure's members are the parameters of every view."""

    name: str
    doc: Doc | None = None
    input: str | None = None
    output: str | None = None
    errors: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    deprecated: Deprecation | None = None
    summary_text: str | None = None
    returns: Doc | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)
    # The member that is the whole HTTP body (``payload`` in the model): a
    # stream or an event stream when its shape (or the member) says so.
    input_payload: str | None = None
    output_payload: str | None = None

    @property
    def summary(self) -> str:
        if self.summary_text:
            return self.summary_text
        return self.doc.summary() if self.doc else ""


@dataclass(frozen=True, slots=True)
class CallExample:
    """A worked call from a service's example file: parameters in, response out, in the model's names."""

    title: str
    description: str = ""
    input: Any = None
    output: Any = None
    comments: Mapping[str, Any] = field(default_factory=dict)  # per parameter, as the file gives them


@dataclass(frozen=True, slots=True)
class Paginator:
    """How an operation's results come in pages (``paginators-1.json``)."""

    operation: str
    input_tokens: tuple[str, ...]
    output_tokens: tuple[str, ...]
    limit_key: str | None = None
    result_keys: tuple[str, ...] = ()
    more_results: str | None = None


@dataclass(frozen=True, slots=True)
class Acceptor:
    state: str  # "success", "failure" or "retry"
    matcher: str  # "path", "pathAll", "pathAny", "status" or "error"
    expected: Any = None
    argument: str = ""


@dataclass(frozen=True, slots=True)
class Waiter:
    """Polling an operation until a state is reached (``waiters-2.json``)."""

    name: str
    operation: str
    delay: int
    max_attempts: int
    acceptors: tuple[Acceptor, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Naming:
    """How the service is called in each SDK; derived from the model unless a spec says otherwise."""

    python_class: str
    js_client: str
    js_package: str = ""
    cli_command: str = ""
    js_call: str = ""  # call prefix for positional SDKs (``client.api``); empty for command objects
    python_client: str = "client"


@dataclass(frozen=True, eq=False)
class Service:
    """A namespace of operations. Compared by identity: two loads are two services."""

    name: str
    title: str
    operations: tuple[Operation, ...]
    shapes: Mapping[str, Shape]
    naming: Naming
    doc: Doc | None = None
    api_version: str = ""
    source: str | None = None  # the file it came from, as shown in errors
    origin: str = "yaml"  # "yaml", "json" or "botocore"
    kind: str = KIND
    meta: Mapping[str, Any] = field(default_factory=dict)
    # From the files that ship beside a service model (botocore's data).
    paginators: Mapping[str, Paginator] = field(default_factory=dict)  # by operation
    waiters: tuple[Waiter, ...] = ()
    call_examples: Mapping[str, tuple[CallExample, ...]] = field(default_factory=dict)  # by operation

    def shape(self, name: str) -> Shape:
        return self.shapes[name]

    def operation(self, name: str) -> Operation:
        for operation in self.operations:
            if operation.name == name:
                return operation
        raise LookupError(f"unknown operation '{name}' in '{self.name}'")
