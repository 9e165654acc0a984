"""The event explorer in Chromium: the rows of every type, keyboard, no JavaScript, deep links, history."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from specsite.engine.project import Project, load_inputs
from specsite.events.eventschema import example_payload

from .conftest import run_cli, write_files

VISIBLE_ROWS = """root => [...root.querySelectorAll('tr.ee-row')]
    .filter(row => row.checkVisibility())
    .map(row => row.querySelector('code').textContent)"""
REQUIRED_ROWS = """root => [...root.querySelectorAll('tr.ee-row')]
    .filter(row => row.querySelector('.ee-req').checkVisibility())
    .map(row => row.querySelector('code').textContent)"""
VISIBLE_TEXT = """(root, selector) => [...root.querySelectorAll(selector)]
    .filter(el => el.checkVisibility()).map(el => el.textContent)"""


def catalog_of(root: Path, namespace: str = "event"):
    inputs, diagnostics = load_inputs(Project.at(root))
    assert not [d for d in diagnostics if d.is_error]
    return inputs.specs[namespace]


def shown(page, explorer: str = "#event-explorer") -> dict[str, object]:
    """What the reader sees in one explorer: rows, required marks, summary and example."""
    root = page.locator(explorer)
    examples = root.evaluate(VISIBLE_TEXT, ".ee-example pre")
    return {
        "checked": root.locator("input.ee-radio:checked").get_attribute("value"),
        "rows": root.evaluate(VISIBLE_ROWS),
        "required": root.evaluate(REQUIRED_ROWS),
        "summary": root.evaluate(VISIBLE_TEXT, ".ee-summary .ee-count"),
        "examples": [json.loads(text) for text in examples],
    }


def expected(catalog, value: str) -> dict[str, object]:
    props = catalog.props_for(value)
    required = catalog.required_props_for(value)
    return {
        "checked": value,
        "rows": [p.name for p in props],
        "required": [p.name for p in required],
        "count": f"takes {len(props)} propert{'y' if len(props) == 1 else 'ies'}, {len(required)} required.",
        "example": example_payload(catalog, value),
    }


def assert_shows(page, catalog, value: str, explorer: str = "#event-explorer") -> None:
    seen, want = shown(page, explorer), expected(catalog, value)
    assert seen["checked"] == want["checked"]
    assert seen["rows"] == want["rows"], value
    assert seen["required"] == want["required"], value
    [summary] = [" ".join(text.split()) for text in seen["summary"]]
    assert summary.startswith(value) and summary.endswith(want["count"])
    assert seen["examples"] == [want["example"]]


def pick(page, value: str, explorer: str = "#event-explorer") -> None:
    page.locator(f"{explorer} label.ee-choice", has=page.locator(f"input[value='{value}']")).click()


def fragment(page) -> str:
    return urlsplit(page.url).fragment


@pytest.fixture(scope="module")
def demo_catalog(built_demo: Path):
    return catalog_of(built_demo.parent)


# --- the demo page ------------------------------------------------------------------


def test_every_event_type_shows_exactly_its_props(built_demo: Path, demo_catalog, page, serve) -> None:
    with serve(built_demo) as base:
        page.goto(base + "sdk/upload/")
        assert_shows(page, demo_catalog, demo_catalog.events[0].value)
        for event in demo_catalog.events:
            pick(page, event.value)
            assert_shows(page, demo_catalog, event.value)
        # Some type of the demo really has a prop that is required for it only.
        assert any(p.required_by for p in demo_catalog.props)


def test_props_apply_and_are_required_per_type(built_demo: Path, demo_catalog, page, serve) -> None:
    with serve(built_demo) as base:
        page.goto(base + "sdk/upload/#event=checkout")
        seen = shown(page)
        assert "revenue" in seen["rows"] and "revenue" not in seen["required"]
        pick(page, "purchase")
        assert "revenue" in shown(page)["required"]
        # Other tables on the page are not touched by the explorer's rules.
        options = page.locator("table.proptable:not(.ee-table) tbody tr")
        assert options.count() > 3
        assert all(options.nth(i).is_visible() for i in range(options.count()))


def test_keyboard_only_selection(built_demo: Path, demo_catalog, page, serve) -> None:
    values = [event.value for event in demo_catalog.events]
    with serve(built_demo) as base:
        page.goto(base + "sdk/upload/")
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('ee-radio')"):
                break
        else:
            pytest.fail("Tab never reached the event type radios")
        # Tabbing into the group lands on the checked radio, with a visible focus ring.
        assert page.evaluate("document.activeElement.value") == values[0]
        ring = "getComputedStyle(document.activeElement.nextElementSibling).outlineStyle"
        assert page.evaluate(ring) == "solid"
        page.keyboard.press("ArrowRight")
        assert_shows(page, demo_catalog, values[1])
        # Arrows cross from one group's fieldset into the next, as native radios do.
        first_group = len(demo_catalog.groups[0].events)
        for _ in range(first_group - 1):
            page.keyboard.press("ArrowDown")
        assert_shows(page, demo_catalog, values[first_group])
        page.keyboard.press("ArrowLeft")
        assert_shows(page, demo_catalog, values[first_group - 1])
        assert fragment(page) == f"event={values[first_group - 1]}"


def test_works_without_javascript(built_demo: Path, demo_catalog, page_no_js, serve) -> None:
    page = page_no_js
    with serve(built_demo) as base:
        page.goto(base + "sdk/upload/")
        assert_shows(page, demo_catalog, demo_catalog.events[0].value)
        for value in ("add_to_cart", "purchase", "rate", "custom"):
            pick(page, value)
            assert_shows(page, demo_catalog, value)
        page.keyboard.press("ArrowLeft")
        assert_shows(page, demo_catalog, "promote")


def test_hash_selects_on_load_and_back_restores(built_demo: Path, demo_catalog, page, serve) -> None:
    default = demo_catalog.events[0].value
    with serve(built_demo) as base:
        page.goto(base + "sdk/upload/")
        assert fragment(page) == ""
        pick(page, "search")
        assert fragment(page) == "event=search"
        pick(page, "like")
        assert fragment(page) == "event=like"
        page.go_back()
        assert fragment(page) == "event=search"
        assert_shows(page, demo_catalog, "search")
        page.go_back()
        assert fragment(page) == ""
        assert_shows(page, demo_catalog, default)
        page.go_forward()
        assert_shows(page, demo_catalog, "search")

        page.goto(base + "sdk/upload/#event=add_to_cart")
        assert_shows(page, demo_catalog, "add_to_cart")
        assert page.locator("#event-explorer").evaluate("el => el.getBoundingClientRect().top < innerHeight")


def test_prop_links_point_at_the_row_for_the_chosen_type(built_demo: Path, demo_catalog, page, serve) -> None:
    with serve(built_demo) as base:
        page.goto(base + "sdk/upload/#event=purchase")
        link = page.locator("tr.ee-row#event\\.currency a.ee-prop-link")
        assert link.get_attribute("href") == "#event=purchase/currency"
        page.goto(base + "interactions/")
        page.goto(base + "sdk/upload/#event=add_to_cart/currency")
        assert_shows(page, demo_catalog, "add_to_cart")
        row = page.locator("tr.ee-row#event\\.currency")
        assert "ee-target" in row.get_attribute("class")
        assert row.evaluate(
            "r => { const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; }"
        )
        # An ordinary anchor on the page does not reset the explorer, and Back still works.
        page.click("aside.toc a[href='#options']")
        assert fragment(page) == "options"
        assert_shows(page, demo_catalog, "add_to_cart")
        page.go_back()
        assert_shows(page, demo_catalog, "add_to_cart")


def test_explorer_links_to_type_pages_and_schemas(built_demo: Path, page, serve) -> None:
    with serve(built_demo) as base:
        page.goto(base + "sdk/upload/#event=watch")
        summary = page.locator(".ee-summary[data-event='watch']")
        schema = summary.locator("a", has_text="JSON Schema").get_attribute("href")
        assert (
            page.request.get(page.url.split("#")[0] + schema).json()["properties"]["type"]["const"] == "watch"
        )
        summary.locator("a", has_text="All about").click()
        assert urlsplit(page.url).path.endswith("/catalog/event/watch/")
        assert page.locator("h1").inner_text().startswith("watch")


def test_copy_button_copies_the_chosen_example(built_demo: Path, demo_catalog, page, serve) -> None:
    with serve(built_demo) as base:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.goto(base + "sdk/upload/#event=rate")
        block = page.locator(".ee-example[data-event='rate'] .highlight")
        block.hover()
        block.locator(".copy-button").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert json.loads(copied) == example_payload(demo_catalog, "rate")


# --- scratch projects: two explorers, hostile text ------------------------------------------

GROUPS = """\
- title: App
  events:
    - value: v1.open-app
      desc: The app was opened.
    - value: close
      desc: The app was closed.
