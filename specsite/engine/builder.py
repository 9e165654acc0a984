"""One build: read everything, validate, plan, render, and only then write."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import Diagnostic, ProjectError, UsageError
from .plan import Plan, Route, make_plan
from .project import Inputs, Project, load_inputs
from .render import PARALLEL_MIN_ROUTES, Output, Progress, Renderer, render_parallel, worker_count
from .writer import OutputError, Staging, check_output_dir, staged_output


@dataclass(frozen=True)
class Finished:
    """A complete build in its staging folder, before it replaces the previous site."""

    inputs: Inputs
    plan: Plan
    outputs: dict[str, Output]  # by output path, without their bytes: read them from staging
    staging: Path
    strict: bool
    check_links: bool = True


# Steps that read the finished site and may add files or diagnostics
# (search index, link check). They run before the swap, so an error keeps the old site.
Finisher = Callable[[Finished], list[Diagnostic]]
FINISHERS: list[Finisher] = []


@dataclass(frozen=True)
class BuildOptions:
    root: str = "."
    out: str | None = None
    base_url: str | None = None
    strict: bool = False
    debug: bool = False
    # None: check links under --strict, and on sites small enough that it is quick.
    check_links: bool | None = None


@dataclass
class BuildResult:
    project: Project
    inputs: Inputs
    plan: Plan
    warnings: list[Diagnostic]
    pages: int
    files: int
    seconds: float
    deps: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)


def prepare(options: BuildOptions) -> tuple[Project, Inputs, Plan, list[Diagnostic]]:
    """Load and plan; raise ``ProjectError`` listing every error found so far."""
    if not Path(options.root).is_dir():
        raise UsageError(f"project folder '{options.root}' does not exist")
    project = Project.at(options.root, options.out)
    inputs, diagnostics = load_inputs(project, options.base_url, options.debug)
    if any(d.is_error for d in diagnostics):
        raise ProjectError(diagnostics)
    plan, plan_diags = make_plan(inputs)
    diagnostics += plan_diags
    fail_on(diagnostics, options.strict)
    return project, inputs, plan, diagnostics


def build(options: BuildOptions) -> BuildResult:
    start = time.perf_counter()
    project, inputs, plan, diagnostics = prepare(options)
    try:
        check_output_dir(project.out, project.root, project.source_dirs())
    except OutputError as exc:
        raise ProjectError([exc.diagnostic]) from None
    renderer = Renderer(inputs, plan, debug=options.debug)
    errors: list[Diagnostic] = []
    outputs: dict[str, Output] = {}
    with staged_output(project.out) as stage:
        for output in _render(renderer, plan.routes, errors, stage):
            # Keep what was made, not the bytes: a large site would not fit in memory twice.
            outputs[output.output] = replace(output, data=None)
        for _unwritten in renderer.render_all(plan.unwritten, errors):
            pass
        # Raising inside the block discards the staging folder: the old site stays.
        fail_on([*diagnostics, *errors], options.strict)
        finished = Finished(inputs, plan, outputs, stage.path, options.strict, _check_links(options, plan))
        for finish in FINISHERS:
            diagnostics += finish(finished)
        fail_on(diagnostics, options.strict)
        files = stage.file_count()  # with what the finishers added (the search index)
    pages = sum(name.endswith(".html") for name in outputs)
    found = {name: output.deps for name, output in outputs.items()}
    return BuildResult(
        project,
        inputs,
        plan,
        [d for d in diagnostics if not d.is_error],
        pages,
        files,
        time.perf_counter() - start,
        found,
    )


def _render(
    renderer: Renderer, routes: tuple[Route, ...], errors: list[Diagnostic], stage: Staging
) -> Iterator[Output]:
    """Render and stage every output, in plan order: in worker processes for large plans."""
    workers = worker_count()
    if len(routes) < PARALLEL_MIN_ROUTES or workers < 2:
        for output in renderer.render_all(routes, errors):
            _put(stage, output)
            yield output
        return
    progress = Progress(len(routes))
    try:
        # Workers stage their outputs themselves (with the writer's ``Staging``).
        for output in render_parallel(renderer, routes, errors, workers, functools.partial(_put, stage)):
            stage.count += 1
            progress.step()
            yield output
    finally:
        progress.close()


# Reading every page back costs about as much as rendering it, so large sites
# (a whole API reference) check their links under --strict or `specsite check` only.
LINK_CHECK_MAX_PAGES = 2000


def _check_links(options: BuildOptions, plan: Plan) -> bool:
    if options.check_links is not None:
        return options.check_links
    pages = sum(route.output.endswith(".html") for route in plan.routes)
    return options.strict or pages <= LINK_CHECK_MAX_PAGES


def _put(stage: Staging, output: Output) -> None:
    if output.copy_from is not None:
        stage.copy(output.output, output.copy_from)
    else:
        stage.write(output.output, output.data or b"")


def fail_on(diagnostics: list[Diagnostic], strict: bool) -> None:
    """Errors fail the build; with ``--strict`` warnings do too, reported as errors (notes never)."""
    if strict:
        failing = [replace(d, severity="error") for d in diagnostics if d.severity != "note"]
    else:
        failing = [d for d in diagnostics if d.is_error]
    if failing:
        raise ProjectError(failing)
