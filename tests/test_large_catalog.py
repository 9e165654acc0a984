"""Catalogs past the size budgets: a matrix page per group, a schema for any event by reference.

The budgets are lowered here so a small catalog crosses them; bench/bench_catalog.py
builds the real sizes (1,000 event types, 5,000 props).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from specsite.engine.project import Project, load_inputs
from specsite.events import eventschema, explorer, matrix
from specsite.events.eventschema import example_payload

GROUPS = """\
- title: Cart
  events:
    - {value: add, desc: Added.}
    - {value: remove, desc: Removed.}
    - {value: empty, desc: Emptied.}
    - {value: save, desc: Saved for later.}
    - {value: restore, desc: Restored.}
- title: Search
  events:
    - {value: search, desc: Searched.}
    - {value: refine, desc: Refined.}
- title: Nothing yet
  events: []
"""
PROPS = """\
- {name: type, type: string, required: true, desc: The type.}
- {name: user_id, type: string, desc: Who.}
- {name: channel, type: string, used_by_except: [save], required_by: [add], desc: Where.}
- {name: sku, type: string, used_by: [add, remove], required_by: [add], desc: What.}
- {name: count, type: positive integer, used_by: [add], desc: How many.}
- {name: list_id, type: string, used_by: [save, restore], desc: Which list.}
- {name: query, type: string, used_by: [search, refine], required: true, desc: The words.}
- {name: filters, type: array of strings, used_by: [refine], desc: The filters.}
"""


@pytest.fixture
def site(make_project, cli, monkeypatch) -> Path:
    # 7 types x 8 props = 56 cells, 34 (type, prop) pairs: past both budgets,
    # and the Cart group (5 types, 6 props) needs two pages of at most 25 cells.
    monkeypatch.setattr(matrix, "CELL_BUDGET", 25)
    monkeypatch.setattr(eventschema, "INLINE_PAIRS", 20)
    monkeypatch.setattr(explorer, "INLINE_EXAMPLES_BUDGET", 100)
    root = make_project(
        {
            "specs/event/groups.yml": GROUPS,
            "specs/event/props.yml": PROPS,
            "site_src/index.md": "# Events\n\n{{ event_explorer() }}\n",
        }
    )
    result = cli("build", "--root", str(root), "-q", "--base-url", "https://docs.example.com/")
    assert result.code == 0, result.err
    return root


class _Cells(HTMLParser):
    """(row type, column prop) -> "mx-req" / "mx-opt" / "mx-none" for one matrix page."""

    def __init__(self) -> None:
        super().__init__()
        self.props: list[str] = []
        self.cells: dict[tuple[str, str], str] = {}
        self.types: list[str] = []
        self._in_prop = False
        self._in_type = False
        self._column = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        css = dict(attrs).get("class") or ""
        if tag == "th" and "mx-prop" in css:
            self._in_prop = True
        elif tag == "th" and "mx-type" in css:
            self._in_type, self._column = True, 0
        elif tag == "td" and css.startswith("mx-"):
            self.cells[(self.types[-1], self.props[self._column])] = css
            self._column += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self._in_prop = self._in_type = False

    def handle_data(self, data: str) -> None:
        if self._in_prop and data.strip():
            self.props.append(data.strip())
        elif self._in_type and data.strip():
            self.types.append(data.strip())


def cells_of(page: Path) -> _Cells:
    parser = _Cells()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_the_matrix_is_an_index_and_a_page_per_group(site: Path) -> None:
    out = site / "_site/catalog/event/matrix"
    index = (out / "index.html").read_text()
    row = r'<td><a href="/catalog/event/matrix/([0-9]+/)">([^<]+)</a></td><td>(\d+)</td><td>(\d+)</td>'
    links = re.findall(row, index)
    # An empty group gets no page; a group too large for one is cut by rows.
    assert [(href, title) for href, title, _, _ in links] == [
        ("1/", "Cart (1 of 2)"),
        ("2/", "Cart (2 of 2)"),
        ("3/", "Search"),
    ]
    assert 'class="event-matrix"' not in index
    for href, _, types, props in links:
        assert int(types) * int(props) <= 25
        assert (out / href / "index.html").is_file()
    assert not (out / "4").exists()


def test_every_type_and_prop_is_marked_once_as_the_model_says(site: Path) -> None:
    inputs, _ = load_inputs(Project.at(site))
    catalog = inputs.specs.event
    seen: dict[tuple[str, str], str] = {}
    for number in (1, 2, 3):
        page = cells_of(site / f"_site/catalog/event/matrix/{number}/index.html")
        # A page's columns are the props its types take, in spec order.
        taken = {p.name for value in page.types for p in catalog.props_for(value)}
        assert page.props == [p.name for p in catalog.props if p.name in taken]
        for key, css in page.cells.items():
            assert key not in seen
            seen[key] = css
    assert sorted({value for value, _ in seen}) == sorted(e.value for e in catalog.events)
    for event in catalog.events:
        for prop in catalog.props_for(event.value):
            expected = "mx-req" if prop.required_for(event.value) else "mx-opt"
            assert seen[(event.value, prop.name)] == expected, (event.value, prop.name)
    assert seen[("save", "channel")] == "mx-none"


def test_group_pages_link_back_and_to_each_other(site: Path) -> None:
    page = (site / "_site/catalog/event/matrix/2/index.html").read_text()
    assert '<a href="/catalog/event/matrix/">All event groups</a>' in page
    assert 'class="pager-prev" href="/catalog/event/matrix/1/"' in page
    assert 'class="pager-next" href="/catalog/event/matrix/3/"' in page
    assert "<title>Event types and properties: Cart (2 of 2)" in page


def _registry(site: Path) -> Registry:
    schemas = site / "_site/schemas"
    resources = []
    for path in schemas.rglob("*.schema.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        resources.append((document["$id"], Resource.from_contents(document)))
    return Registry().with_resources(resources)


def test_the_schema_for_any_event_refers_to_each_types_schema(site: Path) -> None:
    inputs, _ = load_inputs(Project.at(site))
    catalog = inputs.specs.event
    whole = json.loads((site / "_site/schemas/event.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(whole)
    assert "$defs" not in whole
    assert whole["oneOf"][0] == {"$ref": "event/add.schema.json"}
    any_event = Draft202012Validator(whole, registry=_registry(site))
    for event in catalog.events:
        example = example_payload(catalog, event.value)
        assert any_event.is_valid(example), event.value
        assert not any_event.is_valid({**example, "type": "no-such-type"})
    assert not any_event.is_valid({"type": "add", "sku": "a"})  # channel is required for add
    assert not any_event.is_valid({"type": "save", "channel": "web"})  # not for save
    assert not any_event.is_valid({"type": "search"})  # query is required
    assert any_event.is_valid({"type": "refine", "query": "shoes", "filters": ["red"], "channel": "app"})


def test_explorer_rows_for_every_type_name_only_the_exceptions(site: Path) -> None:
    html = (site / "_site/index.html").read_text(encoding="utf-8")
    assert '<tr class="ee-row" id="event.user_id" data-all data-required="">' in html
    assert '<tr class="ee-row" id="event.channel" data-all data-except="save" data-required="add">' in html
    assert '<tr class="ee-row" id="event.type" data-all data-required-all>' in html
    assert 'data-events="add remove" data-required="add"' in html


def test_explorer_links_each_types_example_when_they_are_too_many_to_inline(site: Path) -> None:
    html = (site / "_site/index.html").read_text(encoding="utf-8")
    assert "ee-example" not in html and 'class="highlight"' not in html
    assert '<a href="/catalog/event/add/#example">Example</a>' in html
    page = (site / "_site/catalog/event/add/index.html").read_text(encoding="utf-8")
    assert '<h2 id="example">Example</h2>' in page
