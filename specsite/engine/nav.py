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
    more = False  # not a "N more" gap (see ``More``)


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
# In such a large nav, a list longer than this (the sections, or the pages of
# the open section) is windowed: its first and last entries, the ones around
# the current page, and "N more" links to the contents page for the rest. So
# a page's sidebar stays the same size whether the site has 100 or 100,000 pages.
WINDOW_LIMIT = 40
WINDOW_RADIUS = 5


@dataclass(frozen=True)
class More:
    """Entries a windowed list leaves out: how many, and where the contents page lists them."""

    count: int
    url: str
    more = True  # templates tell a gap from a link by this


@dataclass(frozen=True)
class ShownSection:
    """One section as a page's sidebar shows it."""

    section: NavSection
    open: bool  # its pages are listed (not only its title)
    is_ref: bool  # it links into the API reference, whose service pages nest under it
    entries: tuple[NavItem | More, ...]  # the pages listed, windowed when many
    more = False


@dataclass(frozen=True)
class Nav:
    """The sidebar. Reading it makes a page depend on it (titles and order of pages)."""

    _sections: tuple[NavSection, ...] = field(default=())
    # The generated page that lists every section and page; set when the nav is windowed.
    contents_url: str | None = None

    @property
    def sections(self) -> tuple[NavSection, ...]:
        deps.record("nav", "")
        return self._sections

    @cached_property
    def _section_of(self) -> dict[str, int]:
        return {item.url: i for i, s in reversed(list(enumerate(self._sections))) for item in s.items}

    @cached_property
    def _item_index(self) -> tuple[dict[str, int], ...]:
        """Per section, each URL's first position in it."""
        return tuple({item.url: i for i, item in reversed(list(enumerate(s.items)))} for s in self._sections)

    @cached_property
    def _flat(self) -> tuple[NavItem, ...]:
        return tuple(item for s in self._sections for item in s.items if not item.external)

    @cached_property
    def _flat_index(self) -> dict[str, int]:
        return {item.url: i for i, item in reversed(list(enumerate(self._flat)))}

    @cached_property
    def _reference_sections(self) -> dict[str, int | None]:
        return {}

    @cached_property
    def size(self) -> int:
        return sum(len(section.items) for section in self._sections)

    @property
    def large(self) -> bool:
        """Whether pages list only their own section (and long lists are windowed)."""
        return self.size > FULL_NAV_LIMIT

    @cached_property
    def windowed(self) -> bool:
        """Whether some page's sidebar leaves entries out, so the contents page is needed."""
        lengths = [len(self._sections), *(len(s.items) for s in self._sections)]
        return self.large and max(lengths) > WINDOW_LIMIT

    def is_open(self, section: NavSection, url: str) -> bool:
        """Whether the sidebar of the page at ``url`` lists ``section``'s pages (for project templates)."""
        if not self.large:
            return True
        index = _nearest(url, self._section_of)
        return index is not None and self._sections[index] is section

    def reference_section(self, prefix: str) -> int | None:
        """The first section that links to a page under ``prefix`` (the API reference), if any."""
        cache = self._reference_sections
        if prefix not in cache:
            cache[prefix] = next(
                (
                    i
                    for i, s in enumerate(self._sections)
                    if any(not item.external and item.url.startswith(prefix) for item in s.items)
                ),
                None,
            )
        return cache[prefix]

    def sidebar(self, url: str | bool, reference_url: str = "") -> tuple[ShownSection | More, ...]:
        """The sections as the sidebar of the page at ``url`` shows them.

        ``reference_url`` is given on API reference pages: the section that
        links into the reference is then open too.
        """
        deps.record("nav", "")
        ref = self.reference_section(reference_url) if reference_url else None
        current = _nearest(url, self._section_of)
        keep = {i for i in (current, ref) if i is not None}
        centre = current if current is not None else ref
        shown: list[ShownSection | More] = []
        for index in self._window(len(self._sections), centre, keep):
            if isinstance(index, More):
                shown.append(index)
                continue
            section = self._sections[index]
            is_ref = index == ref
            # An untitled section (the pages at the top of the folders) has no title to link instead.
            opened = is_ref or not self.large or index == current or not section.title
            entries = self._entries(index, url) if opened else ()
            shown.append(ShownSection(section, opened, is_ref, entries))
        return tuple(shown)

    def _entries(self, index: int, url: str | bool) -> tuple[NavItem | More, ...]:
        items = self._sections[index].items
        centre = _nearest(url, self._item_index[index])
        return tuple(
            entry if isinstance(entry, More) else items[entry]
            for entry in self._window(len(items), centre, set(), index)
        )

    def _window(self, length: int, centre: int | None, keep: set[int], section: int | None = None) -> list:
        """Positions ``0 … length-1``, or when windowed those kept, with ``More`` for each gap."""
        if not self.large or length <= WINDOW_LIMIT:
            return list(range(length))
        centre = 0 if centre is None else centre
        kept = {0, length - 1, *keep}
        kept.update(range(max(0, centre - WINDOW_RADIUS), min(length, centre + WINDOW_RADIUS + 1)))
        # A gap of one is shown as the entry itself: a "1 more" link would take as much room.
        kept.update([p + 1 for p in kept if p + 2 in kept and p + 1 not in kept])
        shown: list = []
        previous = -1
        for position in sorted(kept):
            if position > previous + 1:
                # A gap of sections goes to the first one left out; a gap of pages to their section.
                anchor = section if section is not None else previous + 1
                shown.append(More(position - previous - 1, f"{self.contents_url}#{contents_anchor(anchor)}"))
            shown.append(position)
            previous = position
        return shown

    def anchor(self, section: int) -> str:
        """The id of the ``section``-th section (from 0) on the contents page."""
        return contents_anchor(section)

    def neighbours(self, url: str) -> tuple[NavItem | None, NavItem | None]:
        """The previous and next internal pages around ``url``, in nav order."""
        deps.record("nav", "")
        index = self._flat_index.get(url)
        if index is None:
            return None, None
        flat = self._flat
        prev = flat[index - 1] if index > 0 else None
        nxt = flat[index + 1] if index + 1 < len(flat) else None
        return prev, nxt


def _nearest(url: str | bool, positions: dict[str, int]) -> int | None:
    """The position of ``url``, or else of the nearest page above it (a service above its operations)."""
    if not isinstance(url, str):  # a ``permalink: false`` page is rendered, never published
        return None
    path = url
    while path not in positions:
        if path.count("/") <= 2:  # the home page is above everything: it says nothing
            return None
        path = path[: path.rstrip("/").rfind("/") + 1]
    return positions[path]


def contents_anchor(section: int) -> str:
    """The id of a section's list on the contents page."""
    return f"section-{section + 1}"


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
