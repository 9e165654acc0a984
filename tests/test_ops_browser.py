"""Reference pages in Chromium: switching views, the event explorer inside the JavaScript view, phones."""

from __future__ import annotations

from pathlib import Path

import pytest

PAGES = (
    "reference/sdk/js/interactions.upload/",
    "reference/personalize-events/cli/put-action-interactions/",
    "reference/personalize-events/python/put_action_interactions/",
)


def test_tabs_switch_between_the_views_of_one_operation(built_demo: Path, page, serve) -> None:
    with serve(built_demo, "/docs/") as base:
        page.goto(base + PAGES[1])
        page.click("nav.ref-tabs >> text=Python")
        assert page.url == base + PAGES[2]
        assert page.inner_text("h1") == "PersonalizeEvents.Client.put_action_interactions(**kwargs)"
        page.click("nav.ref-tabs >> text=JavaScript")
        assert page.url == base + "reference/personalize-events/js/putActionInteractions/"
        current = page.get_attribute("nav.ref-tabs a[aria-current=page]", "href")
        assert current == "./"


def test_event_explorer_works_inside_the_javascript_view(built_demo: Path, page, serve) -> None:
    with serve(built_demo) as base:
        page.goto(base + PAGES[0])
        explorer = page.locator(".ref-param[data-member=events] .event-explorer")

        def shown() -> list[str]:
            return explorer.locator("tr.ee-row:visible td:first-child code").all_inner_texts()

        explorer.locator("label.ee-choice", has_text="home_page_view").click()
        assert "url" in shown() and "order_id" not in shown()
        explorer.locator("label.ee-choice", has_text="purchase").click()
        assert "order_id" in shown() and "url" not in shown()
        page.click(".ref-nav-ops a >> text=interactions.upload")
        assert page.url == base + PAGES[0]


@pytest.mark.parametrize("path", PAGES)
def test_reference_pages_fit_a_phone(built_demo: Path, browser, serve, path: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    try:
        with serve(built_demo) as base:
            phone.goto(base + path)
            overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
            assert phone.is_visible("nav.ref-tabs")
            assert not phone.is_visible(".ref-nav-ops")  # the sidebar is a closed drawer on phones
    finally:
        context.close()
