"""Hostile text in every field is shown as text: no script runs, no markup or attribute breaks out."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from .conftest import run_cli, write_files

# Each payload, if it escaped its context, would set window.__pwned or add elements we look for.
PAYLOADS = [
    "</script><script>window.__pwned = 1</script>",
    '<img src="x" onerror="window.__pwned = 2" class="evil">',
    '"><svg onload="window.__pwned = 3" class="evil"></svg>',
    "' onmouseover='window.__pwned = 4' data-x='",
    "</style><style>body { display: none }</style>",
    "{{ 7 * 7 }}{% raw %}",
    '<a href="javascript:window.__pwned=6">x</a>',
    "\u2028\u2029 line separators </p></td></tr></table></div>",
    '<iframe src="javascript:parent.__pwned=7"></iframe><object data="x"></object>',
]
HOSTILE = " ".join(PAYLOADS)


def text(label: str) -> str:
    return f"{label} {HOSTILE}"


def site_yml() -> str:
    nav = [
        {"title": text("Section"), "pages": [{"title": text("Nav home"), "page": "index.md"}, "guide.md"]},
    ]
    return yaml.safe_dump(
        {"title": text("Site"), "description": text("Site description"), "footer": text("Footer"), "nav": nav}
    )


def event_spec() -> str:
    return yaml.safe_dump(
        {
            "groups": [
                {
                    "title": text("Group"),
                    "events": [
                        {"value": "add_to_cart", "desc": text("Event desc"), "tier": text("tier")},
                        {"value": "checkout", "desc": text("Checkout desc")},
                    ],
                }
            ],
            "props": [
                {"name": "type", "type": "string", "required": True, "desc": text("Type desc")},
                {
                    "name": "note",
                    "type": "string",  # event property types are validated against a list
                    "used_by": ["add_to_cart"],
                    "desc": text("Prop desc"),
                    "example": text("Example"),
                },
                {"name": "code", "type": "string", "used_by": ["checkout"], "desc": text("Code desc")},
            ],
        }
    )


def option_spec() -> str:
    return yaml.safe_dump(
        {
            "props": [
                {
                    "key": "mode",
                    "type": text("Option type"),
                    "default": text("Default"),
                    "desc": text("Option desc"),
                },
            ],
            "groups": [{"key": "upload.options", "props": ["mode"]}],
        }
    )


def front_matter(**fields: str) -> str:
    return "---\n" + yaml.safe_dump(fields) + "---\n"


INDEX = (
    front_matter(title=text("Page title"), description=text("Page description"), nav_title=text("Nav"))
    + """
{% for group in specs.event.groups %}
## {{ group.title }}
{% for event in group.events %}
- <span class="tier tier-{{ event.tier }}" title="{{ event.desc }}">{{ event.value }}</span>: {{ event.desc | markdown }}
{% endfor %}
{% endfor %}

<div data-page-title="{{ page.title }}" data-meta="{{ page.meta.custom }}">{{ page.meta.custom }}</div>
<script>window.pageData = {{ {"title": page.title, "custom": page.meta.custom} | dump }};</script>

{{ event_explorer() }}

