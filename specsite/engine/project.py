"""A project folder and everything read from it, before anything is planned or rendered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Specs, load_specs
from . import cascade
from .config import SiteConfig, load_config
from .data import CONTEXT_NAMES, SiteData, load_data
from .errors import Diagnostic
from .hooks import Hooks, load_hooks
from .pages import Loaded, Page, StaticFile, loading
from .projectdirs import Project
from .sourcecheck import check_sources, symlink_problems
from .views import builtin_global_names


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
    links = symlink_problems(project.root, project.all_sources(), project.sandbox)
    if project.sandbox and links:
        # Not even an error message may quote a file from outside the project.
        return Inputs(project, SiteConfig(), Specs({}, {}), (), ()), links
    # Pages are read (in worker processes, for a large site) while the rest loads here.
    with loading(project.site_src, project.root) as loaded_pages:
        return _load_the_rest(project, base_url, debug, links, loaded_pages)


def _load_the_rest(
    project: Project,
    base_url: str | None,
    debug: bool,
    links: list[Diagnostic],
    loaded_pages: Callable[[], Loaded],
) -> tuple[Inputs, list[Diagnostic]]:
    config, diagnostics = load_config(project.root, base_url)
    reserved = {**dict.fromkeys(builtin_global_names(), "a built-in global"), **CONTEXT_NAMES}
    if project.sandbox and config.hooks:
        hooks, hook_diags = Hooks(), sandbox_refuses_hooks(config)
    else:
        hooks, hook_diags = load_hooks(
            project.root, config.hooks, config.source or "site.yml", reserved, debug
        )
    data, data_diags = read_data(project, hooks)
    specs, spec_diags = load_specs(project.specs_dir, project.root)
    pages, statics, page_diags = loaded_pages()
    inputs = Inputs(project, config, specs, tuple(pages), tuple(statics), data, hooks)
    whole = check_sources(config, [*pages, *statics])
    return inputs, [*links, *diagnostics, *hook_diags, *data_diags, *spec_diags, *page_diags, *whole]


def sandbox_refuses_hooks(config: SiteConfig) -> list[Diagnostic]:
    """``--sandbox`` runs no Python from the project: each hook file named is an error, at its name."""
    where = config.source or "site.yml"
    return [
        Diagnostic(where, pos.line, pos.col, f"hooks are Python, so --sandbox does not run them ('{rel}')")
        for rel, pos in config.hooks
    ]


def read_data(project: Project, hooks: Hooks) -> tuple[SiteData, list[Diagnostic]]:
    """Global and directory data, with a located error for a global name that is already taken."""
    data, diagnostics = load_data(project.root, project.site_src)
    return data, [*diagnostics, *cascade.name_clashes(data, hooks, builtin_global_names())]
