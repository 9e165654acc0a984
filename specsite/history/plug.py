"""What the engine calls into the history feature, light enough to load in every build.

Most sites have no ``versions:`` in site.yml, and for them every hook here
answers at once. The version machinery (the setting's reader, the older
builds, the switcher, the changelog and the diff behind it) is imported only
for a site that has versions, or while an older version builds: a small
build does not pay for its imports (issue 15, fixed costs).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from ..engine.render import SiteInfo

if TYPE_CHECKING:
    from ..engine.builder import Finished
    from ..engine.errors import Diagnostic, Pos, Report
    from ..engine.plan import Route
    from ..engine.project import Inputs
    from ..engine.render import Renderer
    from .setting import VersionsSetting
    from .versions import Lineage

KEY = "versions"  # in site.yml
KIND = "changelog"  # the route of /changelog/
BANNER_SLOT = "<!--specsite:version-banner-->"

# Set while an older version builds: its pages leave placeholders for the
# switcher, filled in when the site is put together, and have no changelog.
_building: ContextVar[Lineage | None] = ContextVar("specsite_building_version", default=None)


def building() -> Lineage | None:
    return _building.get()


def _plain(site: Any) -> bool:
    """True for the pages of a site without versions: no switcher, no marks, no changelog, no copies."""
    return building() is None and getattr(site, "settings", {}).get(KEY) is None


def read_versions(value: Any, pos: Pos, report: Report, root: Path) -> VersionsSetting | None:
    from .setting import read_versions as read

    return read(value, pos, report, root)


def changelog_routes(inputs: Inputs) -> Iterable[Route]:
    if _plain(SiteInfo.of(inputs.config)):
        return ()
    from .changelog import changelog_routes as routes

    return routes(inputs)


def render_changelog(renderer: Renderer, route: Route) -> bytes:
    from .changelog import render_changelog as render

    return render(renderer, route)


def add_older_versions(finished: Finished) -> list[Diagnostic]:
    if _plain(SiteInfo.of(finished.inputs.config)):
        return []
    from .combine import add_older_versions as add

    return add(finished)


@jinja2.pass_context
def version_switcher(context: jinja2.runtime.Context) -> Markup:
    if _plain(context.get("site")):
        return Markup("")
    from .switcher import version_switcher as switcher

    return switcher(context)


def version_banner() -> Markup:
    # Only older versions have a banner; theirs is filled in with the switcher.
    return Markup(BANNER_SLOT) if building() is not None else Markup("")


@jinja2.pass_context
def history_mark(context: jinja2.runtime.Context, kind: str, name: str, namespace: str = "event") -> Markup:
    """The "Added in v2" / "Changed in v3" marks of an event type or an operation."""
    if _plain(context.get("site")):
        return Markup("")
    from .switcher import history_mark as mark

    return mark(context, kind, name, namespace)


def register(env: jinja2.Environment) -> None:
    env.globals.update(
        version_switcher=version_switcher, version_banner=version_banner, history_mark=history_mark
    )
