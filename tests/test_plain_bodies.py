"""A page body with no ``{{``, ``{%`` or ``{#`` skips Jinja and comes out exactly as Jinja would print it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
import jinja2.ext
import pytest

from specsite.engine import render
from specsite.engine.templating import compile_page, is_plain_text, make_environment

from .conftest import CliResult, tree

PLAIN_BODIES = [
    "",
    "\n",
    "# Title\n\nText with a lone { brace } and }} and %} and #} and { {.\n",
    "```js\nconst o = { a: 1 };\nfunction f() { return {}; }\n```\n",
    "Trailing blank lines\n\n\n",
    "No final newline",
    "Unicode: café, 漢字, emoji 🎉, \ufdd0 noncharacter\ttab\n",
    "<div class='x'>raw { html }</div>\n",
]


@pytest.mark.parametrize("body", PLAIN_BODIES)
@pytest.mark.parametrize("body_line", [1, 5])
def test_a_plain_body_is_what_jinja_prints_for_it(body: str, body_line: int) -> None:
    env = make_environment(None, {})
    assert is_plain_text(env, body)
    assert compile_page(env, body, body_line, "page.md").render({}) == body


@pytest.mark.parametrize(
    "body",
    ["{{ x }}", "{% if x %}y{% endif %}", "{# note #}", "a\r\nb", "{{- x -}}", "{%- raw %}{% endraw %}"],
)
def test_a_body_with_template_syntax_or_odd_newlines_goes_through_jinja(body: str) -> None:
    assert not is_plain_text(make_environment(None, {}), body)


class _Rewriting(jinja2.ext.Extension):
    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return source.replace("plain", "rewritten")


def test_an_environment_that_rewrites_sources_gets_every_body() -> None:
    env = make_environment(None, {})
    env.add_extension(_Rewriting)
    assert not is_plain_text(env, "plain text")
    lines = make_environment(None, {})
    lines.line_statement_prefix = "#"
    assert not is_plain_text(lines, "# a heading\n")


PROJECT = {
    "site.yml": "title: T\nsearch: false\n",
    "specs/event.yml": "groups:\n  - title: G\n    events:\n      - value: a_b\n        desc: An event.\n"
    "props:\n  - name: type\n    type: string\n    desc: The type.\n",
    "site_src/plain.md": "---\ntitle: Plain\n---\n# Plain\n\nA { brace } and `code`.\n\n<div>raw</div>\n",
    "site_src/tags.md": "---\ntitle: Tags\n---\n# Tags\n\n{{ site.title }} has {{ specs.event.events | length }}.\n",
    "site_src/page.html": "---\ntitle: Html\n---\n<p>Plain HTML page.</p>\n",
    "site_src/paged.md": "---\ntitle: Paged\npagination:\n  data: items\n  size: 1\nitems: [x, y]\n---\n"
    "Same text on every page.\n",
}


def test_plain_pages_skip_compiling_and_the_site_is_unchanged(
    make_project: Callable[[dict], Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled: list[str] = []

    def counting(env: jinja2.Environment, body: str, body_line: int, filename: str, *args: object) -> object:
        compiled.append(Path(filename).name)
        return compile_page(env, body, body_line, filename, *args)

    monkeypatch.setattr(render, "compile_page", counting)
    fast = make_project(PROJECT)
    assert cli("build", "--root", str(fast), "-q").code == 0
    assert compiled == ["tags.md"]

    monkeypatch.setattr(render, "is_plain_text", lambda env, body: False)
    slow = make_project(PROJECT)
    assert cli("build", "--root", str(slow), "-q").code == 0
    assert sorted(compiled) == sorted(["tags.md", "tags.md", "plain.md", "page.html", "paged.md", "paged.md"])
    assert tree(fast / "_site") == tree(slow / "_site")
