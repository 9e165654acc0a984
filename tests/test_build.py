"""End to end: build projects into a temporary folder and read the HTML."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, tree

EVENT_SPEC = """\
groups:
  - title: Cart
    events:
      - value: add_to_cart
        desc: Added to the cart.
      - value: checkout
        desc: Started checkout.
props:
  - name: type
    type: string
    required: true
    desc: The **event** type.
  - name: quantities
    type: array of positive integers
    desc: How many.
    used_by: [add_to_cart]
"""


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


# --- the demo site ---------------------------------------------------------------


def test_demo_site_has_home_and_upload_page(built_demo: Path) -> None:
    home = read(built_demo, "index.html")
    upload = read(built_demo, "sdk/upload/index.html")
    assert "<title>Lumen Events</title>" in home
    assert "<h1>Upload interactions</h1>" in upload
    # The sidebar marks the current page and links relatively.
    assert re.search(r'<a href="\./" aria-current="page">Upload interactions</a>', upload)
    assert 'href="../request-options/"' in upload
    # Heading permalinks and build-time highlighting.
    assert '<h2 id="syntax">Syntax<a class="headerlink" href="#syntax"' in upload
    assert '<div class="highlight"><pre>' in upload and 'class="nx"' in upload
    assert (built_demo / "assets/pygments.css").is_file()
    assert (built_demo / "404.html").is_file()


def test_demo_catalog_covers_the_spec(built_demo: Path, demo_project: Path) -> None:
    from specsite.engine.project import Project, load_inputs

    inputs, _ = load_inputs(Project.at(demo_project))
    catalog = inputs.specs.event
    assert len(catalog.groups) >= 5 and len(catalog.events) >= 25 and len(catalog.props) >= 15
    assert any(p.used_by for p in catalog.props) and any(p.used_by_except for p in catalog.props)
    html = read(built_demo, "interactions/catalog/index.html")
    for event in catalog.events:
        assert f"<code>{event.value}</code>" in html
    assert inputs.specs.data_api.group("interactions.upload.options").props


# --- pages, URLs and static files ---------------------------------------------------


def test_pretty_urls_static_files_and_html_pages(make_project, cli) -> None:
    root = make_project(
        {
            "site_src/index.md": "---\ntitle: Home\n---\nHello\n",
            "site_src/guide/setup.md": "---\ntitle: Setup\n---\n[Home]({{ '/' | url }})\n",
            "site_src/guide/index.md": "---\ntitle: Guide\n---\nGuide home\n",
            "site_src/about.html": "---\ntitle: About\n---\n<p>{{ page.title }} at {{ page.url }}</p>\n",
            "site_src/img/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
            "site_src/.hidden/secret.md": "not published",
        }
    )
    assert cli("build", "--root", str(root), "-q").code == 0
    site = root / "_site"
    assert 'href="../../">Home</a>' in read(site, "guide/setup/index.html")
    assert "Guide home" in read(site, "guide/index.html")
    assert "<p>About at /about/</p>" in read(site, "about/index.html")
    assert read(site, "img/logo.svg") == "<svg xmlns='http://www.w3.org/2000/svg'/>"
    assert not (site / ".hidden").exists()
    assert (site / ".specsite").is_file()  # the marker that lets the next build replace it


def test_project_without_site_yml_builds_with_defaults(make_project, cli) -> None:
    root = make_project(
        {
            "site_src/index.md": "# Welcome\n\nText.\n",
            "site_src/guides/index.md": "---\ntitle: Guides\n---\n",
            "site_src/guides/b-second.md": "---\ntitle: Second\norder: 2\n---\n",
            "site_src/guides/a-first.md": "---\ntitle: First\norder: 1\n---\n",
        }
    )
    assert cli("build", "--root", str(root), "-q").code == 0
    home = read(root / "_site", "index.html")
    assert "<title>Documentation</title>" in home  # the default site title
    # The page's own heading is its title, and the layout does not repeat it.
    assert home.count("<h1") == 1 and '<h1 id="welcome">Welcome' in home
    nav = re.findall(r'<p class="nav-section-title">(.*?)</p>|<li><a [^>]*>(.*?)</a>', home)
    assert [a or b for a, b in nav] == ["Welcome", "Guides", "Guides", "First", "Second"]


def test_markdown_features_authors_expect(make_project, cli) -> None:
    body = """\
Intro line
- a list right after a paragraph
- second item
    - nested with four spaces

| Name | Type |
|------|------|
| a    | b    |

```python
print("hi")
```

<div class="raw">
<span>kept as HTML</span>
</div>

