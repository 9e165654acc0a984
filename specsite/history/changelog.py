"""``/changelog/``: the spec changes version by version, breaking ones first, each linked to its page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..engine.plan import Route
from ..engine.project import Inputs
from ..engine.render import PageInfo, Renderer, SiteInfo
from .plug import KIND
from .switcher import versions_for
from .versions import Release, Versions

# The timeline and index modules are imported where they are used: a site without
# ``versions:`` builds without the diff machinery (issue 15, fixed costs).
if TYPE_CHECKING:
    from .changes import Change
    from .timeline import Step

URL = "/changelog/"
TEMPLATE = "changelog.html"


def changelog_routes(inputs: Inputs) -> Iterable[Route]:
    if versions_for(SiteInfo.of(inputs.config)) is not None:
        yield Route(URL, "changelog/index.html", KIND, inputs.config.source, "Changelog")


@dataclass(frozen=True)
class Item:
    change: Change
    href: str | None  # site path of the thing's page, in the version where it exists


@dataclass(frozen=True)
class Section:
    label: str
    unreleased: bool
    items: tuple[Item, ...]

    @property
    def breaking(self) -> int:
        return sum(item.change.breaking for item in self.items)


def sections(versions: Versions, chain: list[Step], latest_subjects: dict[str, str]) -> list[Section]:
    """Newest first; within a version, breaking changes first (``diff_specs`` orders them so)."""
    from .timeline import UNRELEASED

    where = {site.release.label: (site.release.prefix, site.subjects) for site in versions.older}
    found = []
    for step in reversed(chain):
        items = tuple(Item(c, _href(c, step, where, latest_subjects)) for c in step.changes)
        found.append(Section(step.label, step.label == UNRELEASED, items))
    return found


def _href(change: Change, step: Step, where: dict, latest: dict[str, str]) -> str | None:
    from .index import key

    if change.subject is None:
        return None
    wanted = key(change.subject)
    for release in (step.newer, step.older):
        prefix, subjects = _pages_of(release, where, latest)
        if wanted in subjects:
            return prefix.rstrip("/") + subjects[wanted]
    return None


def _pages_of(release: Release | None, where: dict, latest: dict[str, str]) -> tuple[str, dict[str, str]]:
    # The latest release and the working tree are both shown at the site root.
    if release is None or release.label not in where:
        return "/", latest
    return where[release.label]


def render_changelog(renderer: Renderer, route: Route) -> bytes:
    from .index import subjects_of
    from .timeline import steps

    versions = versions_for(renderer.site)
    assert versions is not None  # the route exists only on versioned sites
    specs = renderer.inputs.specs
    chain = steps(versions.lineage(), specs, is_latest=True)
    found = sections(versions, chain, subjects_of(renderer.plan, specs))
    oldest = versions.older[-1].release.label if versions.older else versions.latest.label
    page = PageInfo(route.url, route.title, source=route.source)
    context = {**renderer.base_context(page), "sections": found, "oldest": oldest, "toc": []}
    return renderer.env.get_template(TEMPLATE).render(context).encode()
