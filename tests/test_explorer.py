"""The explorer's markup: the model's answer per row, escaped and scoped CSS, located mistakes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from specsite.engine.project import Project, load_inputs
from specsite.events.explorer import css_ident, css_string, explorer_css

GROUPS = """\
- title: Things
  events:
    - value: open
      desc: Opened.
    - value: v2.close-all
      desc: Closed.
"""
PROPS = """\
- name: type
  type: string
  required: true
  desc: The type.
- name: reason
  type: string
  used_by: [v2.close-all]
  required_by: [v2.close-all]
  desc: Why.
- name: count
  type: integer
  used_by_except: [open]
  desc: How many.
"""


class _Rows(HTMLParser):
    """``data-*`` attributes of the explorer's rows, by row id."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and "ee-row" in (found.get("class") or ""):
            self.rows[found["id"] or ""] = {k: v or "" for k, v in found.items()}


def rows_of(html: str) -> dict[str, dict[str, str]]:
    parser = _Rows()
    parser.feed(html)
    return parser.rows


def test_rows_carry_the_models_answer(built_demo: Path) -> None:
    inputs, _ = load_inputs(Project.at(built_demo.parent))
    catalog = inputs.specs.event
    rows = rows_of((built_demo / "sdk/upload/index.html").read_text())
    assert list(rows) == [f"event.{prop.name}" for prop in catalog.props]
    everyone = [e.value for e in catalog.events]
    for prop in catalog.props:
        row = rows[f"event.{prop.name}"]
        # A row for every type (but a few) names only the few, not every type.
        if "data-all" in row:
            shown = [v for v in everyone if v not in row.get("data-except", "").split()]
        else:
            shown = row["data-events"].split()
        assert shown == [e.value for e in catalog.events_for(prop)]
        required = shown if "data-required-all" in row else row["data-required"].split()
        assert required == [e.value for e in catalog.required_events_for(prop)]


def test_style_rules_are_scoped_to_the_explorer(built_demo: Path) -> None:
    html = (built_demo / "sdk/upload/index.html").read_text()
    style = re.search(r'<div class="event-explorer" id="event-explorer".*?<style>(.*?)</style>', html, re.S)
    assert style is not None
    rules = [line for line in style.group(1).splitlines() if "{" in line and not line.startswith("@")]
    assert rules
    for rule in rules:
        for selector in rule.split("{")[0].split(", #"):
            assert selector.lstrip("#").startswith("event-explorer"), rule
    assert "tr {" not in html and "tr{" not in html


def test_css_escaping_keeps_values_inside_their_selectors() -> None:
    assert css_ident("event-explorer") == "event-explorer"
    assert css_ident("v2.app") == "v2\\2e app"
    assert css_ident("9lives") == "\\39 lives"
    assert css_string('a"b\\c') == '"a\\22 b\\5c c"'
    hostile = css_string("</style><script>alert(1)</script>")
    assert "<" not in hostile and ">" not in hostile
    css = explorer_css("x.y-explorer", ['"]{}</style>', "ok"])
    assert "</style" not in css and "#x\\2e y-explorer:has(" in css
    # One rule per type, each naming that type only in escaped strings.
    assert css.count(":has(.ee-radio[value=") == 2


def test_fallback_text_says_which_types_a_prop_applies_to(make_project, cli) -> None:
    root = make_project(
        {
            "specs/event/groups.yml": GROUPS,
            "specs/event/props.yml": PROPS,
            "site_src/index.md": "# T\n\n{{ event_explorer() }}\n",
        }
    )
    assert cli("build", "--root", str(root), "-q").code == 0
    html = (root / "_site/index.html").read_text()
    rows = rows_of(html)
    assert rows["event.reason"]["data-events"] == "v2.close-all"
    assert rows["event.reason"]["data-required"] == "v2.close-all"
    assert rows["event.count"]["data-except"] == "open" and "data-events" not in rows["event.count"]
    assert "data-required-all" in rows["event.type"] and "data-events" not in rows["event.type"]
    assert "Only for: v2.close-all. Required for: all of them." in html
    assert "All event types. Required for: all of them." in html
    assert "All event types except: open." in html
    # The type a row leaves out hides it; the other types need no rule for it.
    assert '.ee-row[data-except~="open"] { display: none; }' in html
    assert 'data-except~="v2.close-all"' not in html
    # The first type is checked in the HTML, so the page works before (and without) scripts.
    assert re.search(r'value="open" autocomplete="off" checked>', html)
    assert 'data-key="event"' in html


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ("event_explorer('evnt')", "unknown spec namespace 'evnt' (did you mean 'event'?)"),
        ("event_explorer('data_api')", "spec namespace 'data_api' is not an event catalog"),
        ("event_explorer(key='two words')", "event_explorer key 'two words' is not a safe identifier"),
    ],
)
def test_explorer_mistakes_are_located(make_project, cli, call: str, message: str) -> None:
    root = make_project(
        {
            "specs/event/groups.yml": GROUPS,
            "specs/event/props.yml": PROPS,
            "specs/data_api/props.yml": "- key: a\n  type: string\n  desc: x\n",
            "site_src/index.md": f"---\ntitle: T\n---\n\nText.\n\n{{{{ {call} }}}}\n",
        }
    )
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines[0].startswith(f"site_src/index.md:7: error: {message}"), result.err
