"""The preview in Chromium: a saved file reloads the open page by itself, errors included."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from specsite.engine.builder import BuildOptions
from specsite.preview.serve import Preview, ServeOptions, running

from .conftest import copy_demo

TIMEOUT_MS = 20_000
UPLOAD = "site_src/sdk/upload.md"


def save(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.saving")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    root = copy_demo(tmp_path / "demo")
    with running(ServeOptions(BuildOptions(str(root)), port=0), io.StringIO(), io.StringIO()) as started:
        yield started


def open_page(page, preview: Preview, path: str) -> None:
    page.goto(preview.url + path)
    # Mark this document: a reload replaces it, so the mark disappears.
    page.evaluate("window.__notReloaded = true")


def wait_for_text(page, text: str) -> None:
    page.wait_for_function("t => document.body.innerText.includes(t)", arg=text, timeout=TIMEOUT_MS)


def test_an_edit_reloads_the_open_page(page, preview: Preview) -> None:
    source = preview.session.project.root / UPLOAD
    open_page(page, preview, "sdk/upload/")
    assert page.locator("h1").first.inner_text() == "Upload interactions"
    save(source, source.read_text().replace("title: Upload interactions", "title: Send interactions"))
    wait_for_text(page, "Send interactions")
    assert page.locator("h1").first.inner_text() == "Send interactions"
    assert page.evaluate("window.__notReloaded") is None


def test_two_quick_edits_leave_the_page_on_the_second(page, preview: Preview) -> None:
    """Regression for livereload's 3 s throttle, which drops the second reload."""
    source = preview.session.project.root / UPLOAD
    text = source.read_text()
    open_page(page, preview, "sdk/upload/")
    save(source, text.replace("sends interaction events", "sends first-edit events"))
    wait_for_text(page, "first-edit")
    page.evaluate("window.__notReloaded = true")
    save(source, text.replace("sends interaction events", "sends second-edit events"))
    wait_for_text(page, "second-edit")
    assert page.evaluate("window.__notReloaded") is None


def test_a_broken_spec_shows_in_the_page_and_the_fix_brings_it_back(page, preview: Preview) -> None:
    spec = preview.session.project.root / "specs/data_api/props.yml"
    good = spec.read_text()
    open_page(page, preview, "sdk/upload/")
    save(spec, good.replace("- key: dry_run", "- key: [dry_run", 1))
    page.wait_for_selector("pre.diagnostics", timeout=TIMEOUT_MS)
    assert page.locator("h1").inner_text() == "The site did not build"
    shown = page.locator("pre.diagnostics").inner_text()
    assert re.match(r"specs/data_api/props\.yml:2:7: error: YAML syntax", shown), shown
    save(spec, good)
    page.wait_for_selector("h1:text('Upload interactions')", timeout=TIMEOUT_MS)
    assert page.locator("pre.diagnostics").count() == 0
