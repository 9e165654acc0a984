"""Navigation at scale: pages of a 1,000-page site are about as large as those of a 10-page one,
and a reader still reaches every page of a large section from deep inside it.

Two layouts without a ``nav:`` in site.yml: one top-level folder per page
(``p0001/index.md`` …) and one folder of all the pages (``big/p0001.md`` …).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from .conftest import run_cli, static_server, write_files
from .test_theme_audit_browser import AXE, AXE_RUN

LARGE = 1000
SMALL = 10
GROWTH_LIMIT = 10 * 1024
LAYOUTS = ("folders", "section")


def page_rel(layout: str, n: int) -> str:
    return f"p{n:04d}/index.md" if layout == "folders" else f"big/p{n:04d}.md"


def page_html(layout: str, n: int) -> str:
    return f"p{n:04d}/index.html" if layout == "folders" else f"big/p{n:04d}/index.html"


def build_site(root: Path, layout: str, pages: int) -> Path:
    files = {"site.yml": "title: Scale\n", "site_src/index.md": "---\ntitle: Home\n---\nThe home page.\n"}
    for n in range(1, pages + 1):
        body = f"---\ntitle: Page {n:04d}\n---\nPage {n} with a [link]({{{{ '/' | url }}}}).\n\n## More\n\nText.\n"
        files[f"site_src/{page_rel(layout, n)}"] = body
    write_files(root, files)
    result = run_cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    return root / "_site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Path]:
    base = tmp_path_factory.mktemp("nav-scale")
    return {
        (layout, size): build_site(base / f"{layout}-{size}", layout, size)
        for layout in LAYOUTS
        for size in (SMALL, LARGE)
    }


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_page_of_a_large_site_is_much_larger_than_in_a_small_one(layout: str, sites) -> None:
    small, large = sites[layout, SMALL], sites[layout, LARGE]
    grown = {}
    for path in small.rglob("*.html"):
        rel = path.relative_to(small)
        grown[rel.as_posix()] = (large / rel).stat().st_size - path.stat().st_size
    assert page_html(layout, SMALL) in grown and "index.html" in grown
    assert max(grown.values()) <= GROWTH_LIMIT, sorted(grown.items(), key=lambda kv: -kv[1])[:3]
    # Pages only the large site has are measured against the largest page of the small one.
    largest_small = max(small.joinpath(page_html(layout, n)).stat().st_size for n in range(1, SMALL + 1))
    largest_large = max(large.joinpath(page_html(layout, n)).stat().st_size for n in range(1, LARGE + 1))
    assert largest_large - largest_small <= GROWTH_LIMIT


@pytest.fixture(scope="module")
def section_base(sites) -> Iterator[str]:
    with static_server(sites["section", LARGE]) as base:
        yield base


@pytest.fixture(scope="module")
def folders_base(sites) -> Iterator[str]:
    with static_server(sites["folders", LARGE]) as base:
        yield base


def sidebar_current(tab) -> list[str]:
    return tab.locator('#sidebar a[aria-current="page"]').all_inner_texts()


def every_page_of_the_section_from(tab, base: str, start: str) -> set[str]:
    """From ``start``, the pages a reader finds through the sidebar and its "more" links."""
    tab.goto(urljoin(base, start))
    reached = {urljoin(tab.url, href) for href in tab.locator("#sidebar li a").evaluate_all(HREFS)}
    more = tab.locator("#sidebar .nav-more a")
    assert more.count() >= 1
    for index in range(more.count()):
        tab.goto(urljoin(base, start))
        tab.locator("#sidebar .nav-more a").nth(index).click()
        tab.wait_for_load_state()
        target = tab.url.split("#", 1)[1]
        links = tab.locator(f"[id='{target}'] a").evaluate_all(HREFS)
        reached |= {urljoin(tab.url, href) for href in links}
    return reached


HREFS = "links => links.map(a => a.getAttribute('href'))"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_reader_deep_in_a_large_section_reaches_every_page_of_it(javascript, browser, section_base) -> None:
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        start = "big/p0600/"
        tab.goto(section_base + start)
        assert sidebar_current(tab) == ["Page 0600"]
        shown = tab.locator("#sidebar li a").all_inner_texts()
        assert {"Page 0001", "Page 0599", "Page 0601", "Page 1000"} <= set(shown) and len(shown) < 20
        reached = every_page_of_the_section_from(tab, section_base, start)
        expected = {urljoin(section_base, f"big/p{n:04d}/") for n in range(1, LARGE + 1)}
        assert expected <= reached
        # A page the window left out opens with itself marked, and the window moved with it.
        tab.goto(urljoin(section_base, "contents/"))
        tab.get_by_role("link", name="Page 0250", exact=True).click()
        tab.wait_for_load_state()
        assert tab.url == urljoin(section_base, "big/p0250/")
        assert sidebar_current(tab) == ["Page 0250"]
        assert "Page 0251" in tab.locator("#sidebar li a").all_inner_texts()
    finally:
        context.close()


def test_every_top_level_folder_is_reachable_from_a_wide_site(page, folders_base) -> None:
    page.goto(folders_base + "p0500/")
    assert sidebar_current(page) == ["Page 0500"]
    titles = page.locator("#sidebar .nav-section-title").all_text_contents()
    assert {"Page 0499", "Page 0501", "Page 1000"} <= set(titles) and len(titles) < 20
    # The untitled first section (the pages at the top) keeps its pages in view.
    assert page.locator("#sidebar li a").all_text_contents() == ["Home", "Page 0500"]
    reached = {urljoin(page.url, href) for href in page.locator("#sidebar a").evaluate_all(HREFS)}
    for index in range(page.locator("#sidebar div.nav-more a").count()):
        page.goto(folders_base + "p0500/")
        page.locator("#sidebar div.nav-more a").nth(index).click()
        page.wait_for_load_state()
        reached |= {urljoin(page.url, href) for href in page.locator("main a").evaluate_all(HREFS)}
    expected = {urljoin(folders_base, f"p{n:04d}/") for n in range(1, LARGE + 1)}
    assert expected <= reached


@pytest.mark.parametrize("path", ["big/p0600/", "contents/"])
def test_a_windowed_sidebar_and_the_contents_page_pass_axe(path: str, page, section_base) -> None:
    if not AXE.is_file():
        pytest.skip(f"axe-core not found at {AXE} (run: npm install --prefix .ci)")
    page.goto(section_base + path)
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_RUN) == []
