"""One build: read everything, validate, plan, render, and only then write."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from .buildcache import BuildCache, CacheStats, active
from .buildoptions import BuildOptions
from .config import find_config
from .errors import Diagnostic, ProjectError, UsageError
from .plan import Plan, Route, make_plan
from .project import Inputs, Project, load_inputs
from .render import PARALLEL_MIN_ROUTES, Output, Progress, Renderer, render_parallel
from .themecode import ThemeStore
from .workers import worker_count
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
    # What each ``SCANS`` entry noted about the outputs: by the scan's key, then by output path.
    notes: Mapping[str, Mapping[str, object]] = field(default_factory=dict)


# Steps that read the finished site and may add files or diagnostics (older versions, the
# examples check). They run before the swap, so an error keeps the old site.
Finisher = Callable[[Finished], list[Diagnostic]]
FINISHERS: list[Finisher] = []

# Checks of the rendered pages that start before the followers finish, so that they run while
# Pagefind builds the search index on a core of its own. Each returns the function that completes
# it after the ``FINISHERS``, on the whole site (the search index and older versions in place).
Check = Callable[[], list[Diagnostic]]
PAGE_CHECKS: list[Callable[[Finished], Check]] = []


@dataclass(frozen=True)
class Started:
    """A build about to render into ``staging``."""

    inputs: Inputs
    plan: Plan
    staging: Path
    check_links: bool
    # The build cache, for followers that keep their own results between builds (the search index).
    cache: BuildCache = field(default_factory=BuildCache.off)


@dataclass(frozen=True)
class Scan:
    """A look at each output's bytes, taken where it was rendered (in a worker process, too).

    The bytes are at hand there; reading the whole site back afterwards would
    cost as much again. ``scan(output, data)`` returns plain values (tuples,
    strings, numbers), or None for an output it has nothing to say about.
    """

    key: str
    wanted: Callable[[Started], bool]
    scan: Callable[[str, bytes], object]


SCANS: list[Scan] = []


class Follower(Protocol):
    """Work that takes the outputs one by one, in plan order, while the rest still renders."""

    def take(self, output: Output, data: Callable[[], bytes]) -> None: ...

    def finish(self, finished: Finished) -> list[Diagnostic]:
        """Complete the work once every output was taken; runs before the ``FINISHERS``."""
        ...

    def close(self) -> None:
        """Stop what was started; called after ``finish`` and when the build fails."""
        ...


# Each returns the follower of one build, or None when it has nothing to do in it (search is off).
FOLLOWERS: list[Callable[[Started], Follower | None]] = []


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
    cache: CacheStats = field(default_factory=CacheStats)


def prepare(options: BuildOptions) -> tuple[Project, Inputs, Plan, list[Diagnostic]]:
    """Load and plan; raise ``ProjectError`` listing every error found so far."""
    if not Path(options.root).is_dir():
        raise UsageError(f"project folder '{options.root}' does not exist")
    project = Project.at(options.root, options.out, options.sandbox)
    if not (project.site_src.is_dir() or project.specs_dir.is_dir() or find_config(project.root)):
        # Said plainly, before some later stage blames a file that does not exist.
        raise UsageError(
            f"'{options.root}' is not a specsite project: it has no site_src/, specs/ or site.yml "
            "(start one with: specsite new DIR)"
        )
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
    cache = open_cache(project, options, diagnostics)
    renderer = Renderer(inputs, plan, debug=options.debug, cache=cache)
    try:
        # Active while pages render (in the workers, too): code deep in a template's filters uses it.
        with active(cache):
            outputs, files = _write(project.out, renderer, diagnostics, options)
    except OSError as exc:
        # The disk, not the project: full, read-only, a file where a folder must go.
        raise ProjectError([write_failure(project.out, exc)]) from None
    cache.save()
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
        cache.stats(),
    )


def open_cache(project: Project, options: BuildOptions, diagnostics: list[Diagnostic]) -> BuildCache:
    """The project's build cache; off with ``--no-cache`` and for an untrusted contribution.

    (A sandboxed build must not run compiled code that came with the contribution.)
    """
    if not options.cache or options.sandbox:
        return BuildCache.off()
    cache, notes = BuildCache.load(project.root, writable=options.save_cache)
    cache.shared = ThemeStore(writable=options.save_cache)
    diagnostics += notes
    return cache


def _write(
    out: Path, renderer: Renderer, diagnostics: list[Diagnostic], options: BuildOptions
) -> tuple[dict[str, Output], int]:
    """Render into a staging folder, finish it, and swap it in; adds the finishers' diagnostics."""
    inputs, plan = renderer.inputs, renderer.plan
    errors: list[Diagnostic] = []
    outputs: dict[str, Output] = {}
    with staged_output(out) as stage:
        started = Started(inputs, plan, stage.path, _check_links(options, plan), renderer.cache)
        with _following(started) as followers:
            scans = tuple(scan for scan in SCANS if scan.wanted(started))
            notes: dict[str, dict[str, object]] = {scan.key: {} for scan in scans}
            for output, noted in _render(renderer, _pages_first(plan.routes), errors, _Sink(stage, scans)):
                # Keep what was made, not the bytes: a large site would not fit in memory twice.
                outputs[output.output] = replace(output, data=None)
                for key, value in (noted or {}).items():
                    notes[key][output.output] = value
                for follower in followers:
                    follower.take(output, _reader(stage, output))
            for _unwritten in renderer.render_all(plan.unwritten, errors):
                pass
            # Raising inside the block discards the staging folder: the old site stays.
            fail_on([*diagnostics, *errors], options.strict)
            finished = Finished(inputs, plan, outputs, stage.path, options.strict, started.check_links, notes)
            checks = [start(finished) for start in PAGE_CHECKS]
            for follower in followers:
                diagnostics += follower.finish(finished)
        for finish in FINISHERS:
            diagnostics += finish(finished)
        for check in checks:
            diagnostics += check()
        fail_on(diagnostics, options.strict)
        files = stage.file_count()  # with what the finishers added (the search index)
    return outputs, files


