"""Member trees as HTML: the nested entries of the command-line, Python and JavaScript views.

This is the one part of a reference page written in Python rather than in a
template. A page of the whole-botocore reference holds up to thousands of
entries, and Jinja spends most of its time per entry on macro calls and
escaping; building the same markup here made those pages about three times
faster to render (see bench/bench_botocore.py). The page templates still lay
out everything else and call these functions as globals (``ref_tree``,
``ref_body``, ``ref_rows``, ``ref_badges``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup

from .docs import doc_html
from .labels import type_label
from .tree import Node


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


_REQUIRED = {
    "python": ' <strong class="ref-required">[REQUIRED]</strong>',
    "cli": ' <strong class="ref-required">[required]</strong>',
    "js": ' <strong class="ref-required">[required]</strong>',
}
_SENSITIVE = (
    ' <span class="badge ref-sensitive" title="Sensitive: kept out of logs, shown masked">sensitive</span>'
)
_DEPRECATED = ' <span class="badge badge-deprecated">deprecated</span>'


def badges(node: Node, style: str) -> str:
    """The marks after an entry's type: required (as each SDK writes it), sensitive, deprecated."""
    out = _REQUIRED[style] if node.required else ""
    if node.sensitive:
        out += _SENSITIVE
    if node.deprecated:
        out += _DEPRECATED
    return out


def body(node: Node, style: str, side: str = "") -> str:
    """Documentation, constraints, the link that replaces a cut expansion, and the children."""
    own = _own_body(node)
    if not node.children or style == "js":
        return own
    children = tree(node.children, style, side)
    return f"{own}\n{children}" if own else children


def _own_body(node: Node) -> str:
    """``body`` without the children: the same in every view."""
    parts = []
    if node.doc is not None:
        parts.append(f'<div class="ref-doc">{doc_html(node.doc)}</div>')
    facts = _facts(node)
    if facts:
        parts.append('<ul class="ref-facts">' + "".join(f"<li>{fact}</li>" for fact in facts) + "</ul>")
    if node.link or node.recursive:
        parts.append(_cut(node))
    return "\n".join(parts)


_STREAM_LABELS = {
    ("python", "body", True): "StreamingBody",
    ("python", "body", False): "bytes or seekable file-like object",
    ("python", "events", True): "EventStream",
    ("python", "events", False): "EventStream",
    ("js", "body", True): "StreamingBlobPayloadOutputTypes",
    ("js", "body", False): "StreamingBlobPayloadInputTypes",
    ("js", "events", True): "AsyncIterable",
    ("js", "events", False): "AsyncIterable",
}
_STREAM_FACTS = {
    "body": "a stream: the body is read as it arrives rather than held in memory",
    "events": "an event stream: the events arrive one by one, each with exactly one of these members set",
}


def node_type(node: Node, style: str) -> str:
    """The entry's type as the view's SDK names it; streams have types of their own."""
    if node.stream:
        found = _STREAM_LABELS.get((style, node.stream, node.response))
        if found:
            return found
    return type_label(node.shape, style)


def _facts(node: Node) -> list[str]:
    facts: list[str] = list(node.facts)
    if node.stream:
        facts.append(_STREAM_FACTS[node.stream])
    if node.default is not None:
        facts.append(f"default: <code>{_text(node.default)}</code>")
    if node.idempotency_token:
        facts.append("filled in automatically when left out")
    if node.deprecated is not None and node.deprecated.message:
        facts.append(f"deprecated: {_text(node.deprecated.message)}")
    return facts


def _cut(node: Node) -> str:
    name = _text(node.shape.name)
    target = f'<a href="#{_attr(node.link)}">{name}</a>' if node.link else f"<code>{name}</code>"
    if node.recursive:
        return (
            f'<p class="ref-cut">Recursive: {target} contains itself; its members are documented above.</p>'
        )
    return f'<p class="ref-cut">Same structure as {target}, documented above on this page.</p>'


def signature(node: Node, style: str) -> str:
    """``name -> (type)`` on the command line, ``name (type) --`` in Python; marks follow."""
    label = _text(node_type(node, style))
    named = node.role in ("member", "variant")
    name = _text(node.name)
    if style == "cli":
        prefix = f"<code>{name}</code> -&gt; " if named else _ROLE_PREFIX.get(node.role, "")
        return f"{prefix}<i>({label})</i>{badges(node, style)}"
    prefix = f"<b>{name}</b> " if named else ""
    return f"{prefix}<i>({label})</i> --{badges(node, style)}"


_ROLE_PREFIX = {"key": "key -&gt; ", "value": "value -&gt; "}


def _id(node: Node) -> str:
    return f' id="{_attr(node.anchor)}"' if node.anchor else ""


