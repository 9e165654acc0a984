"""The sidebar model: small sites list everything, large ones window long lists; neighbours."""

from __future__ import annotations

import re

from specsite.engine import nav as navigation
from specsite.engine.nav import More, Nav, NavItem, NavSection, ShownSection

RADIUS = navigation.WINDOW_RADIUS


def wide_nav(count: int) -> Nav:
    """``count`` sections of one page each, as one folder per page gives."""
    sections = [NavSection(f"Section {n}", (NavItem(f"Page {n}", f"/p{n}/"),)) for n in range(count)]
    return Nav(tuple(sections), contents_url="/contents/")


def long_nav(count: int) -> Nav:
    """A home page and one section of ``count`` pages."""
    items = tuple(NavItem(f"Page {n}", f"/big/p{n}/") for n in range(count))
    return Nav((NavSection("", (NavItem("Home", "/"),)), NavSection("Big", items)), contents_url="/contents/")


def sections_of(shown: tuple[ShownSection | More, ...]) -> list[str]:
    return [f"more {s.count}" if s.more else s.section.title for s in shown]


def titles(entries: tuple[NavItem | More, ...]) -> list[str]:
    return [f"more {e.count}" if e.more else e.title for e in entries]


def test_a_small_nav_lists_every_section_with_all_its_pages() -> None:
    nav = wide_nav(10)
    shown = nav.sidebar("/p3/")
    assert not nav.windowed
    assert sections_of(shown) == [f"Section {n}" for n in range(10)]
    assert all(s.open and s.entries == s.section.items for s in shown)


def test_a_wide_nav_shows_the_first_last_and_nearby_sections_and_counts_the_rest() -> None:
    nav = wide_nav(1000)
    assert nav.windowed
    shown = nav.sidebar("/p500/")
    nearby = [f"Section {n}" for n in range(500 - RADIUS, 500 + RADIUS + 1)]
    assert sections_of(shown) == ["Section 0", f"more {500 - RADIUS - 1}", *nearby, "more 493", "Section 999"]
    # Only the current section lists its pages; the others show a linked title.
    assert [s.section.title for s in shown if not s.more and s.open] == ["Section 500"]
    # Each gap links to the contents page at the first section it leaves out.
    assert shown[1].url == "/contents/#section-2"
    assert shown[-2].url == f"/contents/#section-{500 + RADIUS + 2}"


def test_a_page_outside_the_nav_sees_the_start_of_a_wide_nav() -> None:
    shown = wide_nav(1000).sidebar("/elsewhere/")
    assert sections_of(shown)[: RADIUS + 2] == [*(f"Section {n}" for n in range(RADIUS + 1)), "more 993"]
    assert not any(s.open for s in shown if not s.more)


def test_a_long_section_lists_the_pages_around_the_current_one() -> None:
    nav = long_nav(1000)
    home, big = nav.sidebar("/big/p700/")
    assert home.open and titles(home.entries) == ["Home"]  # untitled: nothing else would lead there
    nearby = [f"Page {n}" for n in range(700 - RADIUS, 700 + RADIUS + 1)]
    assert titles(big.entries) == ["Page 0", f"more {700 - RADIUS - 1}", *nearby, "more 293", "Page 999"]
    assert {e.url for e in big.entries if e.more} == {"/contents/#section-2"}


def test_a_gap_of_one_page_shows_the_page_instead() -> None:
    nav = long_nav(100)
    _, big = nav.sidebar(f"/big/p{RADIUS + 2}/")
    assert titles(big.entries)[: 2 * RADIUS + 4] == [*(f"Page {n}" for n in range(2 * RADIUS + 3)), "more 86"]


def test_a_page_below_a_listed_one_is_windowed_around_it() -> None:
    # An operation page is not in the nav; its service is.
    _, big = long_nav(1000).sidebar("/big/p300/operation/")
    assert f"Page {300 - RADIUS}" in titles(big.entries) and f"Page {300 + RADIUS}" in titles(big.entries)


def test_the_reference_section_stays_open_and_shown_on_reference_pages() -> None:
    sections = [NavSection(f"Section {n}", (NavItem(f"Page {n}", f"/p{n}/"),)) for n in range(200)]
    sections[150] = NavSection("API", (NavItem("All services", "/reference/"),))
    nav = Nav(tuple(sections), contents_url="/contents/")
    shown = nav.sidebar("/reference/svc/op/", "/reference/")
    api = [s for s in shown if not s.more and s.section.title == "API"]
    assert len(api) == 1 and api[0].open and api[0].is_ref
    assert nav.reference_section("/reference/") == 150
    assert nav.reference_section("/nowhere/") is None


