"""Generated catalog pages: one per event type, and the type × property matrix."""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import pytest

from specsite.engine.project import Project, load_inputs
from specsite.events.eventschema import example_payload


@pytest.fixture(scope="module")
def demo(built_demo: Path):
    inputs, _ = load_inputs(Project.at(built_demo.parent))
    return inputs.specs.event


def text_of(fragment: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_every_event_type_has_a_page_with_its_props(built_demo: Path, demo) -> None:
    for event in demo.events:
        page = (built_demo / f"catalog/event/{event.value}/index.html").read_text()
        body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        rows = re.findall(r'<tr id="prop-([^"]+)">(.*?)</tr>', body, re.S)
        assert [name for name, _ in rows] == [p.name for p in demo.props_for(event.value)]
        required = [name for name, cells in rows if "badge-required" in cells]
        assert required == [p.name for p in demo.required_props_for(event.value)]
        example = re.search(r'<h2 id="example">Example</h2>\s*(<div class="highlight">.*?</div>)', page, re.S)
        assert json.loads(text_of(example.group(1))) == example_payload(demo, event.value)
        assert f'href="../../../schemas/event/{event.value}.schema.json"' in page
        assert f"<title>{event.value} event · " in page


def test_matrix_marks_applies_and_required_distinctly(built_demo: Path, demo) -> None:
    page = (built_demo / "catalog/event/matrix/index.html").read_text()
    header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert re.findall(r'<th scope="col" class="mx-prop"><span>([^<]+)</span>', header) == [
        p.name for p in demo.props
    ]
    rows = re.findall(
        r'<th scope="row" class="mx-type">.*?<code>([^<]+)</code>.*?</th>(.*?)</tr>', page, re.S
    )
    assert [value for value, _ in rows] == [e.value for e in demo.events]
    for value, cells in rows:
        marks = re.findall(r'<td class="(mx-req|mx-opt|mx-none)"', cells)
        want = [
            "mx-req" if p.required_for(value) else "mx-opt" if p.applies_to(value) else "mx-none"
            for p in demo.props
        ]
        assert marks == want, value


def test_catalog_page_links_types_matrix_and_schemas(built_demo: Path, demo) -> None:
    page = (built_demo / "interactions/catalog/index.html").read_text()
    for event in demo.events:
        assert f'href="../../catalog/event/{event.value}/"' in page
    assert 'href="../../catalog/event/matrix/"' in page
    assert 'href="../../schemas/event.schema.json"' in page
    nav = (built_demo / "index.html").read_text()
    assert "Event matrix</a>" in nav


def test_link_helpers_check_the_event_type(make_project, cli) -> None:
    root = make_project(
        {
            "specs/event/groups.yml": "- title: C\n  events:\n    - value: add_to_cart\n      desc: x\n",
            "specs/event/props.yml": "- name: type\n  type: string\n  desc: t\n",
            "site_src/index.md": "# Home\n\nSee [it]({{ event_url('add_to_card') | url }}).\n",
        }
    )
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == [
        "site_src/index.md:3: error: unknown event type 'add_to_card' in 'event' (did you mean 'add_to_cart'?)"
    ]


# --- the matrix in Chromium ----------------------------------------------------------------

MATRIX_STATE = """() => {
  const wrap = document.querySelector('.matrix-wrap');
  const box = wrap.getBoundingClientRect();
  const head = wrap.querySelector('thead th.mx-prop:nth-of-type(6)').getBoundingClientRect();
  const first = wrap.querySelector('tbody tr:nth-child(5) th.mx-type').getBoundingClientRect();
  const probe = document.elementFromPoint(head.left + head.width / 2, head.top + head.height / 2);
  return {
    pageOverflow: document.documentElement.scrollWidth - innerWidth,
    wrapOverflowX: wrap.scrollWidth - wrap.clientWidth,
    wrapOverflowY: wrap.scrollHeight - wrap.clientHeight,
    scrolled: [wrap.scrollLeft, wrap.scrollTop],
    headTop: head.top - box.top,
    firstLeft: first.left - box.left,
    headerOnTop: !!probe.closest('thead'),
  };
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_matrix_scrolls_in_its_box_with_sticky_headers(built_demo: Path, browser, serve, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        with serve(built_demo) as base:
            page.goto(base + "catalog/event/matrix/")
            before = page.evaluate(MATRIX_STATE)
            assert before["pageOverflow"] <= 0  # the page body never scrolls sideways
            assert before["wrapOverflowY"] > 0
            if width == 390:
                assert before["wrapOverflowX"] > 0  # the matrix scrolls inside its own box
            page.eval_on_selector(".matrix-wrap", "w => { w.scrollTop = 400; w.scrollLeft = 300; }")
            after = page.evaluate(MATRIX_STATE)
            assert after["scrolled"][1] == 400
            assert abs(after["headTop"] - before["headTop"]) <= 1  # the header row stays in view
            assert after["headerOnTop"]  # and is drawn above the scrolled cells
            assert abs(after["firstLeft"] - before["firstLeft"]) <= 1  # so does the type column
            assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    finally:
        context.close()
