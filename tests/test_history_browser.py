"""Versions in a real browser: the switcher keeps the reader on the same event type."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_cli
from .history_repo import make_history_repo, write

VERSIONS = (
    "title: Shop\nversions:\n  - {ref: v3, label: v3}\n  - {ref: v2, label: v2}\n  - {ref: v1, label: v1}\n"
)


@pytest.fixture(scope="module")
def versioned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_history_repo(tmp_path_factory.mktemp("versions-browser") / "shop")
    write(repo, {"site.yml": VERSIONS})
    result = run_cli("build", "--root", str(repo), "-q")
    assert result.code == 0, result.err
    return repo / "_site"


def switch_to(page, label: str) -> None:
    page.get_by_role("navigation", name="Documentation version").locator("summary").click()
    page.get_by_role("link", name=label, exact=True).click()
    page.wait_for_load_state()


def test_switching_versions_lands_on_the_same_event_type(versioned_site: Path, page, serve) -> None:
    with serve(versioned_site, "/docs/") as base:
        page.goto(base + "catalog/event/search/")
        assert page.locator("h1").inner_text() == "search event"
        switch_to(page, "v1")
        assert page.url == base + "v1/catalog/event/search/"
        assert page.locator("h1").inner_text() == "search event"
        banner = page.get_by_role("note")
        assert "older version" in banner.inner_text()
        # v1 still documents the prop that v2 removed.
        assert page.locator("#prop-referrer").count() == 1
        switch_to(page, "v2")
        assert page.url == base + "v2/catalog/event/search/"
        page.get_by_role("note").get_by_role("link").click()
        page.wait_for_load_state()
        assert page.url == base + "catalog/event/search/"
        assert page.locator("#prop-referrer").count() == 0


def test_a_page_missing_in_the_other_version_leads_to_its_home(versioned_site: Path, page, serve) -> None:
    with serve(versioned_site) as base:
        page.goto(base + "catalog/event/checkout/")
        switch_to(page, "v1")
        assert page.url == base + "v1/"
        summary = page.get_by_role("navigation", name="Documentation version").locator("summary")
        assert summary.inner_text().split() == ["Version", "v1"]
        summary.click()
        page.screenshot(path=str(versioned_site.parent / "switcher.png"))
