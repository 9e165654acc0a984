"""Eleventy's built-in filters that find a page in a collection (its neighbours, its index).

``{% set next = collections.posts | getNextCollectionItem %}`` finds the page
being rendered (or the one given as the second argument) in the collection, as
Eleventy does: the same input file, with the same output file or address. A
page that is not in the collection has no neighbours and no index (each is
undefined in Eleventy: it prints nothing and tests false).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import jinja2


def _index(items: Sequence[Any], page: Any) -> int | None:
    source = getattr(page, "inputPath", None)
    output, url = getattr(page, "outputPath", None), getattr(page, "url", None)
    for index, item in enumerate(items or ()):
        same_output = getattr(item, "outputPath", None) == output or getattr(item, "url", None) == url
        if getattr(item, "inputPath", None) == source and same_output:
            return index
    return None


def _page(context: jinja2.runtime.Context, page: Any) -> Any:
    return page if page is not None else context.get("page")


def _at(items: Sequence[Any], index: int | None, step: int) -> Any:
    if index is None or not 0 <= index + step < len(items):
        return None
    return items[index + step]


@jinja2.pass_context
def get_collection_item_index(
    context: jinja2.runtime.Context, items: Sequence[Any], page: Any = None
) -> int | None:
    return _index(items, _page(context, page))


@jinja2.pass_context
def get_collection_item(context: jinja2.runtime.Context, items: Sequence[Any], page: Any = None) -> Any:
    return _at(items, _index(items, _page(context, page)), 0)


@jinja2.pass_context
def get_previous_collection_item(
    context: jinja2.runtime.Context, items: Sequence[Any], page: Any = None
) -> Any:
    return _at(items, _index(items, _page(context, page)), -1)


@jinja2.pass_context
def get_next_collection_item(context: jinja2.runtime.Context, items: Sequence[Any], page: Any = None) -> Any:
    return _at(items, _index(items, _page(context, page)), 1)


FILTERS = {
    "getCollectionItemIndex": get_collection_item_index,
    "getCollectionItem": get_collection_item,
    "getPreviousCollectionItem": get_previous_collection_item,
    "getNextCollectionItem": get_next_collection_item,
}
