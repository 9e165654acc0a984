"""Pages whose text differs between the same tags compile once, and each page is still exactly itself.

The check is against Jinja compiling each page on its own: the same output,
the same error, and the same line table (so an error names the page's own
line however many lines its text has).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specsite.engine import builder, templating, textruns
from specsite.engine.templating import compile_page, line_padding, make_environment

from .conftest import CliResult

# Tags with holes (None) where text goes; together they cover what Jinja does with text:
# whitespace control, trim/lstrip, constants merged with text, captured text (set, filter,
# macro, call), text Jinja must not touch (raw) and tags this module declines to read.
UNITS: tuple[tuple[str | None, ...], ...] = (
    ("{{ x }}",),
    ("{{- x -}}",),
    ("{{ x|upper }}",),
    ("{{ 'q{' ~ x }}",),
    ('{{ "}}%}" }}',),
    ("{{ 'lit' }}",),
    ("{{\n  x\n}}",),
    ("{# note #}",),
    ("{#- two\nlines -#}",),
    ("{% if x %}", None, "{% else %}", None, "{% endif %}"),
    ("{%- if x -%}", None, "{%+ endif %}"),
    ("{% for i in [1, 2] %}", None, "{{ i }}", None, "{% endfor %}"),
    ("{% set y %}", None, "{% endset %}{{ y|upper }}"),
    ("{% filter upper %}", None, "{% endfilter %}"),
    ("{% macro m(a) %}", None, "{{ a }}", None, "{% endmacro %}{{ m(1) }}{{ m(2) }}"),
    ("{% macro c() %}[{{ caller() }}]{% endmacro %}{% call c() %}", None, "{% endcall %}"),
    ("{% raw %}", None, "{% endraw %}"),
    ("{% set d = {'a': 1} %}{{ d.a }}",),
    ("{{ 'a\\'b' }}",),
    ("{{ 5 % 3 }}",),
    ("{{ missing.name }}",),
)
TEXT = st.text(
    alphabet=st.sampled_from([*"ab \n\t{}%#-+'\"\\", "é", "\u00a0", "\x1c", "\ufdd4"]), max_size=10
)


@st.composite
def page_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Two bodies with the same tags and different text."""
    units = draw(st.lists(st.sampled_from(UNITS), max_size=6))
    slots = [piece for unit in units for piece in (None, *unit)] + [None]
    first = "".join(draw(TEXT) if piece is None else piece for piece in slots)
    second = "".join(draw(TEXT) if piece is None else piece for piece in slots)
    return first, second


ENVIRONMENTS = {
    "plain": {},
    "trim": {"trim_blocks": True},
    "lstrip": {"lstrip_blocks": True},
    "both": {"trim_blocks": True, "lstrip_blocks": True},
}


def _environment(settings: dict[str, bool]) -> jinja2.Environment:
    env = make_environment(None, {"x": "X<&"})
    for name, value in settings.items():
        setattr(env, name, value)
    return env


def _outcome(template: jinja2.Template) -> tuple[str, str, int | None]:
    """What rendering gives: the text, or the error with the page line it points at."""
    try:
        return "ok", template.render(), None
    except Exception as exc:  # any error: both sides must fail alike
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".md")]
        return type(exc).__name__, str(exc), lines[-1] if lines else None


def _compiled_alone(env: jinja2.Environment, body: str, line: int, filename: str, name: str):
    code = env.compile(line_padding(line) + body, name=name, filename=filename)
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _same(env: jinja2.Environment, body: str, line: int, filename: str, name: str) -> None:
    try:
        alone = _compiled_alone(env, body, line, filename, name)
    except jinja2.TemplateSyntaxError as expected:
        with pytest.raises(jinja2.TemplateSyntaxError) as failed:
            compile_page(env, body, line, filename, name)
        assert (failed.value.lineno, failed.value.name, failed.value.message) == (
            expected.lineno,
            expected.name,
            expected.message,
        )
        return
    ours = compile_page(env, body, line, filename, name)
    assert (ours.name, ours.filename) == (name, filename)
    assert ours._debug_info == alone._debug_info, body
    assert _outcome(ours) == _outcome(alone), body


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Jinja on "\\+" in a generated string
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=page_pairs(), kind=st.sampled_from(sorted(ENVIRONMENTS)), line=st.integers(1, 3))
def test_pages_of_one_shape_render_and_fail_as_if_compiled_alone(pair: tuple[str, str], kind: str, line: int):
    env = _environment(ENVIRONMENTS[kind])
    first, second = pair
    _same(env, first, line, "/p/first.md", "site_src/first.md")
    _same(env, second, line, "/p/second.md", "site_src/second.md")


