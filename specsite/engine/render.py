"""Rendering: a route in, bytes out (and what the page read on the way).

Renderers never touch the output folder; the writer does.
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path
from typing import Any, TypedDict
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from ..model import Specs
from . import cached, cascade, deps, gitdates, mdlinks, mdrender, template_errors, views
from .buildcache import BuildCache
from .config import SiteConfig
from .errors import Diagnostic, Pos, display_path
from .expand import page_names
from .hooks import HookError
from .layouts import LayoutError, layout_chain, layout_names
from .nav import Nav
from .pages import Page
from .plan import Plan, Route
from .project import Inputs
from .tags import Collections
from .templating import (
    BUILTIN_TEMPLATES,
    compile_page,
    is_plain_text,
    make_environment,
    printed_braces_guarded,
    rendering_page,
    restore_braces,
)
from .views import register_views
from .workers import workers_pool


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
    settings: Mapping[str, Any] = field(default_factory=dict, compare=False)  # read by features
    edit_url: str | None = None  # "Edit this page" links are this plus the page's source path
    favicon: str = "/assets/favicon.svg"

    def __getattr__(self, name: str) -> Any:
        # Eleventy sites keep their own site-wide values in ``_data/site.*`` and
        # read them as ``site.url``; here they live under ``extra:`` in site.yml, and
        # read the same. Only names the class lacks get here, so ``site.title`` stays
        # site.yml's. Dunder and private names never do: pickling asks for them before
        # ``extra`` exists.
        extra = self.__dict__.get("extra")
        if name.startswith("_") or extra is None or name not in extra:
            raise AttributeError(name)
        return extra[name]

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
            config.settings,
            edit_url(config),
            config.favicon,
        )


# Where a repository host keeps its editor, relative to the repository's URL,
# for sources in site_src/ on the main branch.
DEFAULT_EDIT_URIS = {"github.com": "edit/main/site_src/", "gitlab.com": "-/edit/main/site_src/"}


def edit_url(config: SiteConfig) -> str | None:
    """``repo_url`` joined with ``edit_uri``: the prefix of every page's "Edit this page" link."""
    if not config.repo_url:
        return None
    uri = config.edit_uri
    if uri is None:
        uri = DEFAULT_EDIT_URIS.get(urlsplit(config.repo_url).hostname or "")
    if not uri:
        return None
    if urlsplit(uri).scheme:
        return uri.rstrip("/") + "/"
    return config.repo_url.rstrip("/") + "/" + uri.strip("/") + "/"


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
    collections: Collections
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
    cache: BuildCache = field(default_factory=BuildCache.off)

    def __post_init__(self) -> None:
        self.site = SiteInfo.of(self.inputs.config)
        self.env = make_environment(
            self.inputs.project.templates_dir,
            {"specs": self.inputs.specs, "site": self.site},
            pages_dir=self.inputs.project.site_src,
            project_dir=self.inputs.project.root,
            sandbox=self.inputs.project.sandbox,
        )
        register_views(self.env)
        self.inputs.hooks.install(self.env)
        cascade.watch_data(self.env, self.inputs.data)
        if self.cache.enabled:
            self.env.code_cache = self.cache
        # Markdown links name source files (other.md); they become these URLs.
        self.page_urls = {page.rel: page.url for page in self.inputs.pages}
        config = self.inputs.config
        self.updated = gitdates.last_changed(self.inputs.project.site_src) if config.last_updated else {}

    def base_context(self, page: Page | PageInfo, layers: Iterable[dict[str, Any]] = ()) -> TemplateContext:
        """Core names over global data and ``layers`` (directory data, front matter), then computed data."""
        core = TemplateContext(
            site=self.site,
            specs=self.inputs.specs,
            page=page,
            nav=self.plan.nav,
            collections=self.plan.collections,
        )
        if isinstance(page, PageInfo) and not layers:
            # A generated page's title and description stand where a page's front matter would.
            layers = ({"title": page.title, "description": page.description},)
        return cascade.page_context(self.inputs.data, self.inputs.hooks, core, layers)  # type: ignore[return-value]

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
        start = len(errors)
        for route in routes:
            try:
                yield self.render(route)
            except RenderError as exc:
                errors.append(exc.diagnostic)
        # An included file's mistake is one error, not one per page that includes it.
        errors[start:] = template_errors.merge_repeats(errors[start:])

    def _locate(self, exc: Exception, route: Route) -> Diagnostic:
        root = self.inputs.project.root
        if isinstance(exc, HookError):
            return self._hook_failed(exc, route)
        if isinstance(exc, LayoutError):
            where, pos = (_shown(exc.path, root), exc.pos) if exc.path else (route.source, _layout_pos(route))
            return Diagnostic(where or route.output, *(astuple(pos) if pos else (0, 0)), exc.message)
        if self.debug:
            traceback.print_exception(exc, file=sys.stderr)
        shown = functools.partial(_shown, root=root)
        frames = template_errors.template_frames(exc.__traceback__)
        if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
            # Jinja adds a frame for the broken line itself; the chain is what led there.
            while frames and frames[-1].path == exc.filename:
                frames.pop()
            message = template_errors.with_chain(
                f"template syntax: {exc.message}", template_errors.include_chain(frames, shown)
            )
            return Diagnostic(shown(exc.filename), exc.lineno or 0, 0, message)
        if isinstance(exc, UnicodeDecodeError) and (bad := template_errors.decode_error_file(exc)):
            line, col = template_errors.decode_error_position(exc)
            chain = template_errors.include_chain(frames, shown)
            return Diagnostic(shown(bad), line, col, template_errors.with_chain(_describe(exc), chain))
        if isinstance(exc, RecursionError):
            message, index = template_errors.explain_recursion(exc, frames, shown)
        else:
            index = _reported_frame(frames, str(root))
            frame = frames[index] if index is not None else None
            message = template_errors.explain(exc, frame, self.env) or _describe(exc)
        if index is None:
            return Diagnostic(route.source or route.output, 0, 0, message)
        message = template_errors.with_chain(message, template_errors.include_chain(frames, shown, index))
        return Diagnostic(shown(frames[index].path), frames[index].line, 0, message)

    def _hook_failed(self, exc: HookError, route: Route) -> Diagnostic:
        """At the hook's line, saying which page (and which line of it) called the hook."""
        if self.debug:
            traceback.print_exception(exc, file=sys.stderr)
        root = self.inputs.project.root
        frames = template_errors.template_frames(exc.__traceback__)
        index = _reported_frame(frames, str(root))
        frame = frames[index] if index is not None else None
        caller = f"{_shown(frame.path, root)}:{frame.line}" if frame else (route.source or route.output)
        found = exc.diagnostic
        return replace(found, message=f"{found.message} (called from {caller})")


