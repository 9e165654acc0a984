"""The watcher: snapshots and their differences (pure), and the inotify and polling backends."""

from __future__ import annotations

import os
import shutil
import struct
import sys
import threading
from pathlib import Path

import pytest

from specsite.preview.watch import (
    IN_CLOSE_WRITE,
    IN_CREATE,
    IN_ISDIR,
    POLL_INTERVAL,
    WATCHED,
    Changes,
    InotifyBackend,
    PollBackend,
    Snapshot,
    Watcher,
    diff,
    parse_events,
)

from .conftest import write_files

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux only")
PROJECT = {
    "site.yml": "title: Watched\n",
    "specs/event/props.yml": "- name: type\n",
    "site_src/index.md": "# Home\n",
    "site_src/guide/setup.md": "# Setup\n",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_files(tmp_path / "project", PROJECT)


def wait_for_changes(watcher: Watcher, deadline: float = 10.0) -> Changes:
    """The next non-empty set of changes, polling the watcher until ``deadline`` seconds pass."""
    waited = 0.0
    while waited < deadline:
        changes = watcher.wait(0.25)
        if changes:
            return changes
        waited += 0.25
    raise AssertionError("the watcher reported no change")


# --- snapshots and diffs ------------------------------------------------------------------


def test_snapshot_holds_the_sources_and_nothing_else(root: Path) -> None:
    write_files(
        root,
        {
            "_site/index.html": "built",
            "README.md": "not a source",
            "site_src/.draft.md.swp": "editor swap file",
            "site_src/.hidden/page.md": "hidden folder",
            "templates/__pycache__/x.pyc": "cache",
            "templates/page.html": "layout",
        },
    )
    snapshot = Snapshot.take(root)
    assert sorted(snapshot.files) == [
        "site.yml",
        "site_src/guide/setup.md",
        "site_src/index.md",
        "specs/event/props.yml",
        "templates/page.html",
    ]
    assert {"site_src", "site_src/guide", "specs", "specs/event", "templates"} <= snapshot.dirs


def test_listing_the_changed_folders_again_gives_the_full_snapshot(root: Path) -> None:
    """What inotify does after events: it lists only the folders that had them."""
    before = Snapshot.take(root)
    write_files(root, {"site_src/guide/more.md": "# More\n", "site_src/new/deep/page.md": "# New\n"})
    (root / "site_src/index.md").unlink()
    (root / "specs/event/props.yml").write_text("- name: type\n  type: string\n")
    shutil.rmtree(root / "specs/event")
    write_files(root, {"specs/event": "now a file", "templates/page.html": "layout"})
    (root / "site.yml").unlink()
    folders = {"site_src/guide", "site_src", "specs", ""}  # the parents of everything touched
    assert before.refresh(root, WATCHED, folders) == Snapshot.take(root)
    assert before.refresh(root, WATCHED, {"site_src/guide"}).files.keys() == before.files.keys() | {
        "site_src/guide/more.md"
    }


def test_diff_reports_added_removed_and_modified() -> None:
    old = Snapshot({"a.md": (1, 10, 1), "b.md": (1, 10, 2), "c.md": (1, 10, 3)})
    new = Snapshot({"a.md": (1, 10, 1), "b.md": (2, 11, 2), "d.md": (1, 1, 4)})
    changes = diff(old, new)
    assert changes == Changes(frozenset({"d.md"}), frozenset({"c.md"}), frozenset({"b.md"}))
    assert changes.paths == {"b.md", "c.md", "d.md"}
    assert not diff(new, new)


def test_a_file_written_without_a_new_stamp_counts_when_it_was_touched() -> None:
    """Two writes inside one clock tick of the file system keep the stamp; inotify still saw them."""
    same = Snapshot({"a.md": (5, 3, 1)})
    assert not diff(same, same)
    assert diff(same, same, touched={"a.md"}).modified == {"a.md"}
    assert not diff(same, same, touched={"gone.md"})


def test_changes_describe_themselves_briefly() -> None:
    assert Changes(modified=frozenset({"site_src/a.md"})).describe() == "site_src/a.md"
    assert Changes(removed=frozenset({"site_src/a.md"})).describe() == "site_src/a.md (deleted)"
    many = Changes(frozenset({"b"}), frozenset({"c"}), frozenset({"a"}))
    assert many.describe() == "a and 2 more"


def test_inotify_events_are_parsed_from_the_kernel_format() -> None:
    def event(wd: int, mask: int, name: bytes) -> bytes:
        padded = name + b"\0" * (16 - len(name)) if name else b""
        return struct.pack("iIII", wd, mask, 0, len(padded)) + padded

    data = event(1, IN_CLOSE_WRITE, b"props.yml") + event(2, IN_CREATE | IN_ISDIR, b"new") + event(3, 0, b"")
    parsed = parse_events(data)
    assert [(e.wd, e.mask, e.name) for e in parsed] == [
        (1, IN_CLOSE_WRITE, "props.yml"),
        (2, IN_CREATE | IN_ISDIR, "new"),
        (3, 0, ""),
    ]


# --- the backends ---------------------------------------------------------------------


def test_polling_is_fast_and_sees_edits_additions_and_deletions(root: Path) -> None:
    """Where inotify is missing, polling every 100 ms (livereload's watcher: 800 ms)."""
    assert POLL_INTERVAL <= 0.1
    watcher = Watcher(root, backend=PollBackend())
    try:
        (root / "site_src/index.md").write_text("# Home, edited\n")
        assert wait_for_changes(watcher).modified == {"site_src/index.md"}
        write_files(root, {"site_src/new/page.md": "# New\n"})
        assert wait_for_changes(watcher).added == {"site_src/new/page.md"}
        (root / "site_src/guide/setup.md").unlink()
        assert wait_for_changes(watcher).removed == {"site_src/guide/setup.md"}
    finally:
        watcher.close()


@linux_only
def test_inotify_is_the_default_on_linux(root: Path) -> None:
    watcher = Watcher(root)
    try:
        assert isinstance(watcher.backend, InotifyBackend)
        assert watcher.kind == "inotify"
    finally:
        watcher.close()


@linux_only
def test_inotify_wakes_on_the_write_not_on_a_timer(root: Path) -> None:
    """Regression for livereload's 800 ms polling: a wait of a minute ends as soon as a file is saved."""
    watcher = Watcher(root)
    found: list[Changes | None] = []
    waiting = threading.Thread(target=lambda: found.append(watcher.wait(60)))
    try:
        waiting.start()
        (root / "specs/event/props.yml").write_text("- name: type\n  type: string\n")
        waiting.join(10)
        assert not waiting.is_alive(), "the watcher did not wake up on the write"
        assert found[0] is not None and found[0].modified == {"specs/event/props.yml"}
    finally:
        waiting.join(61)
        watcher.close()


@linux_only
def test_inotify_follows_new_folders_and_sources_created_later(root: Path) -> None:
    watcher = Watcher(root)
    try:
        write_files(root, {"templates/page.html": "layout"})  # templates/ did not exist
        assert wait_for_changes(watcher).added == {"templates/page.html"}
        write_files(root, {"site_src/a/b/deep.md": "# Deep\n"})
        assert wait_for_changes(watcher).added == {"site_src/a/b/deep.md"}
        (root / "site_src/a/b/deep.md").write_text("# Deeper\n")  # inside a folder watched since
        assert wait_for_changes(watcher).modified == {"site_src/a/b/deep.md"}
    finally:
        watcher.close()


@linux_only
def test_inotify_sees_a_rewrite_that_keeps_the_stamp(root: Path) -> None:
    watcher = Watcher(root)
    path = root / "site_src/index.md"
    try:
        before = path.stat()
        path.write_text("# Hoem\n")  # same size
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same time
        assert Snapshot.take(root).files["site_src/index.md"] == watcher.snapshot.files["site_src/index.md"]
        assert wait_for_changes(watcher).modified == {"site_src/index.md"}
    finally:
        watcher.close()


@linux_only
def test_inotify_turns_an_atomic_save_into_one_change(root: Path) -> None:
    """Editors write a temporary file and rename it over the original: one modification."""
    watcher = Watcher(root)
    try:
        temp = root / "site_src/.index.md.tmp"
        temp.write_text("# Home, saved atomically\n")
        os.replace(temp, root / "site_src/index.md")
        assert wait_for_changes(watcher) == Changes(modified=frozenset({"site_src/index.md"}))
    finally:
        watcher.close()


@linux_only
def test_inotify_ignores_the_output_folder_and_hidden_files(root: Path) -> None:
    watcher = Watcher(root)
    try:
        write_files(root, {"_site/index.html": "built", "site_src/.index.md.swp": "swap", "notes.txt": "x"})
        assert watcher.wait(0.5) is None
        assert watcher.backend.wait(0.2) is None  # nothing was queued for the sources either
    finally:
        watcher.close()
