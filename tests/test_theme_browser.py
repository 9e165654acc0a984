"""The default theme in Chromium: dark mode, the phone layout, copy buttons, file:// links."""

from __future__ import annotations

from pathlib import Path


def test_theme_toggle_switches_and_persists(built_demo: Path, page, serve) -> None:
    with serve(built_demo) as base:
        page.emulate_media(color_scheme="light")
        page.goto(base + "sdk/upload/")
        background = "getComputedStyle(document.body).backgroundColor"
        light = page.evaluate(background)
        page.click(".theme-toggle")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        dark = page.evaluate(background)
        assert dark != light
        page.goto(base + "interactions/")  # the choice follows the reader to the next page
        assert page.evaluate(background) == dark
        assert page.get_attribute(".theme-toggle", "aria-pressed") == "true"


def test_dark_system_preference_is_followed(built_demo: Path, page, serve) -> None:
    with serve(built_demo) as base:
        page.emulate_media(color_scheme="dark")
        page.goto(base)
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(20, 23, 28)"


def test_phone_layout_has_a_drawer_and_no_sideways_scroll(built_demo: Path, page, serve) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    with serve(built_demo) as base:
        page.goto(base + "sdk/upload/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        sidebar = page.locator("#sidebar")
        assert not sidebar.is_visible()
        page.click(".nav-toggle")
        assert sidebar.is_visible()
        assert page.get_attribute(".nav-toggle", "aria-expanded") == "true"
        page.keyboard.press("Escape")
        page.wait_for_function("!document.getElementById('sidebar').classList.contains('open')")
        assert page.get_attribute(".nav-toggle", "aria-expanded") == "false"


def test_code_blocks_get_a_copy_button(built_demo: Path, page, serve) -> None:
    with serve(built_demo) as base:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.goto(base + "sdk/upload/")
        block = page.locator(".content .highlight").first
        block.hover()
        block.locator(".copy-button").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "interactions.upload" in copied
        assert block.locator(".copy-button").inner_text() == "Copied"


def test_navigation_works_from_file_urls(built_demo: Path, page) -> None:
    page.goto((built_demo / "index.html").as_uri())
    page.click("#sidebar >> text=Upload interactions")
    assert page.url.endswith("/sdk/upload/index.html")
    assert page.locator("h1").inner_text() == "Upload interactions"
    page.click(".site-title")
    assert page.url == (built_demo / "index.html").as_uri()