BUILTIN_DIR = str(BUILTIN_TEMPLATES)


def _shown(filename: str, root: Path) -> str:
    return display_path(Path(filename), root)


def _reported_frame(frames: list[template_errors.Frame], root: str) -> int | None:
    """The innermost template line in the user's project, else in a built-in template.

    Jinja rewrites traceback frames so that template code reports the
    template's file and line. A mistake passed to a built-in macro is shown
    at the line of the user's page that called it.
    """
    builtin = None
    for index in reversed(range(len(frames))):
        path = frames[index].path
        if path.startswith(root) and not path.startswith(BUILTIN_DIR):
            return index
        builtin = index if builtin is None else builtin
    return builtin


def _layout_pos(route: Route) -> Pos | None:
    return route.payload.layout_pos if isinstance(route.payload, Page) else None


def _describe(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return template_errors.describe_decode_error(exc)
    if isinstance(exc, jinja2.TemplateNotFound):
        where = "templates/, the built-in templates and the project folder"
        return f"template '{exc.name}' not found (looked in {where})"
    if isinstance(exc, jinja2.UndefinedError):
        return f"undefined value: {exc.message}"
    if isinstance(exc, LookupError) and exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    if isinstance(exc, jinja2.TemplateError):
        return exc.message or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"


def render_page(renderer: Renderer, route: Route) -> bytes:
    page: Page = route.payload
    layers = cascade.page_layers(renderer.inputs.data, page.rel, page.meta)
    context = {**renderer.base_context(page, layers), **page_names(page)}
    # Compiled outside the brace guard, as Jinja may print constants while compiling.
    template = _compiled_body(renderer, page)
    toc: list[mdrender.Heading] = []
    if page.kind == "md":
        with views.holding_views() as held, printed_braces_guarded():
            body = page.body if template is None else template.render(context)
        links = mdlinks.LinkContext(page.rel, page.url, renderer.page_urls)
        body, toc = cached.markdown(renderer.cache, body, renderer.inputs.config.markdown_settings, links)
        # Views rendered inside the guard too: their held HTML is restored with the rest.
        body = restore_braces(views.put_back(body, held))
        toc = [replace(heading, title=restore_braces(heading.title)) for heading in toc]
    else:
        body = page.body if template is None else template.render(context)
    # Directory data may name the layout of a whole folder; the page's own front matter wins.
    layout_name = page.layout if "layout" in page.meta else context.get("layout") or page.layout
    chain = layout_chain(renderer.env, layout_name or renderer.inputs.config.layout)
    has_h1 = mdrender.has_own_h1(body, toc)
    # A layout's front matter names a default; the page's own front matter wins (Eleventy's cascade).
    defaults = {name: page.meta.get(name, value) for name, value in layout_names(chain).items()}
    names = {
        **defaults,
        **context,
        "toc": toc,
        "content_has_h1": has_h1,
        "last_updated": renderer.updated.get(page.rel),
    }
    for layout in chain:
        body = layout.template.render({**names, "content": Markup(body)})
    return body.encode()


def _compiled_body(renderer: Renderer, page: Page) -> jinja2.Template | None:
    """The page body as a template; ``None`` when Jinja would print it unchanged (most Markdown pages)."""
    if is_plain_text(renderer.env, page.body):
        return None
    return compile_page(
        renderer.env,
        page.body,
        page.body_line,
        str(page.path),
        page.template_name,
        page.pagination is not None,
    )


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


# --- rendering in worker processes ------------------------------------------------------
#
# A plan of more than a few dozen routes renders in forked worker processes,
# one per core. Forking after the plan is made gives every worker the same
# inputs, environment and routes without copying them; the parent renders the
# first routes itself before it forks, so the layouts, macros and Markdown
# set-up they compiled are inherited instead of compiled again in each worker.
# Each worker renders a slice of routes and passes every output to ``sink``
# (the builder's writer, into the staging folder) itself, so the bytes never
# travel back; the parent receives the outputs without their data, in plan
# order, each with what ``sink`` returned about it (plain values).
# Rendering is a pure function of the route, so the site is byte-for-byte the
# one the serial loop makes.

# Measured on 2 cores (bench/bench_parallel.py): below this many HTML pages,
# forking and collecting cost more than the second core saves. Each worker
# compiles the templates it meets again, and Pagefind indexes on a core of its
# own meanwhile: the demo's 60 pages (105 routes) took a fifth more CPU in two
# workers than in one process, and no less time on a busy machine.
PARALLEL_MIN_ROUTES = 80
CHUNK_ROUTES = 48

# Routes that share a costly set-up (an AWS service's shapes and cleaned docs,
# worked out once per process) go to one worker together: a feature names the
# group of each route of its kind. Chunks of 48 handed out in turn made both
# workers set up nearly every service.
GROUPS: dict[str, Callable[[Route], object]] = {}

Sink = Callable[[Output], object]
_worker_state: tuple[Renderer, tuple[Route, ...], Sink] | None = None


def render_parallel(
    renderer: Renderer, routes: tuple[Route, ...], errors: list[Diagnostic], workers: int, sink: Sink
) -> Iterator[tuple[Output, object]]:
    """Like ``render_all`` followed by ``sink``, with the work shared by ``workers`` processes.

    Yields each output (without its bytes) with what ``sink`` returned for it.
    """
    import gc

    global _worker_state
    start = len(errors)
    warm = _warm_up(routes)
    for output in renderer.render_all(warm, errors):
        noted = sink(output)
        yield replace(output, data=None), noted
    routes = routes[len(warm) :]
    _worker_state = (renderer, routes, sink)
    chunks = chunk_bounds(routes)
    # Objects the workers only read stay shared: the collector no longer touches them.
    gc.collect()
    gc.freeze()
    pool = workers_pool(workers)
    try:
        for outputs, found in pool.map(_render_chunk, chunks):
            errors.extend(Diagnostic(**fields) for fields in found)
            for name, copy, deps, noted in outputs:
                yield Output(name, None, Path(copy) if copy else None, frozenset(deps)), noted
        errors[start:] = template_errors.merge_repeats(errors[start:])
    finally:
        pool.shutdown(cancel_futures=True)
        gc.unfreeze()
        _worker_state = None


def chunk_bounds(routes: tuple[Route, ...]) -> list[tuple[int, int]]:
    """Slices of the plan for the workers: a group whole, other routes CHUNK_ROUTES at a time."""
    chunks = []
    first = 0
    while first < len(routes):
        end = _chunk_end(routes, first)
        chunks.append((first, end))
        first = end
    return chunks


def _chunk_end(routes: tuple[Route, ...], first: int) -> int:
    kind = routes[first].kind
    group_of = GROUPS.get(kind)
    end = first + 1
    if group_of is None:
        while end < len(routes) and end - first < CHUNK_ROUTES and routes[end].kind not in GROUPS:
            end += 1
        return end
    group = group_of(routes[first])
    while end < len(routes) and routes[end].kind == kind and group_of(routes[end]) == group:
        end += 1
    return end


def _warm_up(routes: tuple[Route, ...]) -> tuple[Route, ...]:
    """The routes the parent renders before forking: up to its first source page (at most a chunk).

    What that page compiled (the layout chain, macros, Markdown's set-up) is
    then inherited by every worker instead of compiled in each.
    """
    for index, route in enumerate(routes[:CHUNK_ROUTES]):
        if route.kind == "page":
            return routes[: index + 1]
    return routes[:CHUNK_ROUTES]


def _render_chunk(bounds: tuple[int, int]) -> tuple[list[tuple], list[dict]]:
    """Render and stage a slice of routes; the results are plain values, so they always unpickle.

    (A value of a ``str`` subclass, such as a YAML string that remembers its
    position, would fail in the parent's result thread and hang the pool.)
    """
    assert _worker_state is not None
    renderer, routes, sink = _worker_state
    errors: list[Diagnostic] = []
    outputs = []
    for output in renderer.render_all(routes[bounds[0] : bounds[1]], errors):
        noted = sink(output)
        deps = tuple((str(kind), str(name)) for kind, name in output.deps)
        outputs.append((str(output.output), str(output.copy_from) if output.copy_from else None, deps, noted))
    renderer.cache.flush_shard()  # what this chunk made, for the parent to save
    return outputs, [_plain_diagnostic(d) for d in errors]


def _plain_diagnostic(d: Diagnostic) -> dict:
    return {
        "path": str(d.path),
        "line": d.line,
        "col": d.col,
        "message": str(d.message),
        "severity": str(d.severity),
    }


class Progress:
    """A one-line progress bar on a terminal; silent when output is redirected."""

    def __init__(self, total: int, label: str = "Rendering", stream: Any = None):
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.shown = -1
        self.enabled = total > 0 and self.stream.isatty()

    def step(self, count: int = 1) -> None:
        self.done += count
        percent = self.done * 100 // self.total if self.total else 100
        if self.enabled and percent != self.shown:
            self.shown = percent
            bar = "#" * (percent * 30 // 100)
            self.stream.write(f"\r{self.label} [{bar:<30}] {self.done:,}/{self.total:,} pages")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (len(self.label) + 60) + "\r")
            self.stream.flush()
