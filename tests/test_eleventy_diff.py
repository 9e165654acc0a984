"""Differential test: an Eleventy site builds the same with real Eleventy 3 and with specsite.

The fixture (tests/fixtures/eleventy_site/) is an Eleventy 3 docs site of our
own. Eleventy builds it as it is; specsite builds what ``specsite import
eleventy`` makes of it, with no edit in between. For every page both publish,
the reader must get the same text, the same links and the same heading ids
(see tests/eleventy_html.py for exactly what is compared, and why ``<main>``).

Eleventy comes from ``.ci/node_modules-eleventy`` (``bash .ci/test`` installs
it). Without it or without Node the test is skipped, except in CI
(``SPECSITE_REQUIRE_BROWSER=1``), where it fails instead.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO, run_cli
from .eleventy_html import PageView, read_page

FIXTURE = Path(__file__).parent / "fixtures" / "eleventy_site"
NODE_MODULES = REPO / ".ci" / "node_modules-eleventy" / "node_modules"
ELEVENTY = NODE_MODULES / "@11ty" / "eleventy" / "cmd.cjs"
PREFIX = "/orbit/"  # pathPrefix in the fixture's eleventy.config.js

# Every page Eleventy publishes, and words that prove the feature behind it
# worked on the Eleventy side (so a broken fixture cannot compare equal by being empty).
PAGES = {
    "/": ["This site has 11 pages; 2 of them are about the SDK.", "Section: HOME!", "Tune delivery"],
    "/guide/install/": [
        "Keep your API key out of source control",
        "Note: every request needs",
        "Updated 14 February 2026",
        "Step 1 of 3. Next: Configure the client.",
    ],
    "/guide/configure/": [
        "3 regions: eu-west, us-east, ap-south.",
        'Default settings: {"retries":3,"mode":"batch","regions":["eu-west","us-east","ap-south"]}',
        "Events are sent in batches default.",
        "warning: Keep retries low on metered networks.",
        "The same limits apply in every region.",
        "us-east (secondary)",
        "Checked on 2026-02-20 by the PLATFORM TEAM!",
        "Safe HTML and <em>escaped HTML</em>.",
        "Step 2 of 3. Back: Install the SDK. Next: Tune delivery.",
    ],
    "/guide/advanced/tuning/": [
        "count once per attempt",
        "File: tuning.md (slug tuning) at /guide/advanced/tuning/",
        "Step 3 of 3. Back: Configure the client.",
    ],
    "/sdk/upload/": [
        "Required. The kind of event, such as order.",
        "dryRun",
        "add_to_basket",
        "Filed under: sdk + events + upload (3 tags).",
    ],
    "/sdk/request-options/": ["merge", "Other SDK pages: Send events."],
    "/releases/3-2-0/": ["Version 3.2.0 v3.2.0", "Released 2 Mar 2026.", "Tier 2: read before upgrading."],
    "/releases/3-1-0/": ["Tier 1: safe to upgrade.", "Adds the session_id property to every event."],
    "/releases/3-0-0-beta-2/": ["This is a preview release.", "Section: RELEASES!"],
    "/changelog/": ["Page 1 of 2.", "Older releases"],
    "/changelog/page-2/": ["Page 2 of 2.", "Newer releases"],
    "/support/": ["A page named after its folder is that folder's page: this one is published at /support/."],
    "/company/about/": ["About Orbit", "Permanent link: https://docs.orbit.example/orbit/company/about/"],
}
NOT_PUBLISHED = ["drafts/notes/index.html", "guide/_snippet/index.html", "_snippet/index.html"]
# Pages specsite makes from the spec by itself (catalog pages, 404): not part of the comparison.
GENERATED = ("catalog/", "reference/", "404.html", "pagefind/")


def _missing_tools() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not ELEVENTY.is_file():
        return f"Eleventy 3 is not installed in {NODE_MODULES.parent} (bash .ci/test installs it)"
    return None


@pytest.fixture(scope="session")
def eleventy_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reason = _missing_tools()
    if reason:
        if os.environ.get("SPECSITE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SPECSITE_REQUIRE_BROWSER=1 (CI) but {reason}")
        pytest.skip(reason)
    site = tmp_path_factory.mktemp("eleventy") / "site"
    shutil.copytree(FIXTURE, site)
    # The config requires js-yaml, markdown-it and luxon, which come with Eleventy.
    (site / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    result = subprocess.run(
        ["node", str(ELEVENTY), "--quiet"], cwd=site, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"Eleventy failed:\n{result.stdout}\n{result.stderr}"
    return site / "_site"


@pytest.fixture(scope="session")
def specsite_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("specsite")
    shutil.copytree(FIXTURE, work / "eleventy")
    imported = run_cli("import", "eleventy", str(work / "eleventy"), "--to", str(work / "project"))
    assert imported.code == 0, imported.err
    built = run_cli("build", "--root", str(work / "project"), "-q")
    assert built.code == 0, f"specsite build of the imported site failed:\n{built.err}"
    return work / "project" / "_site"


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def output_file(url: str) -> str:
    return url.strip("/") + "/index.html" if url != "/" else "index.html"


def view(site: Path, url: str) -> PageView:
    path = site / output_file(url)
    assert path.is_file(), f"{url}: not published (no {output_file(url)})"
    page = read_page(path.read_text(encoding="utf-8"), url, PREFIX)
    assert page.found_main, f"{url}: no <main> element"
    return page


def differences(url: str, what: str, eleventy: list[str], specsite: list[str]) -> str:
    diff = difflib.unified_diff(eleventy, specsite, "Eleventy", "specsite", lineterm="", n=1)
    return f"{url}: {what} differ (- Eleventy, + specsite):\n" + "\n".join(diff)


def test_the_eleventy_side_publishes_the_pages_the_fixture_means(eleventy_out: Path) -> None:
    assert html_pages(eleventy_out) == {output_file(url) for url in PAGES}
    assert (eleventy_out / "assets" / "orbit.css").is_file()
    for url, phrases in PAGES.items():
        text = "\n".join(view(eleventy_out, url).lines)
        for phrase in phrases:
            assert phrase in text, f"{url}: Eleventy's page lacks {phrase!r}"


def test_the_eleventy_side_keeps_markdown_it_anchor_ids(eleventy_out: Path) -> None:
    ids = view(eleventy_out, "/guide/advanced/tuning/").heading_ids
    assert ids == ["h1#", "h2#retry-budget-(per-client)", "h2#batch-size-%26-timing"]


def test_both_publish_the_same_pages(eleventy_out: Path, specsite_out: Path) -> None:
    ours = {p for p in html_pages(specsite_out) if not p.startswith(GENERATED)}
    assert ours == html_pages(eleventy_out)
    for path in NOT_PUBLISHED:
        assert not (specsite_out / path).exists(), path
    assert (specsite_out / "assets" / "orbit.css").read_bytes() == (
        eleventy_out / "assets" / "orbit.css"
    ).read_bytes()


@pytest.mark.parametrize("url", PAGES)
def test_same_visible_text(url: str, eleventy_out: Path, specsite_out: Path) -> None:
    theirs, ours = view(eleventy_out, url).lines, view(specsite_out, url).lines
    assert ours == theirs, differences(url, "visible text lines", theirs, ours)


@pytest.mark.parametrize("url", PAGES)
def test_same_links(url: str, eleventy_out: Path, specsite_out: Path) -> None:
    theirs, ours = view(eleventy_out, url).links, view(specsite_out, url).links
    assert ours == theirs, differences(url, "links (resolved to site paths)", theirs, ours)


@pytest.mark.parametrize("url", PAGES)
def test_same_heading_ids(url: str, eleventy_out: Path, specsite_out: Path) -> None:
    theirs, ours = view(eleventy_out, url).heading_ids, view(specsite_out, url).heading_ids
    assert ours == theirs, differences(url, "heading ids", theirs, ours)
