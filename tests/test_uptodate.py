"""A build with nothing changed keeps the output as it is; any change to what it reads builds again."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from specsite.engine.buildcache import CACHE_DIR
from specsite.engine.uptodate import STAMP_FILE

from .conftest import CliResult, tree

PROJECT = {
    "site.yml": "title: Kept\nsearch: false\n",
    "site_src/index.md": "# Home\n\nSee [the guide](guide/) and [a missing page](missing/).\n",
    "site_src/guide.md": "---\ntitle: Guide\n---\n# Guide\n\n{% include 'snippet.txt' %}\n",
    "snippet.txt": "A file from the project folder.\n",
}
KEPT = "nothing it reads changed since the last build"


@pytest.fixture
def project(make_project: Callable[[dict], Path]) -> Path:
    return make_project(PROJECT)


def stamps(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def build(cli: Callable[..., CliResult], root: Path, *args: str) -> CliResult:
    return cli("build", "--root", str(root), *args)


def test_a_second_build_keeps_the_output_and_says_the_same_warnings(project: Path, cli) -> None:
    first = build(cli, project)
    assert first.code == 0 and "broken link to '/missing/'" in first.err
    before = stamps(project / "_site")
    second = build(cli, project)
    assert second.code == 0 and KEPT in second.out
    assert second.err == first.err  # the warnings of the build that made the output
    assert stamps(project / "_site") == before  # not one file written


@pytest.mark.parametrize(
    "change",
    [
        "edit a page",
        "add a page",
        "edit a file a template includes from the project folder",
        "edit the site config",
        "delete an output file",
        "edit an output file",
    ],
)
def test_any_change_to_what_a_build_reads_or_wrote_builds_again(project: Path, cli, change: str) -> None:
    assert build(cli, project).code == 0
    site = project / "_site"
    if change == "edit a page":
        (project / "site_src/guide.md").write_text("---\ntitle: Guide\n---\n# Guide, edited\n")
    elif change == "add a page":
        (project / "site_src/new.md").write_text("# New\n")
    elif change == "edit a file a template includes from the project folder":
        (project / "snippet.txt").write_text("Edited snippet.\n")
    elif change == "edit the site config":
        (project / "site.yml").write_text("title: Renamed\nsearch: false\n")
    elif change == "delete an output file":
        (site / "guide/index.html").unlink()
    else:
        page = site / "guide/index.html"
        page.write_text(page.read_text() + "<!-- by hand -->")
    again = build(cli, project)
    assert again.code == 0 and KEPT not in again.out
    # The output is what a build from nothing makes.
    fresh = build(cli, project, "--no-cache", "--out", str(project / "fresh"))
    assert fresh.code == 0
    assert tree(site) == tree(project / "fresh")


def test_other_options_build_again(project: Path, cli) -> None:
    assert build(cli, project).code == 0
    with_base = build(cli, project, "--base-url", "https://docs.example.com/")
    assert with_base.code == 0 and KEPT not in with_base.out
    assert os.path.exists(project / "_site/sitemap.xml")
    assert KEPT in build(cli, project, "--base-url", "https://docs.example.com/").out


def test_no_cache_always_builds_and_a_failed_build_leaves_no_stamp(project: Path, cli) -> None:
    assert build(cli, project, "--no-cache").code == 0
    assert not (project / CACHE_DIR / STAMP_FILE).exists()
    assert KEPT not in build(cli, project, "--no-cache").out
    strict = build(cli, project, "--strict")
    assert strict.code == 1  # the broken link fails it
    assert not (project / CACHE_DIR / STAMP_FILE).exists()
    assert build(cli, project, "--strict").code == 1  # and again: nothing was kept from the failure


def test_a_damaged_stamp_is_ignored(project: Path, cli) -> None:
    assert build(cli, project).code == 0
    (project / CACHE_DIR / STAMP_FILE).write_text("{not json")
    again = build(cli, project)
    assert again.code == 0 and KEPT not in again.out
    assert KEPT in build(cli, project).out


def test_an_environment_variable_a_build_reads_builds_again(
    project: Path, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build(cli, project).code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert KEPT not in build(cli, project).out
    assert KEPT in build(cli, project).out


def test_output_stamps_list_what_os_walk_lists(tmp_path: Path) -> None:
    import os

    from specsite.engine import uptodate
    from specsite.engine.writer import Staging

    site = tmp_path / "site"
    for rel in ("index.html", "a/index.html", "a/b/c.css", "z/x.js", "a b/é.html"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(rel)
    (site / "link-to-file.html").symlink_to(site / "index.html")
    (site / "link-to-folder").symlink_to(site / "a", target_is_directory=True)
    expected = {}
    for folder, dirs, files in os.walk(site):
        dirs.sort()
        rel = os.path.relpath(folder, site)
        for name in sorted(files):
            info = os.stat(os.path.join(folder, name))
            expected[name if rel == "." else f"{rel}/{name}"] = [info.st_size, info.st_mtime_ns]
    stamps = uptodate.output_stamps(site)
    assert stamps == expected and list(stamps) == list(expected)
    assert Staging(site).file_count() == len(expected)


def test_a_project_reached_through_a_link_keeps_its_output(project: Path, cli, tmp_path: Path) -> None:
    # The output folder inside the project is not something the build reads, under any path.
    linked = tmp_path / "linked-project"
    linked.symlink_to(project, target_is_directory=True)
    assert build(cli, linked, "--out", str(linked / "public")).code == 0
    again = build(cli, linked, "--out", str(linked / "public"))
    assert again.code == 0 and KEPT in again.out
