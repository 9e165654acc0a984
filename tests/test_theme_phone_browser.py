"""The phone-first header, search and drawer, and the explorer's history, in Chromium."""

from __future__ import annotations

from pathlib import Path

from .conftest import run_cli

PHONE = {"width": 390, "height": 844}
LONG_TITLE = "Supercalifragilisticexpialidociousdocumentationhandbook"


def phone_page(browser, **options):
    context = browser.new_context(viewport=PHONE, **options)
    return context, context.new_page()


def test_a_long_one_word_title_keeps_every_header_control_on_screen(make_project, browser, serve) -> None:
    root = make_project(
        {
            "site.yml": f"title: {LONG_TITLE}\n",
            "site_src/index.md": "---\ntitle: Home\n---\n\nHello.\n",
            "site_src/guide/index.md": "---\ntitle: Guide\n---\n\nRead me.\n",
        }
    )
    assert run_cli("build", "--root", str(root), "-q").code == 0
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    with serve(root / "_site") as base:
        page.goto(base)
        page.wait_for_selector(".search-toggle:not([hidden])")
        for selector in (".nav-toggle", ".search-toggle", ".theme-toggle"):
            box = page.locator(selector).bounding_box()
            assert box is not None, f"{selector} is not shown"
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (selector, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        # The title gave way: it is cut with an ellipsis, not wrapped or pushed off.
        title = page.locator(".site-title")
        assert page.evaluate("el => el.scrollWidth > el.clientWidth", title.element_handle())
        assert title.bounding_box()["height"] < 40
    context.close()


def search_and_open(page, query: str, fragment: str) -> None:
    page.click(".search-toggle")
    search = page.locator("#site-search-input")
    assert search.is_visible() and page.evaluate("document.activeElement.id") == "site-search-input"
    search.fill(query)
    link = page.locator(f".pagefind-ui__result-link[href*='{fragment}']").first
    link.wait_for(timeout=10_000)
    box = page.locator(".pagefind-ui__drawer").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    link.click()
    page.wait_for_url(f"**{fragment}")


def test_search_on_a_phone_lands_on_the_right_row(built_demo: Path, browser, serve) -> None:
    context, page = phone_page(browser)
    with serve(built_demo) as base:
        page.goto(base)
        assert not page.locator("#site-search").is_visible()  # an icon until asked for
        search_and_open(page, "retryDelay", "#opt-request.options-retry_delay")
        row = page.locator("[id='opt-request.options-retry_delay']")
        assert row.is_visible() and row.bounding_box()["y"] < PHONE["height"]
        assert "retryDelay" in row.inner_text()

        page.goto(base)
        search_and_open(page, "trackingId", "#request.trackingId")
        member = page.locator("[id='request.trackingId']")
        assert member.is_visible() and 0 <= member.bounding_box()["y"] < PHONE["height"]
        assert "trackingId" in member.inner_text()
    context.close()


def test_slash_and_ctrl_k_focus_search_and_arrow_keys_walk_the_results(built_demo: Path, page, serve) -> None:
    with serve(built_demo) as base:
        page.goto(base + "interactions/")
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "site-search-input"
        assert page.get_attribute("label[for=site-search-input]", "class") == "visually-hidden"
        page.keyboard.type("checkout")
        page.locator(".pagefind-ui__result-link").first.wait_for()
        page.keyboard.press("ArrowDown")
        first = page.evaluate("document.activeElement.className")
        assert "pagefind-ui__result-link" in first
        page.keyboard.press("ArrowDown")
        assert page.evaluate(
            "document.activeElement === document.querySelectorAll('.pagefind-ui__result-link')[1]"
        )
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.id") == "site-search-input"
        page.fill("#site-search-input", "")
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("Control+k")
        assert page.evaluate("document.activeElement.id") == "site-search-input"


def test_the_phone_drawer_works_without_javascript(built_demo: Path, browser, serve) -> None:
    context, page = phone_page(browser, java_script_enabled=False)
    with serve(built_demo) as base:
        page.goto(base + "sdk/upload/")
        sidebar = page.locator("#sidebar")
        assert not sidebar.is_visible()
        page.click(".nav-toggle")
        page.wait_for_function(
            "getComputedStyle(document.getElementById('sidebar')).visibility === 'visible'"
        )
        assert page.locator(".nav-backdrop").is_visible()
        page.mouse.click(PHONE["width"] - 10, PHONE["height"] // 2)  # beside the drawer, on the backdrop
        page.wait_for_function("getComputedStyle(document.getElementById('sidebar')).visibility === 'hidden'")
    context.close()


def test_tapping_beside_the_drawer_closes_it(built_demo: Path, browser, serve) -> None:
    context, page = phone_page(browser)
    with serve(built_demo) as base:
        page.goto(base + "sdk/upload/")
        page.click(".nav-toggle")
        assert page.get_attribute(".nav-toggle", "aria-expanded") == "true"
        assert "#" not in page.url  # with JavaScript the URL is left alone
        page.mouse.click(PHONE["width"] - 10, PHONE["height"] // 2)
        page.wait_for_function("!document.getElementById('sidebar').classList.contains('open')")
        assert page.get_attribute(".nav-toggle", "aria-expanded") == "false"
    context.close()


def test_arrow_keys_in_the_explorer_add_no_history_but_clicks_do(built_demo: Path, page, serve) -> None:
    with serve(built_demo) as base:
        page.goto(base + "sdk/upload/")
        start = page.evaluate("history.length")
        page.locator(".ee-choice:nth-child(2) .ee-radio").first.click()
        assert page.evaluate("history.length") == start + 1
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert page.evaluate("history.length") == start + 1
        walked = page.evaluate("document.querySelector('.ee-radio:checked').value")
        assert f"event={walked}" in page.url  # the address still names the type shown
        page.go_back()
        assert "event=" not in page.url


def test_an_unknown_event_type_in_the_link_is_explained(built_demo: Path, page, serve) -> None:
    with serve(built_demo) as base:
        page.goto(base + "sdk/upload/#event=add_to_card")
        note = page.locator(".ee-unknown")
        assert "add_to_card" in note.inner_text()
        page.locator(".ee-choice:nth-child(2) .ee-radio").first.click()
        assert note.count() == 0


def test_the_matrix_prints_every_row_and_column(built_demo: Path, browser, serve) -> None:
    # 700 px is about the printable width of an A4 or Letter page at 96 dpi.
    context = browser.new_context(viewport={"width": 700, "height": 900})
    page = context.new_page()
    with serve(built_demo) as base:
        page.goto(base + "catalog/event/matrix/")
        page.emulate_media(media="print")
        box = page.evaluate(
            """() => { const wrap = document.querySelector('.matrix-wrap');
            const table = wrap.querySelector('table').getBoundingClientRect();
            return {clipY: wrap.scrollHeight - wrap.clientHeight, right: table.right,
                    rows: wrap.querySelectorAll('tbody tr').length,
                    cols: wrap.querySelectorAll('thead th').length}; }"""
        )
        assert box["clipY"] <= 1, box  # no height cap: every row is on paper
        assert box["right"] <= 700, box  # every column fits the sheet
        assert box["rows"] > 30 and box["cols"] > 20
        page.emulate_media(media="screen")
        assert page.evaluate("getComputedStyle(document.querySelector('.matrix-wrap')).maxHeight") != "none"
    context.close()