Inline: {{ '**bold** and `code`' | markdown }}
"""
    root = make_project({"site_src/index.md": "---\ntitle: T\n---\n" + body})
    assert cli("build", "--root", str(root), "-q").code == 0
    html = read(root / "_site", "index.html")
    assert "<p>Intro line</p>\n<ul>\n<li>a list right after a paragraph</li>" in html
    assert "<ul>\n<li>nested with four spaces</li>" in html
    assert "<table>" in html and "<td>a</td>" in html
    assert '<span class="nb">print</span>' in html
    assert '<div class="raw">\n<span>kept as HTML</span>\n</div>' in html
    # The inline filter gives HTML without a wrapping paragraph.
    assert "<p>Inline: <strong>bold</strong> and <code>code</code></p>" in html


def test_specs_and_proptable_reach_pages(make_project, cli) -> None:
    root = make_project(
        {
            "specs/event.yml": EVENT_SPEC,
            "specs/data_api/props.yml": "- key: dry_run\n  name: dryRun\n  type: boolean\n"
            "  default: false\n  desc: Only *check* the events.\n",
            "specs/data_api/groups.yml": "- key: upload.options\n  props: [dry_run]\n",
            "site_src/index.md": (
                "---\ntitle: T\n---\n"
                "{% for p in specs.event.props_for('add_to_cart') %}* {{ p.name }}\n{% endfor %}\n"
                "{{ proptable('data_api', 'upload.options') }}\n"
            ),
        }
    )
    assert cli("build", "--root", str(root), "-q").code == 0
    html = read(root / "_site", "index.html")
    assert "<li>type</li>\n<li>quantities</li>" in html
    assert "<code>dryRun</code>" in html and "<code>false</code>" in html
    assert "Only <em>check</em> the events." in html


def test_project_templates_override_builtin_ones(make_project, cli) -> None:
    root = make_project(
        {
            "templates/page.html": (
                "{% extends 'specsite/page.html' %}"
                "{% block content %}<div class='mine'>{{ super() }}</div>{% endblock %}"
            ),
            "templates/macros.njk": "{% macro proptable(ns, group) %}[custom {{ ns }}/{{ group }}]{% endmacro %}",
            "site_src/index.md": "---\ntitle: T\n---\n{% from 'macros.njk' import proptable %}{{ proptable('a', 'b') }}\n",
        }
    )
    assert cli("build", "--root", str(root), "-q").code == 0
    html = read(root / "_site", "index.html")
    assert "<div class='mine'>" in html and "[custom a/b]" in html
    assert 'class="site-header"' in html  # still the built-in base layout


def test_own_macros_file_does_not_hide_the_builtin_macros(make_project, cli) -> None:
    """The globals are the built-in macros (``specsite/macros.njk``), whatever the project's macros.njk holds."""
    root = make_project(
        {
            "specs/event.yml": (
                "groups:\n- title: Cart\n  events:\n  - {value: add_to_cart, desc: Added.}\n"
                "props:\n- {name: type, type: string, desc: The type.}\n"
            ),
            "specs/data_api.yml": "groups:\n- {key: opts, props: [dry_run]}\nprops:\n"
            "- {key: dry_run, type: boolean, desc: Check only.}\n",
            "templates/macros.njk": "{% macro note(text) %}<aside>{{ text }}</aside>{% endmacro %}",
            "site_src/index.md": (
                "---\ntitle: T\n---\n{% from 'macros.njk' import note %}{{ note('mine') }}\n\n"
                "{{ proptable('data_api', 'opts') }}\n\n{{ event_explorer() }}\n"
            ),
            "site_src/seedlike.md": "---\ntitle: S\n---\n{% from 'specsite/macros.njk' import proptable %}"
            "{{ proptable('data_api', 'opts') }}\n",
        }
    )
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    html = read(root / "_site", "index.html")
    assert "<aside>mine</aside>" in html
    assert 'class="proptable"' in html and "<code>dry_run</code>" in html
    assert "add_to_cart" in html and "ee-count" in html
    assert 'class="proptable"' in read(root / "_site", "seedlike/index.html")


def test_base_url_gives_canonical_links(make_project, cli) -> None:
    root = make_project({"site_src/a.md": "---\ntitle: A\n---\n"})
    result = cli("build", "--root", str(root), "--base-url", "https://docs.example.com/v1", "-q")
    assert result.code == 0
    html = read(root / "_site", "a/index.html")
    assert '<link rel="canonical" href="https://docs.example.com/v1/a/">' in html


