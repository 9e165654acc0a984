"""Git revisions of a project: resolve a name to a commit, and export its files.

Every revision is read from ``git archive`` into a temporary folder, so the
user's checkout, index and worktree list are never touched. ``WORKTREE``
means the project folder as it is on disk, uncommitted edits included.
"""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..engine.errors import UsageError

WORKTREE = "WORKTREE"


@dataclass(frozen=True)
class Source:
    """Where one side of a comparison comes from: a commit of a repository, or a folder."""

    name: str  # as the user wrote it
    folder: Path | None = None  # a project folder on disk (WORKTREE or a path)
    repo: Path | None = None  # the repository's top folder, for a commit
    sha: str | None = None
    subdir: str = ""  # the project's folder inside the repository

    @property
    def is_commit(self) -> bool:
        return self.sha is not None


def _git(repo: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=not binary, check=False)


def repository_of(root: Path) -> tuple[Path, str]:
    """The top folder of the repository holding ``root``, and ``root`` relative to it."""
    try:
        found = _git(root, "rev-parse", "--show-toplevel")
    except FileNotFoundError:
        raise UsageError("git is not installed; it is needed to read revisions") from None
    if found.returncode != 0:
        raise UsageError(f"'{root}' is not inside a git repository; give two project folders instead")
    top = Path(found.stdout.strip()).resolve()
    rel = root.resolve().relative_to(top).as_posix()
    return top, "" if rel == "." else rel


def resolve(name: str, root: Path) -> Source:
    """``WORKTREE``, a project folder, or a revision of the repository holding ``root``."""
    if name == WORKTREE:
        return Source(name, folder=root.resolve())
    looks_like_path = "/" in name or name.startswith(".") or Path(name).is_absolute()
    if looks_like_path and Path(name).is_dir():
        return Source(name, folder=Path(name).resolve())
    sha, top, subdir = _commit(name, root)
    if sha is None:
        if Path(name).is_dir():
            return Source(name, folder=Path(name).resolve())
        raise UsageError(f"unknown revision '{name}' (not a branch, tag or commit of {top}, nor a folder)")
    return Source(name, repo=top, sha=sha, subdir=subdir)


def _commit(name: str, root: Path) -> tuple[str | None, Path, str]:
    top, subdir = repository_of(root)
    found = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    sha = found.stdout.strip() if found.returncode == 0 else ""
    return sha or None, top, subdir


def export(source: Source, dest: Path) -> Path:
    """Write the files of a commit into ``dest``; return the project folder inside it."""
    assert source.repo is not None and source.sha is not None
    args = ["archive", "--format=tar", source.sha]
    if source.subdir:
        args.append(source.subdir)
    archived = _git(source.repo, *args, binary=True)
    if archived.returncode != 0:
        message = archived.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(f"cannot read revision '{source.name}': {message[-1] if message else 'git failed'}")
    import tarfile  # only versioned builds read a revision: the others never load it

    with tarfile.open(fileobj=io.BytesIO(archived.stdout)) as tar:
        tar.extractall(dest, filter="data")
    project = dest / source.subdir if source.subdir else dest
    project.mkdir(parents=True, exist_ok=True)
    return project
