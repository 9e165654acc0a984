"""sitemap.xml, robots.txt, .nojekyll and the 404 page's links."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest

from .conftest import run_cli, tree, write_files

PAGES = {
    "site_src/index.md": "---\ntitle: Home\n---\nHello.\n",
    "site_src/guide/setup.md": "---\ntitle: Setup\n---\nSteps.\n",
    "site_src/café & bar.md": "---\ntitle: Odd name\n---\nStill a page.\n",
    "site_src/raw.html": "---\ntitle: Raw\n---\n<p>HTML page</p>\n",
    "site_src/data.json": "{}",
}
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_files(tmp_path_factory.mktemp("sitemap"), {**PAGES, "site.yml": "title: T\nsearch: false\n"})
    result = run_cli("build", "--root", str(root), "--base-url", "https://docs.example.com/v1", "-q")
    assert result.code == 0, result.err
    return root / "_site"


def test_sitemap_lists_every_page_with_absolute_urls(published: Path) -> None:
    urls = [loc.text for loc in ET.parse(published / "sitemap.xml").getroot().findall("sm:url/sm:loc", NS)]
    assert urls == [
        "https://docs.example.com/v1/",
        "https://docs.example.com/v1/caf%C3%A9%20%26%20bar/",
        "https://docs.example.com/v1/guide/setup/",
        "https://docs.example.com/v1/raw/",
    ]
    # Every URL is a page of the site; the 404 page and plain files are not listed.
    for url in urls:
        rel = url.removeprefix("https://docs.example.com/v1/")
        assert (published / unquote(rel) / "index.html").is_file()


def test_robots_txt_points_at_the_sitemap(published: Path) -> None:
    assert (published / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\nSitemap: https://docs.example.com/v1/sitemap.xml\n"
    )


def test_nojekyll_is_written_for_github_pages(published: Path) -> None:
    assert (published / ".nojekyll").read_bytes() == b""


def test_without_a_base_url_the_sitemap_is_skipped_with_a_note(make_project, cli) -> None:
    root = make_project({**PAGES, "site.yml": "title: T\nsearch: false\n"})
    result = cli("build", "--root", str(root), "--strict")
    assert result.code == 0, result.err  # a note, not a warning: --strict still passes
    assert result.err.splitlines() == [
        "site.yml: note: sitemap.xml was not written because the site's base URL is unknown;"
        " set 'base_url' in site.yml or pass --base-url"
    ]
    site = tree(root / "_site")
    assert "sitemap.xml" not in site
    assert site["robots.txt"] == b"User-agent: *\nAllow: /\n"


def test_base_url_from_site_yml_is_used(make_project, cli) -> None:
    root = make_project({**PAGES, "site.yml": "title: T\nsearch: false\nbase_url: https://example.org/\n"})
    assert cli("build", "--root", str(root), "-q").code == 0
    assert "<loc>https://example.org/guide/setup/</loc>" in (root / "_site/sitemap.xml").read_text()


def test_a_projects_own_robots_txt_and_sitemap_are_kept(make_project, cli) -> None:
    root = make_project(
        {**PAGES, "site_src/robots.txt": "User-agent: *\nDisallow: /\n", "site_src/sitemap.xml": "<mine/>"}
    )
    result = cli("build", "--root", str(root), "--base-url", "https://example.org/", "-q")
    assert result.code == 0, result.err
    assert (root / "_site/robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert (root / "_site/sitemap.xml").read_text() == "<mine/>"


def test_404_page_links_start_from_the_base_path(published: Path) -> None:
    """A host serves 404.html for a missing URL at any depth, so its links cannot be relative."""
    html = (published / "404.html").read_text()
    assert 'href="/v1/assets/specsite.css"' in html
    assert 'src="/v1/assets/specsite.js"' in html
    assert 'href="/v1/guide/setup/"' in html  # the navigation too
    assert 'href="../' not in html and 'href="assets/' not in html
    # With a base URL, ``| url`` on every page gives the prefixed path, as Eleventy's filter does.
    setup = (published / "guide/setup/index.html").read_text()
    assert 'href="/v1/assets/specsite.css"' in setup
