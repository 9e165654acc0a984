"""The search index kept in the build cache: an unchanged site does not run Pagefind again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from specsite.engine.buildcache import CACHE_DIR
from specsite.publish import search
from specsite.publish.searchcache import CHECKSUM_SIZE, DAMAGED, KEEP, MAGIC, SEARCH_DIR, SUFFIX

from .conftest import run_cli, tree, write_files

PAGES = {
    "site.yml": "title: Kept index\n",
    "site_src/index.md": "---\ntitle: Home\n---\n# Home\n\nRead the [guide](guide.md) about tangerines.\n",
    "site_src/guide.md": "---\ntitle: Guide\n---\n## Install\n\nThe word clementine is here.\n",
    "site_src/zebra.md": "---\ntitle: Zebra\n---\nStripes and {{ site.title }}.\n",
    "site_src/hidden.md": "---\ntitle: Hidden\nsearch: false\n---\nNot indexed.\n",
}


# Where an entry stores the length of its page list: after the magic, the stamp's line and a checksum.
PAGES_LENGTH = len(MAGIC) + 33 + CHECKSUM_SIZE


@pytest.fixture
def starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Pagefind that notes each start in a log file (one line a start), then runs the real one."""
    real = search.pagefind_binary()
    if real is None:
        pytest.skip("Pagefind is not installed")
    log = tmp_path / "starts.log"
    log.write_text("")
    wrapper = tmp_path / "bin" / "pagefind"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho started >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_binary", lambda: wrapper)
    return log


def started(log: Path) -> int:
    return len(log.read_text().splitlines())


def build(root: Path, *options: str) -> str:
    # The output goes first: left untouched with nothing changed, the whole output is kept as it
    # is (engine.uptodate) and no page is rendered. Without it, as in a CI job that restores only
    # .specsite-cache/, every page renders again, and the kept index saves Pagefind's work.
    shutil.rmtree(root / "_site", ignore_errors=True)
    result = run_cli("build", "--root", str(root), *options)
    assert result.code == 0, result.err
    return result.err


def index_files(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR / SEARCH_DIR).glob("*" + SUFFIX))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_files(tmp_path / "project", PAGES)


def test_an_unchanged_site_copies_its_index_without_starting_pagefind(project: Path, starts: Path) -> None:
    build(project, "--out", str(project.parent / "fresh"), "--no-cache")
    assert started(starts) == 1
    build(project)
    assert started(starts) == 2
    assert len(index_files(project)) == 1
    build(project)
    assert started(starts) == 2  # the warm build did not start Pagefind
    assert tree(project / "_site") == tree(project.parent / "fresh")
    assert list((project / "_site/pagefind/fragment").iterdir())


def test_no_cache_indexes_again_and_keeps_nothing(project: Path, starts: Path) -> None:
    build(project)
    build(project, "--no-cache")
    assert started(starts) == 2
    (index,) = index_files(project)
    index.unlink()
    build(project, "--no-cache")
    assert started(starts) == 3 and not index_files(project)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            {"site_src/index.md": PAGES["site_src/index.md"] + "\nNow with kumquats.\n"}, id="first page"
        ),
        pytest.param({"site_src/zebra.md": PAGES["site_src/zebra.md"] + "\nAnd kumquats.\n"}, id="last page"),
        pytest.param(
            {"site_src/zz-new.md": "---\ntitle: New\n---\nKumquats.\n"}, id="a page added at the end"
        ),
        pytest.param({"site.yml": "title: Kumquat docs\n"}, id="every page"),
    ],
)
def test_a_changed_page_is_indexed_again(project: Path, starts: Path, change: dict[str, str]) -> None:
    build(project)
    write_files(project, change)
    build(project, "--out", str(project.parent / "fresh"), "--no-cache")
    build(project)
    assert started(starts) == 3
    assert tree(project / "_site") == tree(project.parent / "fresh")
    fragments = b"".join(p.read_bytes() for p in (project / "_site/pagefind/fragment").iterdir())
    assert fragments != b""
    # and the index made now is the one kept: the next build reuses it
    build(project)
    assert started(starts) == 3
    assert tree(project / "_site") == tree(project.parent / "fresh")


def test_a_removed_page_is_indexed_again(project: Path, starts: Path) -> None:
    build(project)
    (project / "site_src/zebra.md").unlink()
    build(project, "--out", str(project.parent / "fresh"), "--no-cache")
    build(project)
    assert started(starts) == 3
    assert tree(project / "_site") == tree(project.parent / "fresh")


def test_a_page_out_of_the_index_does_not_count(project: Path, starts: Path) -> None:
    build(project)
    write_files(project, {"site_src/hidden.md": PAGES["site_src/hidden.md"] + "\nStill hidden.\n"})
    build(project)
    assert started(starts) == 1


def test_only_the_newest_indexes_are_kept(project: Path, starts: Path) -> None:
    for word in ("one", "two", "three", "four"):
        write_files(project, {"site_src/zebra.md": f"---\ntitle: Zebra\n---\n{word}\n"})
        build(project)
    assert len(index_files(project)) == KEEP
    write_files(project, {"site_src/zebra.md": "---\ntitle: Zebra\n---\nthree\n"})
    build(project)
    assert started(starts) == 4  # the one before last was still there


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-40] + bytes(40), id="files overwritten"),
        pytest.param(lambda data: data[:100] + bytes(20) + data[120:], id="page list overwritten"),
        pytest.param(
            lambda data: data[:PAGES_LENGTH] + b"\xff" * 8 + data[PAGES_LENGTH + 8 :], id="length overwritten"
        ),
        pytest.param(lambda data: b"not an index", id="garbage"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_index_is_ignored_with_a_note(project: Path, starts: Path, damage) -> None:
    build(project, "--out", str(project.parent / "fresh"), "--no-cache")
    build(project)
    (index,) = index_files(project)
    index.write_bytes(damage(index.read_bytes()))
    err = build(project, "--strict")
    assert f"{CACHE_DIR}/{SEARCH_DIR}/{index.name}: note: {DAMAGED}" in err.splitlines()
    assert started(starts) == 3
    assert tree(project / "_site") == tree(project.parent / "fresh")
    again = build(project)
    assert DAMAGED not in again and started(starts) == 3


def test_another_pagefind_does_not_reuse_the_index(project: Path, starts: Path) -> None:
    build(project)
    wrapper = search.pagefind_binary()
    wrapper.write_text(wrapper.read_text() + "\n")  # another binary: its size differs
    err = build(project)
    assert started(starts) == 2 and DAMAGED not in err
