"""``collections``: Eleventy's lists of pages by tag, known in the plan stage.

``collections.all`` lists every page, ``collections.<tag>`` the pages whose
``tags:`` (front matter, directory or template data) name the tag; both sorted as Eleventy sorts them (by
date, then by input path). Each item carries Eleventy's fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import deps
from .jsarray import JsArray
from .pages import Page


@dataclass(frozen=True)
class CollectionItem:
    """One page in a collection, with the names Eleventy gives it."""

    url: str | bool
    fileSlug: str
    filePathStem: str
    inputPath: str
    outputPath: str | bool
    date: datetime
    page: Page = field(compare=False)
    data: dict[str, Any] = field(compare=False)

    @classmethod
    def of(cls, page: Page) -> CollectionItem:
        assert page.date is not None
        # As in Eleventy's cascade: front matter over the page's directory and template data.
        data = {**page.local_data, **page.meta, "page": page, "tags": JsArray(page.tags)}
        return cls(
            page.url, page.fileSlug, page.filePathStem, page.inputPath, page.outputPath, page.date, page, data
        )


class Collections(Mapping[str, JsArray]):
    """``collections`` in templates; a tag no page has is an empty list, as in Nunjucks."""

    def __init__(self, by_name: dict[str, JsArray] | None = None):
        self._by_name = by_name or {}

    def __getitem__(self, name: str) -> JsArray:
        # A page that lists a collection must render again when the collection changes.
        deps.record("collections", "")
        return self._by_name.get(name, JsArray())

    def __getattr__(self, name: str) -> JsArray:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __iter__(self) -> Iterator[str]:
        deps.record("collections", "")
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Collections) and self._by_name == other._by_name

    def __hash__(self) -> int:
        return hash(tuple(self._by_name))


def make_collections(pages: Iterable[Page]) -> Collections:
    listed = sorted(in_collections(pages), key=sort_key)
    items = [CollectionItem.of(page) for page in listed]
    by_name: dict[str, list[CollectionItem]] = {"all": items}
    for item in items:
        for tag in (t for t in item.page.tags if t != "all"):
            by_name.setdefault(tag, []).append(item)
    return Collections({name: JsArray(found) for name, found in by_name.items()})


def sort_key(page: Page) -> tuple[datetime, str, int]:
    """Eleventy's collection order: by date, then by input path (pages of one pagination in order)."""
    assert page.date is not None
    number = page.pagination.pageNumber if page.pagination is not None else 0
    return (page.date, page.inputPath, number)


def in_collections(pages: Iterable[Page]) -> list[Page]:
    """The pages collections list: like Eleventy, only the first page of a pagination by default."""
    return [
        page
        for page in pages
        if page.in_collections
        and (page.pagination is None or page.pagination.pageNumber == 0 or _all_pages(page))
    ]


def _all_pages(page: Page) -> bool:
    return page.paging is not None and page.paging.all_in_collections
