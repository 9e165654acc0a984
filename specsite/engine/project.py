"""A project folder and everything read from it, before anything is planned or rendered."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Specs, load_specs
from .config import SiteConfig, find_config, load_config
from .errors import Diagnostic
from .pages import Page, StaticFile, load_pages


@dataclass(frozen=True)
class Project:
    """Where a project's sources are, and where its site goes."""

    root: Path
    out: Path

    @classmethod
    def at(cls, root: str | Path = ".", out: str | Path | None = None) -> Project:
        root_path = Path(root).resolve()
        out_path = Path(out).resolve() if out else root_path / "_site"
        return cls(root_path, out_path)

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
    config, diagnostics = load_config(project.root, base_url)
    specs, spec_diags = load_specs(project.specs_dir, project.root)
    pages, statics, page_diags = load_pages(project.site_src, project.root)
    inputs = Inputs(project, config, specs, tuple(pages), tuple(statics))
    return inputs, [*diagnostics, *spec_diags, *page_diags]
