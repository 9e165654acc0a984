"""Where a project's sources are and where its site goes: paths only.

Kept apart from ``project`` (which reads everything) so that a command that
only needs the folders, such as the up-to-date check of a build, loads nothing
else; the config module is imported when a method needs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """Where a project's sources are, and where its site goes."""

    root: Path
    out: Path
    # Building an untrusted contribution: a sandboxed Jinja, no hooks, no symlinks out.
    sandbox: bool = False

    @classmethod
    def at(cls, root: str | Path = ".", out: str | Path | None = None, sandbox: bool = False) -> Project:
        root_path = Path(root).resolve()
        out_path = Path(out).resolve() if out else root_path / "_site"
        return cls(root_path, out_path, sandbox)

    @property
    def specs_dir(self) -> Path:
        return self.root / "specs"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def site_src(self) -> Path:
        return self.root / "site_src"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def config_path(self) -> Path | None:
        from .config import find_config

        return find_config(self.root)

    def source_dirs(self) -> tuple[Path, ...]:
        return (self.specs_dir, self.templates_dir, self.site_src, self.data_dir)

    def all_sources(self) -> tuple[Path, ...]:
        """The folders and files a build reads (a feature's own folders are found in the root)."""
        from .config import CONFIG_NAMES

        return (*self.source_dirs(), *(self.root / name for name in CONFIG_NAMES))
