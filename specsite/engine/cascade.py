"""The data cascade: what names a page and its layouts see, and in which order they win.

Lowest to highest, as in Eleventy: global data (``data/``), directory data
(outer folders first), template data (``page.11tydata.yml``), the page's
front matter, then computed data from hooks. Mappings merge deeply and
lists are joined (Eleventy's deep merge); a key written ``override:name``
replaces instead. The names every page context sets itself (``site``,
``page``, ...) always win; the readers warn where a file tries to set one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import jinja2

from . import deps
from .data import CONTEXT_NAMES, SiteData, folders_of, page_key, plain, split_tags
from .errors import Diagnostic
from .hooks import Hooks
from .jsarray import JsArray

OVERRIDE = "override:"


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` merged into a copy of ``base``; neither is changed (global data is shared by every page)."""
    merged = dict(base)
    for key, value in over.items():
        if key.startswith(OVERRIDE):
            merged[key.removeprefix(OVERRIDE)] = value
            continue
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = merge(old, value)
        elif isinstance(old, list | tuple) and isinstance(value, list | tuple) and not isinstance(old, str):
            merged[key] = JsArray((*old, *value))
        else:
            merged[key] = value
    return merged


def page_context(
    data: SiteData, hooks: Hooks, core: Mapping[str, Any], layers: Iterable[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """Global data, then each layer (directory data, front matter), then ``core``, then computed data."""
    values: dict[str, Any] = dict(data.globals)
    for layer in layers:
        values = merge(values, layer)
    values.update(core)
    for hook in hooks.computed:
        found = hook.value(CascadeView(values, data.globals))
        values[hook.name] = JsArray(found) if isinstance(found, list) else found
    return values


def page_layers(data: SiteData, rel: str, front_matter: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The directory data of a page's folders (outermost first), its template data and front matter.

    The page depends on every folder above it: a directory data file added
    later must rebuild it too.
    """
    for folder in folders_of(rel):
        deps.record("dirdata", folder)
    deps.record("pagedata", page_key(rel))
    layers = [_without_core_names(found.file.value) for found in data.for_page(rel)]
    layers.append(_without_core_names(plain(front_matter)))
    return [_tags_as_list(layer) for layer in layers]


def _tags_as_list(values: Mapping[str, Any]) -> Mapping[str, Any]:
    """``tags: a, b`` is the list ``['a', ' b']`` before merging, as Eleventy cleans each layer.

    Otherwise a string in front matter would replace the folder's tags instead of
    adding to them, and ``{% for tag in tags %}`` would walk its letters.
    """
    tags = values.get("tags")
    if not isinstance(tags, str):
        return values
    return {**values, "tags": JsArray(split_tags(tags))}


def _without_core_names(values: Mapping[str, Any]) -> Mapping[str, Any]:
    if not any(key in CONTEXT_NAMES for key in values):
        return values
    return {key: value for key, value in values.items() if key not in CONTEXT_NAMES}


class CascadeView(Mapping[str, Any]):
    """The read-only view of a page's data that computed-data hooks get."""

    def __init__(self, values: Mapping[str, Any], data_names: Iterable[str]):
        self._values = values
        self._data_names = data_names

    def __getitem__(self, key: str) -> Any:
        if key in self._data_names:
            deps.record("data", key)
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


class DataContext(jinja2.runtime.Context):
    """A template context that notes each global data name a template reads (for the dev server)."""

    def resolve_or_missing(self, key: str) -> Any:
        if key in getattr(self.environment, "data_names", ()):
            deps.record("data", key)
        return super().resolve_or_missing(key)


def watch_data(env: jinja2.Environment, data: SiteData) -> None:
    """Make ``env`` record reads of global data as dependencies (a site without data pays nothing)."""
    if data.globals:
        env.data_names = frozenset(data.globals)  # type: ignore[attr-defined]
        env.context_class = DataContext


# --- names that may not be taken twice ------------------------------------------------------


def name_clashes(data: SiteData, hooks: Hooks, builtin_globals: Iterable[str]) -> list[Diagnostic]:
    """A global data name that another global already has: error at the data file."""
    taken = dict.fromkeys(builtin_globals, "a built-in global")
    taken.update((hook.name, f"a global from {hook.source}:{hook.line}") for hook in hooks.globals)
    taken.update(CONTEXT_NAMES)
    found = []
    for name in data.globals:
        if name in taken:
            source = data.sources[name][0]
            message = f"data file defines '{name}', which is already {taken[name]}; rename the file"
            found.append(Diagnostic(source, 1, 1, message))
    return found