- title: Store
  events:
    - value: buy
      desc: Bought something.
"""
PROPS = """\
- name: type
  type: string
  required: true
  desc: The event type.
- name: build
  type: string
  used_by: [v1.open-app]
  required_by: [v1.open-app]
  desc: The app build.
- name: amount
  type: positive number
  used_by: [buy]
  desc: What it cost.
- name: seconds
  type: number
  used_by_except: [buy]
  desc: How long it took.
"""
MEDIA_GROUPS = """\
- title: Playback
  events:
    - value: play
      desc: Playback started.
    - value: stop
      desc: Playback stopped.
"""
MEDIA_PROPS = """\
- name: type
  type: string
  required: true
  desc: The event type.
- name: position
  type: non-negative integer
  used_by: [stop]
  required: true
  desc: Where it stopped.
"""
TWO_PAGE = """\
---
title: Two explorers
---

## App events

{{ event_explorer() }}

## The same catalog again

{{ event_explorer('event', key='again') }}

## Media events

{{ event_explorer('media') }}
"""
HOSTILE = """<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> "double" and 'single' quotes & <b>bold</b>"""


@pytest.fixture(scope="module")
def scratch_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("explorers")
    hostile_groups = GROUPS.replace("title: Store", f"title: '{HOSTILE.replace(chr(39), chr(39) * 2)}'")
    hostile_groups = hostile_groups.replace(
        "desc: Bought something.", f"desc: '{HOSTILE.replace(chr(39), chr(39) * 2)}'"
    )
    hostile_props = PROPS.replace("desc: What it cost.", f"desc: '{HOSTILE.replace(chr(39), chr(39) * 2)}'")
    write_files(
        root,
        {
            "site.yml": "title: Scratch\nsearch: false\n",
            "specs/event/groups.yml": hostile_groups,
            "specs/event/props.yml": hostile_props,
            "specs/media/groups.yml": MEDIA_GROUPS,
            "specs/media/props.yml": MEDIA_PROPS,
            "site_src/index.md": TWO_PAGE,
        },
    )
    result = run_cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    return root


def test_two_explorers_on_one_page_do_not_interfere(scratch_site: Path, page, serve) -> None:
    event, media = catalog_of(scratch_site), catalog_of(scratch_site, "media")
    with serve(scratch_site / "_site") as base:
        page.goto(base + "#event=buy&media=stop")
        assert_shows(page, event, "buy", "#event-explorer")
        assert_shows(page, event, "v1.open-app", "#again-explorer")
        assert_shows(page, media, "stop", "#media-explorer")
        pick(page, "close", "#again-explorer")
        assert fragment(page) == "event=buy&media=stop&again=close"
        assert_shows(page, event, "buy", "#event-explorer")
        pick(page, "play", "#media-explorer")
        assert fragment(page) == "event=buy&media=play&again=close"
        assert_shows(page, event, "close", "#again-explorer")
        page.go_back()
        assert_shows(page, media, "stop", "#media-explorer")
        assert_shows(page, event, "close", "#again-explorer")
        page.go_back()
        assert_shows(page, event, "v1.open-app", "#again-explorer")
        assert_shows(page, event, "buy", "#event-explorer")


def test_two_explorers_without_javascript(scratch_site: Path, page_no_js, serve) -> None:
    event = catalog_of(scratch_site)
    with serve(scratch_site / "_site") as base:
        page_no_js.goto(base)
        pick(page_no_js, "buy", "#event-explorer")
        assert_shows(page_no_js, event, "buy", "#event-explorer")
        assert_shows(page_no_js, event, "v1.open-app", "#again-explorer")


def test_hostile_spec_text_renders_inert(scratch_site: Path, page, serve) -> None:
    with serve(scratch_site / "_site") as base:
        page.goto(base + "#event=buy")
        assert page.evaluate("window.__pwned") is None
        explorer = page.locator("#event-explorer")
        assert explorer.locator("script").count() == 0
        assert explorer.locator("[onerror]").count() == 0
        legend = explorer.locator("fieldset.ee-group legend").nth(1).inner_text()
        assert "<script>window.__pwned = 1</script>" in legend
        assert "\"double\" and 'single' quotes &" in legend
        summary = explorer.locator(".ee-summary[data-event='buy']").inner_text()
        assert "\"double\" and 'single' quotes & bold" in summary
        row = explorer.locator("tr.ee-row#event\\.amount").inner_text()
        assert "'single' quotes" in row
    html = (scratch_site / "_site" / "index.html").read_text()
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html  # the group title, as text
