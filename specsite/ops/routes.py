"""Reference pages in the plan, and how each one renders.

Every operation of every service gets one page per view, each service an
index, and the reference a list of services. The sidebar of an operation
page lists the operations of its own service only, rendered once per service
and view and reused by every page of it: a sidebar of the whole reference on
every page would make the site grow with the square of its size. A service
with many operations gets a window of them around the current page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from markupsafe import Markup, escape

from ..engine import deps, nav
from ..engine.plan import Route
from ..engine.project import Inputs
from ..engine.render import PageInfo, Renderer
from ..engine.urls import output_for_url, relative_url
from . import cliopts, frames, pagers
from .aws import aws_services
from .contexts import (
    VIEW_LABELS,
    VIEWS,
    call_name,
    cli_context,
    has_view,
    js_context,
    op_url,
    python_context,
    service_url,
    tabs,
    views_of,
)
from .model import Operation, Paginator, Service, Waiter
from .resolve import referenced_namespaces, shape_source

KIND = "reference"
ROOT_URL = "/reference/"
CONTEXTS = {"cli": cli_context, "python": python_context, "js": js_context}
# The views generated for every operation, in the order of their tabs. A
# registry like the others: the botocore benchmark builds the two that the
# AWS SDK generators it is compared with produce.
BUILT_VIEWS: list[str] = list(VIEWS)

T = TypeVar("T")


@dataclass(frozen=True)
class RefPage:
    """What a reference route shows: the list of services, one service, or one view of an operation."""

    services: tuple[Service, ...] = ()
    service: Service | None = None
    operation: Operation | None = None
    view: str = ""
    pager: Paginator | Waiter | None = None  # boto3's paginator and waiter pages


def services_of(inputs: Inputs) -> tuple[Service, ...]:
    """Services from ``specs/`` and from botocore, by name."""
    from_specs = inputs.specs.of_kind("operations")
    from_aws = aws_services(inputs.config, inputs.project.config_path)
    return tuple(sorted([*from_specs, *from_aws], key=lambda s: s.name))


def reference_routes(inputs: Inputs) -> Iterator[Route]:
    services = services_of(inputs)
    if not services:
        return
    yield _route(ROOT_URL, None, "API reference", RefPage(services=services))
    for service in services:
        yield from service_routes(service, BUILT_VIEWS)


def service_routes(service: Service, views: Iterable[str]) -> Iterator[Route]:
    source = service.source or "site.yml"
    yield _route(service_url(service), source, service.title, RefPage(service=service))
    for op in service.operations:
        for view in views_of(service, op, views):
            title = f"{call_name(service, op, view)} ({VIEW_LABELS[view]})"
            yield _route(
                op_url(service, op, view), source, title, RefPage(service=service, operation=op, view=view)
            )
    if "python" in views:
        yield from _pager_routes(service, source)


def _pager_routes(service: Service, source: str) -> Iterator[Route]:
    """One page per paginator and per waiter, when boto3 has the operation behind it."""
    base, cls = service_url(service), service.naming.python_class
    for op in service.operations:
        if op.name in service.paginators and has_view(service, op, "python"):
            page = RefPage(service=service, operation=op, view="python", pager=service.paginators[op.name])
            yield _route(pagers.paginator_url(base, op), source, f"{cls}.Paginator.{op.name}", page)
    names = {op.name for op in service.operations if has_view(service, op, "python")}
    for waiter in service.waiters:
        if waiter.operation in names:
            page = RefPage(
                service=service, operation=service.operation(waiter.operation), view="python", pager=waiter
            )
            yield _route(pagers.waiter_url(base, waiter), source, f"{cls}.Waiter.{waiter.name}", page)


def _route(url: str, source: str | None, title: str, page: RefPage) -> Route:
    return Route(url, output_for_url(url), KIND, source, title, page)


def render_reference(renderer: Renderer, route: Route) -> bytes:
    page: RefPage = route.payload
    if page.service is None:
        listed = tuple((service, service_url(service)) for service in page.services)
        context = {"services": listed, "reference_url": ROOT_URL}
        return _render(renderer, route, "reference/index.html", context, "")
    if page.service.origin != "botocore":
        deps.record("spec", page.service.name)  # it was read from specs/
    # Resolved once per process (see ShapeSource), so recorded on every page here.
    for namespace in referenced_namespaces(page.service):
        deps.record("spec", namespace)
    if page.pager is not None:
        return _render_pager(renderer, route, page.service, page)
    if page.operation is None:
        context = _service_context(page.service)
        return _render(renderer, route, "reference/service.html", context, _summary(page.service))
    return _render_operation(renderer, route, page.service, page.operation, page.view)


def _render_pager(renderer: Renderer, route: Route, service: Service, page: RefPage) -> bytes:
    source = shape_source(service, renderer.inputs.specs)
    if isinstance(page.pager, Paginator):
        extra = pagers.paginator_context(service, page.pager, source)
    else:
        extra = pagers.waiter_context(service, page.pager, source)
    context = {
        "service": service,
        "view": "python",
        "title": route.title,
        "class_name": service.naming.python_class,
        "operation_url": op_url(service, extra["operation"], "python"),
        "method": call_name(service, extra["operation"], "python"),
        "service_url": service_url(service),
        "reference_url": ROOT_URL,
        **extra,
    }
    page_bytes = _render_framed(renderer, route, "reference/python_pager.html", context, "", _group(page))
    return cross_references(renderer.env, page_bytes, service, "python", route.url)


def _render_operation(renderer: Renderer, route: Route, service: Service, op: Operation, view: str) -> bytes:
    source = shape_source(service, renderer.inputs.specs)
    context = {
        "service": service,
        "operation": op,
        "view": view,
        "tabs": tabs(service, op, view, BUILT_VIEWS),
        "service_url": service_url(service),
        "reference_url": ROOT_URL,
        "sidebar": sidebar(renderer, service, view, op),
        **CONTEXTS[view](service, op, source),
    }
    # Fragments cached across pages are recorded on each page that shows them.
    deps.record("template", "reference/sidebar.html")
    if view == "cli":
        deps.record("template", "reference/cli_options.html")
        shown = context["aws_options"]
        options = _cli_options(renderer.env) if shown else ("", "")
        context["cli_input_options"], context["cli_global_options"] = options
    uid = service.meta.get("uid")
    if uid:
        # Both the CLI's help and boto3's reference end the description with this link.
        context["see_also"] = f"https://docs.aws.amazon.com/goto/WebAPI/{uid}/{op.name}"
    template = f"reference/{view}.html"
    page = _render_framed(renderer, route, template, context, op.summary, _group(route.payload))
    return cross_references(renderer.env, page, service, view, route.url)


# Service documentation names other operations as ``<a>GetRecords</a>``, a link with no target.
_BARE_LINK = re.compile(rb"<a>([^<>]*)</a>")


def cross_references(env: Any, page: bytes, service: Service, view: str, url: str) -> bytes:
    """Bare links to an operation of the service point at its page in this view; others become text."""
    if b"<a>" not in page:
        return page
    targets = _link_targets(env, service, view)

    def link(match: re.Match[bytes]) -> bytes:
        name = match.group(1).decode()
        target = targets.get(name)
        if target is None:
            return match.group(1)
        return f'<a href="{relative_url(target, url)}">{name}</a>'.encode()

    return _BARE_LINK.sub(link, page)


def _link_targets(env: Any, service: Service, view: str) -> dict[str, str]:
    def make() -> dict[str, str]:
        listed = (op for op in service.operations if has_view(service, op, view))
        return {op.name: op_url(service, op, view) for op in listed}

    return _per_build(env, "link_targets", (service, view), make)


def _per_build(env: Any, name: str, key: Any, make: Callable[[], T]) -> T:
    """``make()``, kept under ``key`` as long as the build's environment lives.

    Not a module-level ``lru_cache``: keyed by environments or services, it kept
    earlier builds (their specs, templates and pages' values) alive in a
    long-running ``specsite serve``. Pages come grouped by service, so a few
    entries are enough (the whole botocore has 400 services in three views).
    """
    table: dict[Any, Any] = env.__dict__.setdefault(f"_specsite_{name}", {})
    if key not in table:
        if len(table) >= PER_BUILD_ENTRIES:
            del table[next(iter(table))]  # the oldest
        table[key] = make()
    return table[key]


PER_BUILD_ENTRIES = 64


def _render(
    renderer: Renderer, route: Route, template: str, extra: dict[str, Any], description: str
) -> bytes:
    info = PageInfo(route.url, route.title, description, route.source)
    context = {**renderer.base_context(info), **extra}
    return renderer.env.get_template(template).render(context).encode()


def _render_framed(
    renderer: Renderer, route: Route, template: str, extra: dict[str, Any], description: str, group: tuple
) -> bytes:
    """Like ``_render``, with the layout around the template's own blocks shared by ``group`` (frames.py)."""
    env = renderer.env
    if _overridden(env, renderer.inputs.project.templates_dir):
        # A frame is checked against two whole pages; a project's own layout could still
        # print something that differs only on later pages, so its pages render whole.
        return _render(renderer, route, template, extra, description)
    if _group_sizes(renderer)[group] <= frames.CHECKED_PAGES:
        # Every page of so small a group would be rendered whole anyway, to check its frame.
        return _render(renderer, route, template, extra, description)
    sidebar = extra.get("sidebar")
    nav_key = _nav_key(renderer, route.url)
    # Pages in one folder link to everything outside it with the same relative URLs.
    folder = route.url.rstrip("/").rsplit("/", 1)[0]
    key = (template, *group, folder, bool(description), sidebar is not None, nav_key)
    values = {
        "title": frames.escaped(route.title),
        "description": frames.escaped(description),
        "url": route.url,
    }
    if sidebar is not None:
        values["sidebar"] = str(sidebar)

    def whole() -> str:
        return _render(renderer, route, template, extra, description).decode()

    def frame_of() -> frames.Frame | None:
        if frames.escaped(route.url) != route.url:
            return None
        page_template = env.get_template(template)
        derived = env.from_string(frames.derived_source(template, tuple(page_template.blocks)))
        marked = {**extra}
        if sidebar is not None:
            marked["sidebar"] = frames.sentinel_markup("sidebar")
        info = PageInfo(
            route.url, frames.hole("title"), frames.hole("description") if description else "", route.source
        )
        rendered = derived.render({**renderer.base_context(info), **marked})
        return frames.cut(rendered, route.url, frozenset())

    def blocks(names: tuple[str, ...]) -> dict[str, str]:
        info = PageInfo(route.url, route.title, description, route.source)
        context = {**renderer.base_context(info), **extra}
        return frames.render_blocks(env.get_template(template), context, names)

    found = _per_build(env, "frames", None, frames.Frames)
    return found.render(key, route.url, whole, frame_of, blocks, values).encode()


def _group(page: RefPage) -> tuple[str, str]:
    """The pages that share frames: a service's operations in one view, or its pager pages."""
    assert page.service is not None
    return ("python_pager" if page.pager is not None else page.view, page.service.name)


def _group_sizes(renderer: Renderer) -> Counter[tuple[str, str]]:
    def count() -> Counter[tuple[str, str]]:
        pages = (route.payload for route in renderer.plan.routes if route.kind == KIND)
        return Counter(_group(page) for page in pages if page.operation is not None or page.pager is not None)

    return _per_build(renderer.env, "group_sizes", None, count)


def _overridden(env: Any, templates_dir: Path) -> bool:
    """Whether the project has templates of its own (which may replace the theme's layouts).

    Looked up once per build (its environment): the dev server's next build looks again.
    """
    return _per_build(
        env,
        "own_templates",
        None,
        lambda: templates_dir.is_dir() and any(path.is_file() for path in templates_dir.rglob("*")),
    )


def _nav_key(renderer: Renderer, url: str) -> object:
    """What the site's sidebar shows at ``url``: pages that differ here get frames of their own."""
    shown = renderer.plan.nav.sidebar(url, ROOT_URL)
    listed = any(
        getattr(entry, "url", None) == url
        for section in shown
        if not section.more
        for entry in section.entries
    )
    return shown, listed


def _cli_options(env: Any) -> tuple[Markup, Markup]:
    """The AWS command line's own options: the same on every page, so rendered once."""

    def make() -> tuple[Markup, Markup]:
        module = env.get_template("reference/cli_options.html").module
        return module.input_options(cliopts.INPUT_OPTIONS), module.global_options(cliopts.GLOBAL_OPTIONS)

    return _per_build(env, "cli_options", None, make)


def _summary(service: Service) -> str:
    return service.doc.summary() if service.doc else ""


@dataclass(frozen=True)
class OperationLink:
    name: str
    summary: str
    urls: tuple[tuple[str, str, str], ...]  # (view, label, url)


def _service_context(service: Service) -> dict[str, Any]:
    operations = tuple(
        OperationLink(
            op.name,
            op.summary,
            tuple((v, VIEW_LABELS[v], op_url(service, op, v)) for v in views_of(service, op, BUILT_VIEWS)),
        )
        for op in sorted(service.operations, key=lambda o: o.name.lower())
    )
    return {
        "service": service,
        "operations": operations,
        "reference_url": ROOT_URL,
        "service_url": service_url(service),
    }


def sidebar(renderer: Renderer, service: Service, view: str, op: Operation) -> Markup:
    """The service's operations in this view, the current one marked; a long list windowed.

    A service of more than ``WINDOW_LIMIT`` operations lists its first and
    last, the ones around the current page, and for each gap an "N more
    operations" link to the first left-out row of the service page, which
    lists them all. (EC2's 600 operations on each of its 1,200 pages were a
    third of the whole-botocore site's bytes.)
    """
    parts = _sidebar_parts(renderer.env, service, view)
    current = parts.index[op.name]
    pieces = []
    for position in _window(len(parts.plain), current):
        if isinstance(position, tuple):
            first, count = position
            pieces.append(parts.more(first, count))
        else:
            pieces.append(parts.marked[position] if position == current else parts.plain[position])
    return Markup("".join(pieces))


# The engine's navigation windows long lists by the same measures (engine/nav.py).
WINDOW_LIMIT = nav.WINDOW_LIMIT
WINDOW_RADIUS = nav.WINDOW_RADIUS


def _window(length: int, centre: int) -> list[int | tuple[int, int]]:
    """Positions to list; a gap is ``(first left out, how many)``. A gap of one is listed instead."""
    if length <= WINDOW_LIMIT:
        return list(range(length))
    kept = {0, length - 1, *range(max(0, centre - WINDOW_RADIUS), min(length, centre + WINDOW_RADIUS + 1))}
    kept.update([p + 1 for p in kept if p + 2 in kept and p + 1 not in kept])
    shown: list[int | tuple[int, int]] = []
    previous = -1
    for position in sorted(kept):
        if position > previous + 1:
            shown.append((previous + 1, position - previous - 1))
        shown.append(position)
        previous = position
    return shown


@dataclass(frozen=True)
class SidebarParts:
    """A service's sidebar entries in one view, made once: each plain and marked as the current page."""

    plain: tuple[str, ...]
    marked: tuple[str, ...]
    names: tuple[str, ...]  # the operations' model names, for the service page's row ids
    index: dict[str, int]
    service_href: str  # the service page, from any operation page of the view

    def more(self, first: int, count: int) -> str:
        href = f"{self.service_href}#op-{self.names[first]}"
        return f'<li class="nav-more"><a href="{escape(href)}">{count} more operations</a></li>'


def _sidebar_parts(env: Any, service: Service, view: str) -> SidebarParts:
    """Every operation page of a view is in the same folder, so they share the links."""
    return _per_build(env, "sidebar_parts", (service, view), lambda: _make_sidebar_parts(env, service, view))


def _make_sidebar_parts(env: Any, service: Service, view: str) -> SidebarParts:
    macro = env.get_template("reference/sidebar.html").module.entry
    listed = [op for op in service.operations if has_view(service, op, view)]
    # Relative to a sibling page, not to the first page itself: from there
    # the first page's own link would be "./", wrong on every other page.
    base = op_url(service, listed[0], view).rstrip("/").rsplit("/", 1)[0] + "/~sibling/"
    plain, marked = [], []
    for op in listed:
        href = relative_url(op_url(service, op, view), base)
        name = call_name(service, op, view)
        plain.append(str(macro(name, href, False)))
        marked.append(str(macro(name, href, True)))
    return SidebarParts(
        tuple(plain),
        tuple(marked),
        tuple(op.name for op in listed),
        {op.name: number for number, op in enumerate(listed)},
        relative_url(service_url(service), base),
    )
