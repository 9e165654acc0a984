"""The reader's view the differential test compares (tests/eleventy_html.py)."""

from __future__ import annotations

from .eleventy_html import read_page

PAGE = """<!doctype html><html><head><title>Not compared</title><style>p{}</style></head>
<body><header><a href="/orbit/">Chrome</a> outside main</header>
<main id="main">
<h1>Send   events</h1>
<h2 id="retry-budget">Retry budget<a class="headerlink" href="#retry-budget">#</a></h2>
<p>One <code>event</code>
or <strong>many</strong>.</p><p>Next paragraph</p>
<ul><li><a href="../install/">relative</a></li><li><a href="/orbit/sdk/upload/index.html#a%26b">prefixed</a></li>
<li><a href="https://example.org/x">external</a></li><li><a href="#retry-budget">here</a></li></ul>
<script>const hidden = "script text";</script>
<img src="x.png" alt=""><br>
<div>Last<span> words</span></div>
</main>
<footer>Not compared either</footer></body></html>
"""


def test_text_is_one_line_per_block_without_scripts_styles_or_permalinks() -> None:
    view = read_page(PAGE, "/guide/configure/", "/orbit/")
    assert view.found_main
    assert view.lines == [
        "Send events",
        "Retry budget",
        "One event or many.",
        "Next paragraph",
        "relative",
        "prefixed",
        "external",
        "here",
        "Last words",
    ]


def test_links_are_site_paths_and_heading_ids_are_in_order() -> None:
    view = read_page(PAGE, "/guide/configure/", "/orbit/")
    assert view.links == [
        "/guide/install/",
        "/sdk/upload/#a&b",
        "https://example.org/x",
        "/guide/configure/#retry-budget",
    ]
    assert view.heading_ids == ["h1#", "h2#retry-budget"]


def test_the_same_page_without_a_prefix_and_a_page_without_main() -> None:
    plain = PAGE.replace('href="/orbit/sdk/upload/index.html', 'href="../../sdk/upload/')
    assert (
        read_page(plain, "/guide/configure/").links == read_page(PAGE, "/guide/configure/", "/orbit/").links
    )
    assert not read_page("<p>no main here</p>", "/").found_main
