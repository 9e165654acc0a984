"""A project folder and everything read from it, before anything is planned or rendered."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Specs, load_specs
from .config import CONFIG_NAMES, SiteConfig, find_config, load_config
from .errors import Diagnostic
from .pages import Page, StaticFile, load_pages
from .sourcecheck import check_sources, symlink_problems


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
    def config_path(self) -> Path | None:
        return find_config(self.root)

    def source_dirs(self) -> tuple[Path, ...]:
        return (self.specs_dir, self.templates_dir, self.site_src)

    def all_sources(self) -> tuple[Path, ...]:
        """The folders and files a build reads (a feature's own folders are found in the root)."""
        config = [self.root / name for name in CONFIG_NAMES]
        extra = [self.root / name for name in ("data", "hooks.py")]  # issue 9's data cascade and hooks
        return (*self.source_dirs(), *config, *extra)


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads; later stages never touch the project folder again."""

    project: Project
    config: SiteConfig
    specs: Specs
    pages: tuple[Page, ...]
    statics: tuple[StaticFile, ...]


def load_inputs(project: Project, base_url: str | None = None) -> tuple[Inputs, list[Diagnostic]]:
    """Read config, specs and pages; every problem found is returned, none raised."""
    links = symlink_problems(project.root, project.all_sources(), project.sandbox)
    if project.sandbox and links:
        # Not even an error message may quote a file from outside the project.
        return Inputs(project, SiteConfig(), Specs({}, {}), (), ()), links
    config, diagnostics = load_config(project.root, base_url)
    specs, spec_diags = load_specs(project.specs_dir, project.root)
    pages, statics, page_diags = load_pages(project.site_src, project.root)
    inputs = Inputs(project, config, specs, tuple(pages), tuple(statics))
    whole = check_sources(project.root, project.templates_dir, config, [*pages, *statics])
    return inputs, [*links, *diagnostics, *spec_diags, *page_diags, *whole]