def test_the_shape_keeps_tags_and_whitespace_and_stands_in_for_text() -> None:
    shape = textruns.shape_of("  Hello\nthere  {{ x }}\n\nBye {%- if y %}\n end {% endif %}")
    assert shape is not None
    assert shape.texts == ("Hello\nthere", "Bye", "end")
    assert shape.source.count("{{ x }}") == 1 and "Hello" not in shape.source
    assert shape.source.startswith("  \ufdd40\ufdd5  {{ x }}\n\n\ufdd41\ufdd5 {%- if y %}\n ")
    # The first text's newline is not in the shape: the tag after it, on the shape's
    # first line, and everything below are one line further down in the page.
    assert shape.shifts == ((1, 1),)
    assert [shape.line(n) for n in (1, 2, 3)] == [2, 3, 4]
    tagged = textruns.shape_of("{{ a }} one\ntwo\n{{ b }}")
    # Here the tag before the text keeps its line; the tag after it moves.
    assert tagged is not None and tagged.shifts == ((2, 1),)


def test_a_text_between_two_tags_on_one_line_keeps_its_newlines() -> None:
    shape = textruns.shape_of("{{ a }} one\ntwo {{ b }}")
    assert shape is not None and shape.shifts == ()
    assert shape.source == "{{ a }} \ufdd40\n\ufdd5 {{ b }}"


@pytest.mark.parametrize(
    "source",
    [
        "text {% raw %}{{ x }}{% endraw %}",  # raw text is text Jinja reads differently
        "text {{ {'a': 1} }}",  # braces inside a tag: Jinja balances them
        "text {{ 'it\\'s' }}",  # a backslash inside a tag's string
        "text\r\n{{ x }}",  # Jinja rewrites the newline
        "{{ x }}{% if y %}{% endif %}",  # no text to stand in for
        "text {{ x ",  # unclosed
    ],
)
def test_sources_without_a_shape_compile_as_they_are(source: str) -> None:
    assert textruns.shape_of(source) is None


def test_environments_that_may_read_text_have_no_shapes() -> None:
    env = make_environment(None, {})
    assert textruns.can_shape(env)
    other = make_environment(None, {})
    other.add_extension("jinja2.ext.i18n")  # {% trans %} reads its text at compile time
    assert not textruns.can_shape(other)
    changed = make_environment(None, {})
    changed.variable_start_string = "<<"
    assert not textruns.can_shape(changed)


def _pages(count: int) -> dict[str, str]:
    files = {"site.yml": "title: T\nsearch: false\n", "site_src/index.md": "# Home\n"}
    for n in range(count):
        extra = "\n".join(f"Line {k} of page {n}." for k in range(1 + n % 4))
        files[f"site_src/p/page-{n:03}.md"] = (
            f"---\ntitle: Page {n}\n---\n# Page {n}\n\nIntro {n}, {extra}\n\n"
            "{% if page.title %}Titled **{{ page.title }}**{% endif %}\n\n"
            f"Closing words of page {n}.\n{{{{ page.url }}}}\n"
        )
    return files


def test_a_site_of_one_shape_compiles_it_once_and_builds_the_same_site(
    make_project: Callable[[dict], Path],
    cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    root = make_project(_pages(30))
    monkeypatch.setattr(builder, "worker_count", lambda: 1)  # every compile in this process, to count
    compiles: list[str | None] = []
    real = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: object, name: str | None = None, *a: object, **k: object):
        compiles.append(name)
        return real(self, source, name, *a, **k)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    assert cli("build", "--root", str(root), "-q", "--no-cache", "--out", str(tmp_path / "shaped")).code == 0
    assert compiles.count(templating._SHARED_NAME) == 1  # 30 pages, one compile of their shape
    page = (tmp_path / "shaped/p/page-007/index.html").read_text()
    assert "Intro 7, Line 0 of page 7." in page and "Line 2 of page 7." in page
    assert "Titled <strong>Page 7</strong>" in page and "Closing words of page 7." in page
    assert "\ufdd4" not in page

    monkeypatch.setattr(textruns, "shape_of", lambda source: None)
    assert cli("build", "--root", str(root), "-q", "--no-cache", "--out", str(tmp_path / "alone")).code == 0
    shaped = sorted(
        p.relative_to(tmp_path / "shaped") for p in (tmp_path / "shaped").rglob("*") if p.is_file()
    )
    alone = sorted(p.relative_to(tmp_path / "alone") for p in (tmp_path / "alone").rglob("*") if p.is_file())
    assert shaped == alone
    for relative in shaped:
        assert (tmp_path / "shaped" / relative).read_bytes() == (tmp_path / "alone" / relative).read_bytes()


def test_an_error_names_each_pages_own_line_whatever_its_text(
    make_project: Callable[[dict], Path], cli: Callable[..., CliResult]
) -> None:
    def body(lines: int) -> str:
        prose = "\n".join(f"Sentence {k}." for k in range(lines))
        return f"---\ntitle: T\n---\nStart {{{{ page.title }}}} {prose}\nthen {{{{ nothing.here }}}}\n"

    root = make_project(
        {
            "site.yml": "title: T\nsearch: false\n",
            "site_src/index.md": "# Home\n",
            "site_src/short.md": body(1),
            "site_src/long.md": body(5),
        }
    )
    result = cli("build", "--root", str(root), "-q", "--no-cache")
    assert result.code == 1
    located = sorted(line.split(": error: ")[0] for line in result.error_lines)
    assert located == ["site_src/long.md:9", "site_src/short.md:5"], result.err
