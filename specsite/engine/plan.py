"""The plan: every output file, known before any page renders.

Each route names its URL, output path and the renderer that makes it. Two
routes that claim one URL are an error here, before anything is written.
Features add routes by appending a generator to ``GENERATORS``. Source pages
are expanded first (permalinks, pagination: ``expand``), so generators see
the pages as published, and ``collections`` are known before rendering too.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from . import nav as navigation
from .errors import Diagnostic, Pos, Report
from .expand import expand_pages
from .pages import Page
from .project import Inputs
from .tags import Collections, make_collections
from .urls import output_for_url, url_for_source


@dataclass(frozen=True)
class Route:
    url: str
    output: str
    kind: str  # the renderer's name in render.RENDERERS
    source: str | None = None  # what produced it, as shown in errors
    title: str = ""
    payload: Any = field(default=None, compare=False)
    pos: Pos | None = field(default=None, compare=False)  # the line that chose the URL, if one did


@dataclass(frozen=True)
class Plan:
    routes: tuple[Route, ...]
    nav: navigation.Nav
    collections: Collections = field(default_factory=Collections)
    # ``permalink: false`` pages: rendered (so their mistakes are reported), never written.
    unwritten: tuple[Route, ...] = ()

    def by_output(self) -> dict[str, Route]:
        return {route.output: route for route in self.routes}


Generator = Callable[[Inputs], Iterable[Route]]


def page_routes(inputs: Inputs) -> Iterable[Route]:
    for page in inputs.pages:
        yield Route(page.url, page.output, "page", page.source, page.title, page, _url_pos(page))


def _url_pos(page: Page) -> Pos | None:
    return page.permalink_pos or page.url_pos


def static_routes(inputs: Inputs) -> Iterable[Route]:
    for static in inputs.statics:
        yield Route("/" + static.output, static.output, "copy", static.source, "", static.path)


def asset_routes(inputs: Inputs) -> Iterable[Route]:
    from .assets import builtin_assets

    for output, producer in builtin_assets():
        yield Route("/" + output, output, "asset", None, "", producer)


def not_found_route(inputs: Inputs) -> Iterable[Route]:
    if not any(page.url == "/404.html" for page in inputs.pages):
        yield Route("/404.html", "404.html", "template", None, "Page not found", ("404.html", {}))


GENERATORS: list[Generator] = [page_routes, static_routes, asset_routes, not_found_route]


def make_plan(inputs: Inputs) -> tuple[Plan, list[Diagnostic]]:
    expanded, diagnostics = expand_pages(inputs)
    # Generators see the pages as published: every page of a pagination, none with ``permalink: false``.
    published = replace(inputs, pages=expanded.written)
    routes = sorted(
        (route for generate in GENERATORS for route in generate(published)),
        key=lambda r: r.output,
    )
    diagnostics += _collisions(routes)
    report = Report(inputs.config.source or "site.yml")
    urls = {route.url for route in routes}
    firsts = list(expanded.firsts)
    if inputs.config.nav is not None:
        nav = navigation.from_config(inputs.config.nav, firsts, urls, report)
    else:
        nav = navigation.from_folders(firsts)
    if nav.windowed:
        contents = _contents_route(urls)
        nav = replace(nav, contents_url=contents.url)
        routes = sorted([*routes, contents], key=lambda r: r.output)
    unwritten = tuple(
        Route(url_for_source(page.rel), "", "page", page.source, page.title, page)
        for page in expanded.pages
        if page.url is False
    )
    plan = Plan(tuple(routes), nav, make_collections(expanded.pages), unwritten)
    return plan, [*diagnostics, *report.items]


def _contents_route(taken: set[str]) -> Route:
    """The page a windowed sidebar's "N more" links go to, at a URL no page of the project has."""
    candidates = ("/contents/" if n == 1 else f"/contents-{n}/" for n in itertools.count(1))
    url = next(url for url in candidates if url not in taken)
    return Route(url, output_for_url(url), "template", None, "Contents", ("contents.html", {}))


def _collisions(routes: list[Route]) -> list[Diagnostic]:
    claimed: dict[str, Route] = {}
    found = []
    for route in routes:
        first = claimed.setdefault(route.output, route)
        if first is route or _same_pagination(first, route):  # reported by ``expand``, with a hint
            continue
        where = route.source or first.source or route.output
        other = _where(first) if route.source else "a generated page"
        pos = route.pos or Pos(0)
        message = f"URL '{route.url}' is also claimed by {other}; rename one of them"
        found.append(Diagnostic(where, pos.line, pos.col, message))
    return found


def _same_pagination(first: Route, route: Route) -> bool:
    page = route.payload
    return first.source == route.source and isinstance(page, Page) and page.pagination is not None


def _where(route: Route) -> str:
    if route.source is None:
        return "a generated page"
    if route.pos is None:
        return route.source
    return f"{route.source}:{route.pos.line}:{route.pos.col}"
