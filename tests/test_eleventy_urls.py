"""URLs as Eleventy makes them (issue 9, point 4): ``| url`` with a path prefix, ``page.*``, collections.

Expected values were taken from Eleventy 3.1.8 building the same pages with
``pathPrefix: "/pre/"`` (``[/pre/x/][/pre/][rel/][rel][.]...``), so these
tests pin Eleventy's behaviour, not ours.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from specsite.engine.urls import prefixed_url

from .conftest import CliResult

Make = Callable[[dict[str, str | bytes]], Path]
Cli = Callable[..., CliResult]


def build(make_project: Make, cli: Cli, files: dict[str, str | bytes], *args: str) -> tuple[Path, CliResult]:
    root = make_project({"site.yml": "title: T\nsearch: false\n", **files})
    return root / "_site", cli("build", "--root", str(root), "-q", *args)


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


# Eleventy 3.1.8, pathPrefix "/pre/": what its url filter returned for each input.
ELEVENTY_URL_FILTER = [
    ("/x/", "/pre/x/"),
    ("/", "/pre/"),
    ("rel/", "rel/"),
    ("./rel", "rel"),
    ("", "."),
    ("https://a.b/", "https://a.b/"),
    ("//cdn/x", "//cdn/x"),
    ("/x/#h", "/pre/x/#h"),
    ("/x?y=1", "/pre/x?y=1"),
    ("../up/", "../up/"),
]


@pytest.mark.parametrize(("link", "expected"), ELEVENTY_URL_FILTER)
def test_url_filter_with_a_prefix_matches_eleventy(link: str, expected: str) -> None:
    assert prefixed_url(link, "/pre/") == expected


def test_url_filter_is_prefixed_with_a_base_url(make_project: Make, cli: Cli) -> None:
    page = (
        "---\ntitle: B\nlayout: none\n---\n"
        "<a href=\"{{ '/guide/' | url }}\">g</a>"
        '<link rel="canonical" href="{{ \'https://docs.example.com\' ~ (page.url | url) }}">'
    )
    files = {"site_src/a/b.njk": page, "site_src/guide.md": "# Guide\n", "site_src/index.md": "# Home\n"}
    site, result = build(make_project, cli, files, "--base-url", "https://docs.example.com/v1/")
    assert result.code == 0, result.err
    # The link check accepts links under the base path: no warning.
    assert result.err == ""
    assert read(site, "a/b/index.html") == (
        '<a href="/v1/guide/">g</a><link rel="canonical" href="https://docs.example.com/v1/a/b/">'
    )


def test_url_filter_stays_relative_without_a_base_url(make_project: Make, cli: Cli) -> None:
    files = {
        "site_src/a/b.njk": "---\nlayout: none\n---\n{{ '/guide/' | url }}",
        "site_src/guide.md": "# G\n",
    }
    site, result = build(make_project, cli, files)
    assert result.code == 0, result.err
    assert read(site, "a/b/index.html") == "../../guide/"


def test_root_links_outside_the_base_path_are_still_reported(make_project: Make, cli: Cli) -> None:
    files = {"site_src/a.njk": '---\nlayout: none\n---\n<a href="/elsewhere/">x</a>'}
    _site, result = build(make_project, cli, files, "--base-url", "https://docs.example.com/v1/")
    assert result.code == 0
    assert "site_src/a.njk:4:10: warning: link to '/elsewhere/' starts at the server root" in result.err


def test_page_variables(make_project: Make, cli: Cli) -> None:
    body = (
        "---\nlayout: none\n---\n"
        "url={{ page.url }} slug={{ page.fileSlug }} in={{ page.inputPath }} stem={{ page.filePathStem }}"
        " out={{ page.outputPath }} date={{ page.date.isoformat() }}"
    )
    files = {
        "site_src/urls.njk": body,
        "site_src/blog/2023-05-06-launch.njk": body,
        "site_src/blog/index.njk": body,
        "site_src/dated.njk": body.replace("layout: none", "layout: none\ndate: 2024-01-02"),
    }
    site, result = build(make_project, cli, files)
    assert result.code == 0, result.err
    # Eleventy gives the same for the first three ("./src/" being its input folder).
    assert read(site, "urls/index.html") == (
        "url=/urls/ slug=urls in=./site_src/urls.njk stem=/urls out=./_site/urls/index.html"
        " date=1970-01-01T00:00:00+00:00"
    )
    assert read(site, "blog/2023-05-06-launch/index.html").startswith(
        "url=/blog/2023-05-06-launch/ slug=launch in=./site_src/blog/2023-05-06-launch.njk"
    )
    assert read(site, "blog/2023-05-06-launch/index.html").endswith("date=2023-05-06T00:00:00+00:00")
    assert read(site, "blog/index.html").startswith("url=/blog/ slug=blog ")
    assert read(site, "dated/index.html").endswith("date=2024-01-02T00:00:00+00:00")


def commit_all(root: Path, when: str) -> None:
    env = {
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PATH": "/usr/bin:/bin",
    }
    if not (root / ".git").exists():
        subprocess.run(["git", "init", "-q"], cwd=root, env=env, check=True)
    for args in (["add", "."], ["commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)


def test_page_date_falls_back_to_the_git_commits(make_project: Make, cli: Cli) -> None:
    body = "---\nlayout: none\n{extra}---\n{{{{ page.date.isoformat() }}}}"
    root = make_project(
        {
            "site.yml": "title: T\nsearch: false\n",
            "site_src/a.njk": body.format(extra=""),
            "site_src/b.njk": body.format(extra="date: git Created\n"),
            "site_src/c.njk": body.format(extra="date: git Last Modified\n"),
        }
    )
    commit_all(root, "2021-03-04T05:06:07+00:00")
    # A second commit changes every file.
    (root / "site_src/a.njk").write_text(body.format(extra="") + "\n")
    (root / "site_src/b.njk").write_text(body.format(extra="date: git Created\n") + "\n")
    (root / "site_src/c.njk").write_text(body.format(extra="date: git Last Modified\n") + "\n")
    commit_all(root, "2022-01-01T00:00:00+00:00")
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    site = root / "_site"
    assert read(site, "a/index.html") == "2022-01-01T00:00:00+00:00\n"  # the last commit
    assert read(site, "b/index.html") == "2021-03-04T05:06:07+00:00\n"  # the first
    assert read(site, "c/index.html") == "2022-01-01T00:00:00+00:00\n"


COLLECTION_LIST = (
    "{% for p in collections.post %}[{{ p.url }}|{{ p.fileSlug }}|{{ p.data.title }}|{{ p.inputPath }}"
    "|{{ p.date.toISOString() }}]{% endfor %}\nALL {% for p in collections.all %}[{{ p.url }}]{% endfor %}"
)


def test_collections_by_tag_sorted_as_eleventy_sorts(make_project: Make, cli: Cli) -> None:
    files = {
        "site_src/posts/b.md": "---\ntitle: B\ntags: post\ndate: 2024-01-02\n---\nB\n",
        "site_src/posts/a.md": "---\ntitle: A\ntags: [post, extra]\ndate: 2024-01-02\n---\nA\n",
        "site_src/posts/2023-05-06-c.md": "---\ntitle: C\ntags: post\n---\nC\n",
        "site_src/sub/index.md": "---\ntitle: Sub\ntags: post\npermalink: false\ndate: 2025-01-01\n---\nsub\n",
        "site_src/paged.njk": "---\npagination:\n  data: items\n  size: 1\nitems: [x, y]\ndate: 2025-06-01\n---\n.",
        "site_src/list.njk": "---\nlayout: none\ndate: 2025-07-01\n---\n" + COLLECTION_LIST,
    }
    site, result = build(make_project, cli, files)
    assert result.code == 0, result.err
    # Eleventy 3.1.8 lists the same: by date, then input path; permalink: false pages have url false;
    # only the first page of a pagination is in collections.
    assert read(site, "list/index.html") == (
        "[/posts/2023-05-06-c/|c|C|./site_src/posts/2023-05-06-c.md|2023-05-06T00:00:00.000Z]"
        "[/posts/a/|a|A|./site_src/posts/a.md|2024-01-02T00:00:00.000Z]"
        "[/posts/b/|b|B|./site_src/posts/b.md|2024-01-02T00:00:00.000Z]"
        "[false|sub|Sub|./site_src/sub/index.md|2025-01-01T00:00:00.000Z]\n"
        "ALL [/posts/2023-05-06-c/][/posts/a/][/posts/b/][false][/paged/][/list/]"
    )


def test_an_unknown_tag_is_an_empty_collection(make_project: Make, cli: Cli) -> None:
    files = {"site_src/a.njk": "---\nlayout: none\n---\n[{% for p in collections.nothing %}x{% endfor %}]"}
    site, result = build(make_project, cli, files)
    assert result.code == 0, result.err
    assert read(site, "a/index.html") == "[]"


def test_bad_tags_and_dates_are_located(make_project: Make, cli: Cli) -> None:
    files = {"site_src/a.md": "---\ntags: {a: 1}\ndate: soon\n---\nx\n"}
    _site, result = build(make_project, cli, files)
    assert result.code == 1
    assert result.error_lines == [
        "site_src/a.md:2:7: error: 'tags' must be a tag or a list of tags",
        "site_src/a.md:3:7: error: 'date' 'soon' is not a date like 2024-05-01",
    ]


def test_a_page_listing_a_collection_rebuilds_when_a_tagged_page_is_added(make_project: Make) -> None:
    from specsite.engine.builder import BuildOptions
    from specsite.preview.session import Session

    root = make_project(
        {
            "site.yml": "title: T\nsearch: false\n",
            "site_src/list.njk": "---\nlayout: none\n---\n{% for p in collections.post %}{{ p.url }};{% endfor %}",
            "site_src/one.md": "---\ntags: post\n---\nOne\n",
        }
    )
    session = Session(BuildOptions(root=str(root), check_links=False))
    assert session.build().ok
    (root / "site_src/two.md").write_text("---\ntags: post\n---\nTwo\n", encoding="utf-8")
    outcome = session.build(["site_src/two.md"])
    assert outcome.ok, outcome.diagnostics
    assert read(root / "_site", "list/index.html") == "/one/;/two/;"


def test_preview_serves_prefixed_links_of_a_site_with_a_base_url(make_project: Make) -> None:
    from .test_serve import fetch, start_cli_server, stop_cli_server

    root = make_project(
        {
            "site.yml": "title: T\nsearch: false\nbase_url: https://docs.example.com/v1/\n",
            "site_src/index.md": "# Home\n\n[Guide]({{ '/guide/' | url }})\n",
            "site_src/guide.md": "# Guide\n",
        }
    )
    served = start_cli_server(root, "-q")
    try:
        home = fetch(served.url, "/")
        assert 'href="/v1/guide/"' in home.body
        # The link works in the preview, which serves the site at its root.
        assert "<title>Guide" in fetch(served.url, "/v1/guide/").body
    finally:
        stop_cli_server(served)
