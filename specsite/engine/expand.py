"""From source pages to published pages: permalinks, pagination, dates.

A source page publishes one page, several (``pagination:``) or none
(``permalink: false``). All of them get their URL here, in the plan stage,
before anything renders: a permalink is a small template rendered with the
page's front matter, ``page``, ``specs`` and the pagination alias.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

import jinja2

from . import pagedates
from .cascade import merge
from .data import plain, split_tags
from .errors import Diagnostic, Pos, did_you_mean
from .jsarray import JsArray
from .pages import Page
from .project import Inputs
from .tags import Collections, make_collections
from .templating import make_environment
from .urls import output_for_url
from .views import register_views

if TYPE_CHECKING:
    from .paging import Pagination

# Characters a URL cannot hold as written (letters of any script are fine), and one
# segment of a permalink: no ``.``, ``..`` or hidden segment, so it stays inside the site.
_UNSAFE_RE = re.compile(r"[\s\\?#\"<>`|^{}\[\]]")
_SEGMENT_RE = re.compile(r"[^\W.][\w.~@!$&'()*+,;=:%-]*|[~@!$&'()*+,;=:%-][\w.~@!$&'()*+,;=:%-]*")


@dataclass(frozen=True)
class Expanded:
    """Every page the sources make (``url`` False: rendered and in collections, never written)."""

    pages: tuple[Page, ...]

    @property
    def written(self) -> tuple[Page, ...]:
        return tuple(page for page in self.pages if page.url is not False)

    @property
    def firsts(self) -> tuple[Page, ...]:
        """One page per source (the first of a pagination), for the navigation."""
        return tuple(p for p in self.written if p.pagination is None or p.pagination.pageNumber == 0)


def expand_pages(inputs: Inputs) -> tuple[Expanded, list[Diagnostic]]:
    """Every published page; pages paginated over ``collections`` come last, as in Eleventy.

    Tag pages (``pagination: {data: collections}``) need the collections of
    every other page, so those are made first, from the other pages.
    """
    dates = pagedates.DateRule(inputs.project.root)
    env = make_environment(None, {"specs": inputs.specs, "site": inputs.config})
    # A permalink may use any filter a page can: Eleventy's `| slugify`, a hook's own.
    register_views(env)
    inputs.hooks.install(env)
    dated = [_with_local_data(replace(page, date=_date(page, dates)), inputs) for page in inputs.pages]
    made: dict[int, list[Page]] = {}
    found: list[Diagnostic] = []
    for over_collections in (False, True):
        collections = (
            make_collections(p for pages in made.values() for p in pages) if over_collections else None
        )
        for index, page in enumerate(dated):
            if _over_collections(page) == over_collections:
                made[index], problems = _expand_one(page, inputs, env, collections)
                found += problems
    return Expanded(tuple(p for index in sorted(made) for p in made[index])), found


def _with_local_data(page: Page, inputs: Inputs) -> Page:
    """Directory and template data join a page's tags and its data in collections.

    In Eleventy's cascade a folder's ``tags: guide`` tags every page in it, and
    the tags of each level are added together, outermost first.
    """
    layers = [plain(found.file.value) for found in inputs.data.for_page(page.rel)]
    if not layers:
        return page
    local: dict[str, Any] = {}
    tags: list[str] = []
    for layer in layers:
        local = merge(local, layer)
        raw = layer.get("tags")
        tags += (
            split_tags(raw)
            if isinstance(raw, str)
            else [str(t) for t in raw]
            if isinstance(raw, list | tuple)
            else []
        )
    return replace(page, tags=tuple(dict.fromkeys([*tags, *page.tags])), local_data=local)


def _date(page: Page, dates: pagedates.DateRule) -> datetime:
    if page.date is not None:
        return pagedates.JsDate.of(page.date)
    return dates.date_of(page.source, page.created)


def _over_collections(page: Page) -> bool:
    return page.paging is not None and page.paging.data.split(".")[0] == "collections"


def pagination_source(inputs: Inputs, page: Page, collections: Collections | None) -> Mapping[str, Any]:
    """The names ``pagination: data:`` is looked up in: global data and hook globals, ``specs``,
    then front matter."""
    extra = {"collections": collections} if collections is not None else {}
    hooked = {hook.name: hook.value for hook in inputs.hooks.globals}
    return {**global_data(inputs), **hooked, "specs": inputs.specs, **extra, **page.meta}


def global_data(inputs: Inputs) -> Mapping[str, Any]:
    """The project's global data (``data/``), where a build has some; the one place that reads it."""
    return inputs.data.globals


def _expand_one(
    page: Page, inputs: Inputs, env: jinja2.Environment, collections: Collections | None
) -> tuple[list[Page], list[Diagnostic]]:
    if page.paging is None:
        url, problem = _url_of(page, {}, env, 0, inputs)
        return [replace(page, url=url, output=_output(url))], [problem] if problem else []
    data, problem = lookup(pagination_source(inputs, page, collections), page.paging.data)
    if problem is not None:
        return [], [_at(page, page.paging.data_pos, f"pagination data '{page.paging.data}' {problem}")]
    from .paging import chunks  # loaded only for a page that has pagination

    cut = chunks(page.paging, data)
    if isinstance(cut, str):
        return [], [_at(page, page.paging.data_pos, f"pagination data '{page.paging.data}' {cut}")]
    return _paginated(page, cut, env, inputs)


