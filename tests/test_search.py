"""Search: a Pagefind index of the finished site, and the search box in the header."""

from __future__ import annotations

from pathlib import Path

import pytest

from specsite.engine.render import Output
from specsite.publish import pagefeed, search

from .conftest import run_cli, tree, write_files

EVENTS = """\
groups:
  - title: Playback
    events:
      - value: play
        desc: Playback started.
      - value: pause
        desc: Playback paused.
props:
  - name: type
    type: string
    desc: The event type.
  - name: position_ms
    type: integer
    used_by: [pause]
    desc: Where in the track the listener paused, counted in milliseconds from the start.
  - name: volume_level
    type: number
    used_by: [play]
    desc: Loudness chosen by the listener, from zero to eleven.
"""
OPTIONS = """\
props:
  - key: chunk_size
    name: chunkSize
    type: integer
    default: 64
    desc: How many records the uploader sends in one request.
  - key: keep_alive
    name: keepAlive
    type: boolean
    desc: Reuse the connection between requests.
groups:
  - key: upload.options
    props: [chunk_size, keep_alive]
"""
UPLOAD = """\
---
title: Upload tracks
---
Intro text about tangerines.

## Events

{{ event_explorer() }}

## Options

{{ proptable('player_api', 'upload.options') }}
"""
FILES = {
    "site.yml": "title: Player docs\n",
    "specs/event.yml": EVENTS,
    "specs/player_api.yml": OPTIONS,
    "site_src/index.md": "---\ntitle: Home\n---\nStart with the [upload page]({{ '/sdk/upload/' | url }}).\n",
    "site_src/sdk/upload.md": UPLOAD,
    "site_src/secret.md": "---\ntitle: Internal\nsearch: false\n---\nThe word zanzibarquux is only here.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_files(tmp_path_factory.mktemp("search"), FILES)
    result = run_cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    return root / "_site"


def pagefind_urls(page, term: str) -> list[str]:
    """What Pagefind's own JavaScript API finds for ``term``, as result URLs."""
    return page.evaluate(
        """async (term) => {
            const pagefind = await import(new URL('pagefind/pagefind.js', location.href).href);
            const found = await pagefind.search(term);
            const data = await Promise.all(found.results.map((r) => r.data()));
            return data.map((d) => d.url);
        }""",
        term,
    )


# --- the index and the box -----------------------------------------------------------------


def test_the_index_and_its_ui_are_written(site: Path) -> None:
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (site / "pagefind" / name).is_file(), name
    assert list((site / "pagefind" / "fragment").iterdir())


def test_every_page_has_a_search_box_with_relative_links(site: Path) -> None:
    html = (site / "sdk/upload/index.html").read_text()
    assert '<div class="site-search" id="site-search" role="search" data-site-root="../../">' in html
    assert '<link rel="stylesheet" href="../../pagefind/pagefind-ui.css">' in html
    assert '<script src="../../pagefind/pagefind-ui.js" defer></script>' in html
    assert '<script src="../../assets/search.js" defer></script>' in html


def test_search_false_turns_search_off(make_project, cli) -> None:
    root = make_project({**FILES, "site.yml": "title: Player docs\nsearch: false\n"})
    assert cli("build", "--root", str(root), "-q").code == 0
    assert not (root / "_site/pagefind").exists()
    assert "site-search" not in (root / "_site/index.html").read_text()


def test_without_pagefind_the_site_builds_without_search(make_project, cli, monkeypatch) -> None:
    monkeypatch.setattr(search, "pagefind_binary", lambda: None)
    root = make_project(FILES)
    result = cli("build", "--root", str(root))
    assert result.code == 0
    assert (
        "site.yml: warning: no search index: Pagefind is not installed (pip install 'pagefind[bin]'),"
        " or set 'search: false'"
    ) in result.err.splitlines()
    assert "broken link" not in result.err  # no box, so nothing points at a missing index
    assert "site-search" not in (root / "_site/index.html").read_text()


def test_a_failing_pagefind_fails_the_build_and_keeps_the_old_site(make_project, cli, monkeypatch) -> None:
    root = make_project(FILES)
    assert cli("build", "--root", str(root), "-q").code == 0
    before = tree(root / "_site")
    monkeypatch.setattr(search, "pagefind_binary", lambda: Path("/bin/false"))
    # An edited page: with nothing changed, the build would keep the output and not index at all.
    write_files(root, {"site_src/index.md": FILES["site_src/index.md"] + "\nEdited.\n"})
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == ["site.yml: error: Pagefind could not build the search index: no output"]
    assert tree(root / "_site") == before


# --- what is indexed (Pagefind's own API, in Chromium) ----------------------------------------


def test_property_names_descriptions_and_option_names_are_indexed(site: Path, page, serve) -> None:
    with serve(site) as base:
        page.goto(base)
        # Other pages may document an event property too (a catalog page per event type).
        assert "/sdk/upload/" in pagefind_urls(page, "position_ms")
        assert pagefind_urls(page, "chunkSize") == ["/sdk/upload/"]
        assert "/sdk/upload/" in pagefind_urls(page, "eleven")  # a word of a property description
        assert pagefind_urls(page, "tangerines") == ["/sdk/upload/"]  # page prose
        assert pagefind_urls(page, "zanzibarquux") == []  # search: false
        assert "/404.html" not in pagefind_urls(page, "found")  # the 404 page is never a result


# --- the search box, in Chromium ---------------------------------------------------------------


def search_box_results(page, term: str) -> list[tuple[str, list[str]]]:
    page.fill(".pagefind-ui__search-input", term)
    page.wait_for_selector(".pagefind-ui__result-link")
    return page.eval_on_selector_all(
        ".pagefind-ui__result",
        """results => results.map(r => [
            r.querySelector('.pagefind-ui__result-title .pagefind-ui__result-link').getAttribute('href'),
            [...r.querySelectorAll('.pagefind-ui__result-nested .pagefind-ui__result-link')]
                .map(a => a.getAttribute('href')),
        ])""",
    )


def test_typing_a_property_name_finds_the_row_that_documents_it(site: Path, page, serve) -> None:
    with serve(site, "/docs/v1/") as base:
        page.goto(base)
        results = search_box_results(page, "keepAlive")
        assert results[0][0] == "/docs/v1/sdk/upload/"
        row = "/docs/v1/sdk/upload/#opt-upload.options-keep_alive"
        assert row in results[0][1]
        page.click(f".pagefind-ui__result-nested a[href='{row}']")
        page.wait_for_url("**/sdk/upload/#opt-upload.options-keep_alive")
        assert page.locator("[id='opt-upload.options-keep_alive']").is_visible()


def test_descriptions_lead_to_their_section(site: Path, page, serve) -> None:
    with serve(site, "/docs/v1/") as base:
        page.goto(base + "sdk/upload/")
        results = dict(search_box_results(page, "milliseconds"))
        assert "/docs/v1/sdk/upload/#events" in results["/docs/v1/sdk/upload/"]


def test_the_demo_finds_its_request_options(built_demo: Path, page, serve) -> None:
    with serve(built_demo, "/lumen/") as base:
        page.goto(base + "interactions/")
        results = search_box_results(page, "retryDelay")
        assert "/lumen/sdk/request-options/" in [url for url, _ in results]


def test_from_file_urls_the_box_explains_that_search_needs_a_server(site: Path, page) -> None:
    page.goto((site / "sdk/upload/index.html").as_uri())
    box = page.locator(".site-search-offline")
    assert box.is_disabled()
    assert box.get_attribute("placeholder") == "Search needs a web server"
    # Why: Chromium refuses to load Pagefind's module (and its index) from file:// pages.
    outcome = page.evaluate(
        "import('../../pagefind/pagefind.js').then(() => 'loaded', (e) => e.constructor.name)"
    )
    assert outcome == "TypeError"


def test_the_pipe_to_pagefind_holds_a_whole_large_page(tmp_path: Path) -> None:
    # Pagefind starts on a page only when all of it has come; a reference page can be 150 KB.
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ") or search.pagefind_binary() is None:
        pytest.skip("pipe sizes are Linux's; Pagefind must be installed")
    service = pagefeed.PagefindService(search.pagefind_binary(), tmp_path)
    try:
        assert fcntl.fcntl(service._stdin, fcntl.F_GETPIPE_SZ) >= 512 * 1024
    finally:
        service.close()


def test_the_index_is_asked_for_as_soon_as_the_last_page_is_in(tmp_path: Path) -> None:
    # Pagefind then builds it while the data files render and the links are checked.
    if search.pagefind_binary() is None:
        pytest.skip("Pagefind must be installed")
    pages = {
        f"{name}/index.html": f"<html><body><main><h1>{name}</h1><p>About {name}.</p></main></body></html>"
        for name in ("apricot", "bramble")
    }
    indexer = search.SearchIndexer("site.yml", frozenset(pages), tmp_path, search.pagefind_binary(), None)
    try:
        asked = []
        for name, html in pages.items():
            indexer.take(Output(name, html.encode()), html.encode)
            asked.append(bool(indexer.index_request))
        indexer.take(Output("robots.txt", b"User-agent: *\n"), lambda: b"User-agent: *\n")  # not searched
        assert asked == [False, True]
        assert indexer.finish(None) == []  # type: ignore[arg-type]  # the index needs nothing more
        assert (tmp_path / "pagefind/pagefind-entry.json").is_file()
    finally:
        indexer.close()
