"""The plan: every output file, known before any page renders.

Each route names its URL, output path and the renderer that makes it. Two
routes that claim one URL are an error here, before anything is written.
Features add routes by appending a generator to ``GENERATORS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from . import nav as navigation
from .errors import Diagnostic, Report
from .project import Inputs


@dataclass(frozen=True)
class Route:
    url: str
    output: str
    kind: str  # the renderer's name in render.RENDERERS
    source: str | None = None  # what produced it, as shown in errors
    title: str = ""
    payload: Any = field(default=None, compare=False)


@dataclass(frozen=True)
class Plan:
    routes: tuple[Route, ...]
    nav: navigation.Nav

    def by_output(self) -> dict[str, Route]:
        return {route.output: route for route in self.routes}


Generator = Callable[[Inputs], Iterable[Route]]


def page_routes(inputs: Inputs) -> Iterable[Route]:
    for page in inputs.pages:
        yield Route(page.url, page.output, "page", page.source, page.title, page)


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
    routes = sorted(
        (route for generate in GENERATORS for route in generate(inputs)),
        key=lambda r: r.output,
    )
    diagnostics = _collisions(routes)
    report = Report(inputs.config.source or "site.yml")
    urls = {route.url for route in routes}
    if inputs.config.nav is not None:
        nav = navigation.from_config(inputs.config.nav, list(inputs.pages), urls, report)
    else:
        nav = navigation.from_folders(list(inputs.pages))
    return Plan(tuple(routes), nav), [*diagnostics, *report.items]


def _collisions(routes: list[Route]) -> list[Diagnostic]:
    claimed: dict[str, Route] = {}
    found = []
    for route in routes:
        first = claimed.setdefault(route.output, route)
        if first is route:
            continue
        where = route.source or first.source or route.output
        other = first.source if route.source else "a generated page"
        found.append(
            Diagnostic(where, 0, 0, f"URL '{route.url}' is also claimed by {other}; rename one of them")
        )
    return found
