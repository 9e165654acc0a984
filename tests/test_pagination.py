"""Permalinks and pagination (issue 9, point 4): pages made in the plan, before anything renders.

The expected URLs and ``pagination`` values are the ones Eleventy 3.1 gives
for the same front matter (checked by building the same pages with it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import CliResult

Make = Callable[[dict[str, str | bytes]], Path]
Cli = Callable[..., CliResult]

EVENTS = """\
groups:
  - title: Cart
    events:
      - value: add_to_cart
        desc: Added to the cart.
      - value: checkout
        desc: Started checkout.
      - value: purchase
        desc: Paid.
props:
  - name: type
    type: string
    required: true
    desc: The event type.
"""

BASE = {"site.yml": "title: T\nsearch: false\n", "specs/event.yml": EVENTS}


def build(make_project: Make, cli: Cli, files: dict[str, str | bytes]) -> tuple[Path, CliResult]:
    root = make_project({**BASE, **files})
    return root / "_site", cli("build", "--root", str(root), "-q")


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def pages_under(site: Path, folder: str) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / folder).rglob("*.html"))


def test_one_page_per_event_type_from_a_spec_list(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/events.njk": (
                "---\nlayout: none\npagination:\n  data: specs.event.events\n  size: 1\n  alias: event\n"
                'permalink: "/events/{{ event.value }}/"\n---\n'
                "<h1>{{ event.value }}</h1><p>{{ event.desc }}</p>"
                "<p>{{ pagination.pageNumber }} {{ page.url }} {{ pagination.href.previous or '-' }}"
                " {{ pagination.href.next or '-' }}</p>"
            ),
        },
    )
    assert result.code == 0, result.err
    assert pages_under(site, "events") == [
        "events/add_to_cart/index.html",
        "events/checkout/index.html",
        "events/purchase/index.html",
    ]
    assert read(site, "events/checkout/index.html") == (
        "<h1>checkout</h1><p>Started checkout.</p>"
        "<p>1 /events/checkout/ /events/add_to_cart/ /events/purchase/</p>"
    )
    assert read(site, "events/add_to_cart/index.html").endswith(
        "<p>0 /events/add_to_cart/ - /events/checkout/</p>"
    )


def test_default_urls_of_later_pages_and_the_pagination_object(make_project: Make, cli: Cli) -> None:
    # The same front matter in Eleventy 3.1 gives /paged/, /paged/1/, /paged/2/ and these values.
    site, result = build(
        make_project,
        cli,
        {
            "site_src/paged.njk": (
                "---\nlayout: none\npagination:\n  data: items\n  size: 2\nitems: [a, b, c, d, e]\n---\n"
                "n={{ pagination.pageNumber }} items={{ pagination.items | join(',') }}"
                " next={{ pagination.href.next or '' }} prev={{ pagination.href.previous or '' }}"
                " first={{ pagination.href.first }} last={{ pagination.href.last }}"
                " hrefs={{ pagination.hrefs | join(',') }} url={{ page.url }}"
            ),
        },
    )
    assert result.code == 0, result.err
    hrefs = "hrefs=/paged/,/paged/1/,/paged/2/"
    assert read(site, "paged/index.html") == (
        f"n=0 items=a,b next=/paged/1/ prev= first=/paged/ last=/paged/2/ {hrefs} url=/paged/"
    )
    assert read(site, "paged/1/index.html") == (
        f"n=1 items=c,d next=/paged/2/ prev=/paged/ first=/paged/ last=/paged/2/ {hrefs} url=/paged/1/"
    )
    assert read(site, "paged/2/index.html") == (
        f"n=2 items=e next= prev=/paged/1/ first=/paged/ last=/paged/2/ {hrefs} url=/paged/2/"
    )


def test_pagination_over_a_mapping_uses_its_keys(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/one.njk": (
                "---\nlayout: none\npagination:\n  data: things\n  size: 1\n  alias: thing\n"
                "things: {k1: {name: one}, k2: {name: two}}\n"
                'permalink: "/things/{{ thing }}/"\n---\n'
                "thing={{ thing }} name={{ page.meta.things[thing].name }} url={{ page.url }}"
            ),
        },
    )
    assert result.code == 0, result.err
    assert read(site, "things/k1/index.html") == "thing=k1 name=one url=/things/k1/"
    assert read(site, "things/k2/index.html") == "thing=k2 name=two url=/things/k2/"


def test_permalink_to_a_file_and_permalink_false(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/feed.njk": '---\nlayout: none\npermalink: "/feed.xml"\n---\n<?xml version="1.0"?><feed/>',
            "site_src/hidden.md": "---\npermalink: false\ntitle: Hidden\n---\nNot written.\n",
            "site_src/index.md": "# Home\n",
        },
    )
    assert result.code == 0, result.err
    # No blank lines before the XML declaration: the front matter leaves nothing behind.
    assert read(site, "feed.xml") == '<?xml version="1.0"?><feed/>'
    assert not (site / "hidden").exists() and not (site / "feed").exists()


def test_permalink_without_leading_slash_and_with_index_html(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/a.md": "---\nlayout: none\npermalink: guides/{{ page.fileSlug }}/index.html\n---\n{{ page.url }}",
        },
    )
    assert result.code == 0, result.err
    assert read(site, "guides/a/index.html") == "<p>/guides/a/</p>"


def test_two_pages_claiming_one_url_name_both_positions(make_project: Make, cli: Cli) -> None:
    _site, result = build(
        make_project,
        cli,
        {
            "site_src/a.md": "---\ntitle: A\npermalink: /same/\n---\nA\n",
            "site_src/b.md": "---\ntitle: B\npermalink: /same/\n---\nB\n",
        },
    )
    assert result.code == 1
    assert result.error_lines == [
        "site_src/b.md:3:12: error: URL '/same/' is also claimed by site_src/a.md:3:12; rename one of them"
    ]


def test_pagination_pages_sharing_a_url_is_an_error(make_project: Make, cli: Cli) -> None:
    _site, result = build(
        make_project,
        cli,
        {
            "site_src/e.njk": (
                "---\npagination:\n  data: specs.event.events\n  alias: event\npermalink: /events/\n---\nx"
            ),
        },
    )
    assert result.code == 1
    assert result.error_lines == [
        "site_src/e.njk:5:12: error: permalink gives pages 1 and 2 of the pagination the same URL"
        " '/events/'; use the alias or pagination.pageNumber in it"
    ]


def test_unknown_pagination_data_suggests_the_name(make_project: Make, cli: Cli) -> None:
    _site, result = build(
        make_project,
        cli,
        {"site_src/e.njk": "---\npagination:\n  data: specs.event.evnets\n---\nx"},
    )
    assert result.code == 1
    assert result.error_lines == [
        "site_src/e.njk:3:9: error: pagination data 'specs.event.evnets' not found:"
        " 'specs.event' has no 'evnets' (did you mean 'events'?)"
    ]


def test_bad_pagination_settings_are_located(make_project: Make, cli: Cli) -> None:
    _site, result = build(
        make_project,
        cli,
        {"site_src/e.njk": "---\nitems: [1]\npagination:\n  data: items\n  size: 0\n  alais: x\n---\nx"},
    )
    assert result.code == 1
    assert result.error_lines == [
        "site_src/e.njk:5:9: error: 'size' must be a whole number of items, 1 or more",
        "site_src/e.njk:6:3: error: unknown field 'alais' in pagination (did you mean 'alias'?)",
    ]


def test_permalink_template_error_is_located(make_project: Make, cli: Cli) -> None:
    _site, result = build(
        make_project, cli, {"site_src/a.md": "---\ntitle: A\npermalink: /x/{{ page.slug }}/\n---\nA\n"}
    )
    assert result.code == 1
    assert len(result.error_lines) == 1
    assert result.error_lines[0].startswith("site_src/a.md:3:12: error: permalink: undefined value: ")
    assert "'slug'" in result.error_lines[0]


def test_empty_data_makes_no_page(make_project: Make, cli: Cli) -> None:
    site, result = build(
        make_project,
        cli,
        {
            "site_src/index.md": "# Home\n",
            "site_src/e.njk": "---\nitems: []\npagination:\n  data: items\n---\nx",
        },
    )
    assert result.code == 0, result.err
    assert not (site / "e").exists()


def test_paginated_pages_rebuild_in_the_preview_when_their_data_changes(make_project: Make) -> None:
    from specsite.engine.builder import BuildOptions
    from specsite.preview.session import Session

    root = make_project(
        {
            **BASE,
            "site_src/e.njk": (
                "---\npagination:\n  data: specs.event.events\n  alias: event\n"
                "permalink: /e/{{ event.value }}/\n---\n{{ event.desc }}"
            ),
        }
    )
    session = Session(BuildOptions(root=str(root), check_links=False))
    assert session.build().ok
    spec = root / "specs/event.yml"
    spec.write_text(spec.read_text().replace("Started checkout.", "Began checkout."), encoding="utf-8")
    outcome = session.build(["specs/event.yml"])
    assert outcome.ok, outcome.diagnostics
    assert "Began checkout." in read(root / "_site", "e/checkout/index.html")


def test_permalink_without_extension_or_trailing_slash_is_refused(make_project: Make, cli: Cli) -> None:
    # Eleventy 3 refuses it as well (a host would not know the file's type).
    _site, result = build(make_project, cli, {"site_src/a.md": "---\ntitle: A\npermalink: /x\n---\nA\n"})
    assert result.code == 1
    assert result.error_lines == [
        "site_src/a.md:3:12: error: permalink '/x' needs a trailing '/' (a page) or a file extension"
    ]


def test_alias_of_pages_with_several_items_is_the_list(make_project: Make, cli: Cli) -> None:
    # Eleventy 3.1.8: index.njk over [1, 2, 3], size 2, alias pair → /, /1/ with pair [1,2] and [3].
    site, result = build(
        make_project,
        cli,
        {
            "site_src/index.njk": (
                "---\nlayout: none\npagination:\n  data: items\n  size: 2\n  alias: pair\nitems: [1, 2, 3]\n---\n"
                "pair={{ pair | dump }} prev=[{{ pagination.href.previous or '' }}] url={{ page.url }}"
            ),
        },
    )
    assert result.code == 0, result.err
    assert read(site, "index.html") == "pair=[1,2] prev=[] url=/"
    assert read(site, "1/index.html") == "pair=[3] prev=[/] url=/1/"


def test_a_permalink_false_page_is_rendered_so_its_mistakes_are_reported(
    make_project: Make, cli: Cli
) -> None:
    _site, result = build(
        make_project,
        cli,
        {
            "site_src/index.md": "# Home\n",
            "site_src/draft.md": "---\npermalink: false\n---\n{{ page.titel }}\n",
        },
    )
    assert result.code == 1
    assert result.error_lines == [
        "site_src/draft.md:4: error: undefined value: Page has no attribute 'titel' (did you mean 'title'?)"
    ]


def test_tag_pages_paginate_over_collections(make_project: Make, cli: Cli) -> None:
    # The tag-page pattern of Eleventy's base blog: one page per tag, "all" filtered out.
    site, result = build(
        make_project,
        cli,
        {
            "site_src/posts/a.md": "---\ntitle: A\ntags: [news, howto]\ndate: 2024-01-01\n---\nA\n",
            "site_src/posts/b.md": "---\ntitle: B\ntags: news\ndate: 2024-02-01\n---\nB\n",
            "site_src/tag-pages.njk": (
                "---\nlayout: none\npagination:\n  data: collections\n  size: 1\n  alias: tag\n"
                "  filter: [all]\neleventyExcludeFromCollections: true\npermalink: /tags/{{ tag }}/\n---\n"
                "{{ tag }}:{% for post in collections[tag] %} {{ post.data.title }}{% endfor %}"
            ),
        },
    )
    assert result.code == 0, result.err
    assert sorted(p.relative_to(site).as_posix() for p in (site / "tags").rglob("*.html")) == [
        "tags/howto/index.html",
        "tags/news/index.html",
    ]
    assert read(site, "tags/news/index.html") == "news: A B"
    assert read(site, "tags/howto/index.html") == "howto: A"


def test_permalinks_that_leave_the_site_or_need_encoding_are_refused(make_project: Make, cli: Cli) -> None:
    _site, result = build(
        make_project,
        cli,
        {
            "site_src/a.md": "---\ntitle: A\npermalink: /docs/../../etc/\n---\nA\n",
            "site_src/b.md": "---\ntitle: B\ntags: [another tag]\npermalink: /tags/{{ tags[0] }}/\n---\nB\n",
            "site_src/c.md": "---\ntitle: C\npermalink: /tags/café/\n---\nC\n",
        },
    )
    assert result.code == 1
    assert result.error_lines == [
        "site_src/a.md:3:12: error: permalink '/docs/../../etc/' is not a site path like '/guides/setup/'",
        "site_src/b.md:4:12: error: permalink '/tags/another tag/' has a space, which a URL cannot hold"
        " as it is; use | slugify",
    ]
