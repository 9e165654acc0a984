"""``specsite new``: the starter project builds clean under --strict and works in a browser."""

from __future__ import annotations

from pathlib import Path

from .conftest import run_cli


def test_new_writes_a_project_that_builds_clean_in_strict_mode(tmp_path: Path) -> None:
    target = tmp_path / "docs"
    result = run_cli("new", str(target))
    assert result.code == 0, result.err
    for rel in ("site.yml", "specs/event/props.yml", "specs/client/groups.yml", "site_src/events.md"):
        assert (target / rel).is_file(), rel
    assert (target / "templates").is_dir()
    built = run_cli("build", "--root", str(target), "--strict")
    assert built.code == 0, built.err
    assert "warning" not in built.err
    site = target / "_site"
    events = (site / "events" / "index.html").read_text()
    assert 'class="event-explorer"' in events
    # The Markdown link to catalog.md became a link to the catalog page.
    assert 'href="../catalog/"' in events
    client = (site / "client" / "index.html").read_text()
    assert "<code>maxRetries</code>" in client
    nav = (site / "index.html").read_text()
    assert 'href="catalog/event/matrix/"' in nav and 'href="catalog/"' in nav


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = run_cli("new", str(tmp_path))
    assert result.code == 2
    assert result.err.strip() == (
        f"specsite: error: '{tmp_path}' is not empty; give the name of a new or empty folder"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_an_empty_root_gets_one_clear_sentence(tmp_path: Path) -> None:
    result = run_cli("build", "--root", str(tmp_path))
    assert result.code == 2
    assert result.err.splitlines() == [
        f"specsite: error: '{tmp_path}' is not a specsite project: it has no site_src/, specs/ or site.yml"
        " (start one with: specsite new DIR)"
    ]
    assert list(tmp_path.iterdir()) == []


def test_the_new_project_works_in_chromium(tmp_path: Path, page, serve) -> None:
    target = tmp_path / "docs"
    assert run_cli("new", str(target), "-q").code == 0
    assert run_cli("build", "--root", str(target), "--strict", "-q").code == 0
    with serve(target / "_site") as base:
        page.goto(base)
        page.click("main a:text-is('the events')")
        page.wait_for_url(base + "events/")
        page.locator(".ee-radio[value=note_shared]").click()
        rows = page.eval_on_selector_all(
            ".ee-row", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.id)"
        )
        assert "event.recipient" in rows and "event.permanent" not in rows
        page.click("#sidebar >> text=Event matrix")
        assert page.locator("h1").inner_text() == "Event types and properties"
