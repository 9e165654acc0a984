"""The output folder: never a folder of the user's, never half-written, the same bytes every time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from specsite.engine.writer import MARKER, OutputError, check_output_dir

from .conftest import REPO, copy_demo, tree, write_files

PROJECT = {
    "site.yml": "title: Safe\n",
    "specs/event.yml": (
        "groups:\n  - title: Cart\n    events:\n      - value: add_to_cart\n        desc: Added.\n"
        "props:\n  - name: type\n    type: string\n    desc: The type.\n"
    ),
    "site_src/index.md": "---\ntitle: Home\n---\nSee the [guide]({{ '/guide/' | url }}).\n",
    "site_src/guide.md": "---\ntitle: Guide\n---\nBack [home]({{ '/' | url }}).\n",
    "templates/.keep": "",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_files(tmp_path / "project", PROJECT)


def refused(cli, root: Path, out: Path) -> str:
    result = cli("build", "--root", str(root), "--out", str(out))
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    (line,) = result.error_lines
    return line


# --- safe output paths ------------------------------------------------------------------------


def test_the_filesystem_root_is_refused() -> None:
    # Only the check itself: a build pointed at / must never get as far as trying.
    with pytest.raises(OutputError) as caught:
        check_output_dir(Path("/"), Path("/tmp/some-project"), ())
    assert "refusing to use the filesystem root as the output folder" in caught.value.diagnostic.message


def test_the_home_folder_is_refused(cli, project: Path, tmp_path: Path, monkeypatch) -> None:
    home = write_files(tmp_path / "home", {"notes.txt": "mine"})
    monkeypatch.setenv("HOME", str(home))
    line = refused(cli, project, home)
    assert line == f"{home}: error: refusing to use your home folder as the output folder; choose --out DIR"
    assert tree(home) == {"notes.txt": b"mine"}


def test_the_project_folder_is_refused(cli, project: Path) -> None:
    before = tree(project)
    line = refused(cli, project, project)
    assert line.endswith("error: refusing to use the project folder as the output folder; choose --out DIR")
    assert tree(project) == before


@pytest.mark.parametrize("source", ["specs", "site_src", "templates"])
def test_source_folders_are_refused(cli, project: Path, source: str) -> None:
    before = tree(project)
    line = refused(cli, project, project / source)
    assert line == f"{project / source}: error: refusing to write the site inside the source folder {source}/"
    assert tree(project) == before


def test_a_folder_inside_a_source_folder_is_refused(cli, project: Path) -> None:
    line = refused(cli, project, project / "site_src" / "out")
    assert line.endswith("error: refusing to write the site inside the source folder site_src/")


def test_a_folder_holding_the_project_is_refused(cli, project: Path) -> None:
    before = tree(project.parent)
    line = refused(cli, project, project.parent)
    assert line == f"{project.parent}: error: refusing to replace a folder that holds the sources in specs/"
    assert tree(project.parent) == before


def test_a_non_empty_folder_without_the_marker_is_refused(cli, project: Path, tmp_path: Path) -> None:
    mine = write_files(tmp_path / "mine", {"thesis.tex": "years of work", "data/x.csv": "1,2"})
    before = tree(mine)
    line = refused(cli, project, mine)
    assert line == (
        f"{mine}: error: refusing to replace a folder that specsite did not create (it has no .specsite"
        " marker and is not empty); empty it or choose another --out"
    )
    assert tree(mine) == before


def test_an_empty_folder_and_a_marked_folder_are_used(cli, project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("build", "--root", str(project), "--out", str(empty), "-q").code == 0
    assert (empty / "index.html").is_file() and (empty / MARKER).is_file()
    # The folder now carries the marker, so the next build may replace it (stale files go).
    (empty / "stale.html").write_text("old")
    assert cli("build", "--root", str(project), "--out", str(empty), "-q").code == 0
    assert not (empty / "stale.html").exists()


# --- atomic output ----------------------------------------------------------------------------


BREAKAGES = {
    "render-error": {"site_src/guide.md": "---\ntitle: Guide\n---\n{{ specs.nothing.here }}\n"},
    "load-error": {"specs/event.yml": "groups: [\n"},
    "strict-broken-link": {"site_src/guide.md": "---\ntitle: Guide\n---\n[x]({{ '/nowhere/' | url }})\n"},
    "strict-untitled-page": {"site_src/notes.md": "No heading here.\n"},
}


@pytest.mark.parametrize("breakage", list(BREAKAGES), ids=list(BREAKAGES))
def test_a_failed_build_leaves_the_previous_site_byte_identical(cli, project: Path, breakage: str) -> None:
    assert cli("build", "--root", str(project), "--strict", "-q").code == 0
    before = tree(project / "_site")
    assert "pagefind/pagefind-ui.js" in before  # the finishers' files are part of the site kept
    write_files(project, BREAKAGES[breakage])

    result = cli("build", "--root", str(project), "--strict")

    assert result.code == 1, result.err
    assert "nothing was written" in result.err
    assert tree(project / "_site") == before
    assert (
        sorted(p.name for p in project.iterdir() if "specsite-" in p.name and p.name != ".specsite-cache")
        == []
    )


# --- reproducible output ------------------------------------------------------------------------


def build_in_subprocess(root: Path, out: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-m", "specsite", "build", "--root", str(root), "--out", str(out), "-q"]
    args += ["--base-url", "https://docs.example.com/lumen/"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr


def test_two_builds_of_the_same_inputs_are_byte_identical(tmp_path: Path) -> None:
    """Different processes, hash seeds and project locations; the search index included."""
    first = copy_demo(tmp_path / "a" / "demo")
    second = copy_demo(tmp_path / "elsewhere" / "deeper" / "demo")
    build_in_subprocess(first, tmp_path / "out1", "1")
    build_in_subprocess(second, tmp_path / "out2", "2")
    one, two = tree(tmp_path / "out1"), tree(tmp_path / "out2")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert any(name.startswith("pagefind/fragment/") for name in one)
    assert "sitemap.xml" in one


@pytest.mark.parametrize("output", ["../outside.html", "/etc/passwd", "a/../../outside.html", ".."])
def test_writer_refuses_output_paths_outside_the_site(tmp_path: Path, output: str) -> None:
    from specsite.engine.writer import Staging, remove_output, write_output

    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(ValueError, match="escapes the site folder"):
        Staging(site).write(output, b"x")
    with pytest.raises(ValueError, match="escapes the site folder"):
        write_output(site, output, b"x")
    with pytest.raises(ValueError, match="escapes the site folder"):
        remove_output(site, output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_removing_the_last_page_of_a_folder_stops_at_the_site(tmp_path: Path) -> None:
    from specsite.engine.writer import remove_output, write_output

    site = tmp_path / "site"
    site.mkdir()
    write_output(site, "a/b/index.html", b"x")
    assert remove_output(site, "a/b/index.html")
    assert site.is_dir() and not (site / "a").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_a_rebuild_swaps_the_new_site_in_with_one_call(tmp_path: Path) -> None:
    """On Linux the new site and the old one trade places in one step (no moment without a site),
    with the call looked up in the C library Python has loaded."""
    from specsite.engine.writer import _exchange

    new, old = tmp_path / "new", tmp_path / "old"
    write_files(new, {"index.html": "new"})
    write_files(old, {"index.html": "old"})
    assert _exchange(new, old)
    assert (old / "index.html").read_text() == "new"
    assert (new / "index.html").read_text() == "old"
