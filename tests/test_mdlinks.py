"""Markdown links to other source files become links to those pages."""

from __future__ import annotations

from specsite.engine.mdlinks import LinkContext, page_link

from .conftest import run_cli

URLS = {"index.md": "/", "guide/setup.md": "/guide/setup/", "guide/index.md": "/guide/", "faq.html": "/faq/"}


def link(href: str, rel: str = "guide/setup.md", url: str = "/guide/setup/") -> str | None:
    return page_link(href, LinkContext(rel, url, URLS))


def test_source_file_links_point_at_the_published_page() -> None:
    assert link("index.md") == "../"
    assert link("../index.md") == "../../"
    assert link("../faq.html#who") == "../../faq/#who"
    assert link("./setup.md?x=1#top") == "./?x=1#top"
    assert link("setup.md", rel="index.md", url="/") is None  # index.md's folder has no setup.md
    assert link("guide/setup.md", rel="index.md", url="/") == "guide/setup/"


def test_other_links_are_left_alone() -> None:
    for href in ("https://example.com/a.md", "/guide/setup.md", "#setup.md", "notes.txt", "missing.md", ""):
        assert link(href) is None, href


def test_a_missing_target_is_reported_at_its_line(make_project) -> None:
    root = make_project(
        {
            "site_src/index.md": "---\ntitle: Home\n---\n\nSee [setup](guide/setup.md).\n",
            "site_src/guide/setup.md": "---\ntitle: Setup\n---\n\nBack [home](../index.md).\n\nAnd [gone](gone.md).\n",
        }
    )
    result = run_cli("build", "--root", str(root), "--strict")
    assert result.code == 1
    # Left as written, the link is resolved the way a browser would, and reported where it is.
    assert result.error_lines == [
        "site_src/guide/setup.md:7:12: error: broken link to '/guide/setup/gone.md'"
    ]
    (root / "site_src/guide/setup.md").write_text("---\ntitle: Setup\n---\n\nBack [home](../index.md).\n")
    assert run_cli("build", "--root", str(root), "--strict").code == 0
    assert 'href="guide/setup/"' in (root / "_site" / "index.html").read_text()
    assert 'href="../../"' in (root / "_site" / "guide" / "setup" / "index.html").read_text()