def test_builds_are_reproducible(demo_project: Path, cli, tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert cli("build", "--root", str(demo_project), "--out", str(first), "-q").code == 0
    assert cli("build", "--root", str(demo_project), "--out", str(second), "-q").code == 0
    assert tree(first) == tree(second)


# --- errors in pages and templates ------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"site_src/index.md": "---\ntitle: T\n---\nline\n{% if x %}\n"},
            "site_src/index.md:5: error: template syntax: Unexpected end of template.",
        ),
        (
            {"site_src/index.md": "---\ntitle: T\n---\n\n{{ nope.title }}\n"},
            "site_src/index.md:5: error: undefined value: 'nope' is undefined",
        ),
        (
            {"site_src/index.md": "---\ntitle: T\n---\n{{ specs.event.props_for('add_to_card') }}\n"},
            "site_src/index.md:4: error: unknown event type 'add_to_card' in 'event'"
            " (did you mean 'add_to_cart'?)",
        ),
        (
            {"site_src/index.md": "---\ntitle: T\n---\n\n{{ proptable('data_apii', 'x') }}\n"},
            "site_src/index.md:5: error: unknown spec namespace 'data_apii'",
        ),
        (
            {"site_src/index.md": "---\ntitle: T\nlayout: fancy.html\n---\nx\n"},
            "site_src/index.md:3:9: error: layout 'fancy.html' not found"
            " (looked in templates/ and the built-in templates)",
        ),
        (
            {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}{% endblok %}\n"},
            "templates/page.html:2: error: template syntax: Encountered unknown tag 'endblok'."
            " Jinja was looking for the following tags: 'endblock'."
            " The innermost block that needs to be closed is 'block'.",
        ),
        (
            {"site_src/index.md": "---\n- a list\n---\n"},
            "site_src/index.md:2:1: error: front matter must be a mapping of 'key: value' lines, not a list",
        ),
        (
            {"site_src/a.md": "---\ntitle: A\n---\n", "site_src/a/index.md": "---\ntitle: A2\n---\n"},
            "site_src/a.md: error: URL '/a/' is also claimed by site_src/a/index.md; rename one of them",
        ),
        (
            {"site.yml": "title: T\nnav:\n  - title: S\n    pages: [guide.md]\n", "site_src/guides.md": "x"},
            "site.yml:4:13: error: nav: no page 'site_src/guide.md' (did you mean 'guides.md'?)",
        ),
        (
            {"site.yml": "title: T\nbase_url: docs.example.com\n"},
            "site.yml:2:11: error: 'base_url' must be an absolute http(s) URL, not 'docs.example.com'",
        ),
        (
            {"site.yml": "titel: T\n"},
            "site.yml:1:1: error: unknown field 'titel' in site.yml (did you mean 'title'?)",
        ),
    ],
    ids=[
        "jinja-syntax",
        "undefined",
        "unknown-event",
        "unknown-namespace",
        "missing-layout",
        "template-syntax",
        "front-matter-list",
        "url-claimed-twice",
        "nav-unknown-page",
        "bad-base-url",
        "unknown-config-key",
    ],
)
def test_page_and_template_errors_are_located(make_project, cli, files, expected) -> None:
    root = make_project({"specs/event.yml": EVENT_SPEC, "site_src/index.md": "# Home\n", **files})
    result = cli("build", "--root", str(root))
    assert result.code == 1, result.err
    assert result.error_lines[0].startswith(expected), result.err
    assert "Traceback" not in result.err


def test_failed_build_keeps_the_previous_site(make_project, cli) -> None:
    root = make_project({"site_src/index.md": "# Home\n"})
    assert cli("build", "--root", str(root), "-q").code == 0
    before = tree(root / "_site")
    (root / "site_src/index.md").write_text("{{ broken\n")
    assert cli("build", "--root", str(root)).code == 1
    assert tree(root / "_site") == before


# --- entry points ------------------------------------------------------------------------


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def test_build_py_builds_the_current_folder(demo_project: Path) -> None:
    result = run([sys.executable, str(REPO / "build.py")], demo_project)
    assert result.returncode == 0, result.stderr
    assert re.match(r"Built \d+ pages \(\d+ files\) into _site/ in [\d.]+ s", result.stdout)
    assert (demo_project / "_site/index.html").is_file()


def test_module_and_console_script_share_the_cli(make_project, tmp_path: Path) -> None:
    root = make_project({"site_src/index.md": "# Home\n"})
    result = run([sys.executable, "-m", "specsite", "build", "--root", str(root), "-q"], tmp_path)
    assert result.returncode == 0 and result.stdout == ""
    script = Path(sys.executable).parent / "specsite"
    if script.exists():
        result = run([str(script), "--root", str(root), "--out", str(tmp_path / "o")], tmp_path)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / "o/index.html").is_file()


def test_bad_usage_exits_2(cli) -> None:
    assert cli("build", "--no-such-option").code == 2
    assert cli("frobnicate").code == 2


def test_internal_errors_do_not_show_tracebacks_without_debug(make_project, cli, monkeypatch) -> None:
    import specsite.engine.builder

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(specsite.engine.builder, "load_inputs", broken)
    root = make_project({"site_src/index.md": "# Home\n"})
    result = cli("build", "--root", str(root))
    assert result.code == 3
    assert "Traceback" not in result.err and "RuntimeError: boom" in result.err


def test_markdown_links_keep_safe_schemes_only(make_project, cli) -> None:
    body = (
        "[ok](https://example.com/) [mail](mailto:a@example.com) [rel](../x/) [top](#top)\n"
        "[bad](javascript:alert(1)) [sneaky](java\tscript:alert(1)) ![img](data:text/html,x)\n"
        '<a href="javascript:void(0)">raw HTML written by the author is kept</a>\n'
    )
    root = make_project({"site_src/index.md": "---\ntitle: T\n---\n" + body})
    assert cli("build", "--root", str(root), "-q").code == 0
    html = read(root / "_site", "index.html")
    for kept in ('href="https://example.com/"', 'href="mailto:a@example.com"', 'href="../x/"', 'href="#top"'):
        assert kept in html
    assert "<a>bad</a>" in html and "<a>sneaky</a>" in html and 'src="data:' not in html
    assert '<a href="javascript:void(0)">raw HTML' in html
