"""A project folder and everything read from it, before anything is planned or rendered."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Specs, load_specs
from . import cascade
from .config import SiteConfig, find_config, load_config
from .data import CONTEXT_NAMES, SiteData, load_data
from .errors import Diagnostic
from .hooks import Hooks, load_hooks
from .pages import Page, StaticFile, load_pages
from .views import builtin_global_names


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
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def config_path(self) -> Path | None:
        return find_config(self.root)

    def source_dirs(self) -> tuple[Path, ...]:
        return (self.specs_dir, self.templates_dir, self.site_src, self.data_dir)


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads; later stages never touch the project folder again."""

    project: Project
    config: SiteConfig
    specs: Specs
    pages: tuple[Page, ...]
    statics: tuple[StaticFile, ...]
    data: SiteData = field(default_factory=SiteData)
    hooks: Hooks = field(default_factory=Hooks)


def load_inputs(
    project: Project, base_url: str | None = None, debug: bool = False
) -> tuple[Inputs, list[Diagnostic]]:
    """Read config, hooks, data, specs and pages; every problem found is returned, none raised."""
    config, diagnostics = load_config(project.root, base_url)
    reserved = {**dict.fromkeys(builtin_global_names(), "a built-in global"), **CONTEXT_NAMES}
    hooks, hook_diags = load_hooks(project.root, config.hooks, config.source or "site.yml", reserved, debug)
    data, data_diags = read_data(project, hooks)
    specs, spec_diags = load_specs(project.specs_dir, project.root)
    pages, statics, page_diags = load_pages(project.site_src, project.root)
    inputs = Inputs(project, config, specs, tuple(pages), tuple(statics), data, hooks)
    return inputs, [*diagnostics, *hook_diags, *data_diags, *spec_diags, *page_diags]


def read_data(project: Project, hooks: Hooks) -> tuple[SiteData, list[Diagnostic]]:
    """Global and directory data, with a located error for a global name that is already taken."""
    data, diagnostics = load_data(project.root, project.site_src)
    return data, [*diagnostics, *cascade.name_clashes(data, hooks, builtin_global_names())]
