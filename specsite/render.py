"""Rendering: a route in, bytes out (and what the page read on the way).

Renderers never touch the output folder; the writer does.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

import jinja2
from markupsafe import Markup

from . import deps, mdrender
from .config import SiteConfig
from .errors import Diagnostic, display_path
from .nav import Nav
from .pages import Page
from .plan import Plan, Route
from .project import Inputs
from .spec import Specs
from .templating import BUILTIN_TEMPLATES, compile_page, make_environment, rendering_page
from .views import register_views


@dataclass(frozen=True)
class SiteInfo:
    """``site`` in templates."""

    title: str
    description: str
    base_url: str | None
    base_path: str
    language: str
    footer: str
    repo_url: str | None
    search: bool
    extra: dict[str, Any] = field(compare=False)

    @classmethod
    def of(cls, config: SiteConfig) -> SiteInfo:
        return cls(
            config.title,
            config.description,
            config.base_url,
            config.base_path,
            config.language,
            config.footer,
            config.repo_url,
            config.search,
            dict(config.extra),
        )


@dataclass(frozen=True)
class PageInfo:
    """``page`` in templates for generated pages (source pages pass their ``Page``)."""

    url: str
    title: str
    description: str = ""
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False)


class TemplateContext(TypedDict, total=False):
    """The names every layout can rely on."""

    site: SiteInfo
    specs: Specs
    page: Page | PageInfo
    nav: Nav
    content: Markup
    toc: list[mdrender.Heading]


@dataclass(frozen=True)
class Output:
    """One file of the site: its bytes, or a file to copy as it is."""

    output: str
    data: bytes | None = None
    copy_from: Path | None = None
    deps: frozenset[tuple[str, str]] = frozenset()


class RenderError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


@dataclass
class Renderer:
    """The per-build rendering state: one Jinja environment over one model."""

    inputs: Inputs
    plan: Plan
    debug: bool = False

    def __post_init__(self) -> None:
        self.site = SiteInfo.of(self.inputs.config)
        self.env = make_environment(
            self.inputs.project.templates_dir,
            {"specs": self.inputs.specs, "site": self.site},
        )
        register_views(self.env)

    def base_context(self, page: Page | PageInfo) -> TemplateContext:
        return TemplateContext(site=self.site, specs=self.inputs.specs, page=page, nav=self.plan.nav)

    def render(self, route: Route) -> Output:
        """Render one route; user mistakes become a ``RenderError`` with a position."""
        renderer = RENDERERS[route.kind]
        with deps.recording() as found, rendering_page(route.url):
            try:
                result = renderer(self, route)
            except RenderError:
                raise
            except Exception as exc:
                raise RenderError(self._locate(exc, route)) from exc
        if isinstance(result, Path):
            return Output(route.output, copy_from=result, deps=frozenset(found))
        return Output(route.output, data=result, deps=frozenset(found))

    def render_all(self, routes: Iterable[Route], errors: list[Diagnostic]) -> Iterator[Output]:
        """Render every route, collecting the errors of all pages rather than stopping."""
        for route in routes:
            try:
                yield self.render(route)
            except RenderError as exc:
                errors.append(exc.diagnostic)

    def _locate(self, exc: Exception, route: Route) -> Diagnostic:
        root = self.inputs.project.root
        if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
            return Diagnostic(
                _shown(exc.filename, root), exc.lineno or 0, 0, f"template syntax: {exc.message}"
            )
        path, line = _template_frame(exc.__traceback__, str(root))
        where = _shown(path, root) if path else (route.source or route.output)
        message = _describe(exc)
        if self.debug:
            traceback.print_exception(exc, file=sys.stderr)
        return Diagnostic(where, line, 0, message)


BUILTIN_DIR = str(BUILTIN_TEMPLATES)
TEMPLATE_SUFFIXES = (".md", ".html", ".njk", ".jinja", ".j2", ".xml", ".txt")


def _shown(filename: str, root: Path) -> str:
    return display_path(Path(filename), root)


def _template_frame(tb: Any, root: str) -> tuple[str | None, int]:
    """The innermost template line in the user's project, else in a built-in template.

    Jinja rewrites traceback frames so that template code reports the
    template's file and line. A mistake passed to a built-in macro is shown
    at the line of the user's page that called it.
    """
    project: tuple[str | None, int] = (None, 0)
    builtin: tuple[str | None, int] = (None, 0)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIXES):
            if filename.startswith(root) and not filename.startswith(BUILTIN_DIR):
                project = (filename, tb.tb_lineno)
            else:
                builtin = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return project if project[0] else builtin


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template '{exc.name}' not found (looked in templates/ and the built-in templates)"
    if isinstance(exc, jinja2.UndefinedError):
        return f"undefined value: {exc.message}"
    if isinstance(exc, LookupError) and exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    if isinstance(exc, jinja2.TemplateError):
        return exc.message or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"


def render_page(renderer: Renderer, route: Route) -> bytes:
    page: Page = route.payload
    context = renderer.base_context(page)
    body = compile_page(renderer.env, page.body, page.body_line, str(page.path)).render(context)
    toc: list[mdrender.Heading] = []
    if page.kind == "md":
        body, toc = mdrender.render_page(body)
    if page.layout == "none":
        return body.encode()
    layout = renderer.env.get_template(page.layout)
    has_h1 = any(heading.level == 1 for heading in toc)
    return layout.render({**context, "content": Markup(body), "toc": toc, "content_has_h1": has_h1}).encode()


def render_template(renderer: Renderer, route: Route) -> bytes:
    name, extra = route.payload
    page = PageInfo(route.url, route.title, source=route.source)
    context = {**renderer.base_context(page), **extra}
    return renderer.env.get_template(name).render(context).encode()


def render_bytes(renderer: Renderer, route: Route) -> bytes:
    data = route.payload
    return data if isinstance(data, bytes) else str(data).encode()


def copy_file(renderer: Renderer, route: Route) -> Path:
    return route.payload


def render_asset(renderer: Renderer, route: Route) -> Path | bytes:
    return route.payload


RENDERERS: dict[str, Callable[[Renderer, Route], bytes | Path]] = {
    "page": render_page,
    "template": render_template,
    "bytes": render_bytes,
    "copy": copy_file,
    "asset": render_asset,
}
