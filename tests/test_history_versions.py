"""Versioned docs: older versions built from git under /<label>/, the switcher, the changelog, the marks."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from specsite.engine.builder import BuildOptions
from specsite.preview.session import Session

from .conftest import run_cli
from .history_repo import git, make_history_repo, write

VERSIONS = (
    "title: Shop\nversions:\n  - {ref: v3, label: v3}\n  - {ref: v2, label: v2}\n  - {ref: v1, label: v1}\n"
)


def versioned_repo(path: Path) -> Path:
    repo = make_history_repo(path)
    write(repo, {"site.yml": VERSIONS})
    return repo


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = versioned_repo(tmp_path_factory.mktemp("versions") / "shop")
    result = run_cli("build", "--root", str(repo), "--strict", "-q")
    # --strict: the link check (switcher links included) is clean, or the build fails.
    assert result.code == 0, result.err
    return repo / "_site"


def text_of(path: Path) -> str:
    """The text of the page's article, without the header and its switcher."""
    page = path.read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", "", article))


def switcher_links(page: Path) -> dict[str, str]:
    found = re.search(r'<nav class="version-switcher".*?</nav>', page.read_text(encoding="utf-8"), re.S)
    assert found, f"no version switcher on {page}"
    links = re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', found[0])
    return {label.removesuffix(" (latest)"): href for href, label in links}


def test_each_version_is_published_under_its_path(site: Path) -> None:
    assert (site / "catalog/event/checkout/index.html").is_file()
    assert (site / "v2/catalog/event/checkout/index.html").is_file()
    assert (site / "v1/catalog/event/wishlist/index.html").is_file()
    assert not (site / "v1/catalog/event/checkout").exists()
    assert not (site / "catalog/event/wishlist").exists()
    assert (site / "reference/sdk/js/orders.list/index.html").is_file()
    assert (site / "v2/reference/sdk/js/orders.delete/index.html").is_file()
    # Only the root has the files a host reads at the top.
    assert not (site / "v1/404.html").exists() and not (site / "v1/.specsite").exists()


def test_the_older_explorer_shows_the_props_it_had_then(site: Path) -> None:
    latest, oldest = (site / "index.html").read_text(), (site / "v1/index.html").read_text()
    assert "<code>referrer</code>" in oldest and "<code>referrer</code>" not in latest
    assert "<code>user_id</code>" in latest and "<code>user_id</code>" not in oldest


def test_switcher_keeps_the_reader_on_the_same_page(site: Path) -> None:
    assert switcher_links(site / "v1/catalog/event/search/index.html") == {
        "v3": "../../../../catalog/event/search/",
        "v2": "../../../../v2/catalog/event/search/",
        "v1": "./",
    }
    # checkout is new in v2: from the latest version, v1 offers its home page instead.
    assert switcher_links(site / "catalog/event/checkout/index.html") == {
        "v3": "./",
        "v2": "../../../v2/catalog/event/checkout/",
        "v1": "../../../v1/",
    }


def test_older_versions_have_a_banner_linking_to_the_latest(site: Path) -> None:
    page = (site / "v2/catalog/event/search/index.html").read_text()
    banner = re.search(r'<div class="version-banner".*?</div>', page, re.S)
    assert banner and "an older version" in banner[0]
    assert 'href="../../../../catalog/event/search/"' in banner[0]
    assert "version-banner" not in (site / "catalog/event/search/index.html").read_text()


def test_search_is_per_version(site: Path) -> None:
    def pages(folder: Path) -> int:
        entry = json.loads((folder / "pagefind/pagefind-entry.json").read_text())
        return entry["languages"]["en"]["page_count"]

    html_pages = [p for p in (site / "v1").rglob("*.html") if "pagefind" not in p.parts]
    assert pages(site / "v1") == len(html_pages)
    latest = [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in ("v1", "v2", "pagefind")]
    assert pages(site) == len(latest) - 1  # the 404 page is not indexed


def changelog_sections(site: Path) -> dict[str, str]:
    """The text of each version's section of /changelog/, by its heading, in page order."""
    page = (site / "changelog/index.html").read_text(encoding="utf-8")
    found = re.findall(
        r'<section class="changelog-version"[^>]*>\s*<h2[^>]*>(.*?)</h2>(.*?)</section>', page, re.S
    )
    return {
        html.unescape(re.sub(r"<[^>]+>", "", title)): html.unescape(re.sub(r"<[^>]+>", "", body))
        for title, body in found
    }


def test_changelog_lists_every_change_grouped_by_version(site: Path) -> None:
    sections = changelog_sections(site)
    assert list(sections) == ["v3", "v2", "v1"]
    for old, new in (("v1", "v2"), ("v2", "v3")):
        found = json.loads(run_cli("diff", old, new, "--root", str(site.parent), "--format", "json").out)
        listed = [
            line.strip()
            for line in sections[new].splitlines()
            if line.strip().startswith(("breaking", "compatible"))
        ]
        assert listed == [f"{c['severity']} {c['path']}: {c['message']}" for c in found]
    assert "The first version documented here." in sections["v1"]


def test_changelog_puts_breaking_first_and_links_to_each_version(site: Path) -> None:
    page = (site / "changelog/index.html").read_text()
    v3 = page[page.index('id="version-1"') : page.index('id="version-2"')]
    severities = re.findall(r'class="changelog-item changelog-(\w+)"', v3)
    assert severities == ["breaking"] * 6 + ["compatible"] * 4
    # A removed operation links to the version that still has it; an added one to the latest.
    assert '<a href="../v2/reference/sdk/' in v3 and "orders-delete" in v3
    assert '<a href="../reference/sdk/cli/orders-list/"><code>sdk.operations.orders.list</code>' in v3


