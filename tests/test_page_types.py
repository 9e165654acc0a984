"""Page and template types (issue 9, point 3): .njk pages, `_` partials, relative includes, layouts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import CliResult

Make = Callable[[dict[str, str | bytes]], Path]
Cli = Callable[..., CliResult]

BASE = "<html><body>{{ content | safe }}</body></html>\n"


def build(make_project: Make, cli: Cli, files: dict[str, str | bytes]) -> tuple[Path, CliResult]:
    # Pages without a layout are fragments, which the search indexer refuses: no search here.
    root = make_project({"site.yml": "title: T\nsearch: false\n", **files})
    return root / "_site", cli("build", "--root", str(root), "-q")


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


# --- .njk pages ------------------------------------------------------------------


def test_njk_page_is_rendered_with_a_pretty_url_not_copied(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/index.md": "# Home\n",
            "site_src/guide/setup.njk": (
                "---\ntitle: Setup\nlayout: none\n---\n"
                "<h1>{{ page.title }}</h1>{% if 2 > 1 %}<p>templated</p>{% endif %}\n"
            ),
        },
    )
    assert result.code == 0, result.err
    html = read(site, "guide/setup/index.html")
    assert html == "<h1>Setup</h1><p>templated</p>\n"
    assert not (site / "guide/setup.njk").exists()


def test_njk_page_is_not_markdown(make_project: Make, cli: Cli) -> None:
    site, result = build(make_project, cli, {"site_src/a.njk": "---\nlayout: none\n---\n# not a heading\n"})
    assert result.code == 0, result.err
    assert read(site, "a/index.html") == "# not a heading\n"


# --- partials ----------------------------------------------------------------------


def test_underscore_files_and_folders_are_not_published(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/index.md": "# Home\n",
            "site_src/_draft.md": "{{ this would fail }}",
            "site_src/guide/_shared/note.md": "{{ nor would this }}",
            "site_src/guide/_logo.svg": "<svg/>",
        },
    )
    assert result.code == 0, result.err
    published = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if "_" in p.name)
    assert published == []
    assert not (site / "guide").exists()


def test_host_settings_named_with_underscore_are_still_published(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/index.md": "# Home\n",
            "site_src/_redirects": "/old /new 301\n",
            "site_src/_headers": "/*\n",
        },
    )
    assert result.code == 0, result.err
    assert read(site, "_redirects") == "/old /new 301\n"
    assert read(site, "_headers") == "/*\n"


def test_relative_includes_resolve_from_the_including_file(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/guide/a.md": (
                "---\ntitle: A\nlayout: none\n---\n"
                '{% include "./_note.md" %}\n\n{% include "../_shared/footer.md" %}\n'
            ),
            "site_src/guide/_note.md": "## Note on {{ page.title }}\n\n* one\n* two\n",
            "site_src/_shared/footer.md": "Footer with *emphasis*.\n",
        },
    )
    assert result.code == 0, result.err
    html = read(site, "guide/a/index.html")
    # The included Markdown is Markdown of the page, as with Eleventy (the include is spliced in first).
    assert '<h2 id="note-on-a">Note on A' in html
    assert "<li>one</li>" in html
    assert "<p>Footer with <em>emphasis</em>.</p>" in html


def test_included_markdown_stays_raw_in_an_html_page(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/a.njk": '---\nlayout: none\n---\n<div>{% include "./_x.md" %}</div>\n',
            "site_src/_x.md": "*raw*",
        },
    )
    assert result.code == 0, result.err
    assert read(site, "a/index.html") == "<div>*raw*</div>\n"


def test_includes_still_come_from_templates_and_templates_include_relatively(
    make_project: Make, cli: Cli
) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/a.md": '---\nlayout: none\n---\n{% include "section/box.html" %}\n',
            "templates/section/box.html": '<div class="box">{% include "./inner.html" %}</div>',
            "templates/section/inner.html": "inner",
        },
    )
    assert result.code == 0, result.err
    assert '<div class="box">inner</div>' in read(site, "a/index.html")


def test_error_inside_a_relative_include_points_at_the_partial(make_project: Make, cli: Cli) -> None:
    _site, result = build(
        make_project,
        cli,
        {
            "site_src/a.md": '---\ntitle: A\n---\nText\n\n{% include "./_bad.md" %}\n',
            "site_src/_bad.md": "line one\n{{ page.nmae }}\n",
        },
    )
    assert result.code == 1
    assert result.error_lines == [
        "site_src/_bad.md:2: error: undefined value: Page has no attribute 'nmae' (included from site_src/a.md:6)"
    ]


def test_missing_relative_include_is_an_error_at_the_page(make_project: Make, cli: Cli) -> None:
    _site, result = build(
        make_project, cli, {"site_src/a.md": '---\ntitle: A\n---\n\n{% include "./_nope.md" %}\n'}
    )
    assert result.code == 1
    assert result.error_lines == [
        "site_src/a.md:5: error: template 'site_src/_nope.md' not found"
        " (looked in templates/, the built-in templates and the project folder)"
    ]


def test_editing_a_partial_rebuilds_the_pages_that_include_it(make_project: Make) -> None:
    from specsite.engine.builder import BuildOptions
    from specsite.preview.session import Session

    root = make_project(
        {
            "site_src/a.md": '---\ntitle: A\n---\n{% include "./_p.md" %}\n',
            "site_src/b.md": "---\ntitle: B\n---\nNo include.\n",
            "site_src/_p.md": "first version\n",
        }
    )
    session = Session(BuildOptions(root=str(root), check_links=False))
    assert session.build().ok
    (root / "site_src/_p.md").write_text("second version\n", encoding="utf-8")
    outcome = session.build(["site_src/_p.md"])
    assert outcome.ok
    assert outcome.made == ("a/index.html",)
    assert "second version" in read(root / "_site", "a/index.html")


# --- layouts ------------------------------------------------------------------------


def test_layout_name_without_extension_and_layout_chaining(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/a.md": "---\ntitle: Hello\nlayout: post\nkind: page-kind\n---\nBody\n",
            "templates/post.njk": (
                "---\nlayout: outer\nkind: layout-kind\nauthor: Ann\n---\n"
                '<article data-kind="{{ kind }}" data-author="{{ author }}"><h1>{{ title or page.title }}</h1>'
                "{{ content | safe }}</article>\n"
            ),
            "templates/outer.html": BASE,
        },
    )
    assert result.code == 0, result.err
    assert read(site, "a/index.html") == (
        '<html><body><article data-kind="page-kind" data-author="Ann"><h1>Hello</h1><p>Body</p></article>\n'
        "</body></html>\n"
    )


def test_default_layout_from_site_yml(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site.yml": "title: T\nlayout: base\nsearch: false\n",
            "templates/base.njk": "<main>{{ content | safe }}</main>\n",
            "site_src/a.md": "Text\n",
            "site_src/b.md": "---\nlayout: false\n---\nBare\n",
        },
    )
    assert result.code == 0, result.err
    assert read(site, "a/index.html") == "<main><p>Text</p></main>\n"
    assert read(site, "b/index.html") == "<p>Bare</p>"


def test_builtin_layout_by_short_name(make_project: Make, cli: Cli) -> None:
    site, result = build(make_project, cli, {"site_src/a.md": "---\ntitle: Short\nlayout: page\n---\nText\n"})
    assert result.code == 0, result.err
    assert "<h1>Short</h1>" in read(site, "a/index.html")


def test_missing_layout_is_an_error_at_the_layout_line(make_project: Make, cli: Cli) -> None:
    _site, result = build(
        make_project,
        cli,
        {"templates/base.njk": BASE, "site_src/a.md": "---\ntitle: A\nlayout: bse\n---\nText\n"},
    )
    assert result.code == 1
    assert result.error_lines == [
        "site_src/a.md:3:9: error: layout 'bse' not found (looked in templates/ and the built-in templates)"
        " (did you mean 'base'?)"
    ]


def test_missing_chained_layout_is_an_error_in_the_layout(make_project: Make, cli: Cli) -> None:
    _site, result = build(
        make_project,
        cli,
        {
            "templates/post.njk": "---\ntitle: x\nlayout: nowhere\n---\n{{ content }}",
            "site_src/a.md": "---\nlayout: post\n---\nText\n",
        },
    )
    assert result.code == 1
    assert result.error_lines == [
        "templates/post.njk:3:9: error: layout 'nowhere' not found (looked in templates/ and the built-in templates)"
    ]


def test_layout_loop_is_an_error(make_project: Make, cli: Cli) -> None:
    _site, result = build(
        make_project,
        cli,
        {
            "templates/a.njk": "---\nlayout: b\n---\n{{ content }}",
            "templates/b.njk": "---\nlayout: a.njk\n---\n{{ content }}",
            "site_src/x.md": "---\nlayout: a\n---\nText\n",
        },
    )
    assert result.code == 1
    assert result.error_lines == ["templates/b.njk:2:9: error: layout loop: a.njk → b.njk → a.njk"]


def test_bad_front_matter_in_a_layout_is_located(make_project: Make, cli: Cli) -> None:
    _site, result = build(
        make_project,
        cli,
        {
            "templates/a.njk": "---\nlayout: [unclosed\n---\n{{ content }}",
            "site_src/x.md": "---\nlayout: a\n---\nText\n",
        },
    )
    assert result.code == 1
    assert len(result.error_lines) == 1
    assert result.error_lines[0].startswith("templates/a.njk:2:18: error: front matter: YAML syntax:")


def test_templates_include_files_from_the_project_folder_as_in_eleventy(make_project: Make, cli: Cli) -> None:
    # Eleventy's base blog inlines its stylesheet this way: Nunjucks searches _includes, then the project.
    site, result = build(
        make_project,
        cli,
        {
            "css/index.css": "body { color: teal }",
            "templates/outer.njk": "<style>{% include 'css/index.css' %}</style>{{ content | safe }}",
            "site_src/a.md": "---\nlayout: outer\n---\nText\n",
        },
    )
    assert result.code == 0, result.err
    assert read(site, "a/index.html") == "<style>body { color: teal }</style><p>Text</p>"


def test_relative_import_and_extends(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/guide/a.njk": (
                '---\nlayout: none\n---\n{% extends "../_frame.njk" %}'
                '{% import "./_macros.njk" as m %}{% block main %}{{ m.badge("new") }}{% endblock %}'
            ),
            "site_src/_frame.njk": "<main>{% block main %}{% endblock %}</main>",
            "site_src/guide/_macros.njk": '{% macro badge(text) %}<b class="badge">{{ text }}</b>{% endmacro %}',
        },
    )
    assert result.code == 0, result.err
    assert read(site, "guide/a/index.html") == '<main><b class="badge">new</b></main>'
