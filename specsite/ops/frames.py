"""The furniture of reference pages (head, header, sidebar, footer), rendered once per service and view.

The operation pages of one service in one view differ only in what their
page template's own blocks print (the body and the "On this page" aside),
in their title and description, in the operations sidebar (which marks the
current page) and in their URL. Rendering the whole layout for each of
them was about a seventh of the whole-botocore build's CPU. So a group of
such pages renders the layout once, with a marker where each of those
values goes (a *frame*), and each page renders only its template's own
blocks and fills the frame in.

Templates stay the user's to override, so nothing here assumes what they
print: the first two pages of every group are also rendered whole and
compared with their filled-in frame, and a group whose frame gives
different bytes (a layout that reformats the title, prints something
per page that is not one of the markers, ...) renders every page whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..engine import deps

# A value no template prints by chance; a filter that changes it (``upper``,
# ``truncate``) makes the marker disappear, and the check below catches that.
_HOLE = "\x00specsite-frame-{}\x00"
_HOLE_RE = re.compile("\x00specsite-frame-([a-z_:]+)\x00")
# Pages of a group rendered whole and compared before its frame is trusted:
# the first one, and one at another URL.
CHECKED_PAGES = 2


def hole(name: str) -> str:
    return _HOLE.format(name)


@dataclass(frozen=True)
class Frame:
    """A rendered layout cut at its markers: ``texts[0] hole[0] texts[1] … texts[-1]``."""

    texts: tuple[str, ...]
    holes: tuple[str, ...]  # "title", "description", "sidebar", "url" or "block:NAME"
    deps: frozenset[tuple[str, str]]

    @property
    def blocks(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(h[6:] for h in self.holes if h.startswith("block:")))

    def fill(self, values: Mapping[str, str]) -> str:
        out = [self.texts[0]]
        for name, text in zip(self.holes, self.texts[1:], strict=True):
            out.append(values[name])
            out.append(text)
        return "".join(out)


def cut(rendered: str, url: str, found: frozenset[tuple[str, str]]) -> Frame | None:
    """The frame of a layout rendered with markers; ``url`` (the page's) is a hole wherever it is printed."""
    pieces = _HOLE_RE.split(rendered)
    texts, holes = [], []
    for index, piece in enumerate(pieces):
        if index % 2:
            holes.append(piece)
            continue
        parts = piece.split(url)
        texts.append(parts[0])
        for part in parts[1:]:
            holes.append("url")
            texts.append(part)
    if not any(name.startswith("block:") for name in holes):
        return None
    return Frame(tuple(texts), tuple(holes), found)


@dataclass
class _Group:
    frame: Frame | None
    checked: set[str] = field(default_factory=set)  # URLs whose whole rendering matched the frame


@dataclass
class Frames:
    """The frames of one build (kept with its Jinja environment), by group; ``None`` for a group
    that renders whole."""

    groups: dict[object, _Group] = field(default_factory=dict)

    def render(
        self,
        key: object,
        url: str,
        whole: Callable[[], str],
        frame_of: Callable[[], Frame | None],
        blocks: Callable[[tuple[str, ...]], dict[str, str]],
        values: Mapping[str, str],
    ) -> str:
        """The page: from its group's frame once that is trusted, else ``whole()`` (checked against it)."""
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = _Group(_made(frame_of))
        frame = group.frame
        if frame is None:
            return whole()
        try:
            filled = frame.fill({**values, **_block_values(blocks(frame.blocks))})
        except Exception:
            # A block that needs what its layout sets up: rendered whole, any mistake is reported from there.
            group.frame = None
            return whole()
        if len(group.checked) >= CHECKED_PAGES:
            for dep in frame.deps:
                deps.record(*dep)
            return filled
        page = whole()
        if page == filled and url not in group.checked:
            group.checked.add(url)
        elif page != filled:
            group.frame = None
        return page


def _made(frame_of: Callable[[], Frame | None]) -> Frame | None:
    """The frame with what rendering it read; ``None`` when it cannot be made.

    The frame is rendered with markers for values, which a template may not
    accept where it accepts the real ones; the pages then render whole, and
    report their own mistakes.
    """
    try:
        with deps.recording() as found:
            frame = frame_of()
    except Exception:
        return None
    return None if frame is None else Frame(frame.texts, frame.holes, frozenset(found))


def _block_values(rendered: dict[str, str]) -> dict[str, str]:
    return {f"block:{name}": text for name, text in rendered.items()}


def escaped(value: str) -> str:
    """A value as Jinja's autoescape prints it."""
    return str(escape(value))


def derived_source(template: str, block_names: tuple[str, ...]) -> str:
    """A template that extends ``template`` with a marker in place of each of its own blocks."""
    overrides = "".join(
        f"{{% block {name} %}}{hole('block:' + name)}{{% endblock %}}" for name in block_names
    )
    return f'{{% extends "{template}" %}}{overrides}'


def sentinel_markup(name: str) -> Markup:
    return Markup(hole(name))


def render_blocks(template: Any, context: dict[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    """The page template's own blocks, each rendered alone in the page's context."""
    ctx = template.new_context(context)
    return {name: "".join(template.blocks[name](ctx)) for name in names}