def test_marks_on_event_type_and_operation_pages(site: Path) -> None:
    def marks(page: str) -> list[str]:
        return re.findall(r'class="badge history-mark [^"]*">([^<]*)<', (site / page).read_text())

    assert marks("catalog/event/checkout/index.html") == ["Added in v2"]
    assert marks("catalog/event/add_to_cart/index.html") == ["Changed in v2"]
    assert marks("reference/sdk/js/orders.list/index.html") == ["Added in v3"]
    assert marks("reference/sdk/js/orders.upload/index.html") == ["Changed in v3"]
    assert marks("v2/catalog/event/checkout/index.html") == ["Added in v2"]
    assert marks("v1/catalog/event/wishlist/index.html") == []


def test_unreleased_changes_and_older_versions_built_once(tmp_path: Path) -> None:
    repo = versioned_repo(tmp_path / "shop")
    assert run_cli("build", "--root", str(repo), "-q").code == 0
    keys = sorted((repo / ".specsite-cache/versions").glob("*/key.json"))
    assert len(keys) == 2
    stamps = [k.stat().st_mtime_ns for k in keys]
    props = repo / "specs/event/props.yml"
    props.write_text(props.read_text() + "- name: device\n  type: string\n  desc: The shopper's device.\n")
    assert run_cli("build", "--root", str(repo), "-q", "--strict").code == 0
    assert [k.stat().st_mtime_ns for k in keys] == stamps
    sections = changelog_sections(repo / "_site")
    assert list(sections) == ["Unreleased changes not in a release yet", "v3", "v2", "v1"]
    assert "compatible event.props.device: prop added" in sections["Unreleased changes not in a release yet"]
    page = (repo / "_site/catalog/event/checkout/index.html").read_text()
    marks = re.findall(r'class="badge history-mark [^"]*">([^<]*)<', page)
    assert marks == ["Added in v2", "Changed (unreleased)"]


def test_preview_rebuilds_only_the_working_tree(tmp_path: Path) -> None:
    repo = versioned_repo(tmp_path / "shop")
    session = Session(BuildOptions(str(repo)))
    assert session.build().ok
    keys = sorted((repo / ".specsite-cache/versions").glob("*/key.json"))
    stamps = [k.stat().st_mtime_ns for k in keys]
    groups = repo / "specs/event/groups.yml"
    groups.write_text(groups.read_text().replace("A shopper started to pay.", "A shopper began to pay."))
    outcome = session.build(["specs/event/groups.yml"])
    assert outcome.ok
    assert [k.stat().st_mtime_ns for k in keys] == stamps
    assert "began to pay" in (repo / "_site/catalog/event/checkout/index.html").read_text()
    assert (repo / "_site/v1/catalog/event/wishlist/index.html").is_file()


def test_unknown_revision_in_versions_is_an_error_at_its_line(tmp_path: Path) -> None:
    repo = make_history_repo(tmp_path / "shop")
    write(repo, {"site.yml": "versions:\n  - {ref: v3, label: v3}\n  - {ref: v9, label: old}\n"})
    result = run_cli("build", "--root", str(repo))
    assert result.code == 1
    assert result.error_lines[0].startswith("site.yml:3:5: error: version 'old': unknown revision 'v9'")
    assert not (repo / "_site").exists()


def test_bad_versions_entries_are_reported(tmp_path: Path) -> None:
    repo = make_history_repo(tmp_path / "shop")
    write(
        repo,
        {
            "site.yml": "versions:\n  - {ref: v3, label: v3}\n  - {ref: v2, label: v3}\n  - {ref: v1, label: assets}\n  - v1\n"
        },
    )
    result = run_cli("build", "--root", str(repo))
    assert result.code == 1
    assert result.error_lines == [
        "site.yml:3:22: error: version label 'v3' is used twice",
        "site.yml:4:22: error: 'assets' cannot be a version label: the site uses that folder",
        "site.yml:5:5: error: each version is a mapping with 'ref' and 'label', not text",
    ]


def test_sites_without_versions_are_unchanged(tmp_path: Path) -> None:
    repo = make_history_repo(tmp_path / "shop")
    assert run_cli("build", "--root", str(repo), "-q").code == 0
    page = (repo / "_site/catalog/event/checkout/index.html").read_text()
    assert "version-switcher" not in page and "history-mark" not in page
    assert not (repo / "_site/changelog").exists()
    assert git(repo, "status", "--porcelain") == "?? _site/\n"


def test_links_in_older_versions_are_checked_too(tmp_path: Path) -> None:
    # Older versions are copied in after the latest pages' links were checked: theirs are checked then.
    old_page = "---\ntitle: Old\n---\nSee [the gone page](../gone/).\n"
    repo = make_history_repo(tmp_path / "shop", extra={"v1": {"site_src/old.md": old_page}})
    write(repo, {"site.yml": VERSIONS})
    result = run_cli("build", "--root", str(repo))
    assert result.code == 0, result.err
    broken = sorted(re.findall(r"broken link to '([^']*)'", result.err))
    assert broken == ["/gone/", "/v1/gone/", "/v2/gone/"]