def _paginated(
    page: Page, cut: list[JsArray], env: jinja2.Environment, inputs: Inputs
) -> tuple[list[Page], list[Diagnostic]]:
    from .paging import Pagination

    assert page.paging is not None
    paging = page.paging
    plain = [
        Pagination(items, number, paging.size, paging.alias, data=paging.data)
        for number, items in enumerate(cut)
    ]
    urls: list[str | bool] = []
    for number, pagination in enumerate(plain):
        url, problem = _url_of(page, _names(pagination), env, number, inputs)
        if problem is not None:
            return [], [problem]
        urls.append(url)
    hrefs, pages = JsArray(urls), JsArray(cut)  # shared by every page: one copy, not one per page
    made = []
    for pagination, url in zip(plain, urls, strict=True):
        full = replace(pagination, hrefs=hrefs, pages=pages)
        made.append(replace(page, url=url, output=_output(url), pagination=full))
    return made, _same_url_twice(page, made)


def _names(pagination: Pagination) -> dict[str, Any]:
    """What a paginated page adds to its templates: ``pagination`` and the alias."""
    names: dict[str, Any] = {"pagination": pagination}
    if pagination.alias:
        names[pagination.alias] = pagination.alias_value()
    return names


def page_names(page: Page) -> dict[str, Any]:
    """The names a published page adds to the template context (none unless paginated)."""
    return _names(page.pagination) if page.pagination is not None else {}


def _url_of(
    page: Page, names: dict[str, Any], env: jinja2.Environment, number: int, inputs: Inputs
) -> tuple[str | bool, Diagnostic | None]:
    if page.permalink is False:
        return False, None
    if page.permalink is None:
        return _default_url(page.url, number), None
    pos = page.permalink_pos or Pos(1)
    context = {**global_data(inputs), **page.meta, **names, "page": page}
    try:
        text = _permalink_template(env, str(page.permalink)).render(context).strip()
    except jinja2.TemplateSyntaxError as exc:
        return page.url, _at(page, pos, f"permalink: template syntax: {exc.message}")
    except jinja2.UndefinedError as exc:
        return page.url, _at(page, pos, f"permalink: undefined value: {exc.message}")
    except Exception as exc:
        return page.url, _at(page, pos, f"permalink: {type(exc).__name__}: {exc}")
    url = text if text.startswith("/") else "/" + text
    if url.endswith("/index.html"):
        url = url[: -len("index.html")]
    unsafe = _UNSAFE_RE.search(url)
    if unsafe is not None:
        what = "a space" if unsafe.group().isspace() else repr(unsafe.group())
        message = f"permalink {text!r} has {what}, which a URL cannot hold as it is; use | slugify"
        return page.url, _at(page, pos, message)
    if not _is_site_path(url):
        return page.url, _at(page, pos, f"permalink {text!r} is not a site path like '/guides/setup/'")
    if not url.endswith("/") and "." not in url.rsplit("/", 1)[-1]:
        # Eleventy 3 refuses these too: a host could not tell the file's type.
        message = f"permalink {text!r} needs a trailing '/' (a page) or a file extension"
        return page.url, _at(page, pos, message)
    return url, None


def _is_site_path(url: str) -> bool:
    """``/a/b/`` or ``/a/feed.xml``: no empty, ``.``, ``..`` or hidden segment."""
    segments = url.strip("/").split("/")
    return url == "/" or all(_SEGMENT_RE.fullmatch(segment) for segment in segments)


def _permalink_template(env: jinja2.Environment, source: str) -> jinja2.Template:
    """Compiled once per permalink, not once per page of a pagination."""
    cache: dict[str, jinja2.Template] = env.__dict__.setdefault("_specsite_permalinks", {})
    if source not in cache:
        cache[source] = env.from_string(source)
    return cache[source]


def _default_url(url: str, number: int) -> str:
    """Eleventy's URL for page ``number`` of a pagination without a permalink: ``/list/``, ``/list/1/``."""
    if number == 0:
        return url
    return (url if url.endswith("/") else url.rsplit(".", 1)[0] + "/") + f"{number}/"


def _output(url: str | bool) -> str:
    return output_for_url(url) if isinstance(url, str) else ""


def _same_url_twice(page: Page, made: list[Page]) -> list[Diagnostic]:
    seen: dict[str, int] = {}
    for instance in made:
        if instance.url is False or instance.pagination is None:
            continue
        number = instance.pagination.pageNumber
        first = seen.setdefault(instance.url, number)
        if first != number:
            pos = page.permalink_pos or Pos(1)
            message = (
                f"permalink gives pages {first + 1} and {number + 1} of the pagination the same URL"
                f" '{instance.url}'; use the alias or pagination.pageNumber in it"
            )
            return [_at(page, pos, message)]
    return []


def lookup(root: Mapping[str, Any], dotted: str) -> tuple[Any, str | None]:
    """``specs.event.events`` in ``root``: the value, or what is missing (with a suggestion)."""
    value: Any = root
    walked: list[str] = []
    for part in dotted.split("."):
        found, known = _child(value, part)
        if found is _MISSING:
            where = f"'{'.'.join(walked)}' has no '{part}'" if walked else f"'{part}' is not defined"
            return None, f"not found: {where}{did_you_mean(part, known)}"
        value = found
        walked.append(part)
    return value, None


_MISSING = object()


def _child(value: Any, name: str) -> tuple[Any, list[str]]:
    if isinstance(value, Mapping):
        if name in value:
            return value[name], []
        return _MISSING, [str(key) for key in value]
    if isinstance(value, list | tuple) and name.isdigit() and int(name) < len(value):
        return value[int(name)], []
    try:
        return value[name], []
    except (TypeError, LookupError, AttributeError):
        pass
    if not name.startswith("_") and hasattr(value, name):
        return getattr(value, name), []
    return _MISSING, [n for n in dir(value) if not n.startswith("_")]


def _at(page: Page, pos: Pos, message: str) -> Diagnostic:
    return Diagnostic(page.source, pos.line, pos.col, message)
