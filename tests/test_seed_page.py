"""The seed page (Nunjucks + Markdown) builds unmodified inside the demo project."""

from __future__ import annotations

from pathlib import Path

import pytest

from specsite.engine.project import Project, load_inputs

from .conftest import copy_demo, run_cli


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory, seed_page: str) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("seed"))
    (root / "site_src" / "seed-upload.md").write_text(seed_page, encoding="utf-8")
    result = run_cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    return root


def demo_catalog(root: Path):
    inputs, diagnostics = load_inputs(Project.at(root))
    assert not diagnostics
    return inputs.specs.event


def test_seed_page_renders_its_parts(seed_site: Path) -> None:
    html = (seed_site / "_site" / "seed-upload" / "index.html").read_text()
    catalog = demo_catalog(seed_site)
    assert "<title>Upload interactions · " in html
    assert 'id="event-props-table"' in html
    # prop.used_by.join(' ') produced the space-separated attribute.
    used_by = next(p for p in catalog.props if p.used_by)
    assert f'data-used-by="{" ".join(used_by.used_by)}"' in html
    # The options table from proptable('data_api', 'interactions.upload.options').
    for prop in (
        load_inputs(Project.at(seed_site))[0].specs.data_api.group("interactions.upload.options").props
    ):
        assert f"<code>{prop.name}</code>" in html
    # '| url' made the request-options link relative to the page.
    assert 'href="../sdk/request-options/"' in html
    # The list after "can be:" is a real list even without a blank line before it.
    assert "<li>An object, representing a single user interaction event</li>" in html


@pytest.mark.parametrize("width", [1280])
def test_seed_table_filters_for_every_event_type(seed_site: Path, page, serve, width: int) -> None:
    catalog = demo_catalog(seed_site)
    with serve(seed_site / "_site") as base:
        page.goto(base + "seed-upload/")
        for event in catalog.events:
            page.click(f"label[for='event-type-{event.value}']")
            visible = page.eval_on_selector_all(
                "#event-props-table tbody tr",
                "rows => rows.filter(r => r.offsetParent !== null)"
                ".map(r => r.querySelector('code').textContent)",
            )
            expected = [p.name for p in catalog.props_for(event.value)]
            assert visible == expected, event.value