def test_neighbours_follow_nav_order_and_skip_other_sites() -> None:
    nav = Nav(
        (
            NavSection("A", (NavItem("One", "/one/"), NavItem("Elsewhere", "https://example.com/", True))),
            NavSection(
                "B", (NavItem("Two", "/two/"), NavItem("Three", "/three/"), NavItem("One again", "/one/"))
            ),
        )
    )
    assert nav.neighbours("/one/") == (None, NavItem("Two", "/two/"))
    assert nav.neighbours("/two/") == (NavItem("One", "/one/"), NavItem("Three", "/three/"))
    assert nav.neighbours("/missing/") == (None, None)
    big = long_nav(5000)
    assert big.neighbours("/big/p4999/") == (NavItem("Page 4998", "/big/p4998/"), None)


def folder_pages(count: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    files = {"site.yml": "title: Wide\n", "site_src/index.md": "---\ntitle: Home\n---\nHome.\n"}
    for n in range(count):
        files[f"site_src/big/p{n:03d}.md"] = f"---\ntitle: Page {n:03d}\n---\nPage {n}.\n"
    return {**files, **(extra or {})}


def test_a_windowed_site_gets_a_contents_page_that_links_every_page(make_project, cli) -> None:
    root = make_project(folder_pages(120))
    assert cli("build", "--root", str(root), "-q").code == 0
    site = root / "_site"
    page = (site / "big" / "p060" / "index.html").read_text()
    sidebar = page[page.index('<nav id="sidebar"') : page.index("</nav>", page.index('<nav id="sidebar"'))]
    assert sidebar.count("<li>") < 20
    assert '<li class="nav-more"><a href="../../contents/#section-2">' in sidebar
    assert sidebar.count('aria-current="page"') == 1
    contents = (site / "contents" / "index.html").read_text()
    listed = re.findall(r'<li><a href="\.\./big/(p\d+)/">', contents)
    assert listed == [f"p{n:03d}" for n in range(120)]
    assert 'id="section-2"' in contents


def test_the_contents_page_never_takes_a_url_of_the_project(make_project, cli) -> None:
    mine = {"site_src/contents.md": "---\ntitle: My contents\n---\nMine.\n"}
    root = make_project(folder_pages(120, mine))
    assert cli("build", "--root", str(root), "-q").code == 0
    assert "Mine." in (root / "_site" / "contents" / "index.html").read_text()
    assert "Every page of Wide" in (root / "_site" / "contents-2" / "index.html").read_text()


def test_a_small_site_has_no_contents_page(make_project, cli) -> None:
    root = make_project(folder_pages(20))
    assert cli("build", "--root", str(root), "-q").code == 0
    assert not (root / "_site" / "contents").exists()
    page = (root / "_site" / "big" / "p010" / "index.html").read_text()
    assert page.count('<li><a href="../p0') == 19 and "nav-more" not in page


def test_a_long_nav_from_site_yml_is_windowed_too(make_project, cli) -> None:
    pages = [f"big/p{n:03d}.md" for n in range(100)]
    site = "title: Listed\nnav:\n  - title: Start\n    pages: [index.md]\n  - title: All\n    pages:\n"
    site += "".join(f"      - {rel}\n" for rel in reversed(pages))  # the nav's order, not the folder's
    root = make_project(folder_pages(100, {"site.yml": site}))
    assert cli("build", "--root", str(root), "-q").code == 0
    page = (root / "_site" / "big" / "p050" / "index.html").read_text()
    listed = re.findall(r'<li><a href="\.\./(p\d+)/"', page)
    assert listed == [
        "p099",
        *(f"p{n:03d}" for n in range(55, 50, -1)),
        *(f"p{n:03d}" for n in range(49, 44, -1)),
        "p000",
    ]
    assert re.findall(r'class="nav-more"><a href="[^"]*">(\d+) more pages', page) == ["43", "44"]
    assert (
        '<a class="pager-prev" href="../p051/">' in page and '<a class="pager-next" href="../p049/">' in page
    )


def test_an_unpublished_page_renders_with_a_large_sidebar(make_project, cli) -> None:
    # ``permalink: false``: the page is rendered (its mistakes are reported) but has no URL.
    hidden = {"site_src/big/draft.md": "---\ntitle: Draft\npermalink: false\n---\nDraft.\n"}
    root = make_project(folder_pages(120, hidden))
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    assert not (root / "_site" / "big" / "draft").exists()


def test_is_open_still_answers_for_project_templates_written_against_it() -> None:
    small, wide = wide_nav(10), wide_nav(1000)
    assert all(small.is_open(section, "/p3/") for section in small.sections)
    assert [s.title for s in wide.sections if wide.is_open(s, "/p3/")] == ["Section 3"]