# ``actionInteractions[].eventType`` -> ``actionInteractions.eventType``: the
# anchor a reader can guess and type, the same in every view.
_PATH_PARTS = (("[]", ""), ("{key}", ".key"), ("{}", ".value"), ("<", "."), (">", ""))
# Deeper entries get no path id: the ids of a deep chain grow with its depth,
# and a page of 300 nested structures would grow by megabytes.
MAX_ANCHOR_DEPTH = 8


def member_anchor(node: Node, side: str) -> str:
    """``request.actionInteractions.eventType``: the id of a member's entry, or "" for list items."""
    if not side or node.role == "item":
        return ""
    path = _dotted(node.path)
    return "" if path is None else f"{side}.{path}"


@lru_cache(maxsize=65536)
def _dotted(path: str) -> str | None:
    """The path as an anchor, or None past the depth limit; the same paths recur on both views' pages."""
    for old, new in _PATH_PARTS:
        path = path.replace(old, new)
    return None if path.count(".") >= MAX_ANCHOR_DEPTH else path


def _ids(node: Node, side: str) -> tuple[str, str]:
    """The member's path id for the entry, and the shape's anchor for its first line."""
    member = member_anchor(node, side)
    if not member:
        return _id(node), ""
    return f' id="{_attr(member)}"', _id(node)


def tree(nodes: tuple[Node, ...], style: str, side: str = "") -> str:
    """Nested lists; a list of members names its structure once, in ``data-shape``."""
    pieces = _tree_pieces(nodes, side)
    return "".join([piece if type(piece) is str else signature(piece, style) for piece in pieces])


# The command-line and Python pages of an operation show the same trees
# (contexts.operation_trees), and the two differ only in each entry's first
# line. So a tree's markup is made once, with its entries in the places of
# those lines, and each view fills them in. Keyed by the tuple's identity
# (kept alive by the entry, so the key cannot be reused) and by ``side``.
_PIECES: dict[tuple[int, str], tuple[tuple[Node, ...], list[str | Node]]] = {}
_PIECES_LIMIT = 4096


def _tree_pieces(nodes: tuple[Node, ...], side: str) -> list[str | Node]:
    key = (id(nodes), side)
    found = _PIECES.get(key)
    if found is not None and found[0] is nodes:
        return found[1]
    pieces: list[str | Node] = []
    _add_tree(nodes, side, pieces)
    if len(_PIECES) >= _PIECES_LIMIT:
        _PIECES.clear()
    _PIECES[key] = (nodes, pieces)
    return pieces


def _add_tree(nodes: tuple[Node, ...], side: str, pieces: list[str | Node]) -> None:
    owner = (
        f' data-shape="{_attr(nodes[0].owner)}"' if nodes and nodes[0].role in ("member", "variant") else ""
    )
    text = f'<ul class="ref-entries"{owner}>'
    for node in nodes:
        outer, inner = _ids(node, side)
        pieces.append(f"{text}<li{outer}><p{inner}>")
        pieces.append(node)
        own = _own_body(node)
        text = f"</p>{own}"
        if node.children:
            pieces.append(f"{text}\n" if own else text)
            _add_tree(node.children, side, pieces)
            text = ""
        text += "</li>"
    pieces.append(f"{text}</ul>")


def rows(nodes: Iterable[Node], side: str = "") -> str:
    """Table rows for the JavaScript view: every entry at every depth, indented by depth."""
    out: list[str] = []
    _rows(nodes, out, 1, side)
    return "\n".join(out)


_ROW_NAMES = {"item": "<i>item</i>", "key": "<i>key</i>", "value": "<i>value</i>"}


def _rows(nodes: Iterable[Node], out: list[str], depth: int, side: str) -> None:
    for node in nodes:
        name = _ROW_NAMES.get(node.role) or f"<code>{_text(node.name)}</code>"
        outer, inner = _ids(node, side)
        out.append(
            f'<tr class="d{min(depth, 9)}"{outer}><td{inner}>{name}{badges(node, "js")}</td>'
            f"<td>{_text(node_type(node, 'js'))}</td><td>{body(node, 'js', side)}</td></tr>"
        )
        _rows(node.children, out, depth + 1, side)


def register(env: object) -> None:
    """Template globals; ``env`` is the site's Jinja environment."""
    env.globals.update(  # type: ignore[attr-defined]
        ref_tree=lambda nodes, style, side="": Markup(tree(nodes, style, side)),
        ref_body=lambda node, style, side="": Markup(body(node, style, side)),
        ref_rows=lambda nodes, side="": Markup(rows(nodes, side)),
        ref_anchor=member_anchor,
        ref_badges=lambda node, style: Markup(badges(node, style)),
    )
    env.filters["node_type"] = node_type  # type: ignore[attr-defined]