{{ proptable('data_api', 'upload.options') }}
"""
)
FILES = {
    "site.yml": site_yml(),
    "specs/event.yml": event_spec(),
    "specs/data_api.yml": option_spec(),
    "site_src/index.md": INDEX.replace(
        "---\n\n", "custom: " + json.dumps(text("Custom meta")) + "\n---\n\n", 1
    ),
    "site_src/guide.md": front_matter(title=text("Guide title")) + "Plain guide.\n",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_files(tmp_path_factory.mktemp("hostile"), FILES)
    result = run_cli("build", "--root", str(root), "--base-url", "https://example.org/")
    assert result.code == 0, result.err
    return root / "_site"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.code: list[str] = []  # the text of <script> and <style> elements
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))
        self._in_code = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._in_code = False

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self.code.append(data)


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_the_hostile_text_reached_the_pages_as_text(hostile_site: Path) -> None:
    """Each field is on the page, escaped for its context; otherwise the other tests prove nothing."""
    home = (hostile_site / "index.html").read_text()
    escaped = "&lt;/script&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;"
    for label in (
        "Site",
        "Page title",
        "Page description",
        "Group",
        "Custom meta",
        "Option type",
        "Nav home",
    ):
        assert f"{label} {escaped}" in home, label
    assert 'class="tier tier-tier ' + escaped in home  # inside an attribute
    assert '"Default \\u003c/script\\u003e\\u003cscript\\u003ewindow.__pwned = 1' in home  # as JSON
    assert '"title":"Page title \\u003c/script\\u003e' in home  # as JSON inside <script>
    # Spec text is Markdown, sanitised: scripts and handlers are gone, the words stay.
    for label in ("Prop desc", "Option desc", "Footer", "Type desc"):
        assert f'{label}  <img src="x"> ' in home, label


def test_no_markup_escapes_from_any_field(hostile_site: Path) -> None:
    for path in html_pages(hostile_site):
        found = elements(path.read_text())
        for tag, attrs in found.found:
            assert "evil" not in (attrs.get("class") or "").split(), (path, tag, attrs)
            assert tag not in ("iframe", "object"), (path, tag)
            for name, value in attrs.items():
                assert not name.startswith("on"), (path, tag, name)
                assert not (value or "").strip().lower().startswith("javascript:"), (path, tag, name)
        for code in found.code:
            # Inside a script the payload may only appear as escaped JSON data.
            assert "__pwned" not in code or "\\u003c/script" in code, (path, code[:200])
            assert "display: none }" not in code or "\\u003c/style" in code, (path, code[:200])
        assert "49" not in path.read_text().replace("1.49", "")  # {{ 7 * 7 }} in data is never evaluated


def test_json_outputs_stay_valid(hostile_site: Path) -> None:
    for path in hostile_site.rglob("*.json"):
        if "pagefind" not in path.parts:
            json.loads(path.read_text())


def test_no_script_runs_in_the_browser(hostile_site: Path, page, serve) -> None:
    with serve(hostile_site) as base:
        for path in html_pages(hostile_site):
            rel = path.relative_to(hostile_site).as_posix()
            page.goto(base + rel)
            page.mouse.move(300, 300)
            for element in page.query_selector_all("main *")[:200]:
                element.dispatch_event("mouseover")
            assert page.evaluate("window.__pwned") is None, rel
            assert page.evaluate("document.querySelectorAll('.evil, iframe, object').length") == 0, rel
            assert page.eval_on_selector("body", "b => getComputedStyle(b).display") != "none", rel
        data = page.goto(base) and page.evaluate("window.pageData")
        assert data["title"].startswith("Page title </script><script>window.__pwned = 1</script>")


def test_markdown_in_spec_text_cannot_link_to_scripts(make_project, cli) -> None:
    page = "---\ntitle: T\n---\n<div>\n{% for e in specs.event.events %}{{ e.desc | markdown }}\n{% endfor %}</div>\n"
    events = event_spec().replace("Event desc", "[Event desc](javascript:window.__pwned=5)")
    root = make_project({**FILES, "specs/event.yml": events, "site_src/index.md": page})
    assert cli("build", "--root", str(root), "-q").code == 0
    home = (root / "_site/index.html").read_text()
    assert "<a>Event desc</a>" in home  # the link survives as text, its script URL does not
    urls = [value for _, attrs in elements(home).found for value in attrs.values() if value]
    assert not [url for url in urls if url.lower().startswith("javascript:")]


def test_spec_text_printed_into_page_markdown_cannot_become_a_script_link(make_project, cli) -> None:
    page = "---\ntitle: T\n---\n{% for group in specs.event.groups %}\n## {{ group.title }}\n{% endfor %}\n"
    events = event_spec().replace("Group", "[Group](javascript:window.__pwned=5)")
    root = make_project({**FILES, "specs/event.yml": events, "site_src/index.md": page})
    assert cli("build", "--root", str(root), "-q").code == 0
    html = (root / "_site/index.html").read_text()
    assert 'href="javascript:' not in html
    assert "<a>Group" in html  # the link text stays, without its script URL


# Python-Markdown's attr_list reads "{: key=value }" after an element as attributes.
ATTR_LIST_PAYLOAD = "Search ![](https://x.invalid/x.png){: onerror=window.__pwned=8 }"
ATTR_LIST_PAGE = """---
title: T
custom: "Meta {: onmouseover=window.__pwned=9 }"
---
{% for group in specs.event.groups %}
## {{ group.title }}
{% endfor %}

{% for prop in specs.event.props %}
{{ prop.desc }}

| {{ prop.name }} | {{ prop.desc }} |
|---|---|
| [{{ prop.name }}](#x) | {{ prop.desc | markdown }} |
{% endfor %}

{{ page.meta.custom }}

Literal attribute lists in the page itself still work.
{: #own-id .own-class }
"""


def test_printed_text_cannot_add_attributes_through_markdown_attribute_lists(make_project, cli) -> None:
    events = event_spec().replace("Group", ATTR_LIST_PAYLOAD).replace("Prop desc", "Prop {: onclick=x() }")
    files = {**FILES, "specs/event.yml": events, "site_src/index.md": ATTR_LIST_PAGE}
    root = make_project(files)
    result = cli("build", "--root", str(root))
    assert result.code == 0, result.err
    assert "inline script" not in result.err  # the link check (on for small sites) found none
    html = (root / "_site/index.html").read_text()
    for tag, attrs in elements(html).found:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
    # The braces are shown as the text they are.
    assert "{: onerror=window.__pwned=8 }" in html
    assert "{: onmouseover=window.__pwned=9 }" in html
    assert "Prop {: onclick=x() }" in html
    # The page's own literal attribute list is the author's, and applies.
    assert '<p class="own-class" id="own-id">Literal attribute lists' in html


def test_strict_check_reports_inline_script_in_the_built_pages(make_project, cli) -> None:
    page = '---\ntitle: T\n---\nText.\n\n<img src="a.png" alt="" onerror="boom()">\n\n<a href="java\tscript:x()">x</a>\n'
    root = make_project({"site_src/index.md": page, "site_src/a.png": b"png"})
    result = cli("build", "--root", str(root), "--strict")
    assert result.code == 1
    assert "site_src/index.md" not in result.err  # the attribute is found in the output, not searched
    assert "inline script in the built page (onerror= on <img>)" in result.err
    assert "inline script in the built page (href= on <a>)" in result.err
    assert not (root / "_site").exists()