def _pages_first(routes: tuple[Route, ...]) -> tuple[Route, ...]:
    """The HTML pages in plan order, then the other outputs (JSON schemas, feeds, robots.txt).

    The search index takes the pages as they render and finishes after the
    last one: data files rendered in between only kept it waiting. (It sees
    the pages in the same order either way.)
    """
    return (
        *(route for route in routes if route.output.endswith(".html")),
        *(route for route in routes if not route.output.endswith(".html")),
    )


@contextmanager
def _following(started: Started) -> Iterator[list[Follower]]:
    """The followers of this build, closed however it ends."""
    followers: list[Follower] = []
    try:
        for start in FOLLOWERS:
            if (follower := start(started)) is not None:
                followers.append(follower)
        yield followers
    finally:
        for follower in followers:
            follower.close()


def _reader(stage: Staging, output: Output) -> Callable[[], bytes]:
    """The output's bytes: in hand after a serial render, else read back from the staging folder."""
    if output.data is not None:
        data = output.data
        return lambda: data
    return lambda: (stage.path / output.output).read_bytes()


def write_failure(out: Path, exc: OSError) -> Diagnostic:
    """The one line for an output folder that cannot be written."""
    reason = exc.strerror or str(exc)
    return Diagnostic(str(out), 0, 0, f"cannot write the site: {reason}; the previous site is unchanged")


def _render(
    renderer: Renderer, routes: tuple[Route, ...], errors: list[Diagnostic], sink: _Sink
) -> Iterator[tuple[Output, dict[str, object] | None]]:
    """Render and stage every output, in plan order, with its scans' notes: in worker processes
    for large plans."""
    workers = worker_count()
    # Counted in HTML pages: copied files, assets and data files cost next to nothing to render.
    pages = sum(route.output.endswith(".html") for route in routes)
    if pages < PARALLEL_MIN_ROUTES or workers < 2:
        for output in renderer.render_all(routes, errors):
            yield output, sink(output)
        return
    progress = Progress(len(routes))
    try:
        # Workers stage and scan their outputs themselves (with the writer's ``Staging``).
        for output, noted in render_parallel(renderer, routes, errors, workers, sink):
            sink.stage.count += 1
            progress.step()
            yield output, noted
    finally:
        progress.close()


@dataclass(frozen=True)
class _Sink:
    """Where a rendered output goes: into the staging folder, and past the build's scans."""

    stage: Staging
    scans: tuple[Scan, ...]

    def __call__(self, output: Output) -> dict[str, object] | None:
        _put(self.stage, output)
        if output.data is None or not self.scans:
            return None
        noted = {scan.key: scan.scan(output.output, output.data) for scan in self.scans}
        return {key: value for key, value in noted.items() if value is not None} or None


# Pages are scanned for the link check as they render, on every core, and no
# longer read back: on the seed page x 1,000 the check adds about a tenth to
# the build's CPU. Larger sites (a whole API reference, 40,000 pages of
# hundreds of links each) check their links under --strict or `specsite check`.
LINK_CHECK_MAX_PAGES = 10_000


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
