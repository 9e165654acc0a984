"""A catalog past the explorer's rows budget: the picker stays, each type's rows load from its own page.

The demo is built with the budget lowered to nothing, so every type of it
goes through the lazy path; the real scale (5,000 props) is measured by
bench/bench_catalog.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from specsite.events import explorer

from .conftest import copy_demo, run_cli
from .test_explorer_browser import assert_shows, catalog_of, fragment, pick
from .test_theme_audit_browser import AXE_RUN, axe_script  # noqa: F401 (a fixture)

EXPLORER_PAGE = "sdk/upload/"


@pytest.fixture(scope="module")
def lazy_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("lazy-demo"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(explorer, "ROWS_BUDGET", 0)
        result = run_cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    return root


@pytest.fixture(scope="module")
def lazy_catalog(lazy_demo: Path):
    return catalog_of(lazy_demo)


def wait_rows(page, catalog, value: str) -> None:
    """Wait until the explorer's table holds the rows of ``value`` (they arrive by fetch)."""
    names = [prop.name for prop in catalog.props_for(value)]
    page.wait_for_function(
        """names => JSON.stringify([...document.querySelectorAll('#event-explorer tr.ee-row')]
            .filter(row => row.checkVisibility()).map(row => row.querySelector('code').textContent))
            === JSON.stringify(names)""",
        arg=names,
    )


def test_the_split_happens_past_the_budget(lazy_demo: Path, built_demo: Path, monkeypatch) -> None:
    catalog = catalog_of(lazy_demo)
    assert explorer.rows_inline(catalog)
    monkeypatch.setattr(explorer, "ROWS_BUDGET", 0)
    assert not explorer.rows_inline(catalog)
    lazy = (lazy_demo / "_site" / EXPLORER_PAGE / "index.html").read_text()
    whole = (built_demo / EXPLORER_PAGE / "index.html").read_text()
    # No rows at all, and every type says where its rows are.
    assert 'class="ee-row"' not in lazy and whole.count('class="ee-row"') == len(catalog.props)
    summaries = re.findall(
        r'class="ee-for ee-summary" data-event="([^"]+)".*?<p class="ee-links"><a href="([^"]+)"', lazy, re.S
    )
    sources = dict(summaries)
    assert sorted(sources) == sorted(event.value for event in catalog.events)
    for value, url in sources.items():
        target = (lazy_demo / "_site" / EXPLORER_PAGE / url).resolve() / "index.html"
        assert target.is_file() and f'id="prop-{catalog.props_for(value)[0].name}"' in target.read_text()
    assert len(lazy) < len(whole)


def test_picking_a_type_shows_exactly_its_props(lazy_demo: Path, lazy_catalog, page, serve) -> None:
    with serve(lazy_demo / "_site") as base:
        page.goto(base + EXPLORER_PAGE)
        for event in lazy_catalog.events:
            pick(page, event.value)
            wait_rows(page, lazy_catalog, event.value)
            assert_shows(page, lazy_catalog, event.value)
            # The same rows, required marks and descriptions as the type's own page.
            rows = page.locator("#event-explorer tr.ee-row")
            own = page.request.get(base + f"catalog/event/{event.value}/").text()
            names = re.findall(r'<tr id="prop-([^"]+)">', own)
            assert [rows.nth(i).locator("code").first.inner_text() for i in range(rows.count())] == names
            required = re.findall(r'<tr id="prop-([^"]+)">\s*<td>[^\n]*badge-required', own)
            assert [p.name for p in lazy_catalog.required_props_for(event.value)] == required
            first = lazy_catalog.props_for(event.value)[0]
            assert rows.nth(0).locator("td").nth(1).inner_text() == first.type


