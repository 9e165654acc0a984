"""Markdown as authors coming from Eleventy and markdown-it expect it (``site.yml``'s ``markdown:``).

Heading ids are checked against real markdown-it + markdown-it-anchor when
they are installed (``.ci/test`` installs them), and against ids it made
otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from specsite import features
from specsite.engine.mdrender import MarkdownSettings, render_page

from . import jsreference
from .conftest import CliResult

features.load()

HEADINGS = """\
# Upload (batch)

## Use `foo()` & *bar*

## Ünïcode Straße

## Same

## Same

## Same

## 100% <em>done</em>

## Dots.and_under ~ ok!

## a   b

### It’s “quoted” — [link](/x/) é
"""
# What markdown-it-anchor 10 makes of HEADINGS: with its default slugify, and with Eleventy's.
ANCHOR_IDS = [
    "upload-(batch)",
    "use-foo()-%26-bar",
    "%C3%BCn%C3%AFcode-stra%C3%9Fe",
    "same",
    "same-1",
    "same-2",
    "100%25-done",
    "dots.and_under-~-ok!",
    "a-b",
    "it%E2%80%99s-%E2%80%9Cquoted%E2%80%9D-%E2%80%94-link-%C3%A9",
]
ELEVENTY_IDS = [
    "upload-batch",
    "use-foo-and-bar",
    "uenicode-strasse",
    "same",
    "same-1",
    "same-2",
    "100-done",
    "dots-and-under-ok",
    "a-b",
    "it-s-quoted-link-e",
]
PYTHON_MARKDOWN_IDS = [
    "upload-batch",
    "use-foo-bar",
    "unicode-strae",
    "same",
    "same_1",
    "same_2",
    "100-done",
    "dotsand_under-ok",
    "a-b",
    "its-quoted-link-e",
]


def ids(html: str) -> list[str]:
    return re.findall(r'<h\d id="([^"]*)"', html)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("markdown-it-anchor", ANCHOR_IDS),
        ("eleventy-slugify", ELEVENTY_IDS),
        ("python-markdown", PYTHON_MARKDOWN_IDS),
    ],
)
def test_heading_id_rules(rule: str, expected: list[str]) -> None:
    settings = MarkdownSettings(heading_ids=rule)
    assert ids(render_page(HEADINGS, settings)[0]) == expected
    # Ids count per page: the second page starts again from "same".
    assert ids(render_page(HEADINGS, settings)[0]) == expected


def test_heading_ids_match_real_markdown_it_anchor() -> None:
    jsreference.require("markdown-it", "markdown-it-anchor", "@sindresorhus/slugify")
    script = (
        'import MarkdownIt from "markdown-it"; import anchor from "markdown-it-anchor";\n'
        'import slugify from "@sindresorhus/slugify"; import {readFileSync} from "node:fs";\n'
        'const text = JSON.parse(readFileSync(0, "utf8"));\n'
        "const plain = new MarkdownIt({html: true}).use(anchor);\n"
        "const eleventy = new MarkdownIt({html: true})"
        ".use(anchor, {slugify: s => slugify(s, {decamelize: false})});\n"
        "console.log(JSON.stringify([plain.render(text), eleventy.render(text)]));\n"
    )
    plain, eleventy = jsreference.run_module(script, HEADINGS)
    assert ids(plain) == ANCHOR_IDS
    assert ids(eleventy) == ELEVENTY_IDS


def build(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult], files: dict[str, str]
) -> Path:
    root = make_project(files)
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    return root / "_site"


def test_site_yml_picks_the_rule_and_the_toc_links_follow(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult]
) -> None:
    site = build(
        make_project,
        cli,
        {
            "site.yml": "title: T\nmarkdown:\n  heading_ids: markdown-it-anchor\n",
            "site_src/index.md": "---\ntitle: Home\n---\n## Upload (batch)\n\n## Limits (per day)\n",
        },
    )
    page = (site / "index.html").read_text()
    assert '<h2 id="upload-(batch)">' in page
    assert '<a href="#limits-(per-day)">Limits (per day)</a>' in page


NESTED_TWO = "- a\n  - b\n    - c\n  - d\n- e\n\n1. one\n   1. inner\n2. two\n"
NESTED_FOUR = "- a\n    - b\n        - c\n    - d\n- e\n\n1. one\n    1. inner\n2. two\n"
NESTED_HTML = (
    "<ul>\n<li>a<ul>\n<li>b<ul>\n<li>c</li>\n</ul>\n</li>\n<li>d</li>\n</ul>\n</li>\n<li>e</li>\n</ul>\n"
    "<ol>\n<li>one<ol>\n<li>inner</li>\n</ol>\n</li>\n<li>two</li>\n</ol>"
)


@pytest.mark.parametrize("text", [NESTED_TWO, NESTED_FOUR], ids=["2 spaces", "4 spaces"])
def test_nested_lists_nest_with_2_or_4_spaces(text: str) -> None:
    assert render_page(text)[0] == NESTED_HTML


def test_indented_code_and_continuations_keep_their_meaning() -> None:
    text = "- a\n\n    more of a\n\n        code in a\n\nafter\n\n    code block\n"
    html = render_page(text)[0]
    assert "<li>\n<p>a</p>\n<p>more of a</p>" in html
    assert "<code>code in a\n</code>" in html
    assert "<p>after</p>" in html
    assert "<code>code block\n</code>" in html


def test_external_links_open_in_a_new_tab(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult]
) -> None:
    body = (
        "[gh](https://github.com/x) [self](https://docs.example.com/a/) "
        "[rel]({{ '/other/' | url }}) [mail](mailto:a@b.c)\n"
    )
    site = build(
        make_project,
        cli,
        {
            "site.yml": "title: T\nbase_url: https://docs.example.com/\n"
            "markdown:\n  external_links_new_tab: true\n",
            "site_src/index.md": "---\ntitle: Home\n---\n" + body,
            "site_src/other.md": "---\ntitle: Other\n---\nOther\n",
        },
    )
    page = (site / "index.html").read_text()
    assert '<a href="https://github.com/x" rel="noopener" target="_blank">gh</a>' in page
    assert '<a href="https://docs.example.com/a/">self</a>' in page
    assert '<a href="/other/">rel</a>' in page  # with a base URL, `| url` gives the path under it
    assert '<a href="mailto:a@b.c">mail</a>' in page


def test_links_stay_in_the_tab_by_default(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult]
) -> None:
    site = build(make_project, cli, {"site_src/index.md": "---\ntitle: H\n---\n[gh](https://github.com/x)\n"})
    assert '<a href="https://github.com/x">gh</a>' in (site / "index.html").read_text()


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("index.md", "# My own title\n\nText.\n"),
        ("index.md", '<h1 class="big">My own title</h1>\n\nText.\n'),
        ("index.html", "<h1>My own title</h1>\n<p>Text.</p>\n"),
    ],
    ids=["markdown", "raw html in markdown", "html page"],
)
def test_a_page_with_its_own_h1_gets_no_second_one(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult], name: str, body: str
) -> None:
    site = build(make_project, cli, {f"site_src/{name}": "---\ntitle: Layout title\n---\n" + body})
    page = (site / "index.html").read_text()
    assert len(re.findall(r"<h1[\s>]", page)) == 1
    assert re.search(r"<h1[^>]*>My own title", page)


def test_a_page_without_h1_gets_the_layouts(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult]
) -> None:
    site = build(make_project, cli, {"site_src/index.html": "---\ntitle: Layout title\n---\n<p>x</p>\n"})
    assert "<h1>Layout title</h1>" in (site / "index.html").read_text()


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "markdown:\n  heading_ids: markdown-it\n",
            "site.yml:3:16: error: unknown heading_ids rule 'markdown-it' (did you mean 'markdown-it-anchor'?)",
        ),
        (
            "markdown:\n  heading_ids: kebab\n",
            "site.yml:3:16: error: unknown heading_ids rule 'kebab' "
            "(one of: python-markdown, markdown-it-anchor, eleventy-slugify)",
        ),
        (
            "markdown:\n  external_links: true\n",
            "site.yml:3:3: error: unknown field 'external_links' in the markdown section "
            "(did you mean 'external_links_new_tab'?)",
        ),
        ("markdown: yes\n", "site.yml:2:11: error: 'markdown' must be a mapping, not a boolean"),
    ],
)
def test_markdown_settings_are_checked(
    make_project: Callable[[dict[str, str]], Path],
    cli: Callable[..., CliResult],
    markdown: str,
    expected: str,
) -> None:
    root = make_project({"site.yml": "title: T\n" + markdown, "site_src/index.md": "# Hi\n"})
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == [expected]
