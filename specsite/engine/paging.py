"""Eleventy's ``pagination:`` front matter: what it says, and the pages it cuts a list into.

Reading checks the settings at their lines; ``chunks`` cuts a resolved list;
``Pagination`` is the ``pagination`` value a page's templates see. Where the
list comes from is the plan's business (``expand.pagination_source``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model.fields import Fields
from .errors import Pos, Report
from .jsarray import JsArray
from .yamlsrc import YMap, type_name

PAGING_FIELDS = (
    "data",
    "size",
    "alias",
    "reverse",
    "filter",
    "resolve",
    "addAllPagesToCollections",
    "generatePageOnEmptyData",
)


@dataclass(frozen=True)
class Paging:
    """``pagination:`` as written in a page's front matter."""

    data: str
    size: int = 1
    alias: str | None = None
    reverse: bool = False
    exclude: tuple[Any, ...] = ()
    values: bool = False  # ``resolve: values`` pages over a mapping's values, not its keys
    all_in_collections: bool = False
    on_empty: bool = False
    data_pos: Pos = field(default=Pos(0), compare=False)


def read_paging(meta: YMap, report: Report) -> Paging | None:
    """The page's ``pagination:`` setting, or None; mistakes are reported at their line."""
    if "pagination" not in meta:
        return None
    node = meta["pagination"]
    if not isinstance(node, YMap):
        report.error(meta.pos_of("pagination"), f"'pagination' must be a mapping, not {type_name(node)}")
        return None
    fields = Fields(node, report, "pagination", PAGING_FIELDS)
    data = fields.text("data", required=True)
    size = fields.raw("size")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
        report.error(fields.pos("size"), "'size' must be a whole number of items, 1 or more")
        size = None
    resolve = fields.text("resolve")
    if resolve not in (None, "keys", "values"):
        report.error(fields.pos("resolve"), "'resolve' must be keys or values")
    exclude = fields.raw("filter")
    if data is None:
        return None
    return Paging(
        data=data,
        size=size or 1,
        alias=fields.text("alias"),
        reverse=fields.boolean("reverse", False),
        exclude=tuple(exclude) if isinstance(exclude, list) else (() if exclude is None else (exclude,)),
        values=resolve == "values",
        all_in_collections=fields.boolean("addAllPagesToCollections", False),
        on_empty=fields.boolean("generatePageOnEmptyData", False),
        data_pos=fields.pos("data"),
    )


def chunks(paging: Paging, data: Any) -> list[JsArray] | str:
    """The items of each page, in order; a message when ``data`` cannot be paged."""
    if isinstance(data, Mapping):
        items = list(data.values()) if paging.values else list(data.keys())
    elif isinstance(data, list | tuple):
        items = list(data)
    else:
        return f"is {type_name(data)}, not a list or a mapping"
    items = [item for item in items if not _excluded(item, paging.exclude)]
    if paging.reverse:
        items.reverse()
    cut = [JsArray(items[start : start + paging.size]) for start in range(0, len(items), paging.size)]
    if not cut and paging.on_empty:
        cut = [JsArray()]
    return cut


def _excluded(item: Any, exclude: tuple[Any, ...]) -> bool:
    try:
        return item in exclude
    except TypeError:  # an unhashable or incomparable item is never filtered out
        return False


@dataclass(frozen=True)
class Pagination:
    """``pagination`` in a paginated page's templates, with Eleventy's names."""

    items: JsArray
    pageNumber: int
    size: int
    alias: str | None
    hrefs: JsArray = field(default_factory=JsArray)
    pages: JsArray = field(default_factory=JsArray)
    data: str = ""

    @property
    def href(self) -> dict[str, str | None]:
        """``pagination.href.next`` and friends: None where there is no such page."""
        return _neighbours(self.hrefs, self.pageNumber)

    @property
    def page(self) -> dict[str, Any]:
        return _neighbours(self.pages, self.pageNumber)

    # Eleventy 0.x names, still documented and used by older layouts.
    @property
    def previousPageHref(self) -> str | None:
        return self.href["previous"]

    @property
    def nextPageHref(self) -> str | None:
        return self.href["next"]

    @property
    def firstPageHref(self) -> str | None:
        return self.href["first"]

    @property
    def lastPageHref(self) -> str | None:
        return self.href["last"]

    def alias_value(self) -> Any:
        """What the alias names: the item itself when pages hold one item, else the page's items."""
        if self.size == 1:
            return self.items[0] if self.items else None
        return self.items


def _neighbours(values: JsArray, index: int) -> dict[str, Any]:
    if not values:
        return {"previous": None, "next": None, "first": None, "last": None}
    return {
        "previous": values[index - 1] if index > 0 else None,
        "next": values[index + 1] if index + 1 < len(values) else None,
        "first": values[0],
        "last": values[-1],
    }
