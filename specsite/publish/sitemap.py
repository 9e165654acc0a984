"""Site furniture for hosts and crawlers: ``sitemap.xml``, ``robots.txt`` and ``.nojekyll``.

A sitemap needs absolute URLs, so it is only written when the base URL is
known (``base_url`` in site.yml or ``--base-url``); otherwise the build says
so in a note, not a warning, so that ``--strict`` builds without one pass.
A project that ships its own ``robots.txt`` or ``sitemap.xml`` in
``site_src/`` keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape  # xml.sax.saxutils' would import urllib.request into every build
from urllib.parse import quote

from ..engine import builder, plan, render
from ..engine.errors import Diagnostic
from ..engine.plan import Route
from ..engine.project import Inputs
from ..engine.templating import SERVED_ANYWHERE

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
# GitHub Pages runs Jekyll on the upload unless told not to, which hides
# files and folders whose names start with "_" or ".".
NOJEKYLL = ".nojekyll"


def furniture_routes(inputs: Inputs) -> Iterable[Route]:
    taken = {page.output for page in inputs.pages} | {static.output for static in inputs.statics}
    base_url = inputs.config.base_url
    if base_url and SITEMAP not in taken:
        yield Route("/" + SITEMAP, SITEMAP, "sitemap", None, "", base_url)
    if ROBOTS not in taken:
        yield Route("/" + ROBOTS, ROBOTS, "bytes", None, "", robots_txt(base_url))
    yield Route("/" + NOJEKYLL, NOJEKYLL, "bytes", None, "", b"")


def robots_txt(base_url: str | None) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {absolute_url(base_url, '/' + SITEMAP)}")
    return ("\n".join(lines) + "\n").encode()


def absolute_url(base_url: str, url: str) -> str:
    """``url`` (a site path) under ``base_url``, percent-encoded as a sitemap requires."""
    return base_url.rstrip("/") + quote(url, safe="/~-._!$'()*+,;=:@")


def sitemap_urls(routes: Iterable[Route]) -> list[str]:
    """The URLs of every HTML page, except those a host serves in place of missing ones."""
    return sorted(
        route.url for route in routes if route.output.endswith(".html") and route.url not in SERVED_ANYWHERE
    )


def render_sitemap(renderer: render.Renderer, route: Route) -> bytes:
    base_url: str = route.payload
    entries = "".join(
        f"  <url><loc>{escape(absolute_url(base_url, url), quote=False)}</loc></url>\n"
        for url in sitemap_urls(renderer.plan.routes)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    ).encode()


def missing_base_url(finished: builder.Finished) -> list[Diagnostic]:
    config = finished.inputs.config
    if config.base_url:
        return []
    message = (
        "sitemap.xml was not written because the site's base URL is unknown;"
        " set 'base_url' in site.yml or pass --base-url"
    )
    return [Diagnostic(config.source or "site.yml", 0, 0, message, "note")]


plan.GENERATORS.append(furniture_routes)
render.RENDERERS["sitemap"] = render_sitemap
builder.FINISHERS.append(missing_base_url)
