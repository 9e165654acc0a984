"""Bad input the file dictionaries of ``test_bad_input`` cannot express: symlinks, and
builds in a hostile environment (read-only, full disk, mount points).

Each case keeps that suite's promises: exit 1 with the exact located lines,
no traceback, the previous site byte for byte as it was, no staging folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import run_cli, tree, write_files
from .test_bad_input import GOOD

BASE = ("--base-url", "https://shop.example/docs/")


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_files(tmp_path_factory.mktemp("good"), GOOD)
    result = run_cli("build", "--root", str(root), *BASE, "-q")
    assert result.code == 0, result.err
    return root / "_site"


@pytest.fixture
def project(tmp_path: Path, previous_site: Path) -> Path:
    """The good project with its site already built."""
    root = write_files(tmp_path / "project", GOOD)
    shutil.copytree(previous_site, root / "_site")
    return root


def refused(root: Path, expected: list[str], *args: str, out: Path | None = None) -> None:
    """Build ``root``; assert the exact error lines and that nothing was touched."""
    out = out or root / "_site"
    before = tree(out)
    result = run_cli("build", "--root", str(root), *BASE, *args)
    assert result.code == 1, result.err
    assert result.error_lines == expected, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert tree(out) == before
    assert not [p.name for p in out.parent.iterdir() if "specsite-" in p.name]


# --- symlinks ---------------------------------------------------------------------------------

SECRET = "root:x:0:0:the build machine's secret\n"


def link_out(root: Path, tmp_path: Path) -> None:
    secret = write_files(tmp_path / "elsewhere", {"passwd": SECRET}) / "passwd"
    (root / "site_src/leak.txt").symlink_to(secret)


def test_a_symlink_out_of_the_project_is_a_warning_and_strict_refuses_it(
    project: Path, tmp_path: Path
) -> None:
    link_out(project, tmp_path)
    secret = (tmp_path / "elsewhere/passwd").resolve()
    refused(
        project,
        [
            f"site_src/leak.txt: error: symlink to {secret}, outside the project: what it points to is read and published"
        ],
        "--strict",
    )
    result = run_cli("build", "--root", str(project), *BASE)
    assert result.code == 0, result.err
    warning = f"site_src/leak.txt: warning: symlink to {secret}, outside the project"
    assert warning in result.err


def test_sandbox_refuses_a_symlink_out_of_the_project(project: Path, tmp_path: Path) -> None:
    link_out(project, tmp_path)
    (project / "specs/shared.yml").symlink_to(tmp_path / "elsewhere/passwd")
    secret = (tmp_path / "elsewhere/passwd").resolve()
    why = "outside the project; --sandbox reads only the project's files"
    refused(
        project,
        [
            f"site_src/leak.txt: error: symlink to {secret}, {why}",
            f"specs/shared.yml: error: symlink to {secret}, {why}",
        ],
        "--sandbox",
    )


def test_a_symlink_inside_the_project_is_fine(project: Path) -> None:
    (project / "site_src/notes.txt").write_text("notes\n")
    (project / "site_src/same-notes.txt").symlink_to("notes.txt")
    result = run_cli("build", "--root", str(project), *BASE, "--strict", "--sandbox")
    assert result.code == 0, result.err
    assert (project / "_site/same-notes.txt").read_text() == "notes\n"


@pytest.mark.parametrize(
    "where", ["specs/loop.yml", "specs/event/loop.yml", "site_src/loop.md", "templates/loop"]
)
def test_a_symlink_loop_is_a_located_error(project: Path, where: str) -> None:
    (project / where).parent.mkdir(exist_ok=True)
    (project / where).symlink_to(Path(where).name)
    refused(project, [f"{where}: error: symlink loop: the link leads back to itself"])


def test_two_symlinks_pointing_at_each_other_are_a_loop(project: Path) -> None:
    (project / "specs/a.yml").symlink_to("b.yml")
    (project / "specs/b.yml").symlink_to("a.yml")
    refused(
        project,
        [
            "specs/a.yml: error: symlink loop: the link leads back to itself",
            "specs/b.yml: error: symlink loop: the link leads back to itself",
        ],
    )
