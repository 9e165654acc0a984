"""Link and anchor checking, lint warnings, ``--strict`` and ``specsite check``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specsite.publish import linkcheck, search

from .conftest import CliResult, copy_demo, run_cli, tree

EVENTS = """\
groups:
  - title: Cart
    events:
      - value: add_to_cart
        desc: Added.
      - value: checkout
        desc: Checked out.
props:
  - name: type
    type: string
    desc: The type.
  - name: quantity
    type: integer
    used_by: [add_to_cart]
    desc: How many. See [the guide](/guide/#quantites).
  - name: coupon
    type: string
    used_by: [checkout]
    desc: A discount code.
"""
OPTIONS = """\
props:
  - key: timeout
    type: number
    desc: Milliseconds.
  - key: retries
    type: integer
    desc: Attempts.
groups:
  - key: request
    props: [timeout]
"""
INDEX = """\
---
title: Home
---
Read the [guide]({{ '/guide/' | url }}) first.

## Install

Then see [the options]({{ '/sdk/options/' | url }}).
"""
GUIDE = """\
---
title: Guide
---
## Quantities

Back [home]({{ '/' | url }}), to [install]({{ '/#instal' | url }}) or [here](#quantities).
"""
GOOD = {
    "site.yml": "title: Links\n",
    "specs/event.yml": EVENTS.replace("See [the guide](/guide/#quantites).", ""),
    "site_src/index.md": INDEX.replace("[the options]({{ '/sdk/options/' | url }})", "the guide"),
    "site_src/guide.md": GUIDE.replace("#instal", "#install"),
}


def build(cli, root: Path, *args: str):
    return cli("build", "--root", str(root), *args)


def warnings(result) -> list[str]:
    return [line for line in result.err.splitlines() if ": warning: " in line]


def test_a_clean_project_has_nothing_to_report(make_project, cli) -> None:
    root = make_project(GOOD)
    result = build(cli, root, "--strict", "--base-url", "https://example.org/")
    assert result.code == 0, result.err
    assert result.err == ""


def test_broken_links_are_reported_where_they_were_written(make_project, cli) -> None:
    root = make_project({**GOOD, "site_src/index.md": INDEX, "site_src/guide.md": GUIDE})
    result = build(cli, root)
    assert result.code == 0, result.err  # warnings only, without --strict
    assert warnings(result) == [
        "site_src/guide.md:6:48: warning: broken link to '/#instal': that page has no element with id"
        " 'instal' (did you mean 'install'?)",
        "site_src/index.md:8:28: warning: broken link to '/sdk/options/'",
    ]


def test_strict_turns_broken_links_into_errors_and_keeps_the_old_site(make_project, cli) -> None:
    root = make_project(GOOD)
    assert build(cli, root, "-q").code == 0
    before = tree(root / "_site")
    (root / "site_src/index.md").write_text(INDEX)
    result = build(cli, root, "--strict")
    assert result.code == 1
    assert result.error_lines == ["site_src/index.md:8:28: error: broken link to '/sdk/options/'"]
    assert tree(root / "_site") == before


def test_links_in_specs_and_templates_are_located_there(make_project, cli) -> None:
    layout = (
        "{% extends 'specsite/page.html' %}\n"
        "{% block aside %}\n<a href=\"{{ '/help/' | url }}\">Help</a>\n{% endblock %}\n"
    )
    page = "---\ntitle: Guide\n---\n## Quantities\n\n{{ event_explorer() }}\n"
    root = make_project(
        {**GOOD, "specs/event.yml": EVENTS, "site_src/guide.md": page, "templates/page.html": layout}
    )
    assert warnings(build(cli, root)) == [
        "specs/event.yml:15:37: warning: broken link to '/guide/#quantites': that page has no element with"
        " id 'quantites' (did you mean 'quantities'?)",
        "templates/page.html:3:14: warning: broken link to '/help/'",
    ]


def test_a_link_not_found_in_any_source_is_reported_in_the_output_file(make_project, cli) -> None:
    page = "---\ntitle: Guide\n---\n{% set where = 'nowh' ~ 'ere' %}\n<a href=\"{{ ('/' ~ where ~ '/') | url }}\">x</a>\n"
    root = make_project({**GOOD, "site_src/guide.md": page})
    (line,) = warnings(build(cli, root))
    html = (root / "_site/guide/index.html").read_text().splitlines()
    number = next(i for i, text in enumerate(html, 1) if "../nowhere/" in text)
    assert line == f"_site/guide/index.html:{number}: warning: broken link to '/nowhere/'"


def test_a_link_of_the_built_in_layout_is_reported_once_for_all_pages(make_project, cli) -> None:
    root = make_project(
        {"site_src/a.md": "---\ntitle: A\n---\nx\n", "site_src/b.md": "---\ntitle: B\n---\ny\n"}
    )
    (line,) = warnings(build(cli, root))
    assert re.fullmatch(
        r"_site/404\.html:\d+: warning: broken link to '/' \(the site has no home page: add"
        r" site_src/index\.md\) \(and on 2 more pages\)",
        line,
    )


def test_folder_links_without_a_slash_and_server_root_links_are_reported(make_project, cli) -> None:
    page = "---\ntitle: Guide\n---\nSee [home](../) and [setup](../guide) and [root](/guide/).\n"
    root = make_project({**GOOD, "site_src/guide.md": page})
    assert warnings(build(cli, root)) == [
        "site_src/guide.md:4:31: warning: broken link to '/guide' (did you mean '/guide/'?"
        " a folder link needs its trailing slash)",
        "site_src/guide.md:4:50: warning: link to '/guide/' starts at the server root, so it breaks"
        " under a path prefix and from file://; write it as {{ '/guide/' | url }}",
    ]


def test_links_into_the_search_index_are_checked_once_it_is_written(make_project, cli) -> None:
    # The pages are checked while Pagefind still builds the index: its files come later.
    page = (
        "---\ntitle: Guide\n---\nThe [box's style]({{ '/pagefind/pagefind-ui.css' | url }})"
        " and [a script]({{ '/pagefind/pagefind-nope.js' | url }}).\n"
    )
    if search.pagefind_binary() is None:
        pytest.skip("Pagefind must be installed")
    root = make_project({**GOOD, "site_src/guide.md": page})
    result = build(cli, root)
    assert (root / "_site/pagefind/pagefind-ui.css").is_file()
    assert warnings(result) == [
        "site_src/guide.md:4:79: warning: broken link to '/pagefind/pagefind-nope.js'"
    ]


def test_external_and_special_links_are_left_alone(make_project, cli) -> None:
    page = (
        "---\ntitle: Guide\n---\n[a](https://example.com/x/) [b](mailto:a@example.com) [c](#) [d](#top)"
        ' <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt=""> [e](//cdn.example.com/x.js)\n'
    )
    root = make_project({**GOOD, "site_src/guide.md": page})
    assert warnings(build(cli, root)) == []


def test_links_to_pages_with_spaces_and_accents_resolve(make_project, cli) -> None:
    page = "---\ntitle: Guide\n---\n[a]({{ '/café & bar/' | url }}) [b](../caf%C3%A9%20%26%20bar/#more)\n"
    other = "---\ntitle: Café\n---\n## More\n"
    root = make_project({**GOOD, "site_src/guide.md": page, "site_src/café & bar.md": other})
    assert warnings(build(cli, root)) == []


def test_lint_warnings_are_listed_and_strict_fails_on_them(make_project, cli) -> None:
    events = EVENTS.replace("See [the guide](/guide/#quantites).", "")
    root = make_project(
        {
            **GOOD,
            "specs/event.yml": events.replace("used_by: [checkout]", "used_by: [add_to_cart]"),
            "specs/data_api.yml": OPTIONS,
            "site_src/notes.md": "Just some notes.\n",
        }
    )
    result = build(cli, root)
    assert result.code == 0
    assert warnings(result) == [
        "site_src/notes.md:1:1: warning: page has no title, so its file name stands in ('Notes'); add"
        " 'title:' to its front matter or start it with a '# Heading'",
        "specs/data_api.yml:5:5: warning: prop 'retries' of 'data_api' is in no group, so no table shows it;"
        " add it to a group, remove it, or mark it 'unlisted: true'",
        "specs/event.yml:6:9: warning: event type 'checkout' takes no property beyond the 1 that every"
        " event type takes; is it missing from a 'used_by' list?",
    ]
    strict = build(cli, root, "--strict")
    assert strict.code == 1
    assert [line.replace(": error: ", ": warning: ") for line in strict.error_lines] == warnings(result)


def test_check_writes_nothing_and_reports(make_project, cli) -> None:
    root = make_project({**GOOD, "site_src/index.md": INDEX})
    result = cli("check", "--root", str(root))
    assert result.code == 0
    assert result.err.splitlines() == ["site_src/index.md:8:28: warning: broken link to '/sdk/options/'"]
    assert re.fullmatch(r"Checked \d+ pages and every link in them: 1 warning\n", result.out)
    assert sorted(p.name for p in root.iterdir()) == ["site.yml", "site_src", "specs"]

    strict = cli("check", "--root", str(root), "--strict")
    assert strict.code == 1
    assert strict.error_lines == ["site_src/index.md:8:28: error: broken link to '/sdk/options/'"]


def test_check_on_a_clean_project(make_project, cli) -> None:
    root = make_project(GOOD)
    result = cli("check", "--root", str(root), "--base-url", "https://example.org/docs/")
    assert (result.code, result.err) == (0, "")
    assert re.fullmatch(r"Checked \d+ pages and every link in them: no problems found\n", result.out)


@pytest.fixture(scope="module")
def demo_check(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    root = copy_demo(tmp_path_factory.mktemp("demo-check"))
    return run_cli("check", "--root", str(root), "--base-url", "https://example.github.io/lumen/")


def test_the_demo_has_no_broken_links(demo_check: CliResult) -> None:
    assert demo_check.code == 0, demo_check.err
    assert [line for line in demo_check.err.splitlines() if "link" in line] == []


# --- the scan of one page ----------------------------------------------------------------

# What ``_opaque_spans`` must find: these spans, as one regular expression finds them left to right.
_OPAQUE_REFERENCE = re.compile(
    r"<(script|style)\b[^>]*>(.*?)</\1\s*>|(<!--.*?-->)", re.DOTALL | re.IGNORECASE
)

_PIECES = st.sampled_from(
    [
        "<script>",
        "</script>",
        "<SCRIPT type='a>b'>",
        "</script >",
        "<scripts>",
        "<style>",
        "</STYLE>",
        "<!--",
        "-->",
        "<!-->",
        "<a href='/x'>",
        '<a id="i">',
        "</a>",
        "<",
        ">",
        "-",
        "x",
        "\n",
        " ",
        "<img srcset='a.png 1x, b.png 2x'>",
        '<p onclick="f()">',
        "<div class='c'>",
    ]
)


@given(st.lists(_PIECES, max_size=30).map("".join))
@settings(max_examples=400)
def test_the_skipped_spans_are_those_of_the_reference_expression(text: str) -> None:
    expected = [m.span(2) if m[1] else m.span(3) for m in _OPAQUE_REFERENCE.finditer(text)]
    assert linkcheck._opaque_spans(text) == expected


def test_links_ids_and_scripts_outside_scripts_styles_and_comments_are_found() -> None:
    text = (
        '<p id="top">\n<a href="/a/">a</a>\n<script>var s = "<a href=\'/no/\'>";</script>\n'
        "<!-- <a href=\"/not/\"> -->\n<STYLE>a[href='/none/'] {}</style >\n"
        '<img srcset="one.png 1x, two.png 2x" src="x&amp;y.png">\n<button onclick="go()">b</button>\n'
        "<script src='/real.js'></script>\n"
    )
    facts = linkcheck.scan_html(text)
    assert facts.ids == frozenset({"top"})
    assert [(link.href, link.line) for link in facts.links] == [
        ("/a/", 2),
        ("one.png", 6),
        ("two.png", 6),
        ("x&y.png", 6),
        ("/real.js", 8),
    ]
    assert [(link.href, link.line) for link in facts.scripts] == [("onclick= on <button>", 7)]