def test_keyboard_and_deep_links(lazy_demo: Path, lazy_catalog, page, serve) -> None:
    values = [event.value for event in lazy_catalog.events]
    with serve(lazy_demo / "_site") as base:
        page.goto(base + EXPLORER_PAGE)
        wait_rows(page, lazy_catalog, values[0])
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('ee-radio')"):
                break
        else:
            pytest.fail("Tab never reached the event type radios")
        page.keyboard.press("ArrowRight")
        wait_rows(page, lazy_catalog, values[1])
        assert_shows(page, lazy_catalog, values[1])
        assert fragment(page) == f"event={values[1]}"
        # Walking on and straight back: the rows in place come back, no load is left announced.
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowLeft")
        wait_rows(page, lazy_catalog, values[1])
        assert not page.locator("#event-explorer .ee-rows-note").is_visible()
        page.keyboard.press("ArrowRight")
        wait_rows(page, lazy_catalog, values[2])
        page.keyboard.press("ArrowLeft")
        wait_rows(page, lazy_catalog, values[1])
        link = page.locator(f"tr.ee-row#event\\.{lazy_catalog.props_for(values[1])[-1].name} a.ee-prop-link")
        assert (
            link.get_attribute("href") == f"#event={values[1]}/{lazy_catalog.props_for(values[1])[-1].name}"
        )

        # A deep link to one prop of one type marks that row once the rows are in.
        page.goto(base + "interactions/")
        page.goto(base + EXPLORER_PAGE + "#event=add_to_cart/currency")
        wait_rows(page, lazy_catalog, "add_to_cart")
        row = page.locator("tr.ee-row#event\\.currency")
        page.wait_for_function("() => document.querySelector('tr.ee-target') !== null")
        assert "ee-target" in row.get_attribute("class")
        pick(page, "purchase")
        wait_rows(page, lazy_catalog, "purchase")
        page.go_back()
        wait_rows(page, lazy_catalog, "add_to_cart")
        assert_shows(page, lazy_catalog, "add_to_cart")


def test_a_failed_load_says_so_and_points_at_the_page(lazy_demo: Path, page, serve) -> None:
    with serve(lazy_demo / "_site") as base:
        page.route("**/catalog/event/purchase/", lambda route: route.fulfill(status=500, body="down"))
        page.goto(base + EXPLORER_PAGE + "#event=purchase")
        note = page.locator("#event-explorer .ee-rows-note")
        page.wait_for_function(
            "() => /Could not load/.test(document.querySelector('.ee-rows-note').textContent)"
        )
        assert note.is_visible() and "purchase" in note.inner_text()
        assert not page.locator("#event-explorer .table-wrap").is_visible()


def test_without_javascript_each_type_links_to_its_page(
    lazy_demo: Path, lazy_catalog, page_no_js, serve
) -> None:
    page = page_no_js
    with serve(lazy_demo / "_site") as base:
        page.goto(base + EXPLORER_PAGE)
        assert page.locator("#event-explorer .ee-rows-note").is_visible()
        assert not page.locator("#event-explorer .table-wrap").is_visible()
        pick(page, "watch")
        [link] = [
            a
            for a in page.locator("#event-explorer .ee-summary a").all()
            if a.is_visible() and "All about" in a.inner_text()
        ]
        link.click()
        page.wait_for_url("**/catalog/event/watch/")
        page.locator("table.event-type-props").wait_for()
        assert urlsplit(page.url).path.endswith("/catalog/event/watch/")
        names = page.locator("table.event-type-props a.prop-name code").all_inner_texts()
        assert names == [prop.name for prop in lazy_catalog.props_for("watch")]


def test_axe_finds_nothing_serious(lazy_demo: Path, lazy_catalog, page, serve, axe_script: Path) -> None:  # noqa: F811
    with serve(lazy_demo / "_site") as base:
        page.goto(base + EXPLORER_PAGE + "#event=purchase")
        wait_rows(page, lazy_catalog, "purchase")
        page.add_script_tag(path=str(axe_script))
        assert page.evaluate(AXE_RUN) == []
