"""Site navigation, built from ``site.yml`` or, without one, from the folder layout."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from . import deps
from .config import NavLink, NavSectionConfig
from .errors import Report, did_you_mean
from .pages import Page
from .urls import is_external


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    external: bool = False


@dataclass(frozen=True)
class NavSection:
    title: str
    items: tuple[NavItem, ...]

    def contains(self, url: str) -> bool:
        return any(item.url == url for item in self.items)


NAV_SCHEMES = ("http", "https", "mailto")

# Past this many links the sidebar lists only the current section's pages:
# listing every page on every page makes a large site quadratic to build.
FULL_NAV_LIMIT = 80


@dataclass(frozen=True)
class Nav:
    """The sidebar. Reading it makes a page depend on it (titles and order of pages)."""

    _sections: tuple[NavSection, ...] = field(default=())

    @property
    def sections(self) -> tuple[NavSection, ...]:
        deps.record("nav", "")
        return self._sections

    @cached_property
    def _section_of(self) -> dict[str, int]:
        return {item.url: i for i, s in reversed(list(enumerate(self._sections))) for item in s.items}

    @cached_property
    def size(self) -> int:
        return sum(len(section.items) for section in self._sections)

    def is_open(self, section: NavSection, url: str) -> bool:
        """Whether the sidebar of the page at ``url`` lists ``section``'s pages."""
        if self.size <= FULL_NAV_LIMIT:
            return True
        index = self._section_of.get(url)
        return index is not None and self._sections[index] is section

    def neighbours(self, url: str) -> tuple[NavItem | None, NavItem | None]:
        """The previous and next internal pages around ``url``, in nav order."""
        flat = [item for s in self.sections for item in s.items if not item.external]
        for index, item in enumerate(flat):
            if item.url == url:
                prev = flat[index - 1] if index > 0 else None
                nxt = flat[index + 1] if index + 1 < len(flat) else None
                return prev, nxt
        return None, None


def from_config(
    sections: Iterable[NavSectionConfig], pages: list[Page], urls: set[str], report: Report
) -> Nav:
    by_rel = {page.rel: page for page in pages}
    by_url = {page.url: page for page in pages}
    built = []
    for section in sections:
        links = (_resolve(link, by_rel, by_url, urls, report) for link in section.links)
        built.append(NavSection(section.title, tuple(item for item in links if item)))
    return Nav(tuple(built))


def _resolve(
    link: NavLink, by_rel: dict[str, Page], by_url: dict[str, Page], urls: set[str], report: Report
) -> NavItem | None:
    target = link.target
    if is_external(target):
        scheme = target.split(":", 1)[0].lower() if not target.startswith("//") else ""
        if scheme not in NAV_SCHEMES:
            # A 'javascript:' link in the sidebar would run script on every page.
            message = f"nav: links to other sites start with http:, https: or mailto:, not {target!r}"
            report.error(link.pos, message)
            return None
        return NavItem(link.title or target, target, external=True)
    if target.startswith("/"):
        page = by_url.get(target)
        if page is None and target not in urls:
            report.error(link.pos, f"nav: no page has the URL '{target}'{did_you_mean(target, urls)}")
            return None
        return NavItem(link.title or (page.nav_title if page else target), target)
    page = by_rel.get(target.removeprefix("./"))
    if page is None:
        report.error(link.pos, f"nav: no page 'site_src/{target}'{did_you_mean(target, by_rel)}")
        return None
    return NavItem(link.title or page.nav_title, page.url)


def from_folders(pages: list[Page]) -> Nav:
    """One section per top-level folder; pages at the top come first, untitled."""
    folders: dict[str, list[Page]] = {}
    for page in pages:
        if page.url == "/404.html":
            continue
        top = page.rel.split("/", 1)[0] if "/" in page.rel else ""
        folders.setdefault(top, []).append(page)
    sections = []
    for top in sorted(folders, key=lambda name: (name != "", name)):
        members = sorted(folders[top], key=lambda p: (not p.rel.endswith("index.md"), p.order, p.nav_title))
        index = next((p for p in members if p.rel == f"{top}/index.md"), None)
        title = index.title if index else top.replace("-", " ").replace("_", " ").capitalize()
        sections.append(NavSection(title, tuple(NavItem(p.nav_title, p.url) for p in members)))
    return Nav(tuple(sections))
