"""The member tree of one page: every member at every depth, with cycles cut.

Views show parameters as nested entries (``actionId -> (string)`` under the
list item under ``--action-interactions``). Walking a shape graph naively
never ends for recursive shapes and explodes for large ones (one QuickSight
input expands to 55,000 entries). So, per page:

- a shape already being expanded above (a cycle) becomes a link to it;
- a large structure already expanded elsewhere on the page becomes a link to
  that expansion, while small ones are repeated where they are used;
- the page has a size budget: once its entries reach it, further entries
  keep the first sentence of their documentation, and past a second mark
  only their name, type and required flag. Every member is still listed,
  and no page grows past what a browser handles well (1 MB).

The result is deterministic: it depends only on the model and the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from markupsafe import Markup

from .model import COMPOSITE, STRUCTURED, Deprecation, Doc, Member, Shape
from .naming import slug
from .resolve import ShapeSource

# A repeated structure of more entries than this is linked rather than repeated.
REPEAT_LIMIT = 8
# Past this many entries on a page, every repeated structure is linked.
SOFT_NODES = 1000
# Estimated bytes of entries on a page before documentation is cut to its
# first sentence, and before it is left out.
FULL_DOCS_BYTES = 260_000
SHORT_DOCS_BYTES = 380_000
ENTRY_BYTES = 80  # the markup of one entry, roughly


@dataclass(frozen=True, slots=True)
class Node:
    """One entry: a member, a list item, a map key or value, or a union variant."""

    name: str
    role: str  # "member", "item", "key", "value" or "variant"
    shape: Shape
    owner: str  # the shape this entry belongs to
    path: str  # ``actionInteractions[].actionId``
    required: bool = False
    doc: Doc | None = None
    detail: str = "full"  # "full", "short" (first sentence) or "bare" (no documentation or facts)
    deprecated: Deprecation | None = None
    default: str | None = None
    idempotency_token: bool = False
    children: tuple[Node, ...] = ()
    anchor: str = ""  # id of this expansion of a composite shape
    link: str = ""  # id of an expansion shown instead of this one
    recursive: bool = False
    facts: tuple[Markup, ...] = ()
    stream: str = ""  # "body" for a stream of bytes, "events" for an event stream
    response: bool = False  # part of what the call returns

    @property
    def sensitive(self) -> bool:
        return self.shape.sensitive


_LEAF: tuple[tuple[Node, ...], str, str, bool] = ((), "", "", False)


class PageTrees:
    """Builds the trees of one page; anchors are unique within the page."""

    def __init__(self, source: ShapeSource, prefix: str = "shape"):
        self.source = source
        self.prefix = prefix
        self.anchors: dict[str, str] = {}
        self._ids: set[str] = set()
        self._stack: list[str] = []
        self.count = 0
        self.size = 0
        self._response = False

    @property
    def trimmed(self) -> bool:
        """Whether some entries lost documentation to the page's size budget."""
        return self.size > FULL_DOCS_BYTES

    def members(self, shape_name: str | None, response: bool = False) -> tuple[Node, ...]:
        """The top-level entries of an input or output structure (none for ``None``).

        Nothing in a ``response`` is marked required: the SDKs' references
        mark only what a caller must send.
        """
        if shape_name is None:
            return ()
        shape = self.source.shape(shape_name)
        self._anchor(shape.name)
        self._stack.append(shape.name)
        self._response = response
        try:
            return tuple(self._node(m, "member", shape, "") for m in shape.children())
        finally:
            self._stack.pop()
            self._response = False

    def _anchor(self, shape_name: str) -> str:
        if shape_name in self.anchors:
            return ""
        base = f"{self.prefix}-{slug(shape_name)}"
        anchor, n = base, 1
        while anchor in self._ids:
            n += 1
            anchor = f"{base}-{n}"
        self._ids.add(anchor)
        self.anchors[shape_name] = anchor
        return anchor

    def _node(self, member: Member, role: str, owner: Shape, path: str) -> Node:
        self.count += 1
        shape = self.source.shape(member.shape)
        doc, detail, facts = self._detail(member.doc or shape.doc, self.source.facts(shape))
        path = _path(path, member.name, role)
        expansion = self._expand(shape, path) if shape.kind in COMPOSITE else _LEAF
        return Node(
            member.name,
            role,
            shape,
            owner.name,
            path,
            member.required and not self._response,
            doc,
            detail,
            member.deprecated or shape.deprecated,
            member.default,
            member.idempotency_token,
            *expansion,
            facts,
            _stream(member, shape),
            self._response,
        )

    def _detail(
        self, doc: Doc | None, facts: tuple[Markup, ...]
    ) -> tuple[Doc | None, str, tuple[Markup, ...]]:
        """How much of an entry the page can still afford."""
        self.size += ENTRY_BYTES
        if self.size > SHORT_DOCS_BYTES:
            return None, "bare", ()
        if facts:
            self.size += sum(map(len, facts))
        if doc is None:
            return None, "full", facts
        if self.size + len(doc.text) <= FULL_DOCS_BYTES:
            self.size += len(doc.text)
            return doc, "full", facts
        short = Doc(doc.summary(), "text")
        self.size += len(short.text)
        return short, "short", facts

    def _expand(self, shape: Shape, path: str) -> tuple[tuple[Node, ...], str, str, bool]:
        """``(children, anchor, link, recursive)`` of a composite entry."""
        if shape.name in self._stack:
            return (), "", self.anchors.get(shape.name, ""), True
        if shape.name in self.anchors and self._repeat_is_linked(shape):
            return (), "", self.anchors[shape.name], False
        anchor = self._anchor(shape.name)
        self._stack.append(shape.name)
        try:
            children = tuple(self._children(shape, path))
        finally:
            self._stack.pop()
        return children, anchor, "", False

    def _repeat_is_linked(self, shape: Shape) -> bool:
        if shape.kind not in STRUCTURED:
            return False
        return self.count > SOFT_NODES or self.source.weight(shape.name, REPEAT_LIMIT) > REPEAT_LIMIT

    def _children(self, shape: Shape, path: str) -> Iterator[Node]:
        if shape.kind == "list" and shape.item is not None:
            yield self._node(shape.item, "item", shape, path)
        elif shape.kind == "map" and shape.key is not None and shape.value is not None:
            yield self._node(shape.key, "key", shape, path)
            yield self._node(shape.value, "value", shape, path)
        else:
            role = "variant" if shape.catalog else "member"
            for member in shape.members:
                yield self._node(member, role, shape, path)


def _stream(member: Member, shape: Shape) -> str:
    """Whether the entry is a stream: the flag sits on the member in some models, on the shape in others."""
    if shape.kind == "blob" and (member.streaming or shape.streaming):
        return "body"
    return "events" if shape.eventstream else ""


def _path(prefix: str, name: str, role: str) -> str:
    if role == "item":
        return f"{prefix}[]"
    if role == "key":
        return f"{prefix}{{key}}"
    if role == "value":
        return f"{prefix}{{}}"
    if role == "variant":
        return f"{prefix}<{name}>"
    return f"{prefix}.{name}" if prefix else name
