"""Template mistakes are reported at the file and line that has them, with the include chain.

Every case builds a small project and asserts the exact error lines: no
Python exception names, no traceback, one line per distinct cause.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from specsite.engine.errors import Diagnostic
from specsite.engine.template_errors import merge_repeats

from .conftest import CliResult


def page(body: str, title: str = "T") -> str:
    return f"---\ntitle: {title}\n---\n{body}"


def errors_of(
    make_project: Callable[[dict[str, str | bytes]], Path],
    cli: Callable[..., CliResult],
    files: dict[str, str | bytes],
) -> list[str]:
    root = make_project(files)
    result = cli("build", "--root", str(root))
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    assert not (root / "_site").exists()
    return result.error_lines


X_MD = "one\ntwo\nthree\nfour\nfive\n{% if event.tier > 1 %}high{% endif %}\n"


def test_an_error_in_an_included_file_names_the_chain_once(make_project, cli) -> None:
    lines = errors_of(
        make_project,
        cli,
        {
            "templates/section/x.md": X_MD,
            "site_src/a.md": page("\n" * 8 + '{% set event = {"tier": "2"} %}{% include "section/x.md" %}\n'),
            "site_src/b.md": page('{% set event = {"tier": "3"} %}\n{% include "section/x.md" %}\n'),
            "site_src/c.md": page('{% set event = {"tier": "4"} %}\n{% include "section/x.md" %}\n'),
        },
    )
    assert lines == [
        "templates/section/x.md:6: error: '>' between text ('2', from event.tier) and a number; "
        "write `event.tier | int` (or `| float`) to use it as a number "
        "(included from site_src/a.md:12; and 2 other pages)"
    ]


def test_a_chain_of_includes_is_named_nearest_first(make_project, cli) -> None:
    lines = errors_of(
        make_project,
        cli,
        {
            "templates/outer.html": 'outer\n{% include "inner.html" %}\n',
            "templates/inner.html": "inner\n\n{{ nmae }}\n",
            "site_src/index.md": page('{% set name = "x" %}\n{% include "outer.html" %}\n'),
        },
    )
    assert lines == [
        "templates/inner.html:3: error: undefined value: 'nmae' is undefined "
        "(included from templates/outer.html:2, included from site_src/index.md:5)"
    ]


def test_a_mistake_in_a_macro_names_the_page_that_called_it(make_project, cli) -> None:
    lines = errors_of(
        make_project,
        cli,
        {
            "templates/macros/tiers.njk": "{% macro tier_label(event) %}\n"
            "{% if event.tier >= 2 %}high{% endif %}\n{% endmacro %}\n",
            "site_src/index.md": page(
                '{% from "macros/tiers.njk" import tier_label %}\n\n{{ tier_label({"tier": "3"}) }}\n'
            ),
        },
    )
    assert lines == [
        "templates/macros/tiers.njk:2: error: '>=' between text ('3', from event.tier) and a number; "
        "write `event.tier | int` (or `| float`) to use it as a number (called from site_src/index.md:6)"
    ]


def test_a_syntax_error_in_an_imported_file_names_the_import(make_project, cli) -> None:
    lines = errors_of(
        make_project,
        cli,
        {
            "templates/m.njk": "{% macro a() %}{{ 1 + }}{% endmacro %}\n",
            "site_src/index.md": page('{% import "m.njk" as m %}\n{{ m.a() }}\n'),
        },
    )
    assert lines == [
        "templates/m.njk:1: error: template syntax: unexpected 'end of print statement' "
        "(imported from site_src/index.md:4)"
    ]


def test_a_syntax_error_in_an_included_file_names_who_included_it(make_project, cli) -> None:
    lines = errors_of(
        make_project,
        cli,
        {
            "templates/part.html": "fine\n{% if x %}\nnever closed\n",
            "site_src/index.md": page('\n{% include "part.html" %}\n'),
        },
    )
    assert lines == [
        "templates/part.html:2: error: template syntax: Unexpected end of template. Jinja was looking "
        "for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be "
        "closed is 'if'. (included from site_src/index.md:5)"
    ]


@pytest.mark.parametrize(
    ("expression", "context", "expected"),
    [
        (
            "{% if event.tier > 1 %}x{% endif %}",
            '{% set event = {"tier": "2"} %}',
            "'>' between text ('2', from event.tier) and a number; "
            "write `event.tier | int` (or `| float`) to use it as a number",
        ),
        (
            "{% if limit <= items[0].size %}x{% endif %}",
            '{% set limit = 3 %}{% set items = [{"size": "big"}] %}',
            "'<=' between a number (3, from limit) and text ('big', from items[0].size); "
            "write `items[0].size | int` (or `| float`) to use it as a number",
        ),
        (
            "{{ count + 1 }}",
            '{% set count = "4" %}',
            "'+' between text ('4', from count) and a number; "
            "write `count | int` (or `| float`) to use it as a number",
        ),
        (
            "{{ 2 * none_value - 1 }}",
            "{% set none_value = none %}",
            "'*' between a number and none (None, from none_value)",
        ),
    ],
    ids=["compare", "compare-subscript", "add", "multiply-none"],
)
def test_type_errors_name_the_values(make_project, cli, expression: str, context: str, expected: str) -> None:
    lines = errors_of(make_project, cli, {"site_src/index.md": page(context + "\n" + expression + "\n")})
    assert lines == [f"site_src/index.md:5: error: {expected}"]


def test_an_include_loop_is_named(make_project, cli) -> None:
    lines = errors_of(
        make_project,
        cli,
        {
            "templates/a.html": 'a\n{% include "b.html" %}\n',
            "templates/b.html": '{% include "a.html" %}\n',
            "site_src/index.md": page('{% include "a.html" %}\n'),
            "site_src/other.md": page('\n{% include "a.html" %}\n'),
        },
    )
    assert lines == [
        "templates/a.html:2: error: include loop: a.html → b.html → a.html "
        "(included from site_src/index.md:4; and 1 other page)"
    ]


def test_an_extends_loop_is_named(make_project, cli) -> None:
    lines = errors_of(
        make_project,
        cli,
        {
            "templates/one.html": '{% extends "two.html" %}\n',
            "templates/two.html": '{% extends "one.html" %}\n',
            "site_src/index.md": page("x\n").replace("title: T", "title: T\nlayout: one.html"),
        },
    )
    assert lines == ["templates/one.html:1: error: extends loop: one.html → two.html → one.html"]


def test_a_macro_that_calls_itself_is_named(make_project, cli) -> None:
    lines = errors_of(
        make_project,
        cli,
        {"site_src/index.md": page("{% macro walk(n) %}{{ walk(n) }}{% endmacro %}\n{{ walk(1) }}\n")},
    )
    assert lines == ["site_src/index.md:5: error: macro 'walk' calls itself without end"]


def test_macros_that_call_each_other_are_named(make_project, cli) -> None:
    macros = (
        "{% macro ping(n) %}{{ pong(n) }}{% endmacro %}\n{% macro pong(n) %}{{ ping(n) }}{% endmacro %}\n"
    )
    lines = errors_of(make_project, cli, {"site_src/index.md": page(macros + "{{ ping(1) }}\n")})
    assert lines == ["site_src/index.md:6: error: macro loop: ping → pong → ping"]


def test_a_template_that_is_not_utf8_is_named(make_project, cli) -> None:
    lines = errors_of(
        make_project,
        cli,
        {
            "templates/latin1.html": "first line\ncaf\xe9 au lait\n".encode("latin-1"),
            "site_src/index.md": page('{% include "latin1.html" %}\n'),
        },
    )
    assert lines == [
        "templates/latin1.html:2:4: error: the file is not UTF-8 text (byte 0xe9 cannot be read); "
        "save it as UTF-8 (included from site_src/index.md:4)"
    ]


def test_a_layout_that_is_not_utf8_is_named(make_project, cli) -> None:
    lines = errors_of(
        make_project,
        cli,
        {
            "templates/page.html": b"\xff\xfe<html>{{ content }}</html>\n",
            "site_src/index.md": page("x\n"),
        },
    )
    assert lines == [
        "templates/page.html:1:1: error: the file is not UTF-8 text (byte 0xff cannot be read); save it as UTF-8"
    ]


def test_merging_keeps_distinct_lines_apart() -> None:
    chain = " (included from site_src/{}.md:3)"
    found = [
        Diagnostic("templates/x.html", 2, 0, "boom" + chain.format("a")),
        Diagnostic("templates/x.html", 2, 0, "boom" + chain.format("b")),
        Diagnostic("templates/y.html", 2, 0, "other" + chain.format("c")),
        Diagnostic("templates/x.html", 3, 0, "boom" + chain.format("d")),
        Diagnostic("site_src/e.md", 1, 0, "plain"),
        Diagnostic("site_src/e.md", 1, 0, "plain"),
    ]
    assert [d.message for d in merge_repeats(found)] == [
        "boom (included from site_src/a.md:3; and 1 other page)",
        "other (included from site_src/c.md:3)",
        "boom (included from site_src/d.md:3)",
        "plain",
    ]
    # Merging merged lists again (the parallel renderer merges per chunk, then all) adds the counts.
    again = merge_repeats([*merge_repeats(found[:2]), *merge_repeats(found[:2])])
    assert again[0].message == "boom (included from site_src/a.md:3; and 3 other pages)"
