"""Edit links, "Last updated" from git, the favicon and Open Graph meta."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from specsite.engine.gitdates import parse_log

from .conftest import run_cli

PAGES = {
    "site_src/index.md": "---\ntitle: Home\ndescription: Where it starts.\n---\n\nHello.\n",
    "site_src/guide/setup.md": "---\ntitle: Setup\n---\n\nSteps.\n",
}


def build(root: Path) -> Path:
    result = run_cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    return root / "_site"


def test_repo_url_gives_edit_links_with_a_default_for_github(make_project) -> None:
    root = make_project({**PAGES, "site.yml": "title: T\nrepo_url: https://github.com/acme/docs\n"})
    html = (build(root) / "guide" / "setup" / "index.html").read_text()
    assert (
        '<a class="edit-link" href="https://github.com/acme/docs/edit/main/site_src/guide/setup.md"' in html
    )
    assert '<a href="https://github.com/acme/docs" rel="noopener">Source repository</a>' in html
    assert "Last updated" not in html  # off by default


def test_edit_uri_is_relative_to_repo_url_or_absolute(make_project) -> None:
    root = make_project(
        {
            **PAGES,
            "site.yml": "title: T\nrepo_url: https://git.example.com/docs\nedit_uri: src/branch/dev/site_src\n",
        }
    )
    html = (build(root) / "index.html").read_text()
    assert 'href="https://git.example.com/docs/src/branch/dev/site_src/index.md"' in html
    root = make_project({**PAGES, "site.yml": "title: T\nrepo_url: https://git.example.com/docs\n"})
    assert "Edit this page" not in (build(root) / "index.html").read_text()  # unknown host, no edit_uri


def test_generated_pages_have_no_edit_link(make_project) -> None:
    root = make_project({**PAGES, "site.yml": "title: T\nrepo_url: https://github.com/acme/docs\n"})
    assert "Edit this page" not in (build(root) / "404.html").read_text()


def test_favicon_and_open_graph(make_project) -> None:
    root = make_project({**PAGES, "site.yml": "title: Acme\nbase_url: https://docs.acme.test/\n"})
    site = build(root)
    html = (site / "guide" / "setup" / "index.html").read_text()
    icon = re.search(r'<link rel="icon" href="([^"]*)" type="image/svg\+xml">', html)
    assert icon and icon[1].endswith("assets/favicon.svg"), icon
    assert (site / "assets" / "favicon.svg").read_text().startswith("<svg")
    assert '<meta property="og:title" content="Setup">' in html
    assert '<meta property="og:site_name" content="Acme">' in html
    assert '<meta property="og:url" content="https://docs.acme.test/guide/setup/">' in html
    home = (site / "index.html").read_text()
    assert '<meta property="og:description" content="Where it starts.">' in home


def test_a_project_favicon_replaces_the_default(make_project) -> None:
    root = make_project(
        {**PAGES, "site.yml": "title: T\nfavicon: /icon.png\n", "site_src/icon.png": b"\x89PNG"}
    )
    html = (build(root) / "guide" / "setup" / "index.html").read_text()
    assert '<link rel="icon" href="../../icon.png">' in html


def test_git_log_is_read_newest_first() -> None:
    log = "\0" + "2024-05-02\n\nb.md\n" + "\0" + "2024-05-01\n\na.md\nb.md\n"
    assert parse_log(log) == {"b.md": "2024-05-02", "a.md": "2024-05-01"}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_last_updated_comes_from_git_and_is_reproducible(make_project) -> None:
    root = make_project({**PAGES, "site.yml": "title: T\nlast_updated: true\n"})
    env = {
        "GIT_AUTHOR_DATE": "2023-04-05T10:00:00Z",
        "GIT_COMMITTER_DATE": "2023-04-05T10:00:00Z",
        "GIT_AUTHOR_NAME": "a",
        "GIT_AUTHOR_EMAIL": "a@example.com",
        "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@example.com",
        "PATH": "/usr/bin:/bin",
        "HOME": str(root),
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "first"]):
        subprocess.run(["git", *args], cwd=root, check=True, env=env)
    first = (build(root) / "guide" / "setup" / "index.html").read_text()
    assert 'Last updated <time datetime="2023-04-05">2023-04-05</time>' in first
    assert (build(root) / "guide" / "setup" / "index.html").read_text() == first


def test_a_description_left_empty_is_no_description(make_project) -> None:
    # Real Eleventy sites have ``description:`` with nothing after it; Eleventy prints nothing.
    root = make_project(
        {
            "site.yml": "title: T\ndescription: The site.\n",
            "site_src/index.md": "# Home\n",
            "site_src/empty.md": "---\ntitle: Empty\ndescription:\nnav_title:\n---\nText.\n",
        }
    )
    html = (build(root) / "empty" / "index.html").read_text()
    assert '<meta name="description" content="The site.">' in html  # the site's, as with none given
    assert "<title>Empty" in html and ">Empty</a>" in html  # the title stands in for the nav title
