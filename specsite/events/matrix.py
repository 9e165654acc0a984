"""The type x property matrix, split into pages when one page would be too large.

A catalog of 30 types and 20 props is one matrix page. A catalog of 1,000
types and 5,000 props would be a single table of five million cells (over
100 MB of HTML), most of them empty. Past ``CELL_BUDGET`` cells the matrix
becomes an index page and one page per event group, each with only the props
that some type of the group takes; a group too large for one page is cut
into parts by rows. Each page then grows with its group, not with the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.jsarray import JsArray
from ..model.events import EventCatalog, EventGroup, EventProp

# About 120 bytes per marked cell: at most ~2 MB for a page of this many cells.
CELL_BUDGET = 15_000


@dataclass(frozen=True)
class MatrixPart:
    """One page of a split matrix: some event types of one group, and the props they take."""

    number: int  # 1-based, in the page's URL
    group: EventGroup  # the group's title, with only this part's event types
    props: JsArray
    part: int  # which part of its group (1-based)
    parts: int  # how many parts its group has

    @property
    def title(self) -> str:
        return self.group.title if self.parts == 1 else f"{self.group.title} ({self.part} of {self.parts})"

    @property
    def cells(self) -> int:
        return len(self.group.events) * len(self.props)


def is_split(catalog: EventCatalog) -> bool:
    """Whether the matrix is too large for one page."""
    return len(catalog.events) * len(catalog.props) > CELL_BUDGET


_PARTS: dict[int, tuple[EventCatalog, tuple[MatrixPart, ...]]] = {}


def matrix_parts(catalog: EventCatalog) -> tuple[MatrixPart, ...]:
    """The pages of a split matrix, in catalog order (empty when it is one page).

    Worked out once per catalog: the routes, the index and every part page ask.
    """
    found = _PARTS.get(id(catalog))
    if found is not None and found[0] is catalog:
        return found[1]
    parts: list[MatrixPart] = []
    if is_split(catalog):
        for group in catalog.groups:
            if not group.events:
                continue
            chunks = _chunks(catalog, group)
            for index, (events, props) in enumerate(chunks, 1):
                parts.append(
                    MatrixPart(len(parts) + 1, EventGroup(group.title, events), props, index, len(chunks))
                )
    if len(_PARTS) >= 8:
        # The dev server rebuilds the specs on every edit: keep only recent catalogs alive.
        _PARTS.clear()
    _PARTS[id(catalog)] = (catalog, tuple(parts))
    return tuple(parts)


def _chunks(catalog: EventCatalog, group: EventGroup) -> list[tuple[JsArray, JsArray]]:
    """The group's event types in runs that fit the budget, each with the props the run takes."""
    chunks: list[tuple[JsArray, JsArray]] = []
    events: list = []
    taken: set[str] = set()
    for event in group.events:
        own = {prop.name for prop in catalog.props_for(event.value)}
        grown = taken | own
        if events and (len(events) + 1) * len(grown) > CELL_BUDGET:
            chunks.append(_chunk(catalog, events, taken))
            events, grown = [], own
        events.append(event)
        taken = grown
    chunks.append(_chunk(catalog, events, taken))
    return chunks


def _chunk(catalog: EventCatalog, events: list, taken: set[str]) -> tuple[JsArray, JsArray]:
    props: list[EventProp] = [prop for prop in catalog.props if prop.name in taken]
    return JsArray(events), JsArray(props)
