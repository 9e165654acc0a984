"""The version switcher, the banner on older versions, and the marks on event type and operation pages.

Pages of the latest version get their switcher when they render. Pages of
an older version are built (and cached) before the others are known, so they
hold placeholders that ``fill_placeholders`` replaces when the site is put
together, with links to the same page in every version where it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from ..engine.templating import SERVED_ANYWHERE, current_url
from ..engine.urls import relative_url
from .plug import KEY, building
from .versions import Lineage, Versions, versions_of

TEMPLATE = "partials/versions.html"
SWITCHER_SLOT = "<!--specsite:version-switcher-->"


@dataclass(frozen=True)
class VersionLink:
    label: str
    href: str
    current: bool
    latest: bool


def versions_for(site: Any) -> Versions | None:
    """The versions of the site being built at the root, or ``None`` (no ``versions:``, or an older one)."""
    setting = getattr(site, "settings", {}).get(KEY)
    if setting is None or building() is not None:
        return None
    return versions_of(setting, site.base_url)


def same_page(url: str, prefix: str, urls: frozenset[str]) -> str:
    """``url`` in the version published under ``prefix``, or that version's home when it has no such page."""
    return prefix + url.lstrip("/") if url in urls else prefix


def links(versions: Versions, url: str, current: str, latest_urls: frozenset[str]) -> list[VersionLink]:
    """One link per version from the page ``url`` (relative to its version's root)."""
    found = [
        VersionLink(
            versions.latest.label, same_page(url, "/", latest_urls), current == versions.latest.label, True
        )
    ]
    for site in versions.older:
        target = same_page(url, site.release.prefix, site.urls)
        found.append(VersionLink(site.release.label, target, current == site.release.label, False))
    return found


def render_switcher(env: jinja2.Environment, found: list[VersionLink], here: str, css: str) -> Markup:
    """The switcher's HTML for the page published at the site path ``here`` (links made relative to it)."""
    relative = [VersionLink(v.label, relative_url(v.href, here), v.current, v.latest) for v in found]
    current = next(v for v in relative if v.current)
    latest = relative[0]
    html = env.get_template(TEMPLATE).render(versions=relative, current=current, latest=latest, css=css)
    return Markup(html)


@jinja2.pass_context
def version_switcher(context: jinja2.runtime.Context) -> Markup:
    if building() is not None:
        return Markup(SWITCHER_SLOT)
    versions = versions_for(context.get("site"))
    url = current_url()
    if versions is None or url in SERVED_ANYWHERE:
        return Markup("")
    # The latest version's own pages: every one of them exists, so the link is the page itself.
    found = links(versions, url, versions.latest.label, frozenset({url}))
    css = relative_url("/assets/history.css", url)
    return render_switcher(context.environment, found, url, css)


@jinja2.pass_context
def history_mark(context: jinja2.runtime.Context, kind: str, name: str, namespace: str = "event") -> Markup:
    """The "Added in v2" / "Changed in v3" marks of an event type or an operation."""
    lineage = building()
    is_latest = lineage is None
    if lineage is None:
        versions = versions_for(context.get("site"))
        if versions is None:
            return Markup("")
        lineage = versions.lineage()
    chain = _chain(lineage, context.get("specs"), is_latest)
    from .changes import Subject
    from .timeline import mark_for

    mark = mark_for(chain, Subject(kind, namespace, name))
    return Markup(
        context.environment.get_template("partials/history_mark.html").render(
            added=_words(mark.added), changed=_words(mark.changed)
        )
    )


# One build renders many pages over one model: its chain is worked out once.
_chains: dict[tuple[Lineage, bool], tuple[Any, list]] = {}


def _chain(lineage: Lineage, specs: Any, is_latest: bool) -> list:
    from .timeline import steps

    cached = _chains.get((lineage, is_latest))
    if cached is None or cached[0] is not specs:
        cached = (specs, steps(lineage, specs, is_latest))
        _chains.clear()  # the previous build's model is not needed again
        _chains[(lineage, is_latest)] = cached
    return cached[1]


def _words(label: str | None) -> str | None:
    from .timeline import UNRELEASED

    if label is None:
        return None
    return "(unreleased)" if label == UNRELEASED else f"in {label}"
