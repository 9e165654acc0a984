"""Pages with the same body compile once, and each still behaves as its own template.

The compiled code is bound to each page's name and file, so relative
includes resolve from the page's own folder, autoescaping follows the page's
own kind, and errors name the page that failed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest

from specsite.engine import templating
from specsite.engine.templating import compile_page, make_environment

from .conftest import CliResult

SAME_BODY = '{% include "./_note.md" %} on {{ page.url }}\n'


def test_the_same_body_in_two_folders_includes_each_folders_own_file(
    make_project: Callable[[dict], Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    compiles: list[str | None] = []
    real = jinja2.Environment.compile

    def counting(
        self: jinja2.Environment, source: object, name: str | None = None, *args: object, **kw: object
    ):
        compiles.append(name)
        return real(self, source, name, *args, **kw)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    root = make_project(
        {
            "site.yml": "title: T\nsearch: false\n",
            "site_src/index.md": "# Home\n",
            "site_src/a/one.md": "---\ntitle: One\n---\n" + SAME_BODY,
            "site_src/a/_note.md": "Note from a",
            "site_src/b/two.md": "---\ntitle: Two\n---\n" + SAME_BODY,
            "site_src/b/_note.md": "Note from b",
        }
    )
    assert cli("build", "--root", str(root), "-q", "--no-cache").code == 0
    one = (root / "_site/a/one/index.html").read_text()
    two = (root / "_site/b/two/index.html").read_text()
    assert "Note from a on /a/one/" in one and "Note from b" not in one
    assert "Note from b on /b/two/" in two and "Note from a" not in two
    # One compile for the shared body; the includes are their own templates.
    assert sum(1 for name in compiles if name and name.endswith((".md",)) and "_note" not in name) == 0
    assert compiles.count(templating._SHARED_NAME) == 1


def test_an_error_in_a_shared_body_names_the_page_that_failed(
    make_project: Callable[[dict], Path], cli: Callable[..., CliResult]
) -> None:
    body = "# Title\n\n{{ page.title }} and {{ nothing.here }}\n"
    root = make_project(
        {
            "site.yml": "title: T\nsearch: false\n",
            "site_src/index.md": "# Home\n",
            "site_src/first.md": "---\ntitle: First\n---\n" + body,
            "site_src/deeper/second.md": "---\ntitle: Second\n---\n" + body,
        }
    )
    result = cli("build", "--root", str(root), "-q", "--no-cache")
    assert result.code == 1
    located = [line.split(": error: ")[0] for line in result.error_lines]
    assert sorted(located) == ["site_src/deeper/second.md:6", "site_src/first.md:6"], result.err
    assert templating._SHARED_NAME not in result.err


def test_a_syntax_error_in_a_shared_body_names_the_page(
    make_project: Callable[[dict], Path], cli: Callable[..., CliResult]
) -> None:
    root = make_project(
        {
            "site.yml": "title: T\nsearch: false\n",
            "site_src/index.md": "# Home\n",
            "site_src/broken.md": "---\ntitle: Broken\n---\nfine\n{% if %}\n",
        }
    )
    result = cli("build", "--root", str(root), "-q", "--no-cache")
    assert result.code == 1
    assert "site_src/broken.md:5" in result.err, result.err
    assert templating._SHARED_NAME not in result.err


def test_autoescaping_follows_each_pages_own_name() -> None:
    env = make_environment(None, {})
    env.autoescape = lambda name: bool(name) and name.endswith(".html")
    body = "{{ text }}"
    as_html = compile_page(env, body, 1, "/p/a.html", "a.html").render({"text": "<b>"})
    as_text = compile_page(env, body, 1, "/p/b.txt", "b.txt").render({"text": "<b>"})
    assert (as_html, as_text) == ("&lt;b&gt;", "<b>")


def test_a_bound_template_carries_its_own_name_and_file() -> None:
    env = make_environment(None, {})
    first = compile_page(env, "{{ x }}", 3, "/p/first.md", "site_src/first.md")
    second = compile_page(env, "{{ x }}", 3, "/p/second.md", "site_src/second.md")
    assert (first.name, first.filename) == ("site_src/first.md", "/p/first.md")
    assert (second.name, second.filename) == ("site_src/second.md", "/p/second.md")
    with pytest.raises(jinja2.UndefinedError) as failed:
        second.render({})
    # The traceback Jinja rewrites points at the page's own file and line.
    frames = [
        tb for tb in _frames(failed.value.__traceback__) if tb.tb_frame.f_code.co_filename == "/p/second.md"
    ]
    assert frames and frames[-1].tb_lineno == 3


def _frames(tb: object) -> list:
    out = []
    while tb is not None:
        out.append(tb)
        tb = tb.tb_next  # type: ignore[attr-defined]
    return out
