"""Incremental rebuilds for the preview server.

A ``Session`` keeps the last successful build: its inputs, its plan, and what
each output read while it rendered (``Output.deps``). After a change it reads
again only the files that changed, plans again (cheap), and renders only the
outputs that may differ:

- a new route, or one whose URL, title, kind or payload changed;
- a route made from a changed file (``route.source``: a page, a static file);
- a route that read a changed spec namespace, template, or the navigation
  (which changes with page titles, URLs and order);
- a route that recorded no dependency at all (a sitemap, say) when the list
  of routes changed;
- everything when the site config changes or a spec namespace appears or
  disappears, and every templated route when a template nobody loaded yet
  changes (an ``ignore missing`` include may have been waiting for it).

Only files whose bytes changed are replaced (one atomic rename each) and
outputs that left the plan are deleted; the writer does both. A failed
rebuild keeps the previous build as the base and the failed changes are read
again with the next ones, so an error stays on screen until it is fixed.

The finishers (search index, link check, lint) read the whole site; they run
on full builds only, so that an edit on a large site is not held up by them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

import jinja2

from ..engine.buildcache import BuildCache
from ..engine.builder import BuildOptions, build, fail_on
from ..engine.config import CONFIG_NAMES
from ..engine.data import local_data_role
from ..engine.deps import Dep
from ..engine.errors import Diagnostic, ProjectError
from ..engine.pages import Page, StaticFile, read_source, skipped, url_claims
from ..engine.plan import Plan, Route, make_plan
from ..engine.project import Inputs, Project, load_inputs, read_data
from ..engine.render import Output, Renderer
from ..engine.writer import MARKER, remove_output, write_output
from ..model import load_specs

# The fields of ``Inputs`` this module knows how to refresh piece by piece.
# A field added later is refreshed by reading everything again.
REFRESHED_INPUTS = frozenset({"project", "config", "specs", "pages", "statics", "data", "hooks"})
# Renderers whose output is a copy of a file: they depend on that file alone.
COPY_KINDS = frozenset({"copy", "asset"})


@dataclass(frozen=True)
class Built:
    """A successful build: what it read, what it planned, what each output read."""

    inputs: Inputs
    plan: Plan
    outputs: dict[str, Output]  # by output path, without their bytes


@dataclass(frozen=True)
class Outcome:
    """What one (re)build did, for the terminal line and the browser."""

    ok: bool
    full: bool
    made: tuple[str, ...] = ()  # the outputs rendered
    changed: int = 0  # files written or deleted because their bytes changed
    seconds: float = 0.0
    diagnostics: tuple[Diagnostic, ...] = ()  # everything reported; errors among them when not ok

    @property
    def pages(self) -> int:
        return sum(name.endswith(".html") for name in self.made)

    def summary(self) -> str:
        took = f"{self.seconds * 1000:.0f} ms"
        if not self.ok:
            count = sum(d.is_error for d in self.diagnostics)
            return f"build failed with {count} error{'s' if count != 1 else ''} in {took}"
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        if self.full:
            return f"built {pages} ({len(self.made)} files) in {took}"
        files = f"{self.changed} file{'s' if self.changed != 1 else ''} changed"
        return f"rebuilt {pages} ({files}) in {took}"


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept across rebuilds; Jinja compiles again any whose source changed."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class Session:
    """Builds a project once, then keeps it up to date with the changes it is told about."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.project = Project.at(options.root, options.out, options.sandbox)
        self.built: Built | None = None
        self._pending: set[str] = set()
        self._compiled = CompiledTemplates()
        # Page Markdown, compiled bodies and highlighted code of this session, kept in memory:
        # an edited layout re-renders every page, and their Markdown is still the same.
        use_cache = options.cache and not options.sandbox
        self._cache = BuildCache.in_memory() if use_cache else BuildCache.off()

    def build(self, changed: Iterable[str] = ()) -> Outcome:
        """Bring the site up to date; ``changed`` lists project-relative paths of changed sources."""
        start = time.perf_counter()
        self._pending.update(changed)
        full = self.built is None or _needs_full(self._pending) or not (self.project.out / MARKER).is_file()
        try:
            if full:
                built, outcome = self._full()
            else:
                built, outcome = self._update(self.built, frozenset(self._pending))
        except ProjectError as exc:
            took = time.perf_counter() - start
            return Outcome(False, full, seconds=took, diagnostics=tuple(exc.diagnostics))
        except Exception:
            self.built = None  # a bug: start again from a full build next time
            raise
        self.built, self._pending = built, set()
        return replace(outcome, seconds=time.perf_counter() - start)

    def _full(self) -> tuple[Built, Outcome]:
        # Compiled templates depend on the hooks too (a shortcode is a tag): start afresh.
        self._compiled = CompiledTemplates()
        result = build(self.options)
        outputs = {name: Output(name, deps=found) for name, found in result.deps.items()}
        outcome = Outcome(True, True, tuple(outputs), result.files, 0, tuple(result.warnings))
        return Built(result.inputs, result.plan, outputs), outcome

    def _update(self, built: Built, changed: frozenset[str]) -> tuple[Built, Outcome]:
        inputs, diagnostics = refresh_inputs(built.inputs, changed, self.options.base_url)
        if any(d.is_error for d in diagnostics):
            raise ProjectError(diagnostics)
        plan, plan_diagnostics = make_plan(inputs)
        diagnostics += plan_diagnostics
        fail_on(diagnostics, self.options.strict)
        routes = stale_routes(built, plan, dirty_deps(built, inputs, plan, changed), changed)
        fresh = self._render(inputs, plan, routes, diagnostics)
        planned = plan.by_output()
        changed_files = self._write(fresh, [name for name in built.outputs if name not in planned])
        made = {name: replace(output, data=None) for name, output in fresh.items()}
        outputs = {r.output: made.get(r.output) or built.outputs[r.output] for r in plan.routes}
        warnings = tuple(d for d in diagnostics if not d.is_error)
        outcome = Outcome(True, False, tuple(fresh), changed_files, 0, warnings)
        return Built(inputs, plan, outputs), outcome

    def _render(
        self, inputs: Inputs, plan: Plan, routes: list[Route], diagnostics: list[Diagnostic]
    ) -> dict[str, Output]:
        renderer = Renderer(inputs, plan, debug=self.options.debug, cache=self._cache)
        renderer.env.bytecode_cache = self._compiled
        errors: list[Diagnostic] = []
        made = {output.output: output for output in renderer.render_all(routes, errors)}
        fail_on([*diagnostics, *errors], self.options.strict)
        return made

    def _write(self, fresh: dict[str, Output], gone: list[str]) -> int:
        out = self.project.out
        changed = 0
        for name, output in fresh.items():
            changed += write_output(out, name, _bytes_of(output))
        for name in gone:
            changed += remove_output(out, name)
        return changed


def _bytes_of(output: Output) -> bytes:
    if output.copy_from is None:
        return output.data or b""
    try:
        return output.copy_from.read_bytes()
    except OSError as exc:  # deleted since it was planned; the deletion brings another rebuild
        problem = Diagnostic(str(output.copy_from), 0, 0, f"cannot read file: {exc.strerror}")
        raise ProjectError([problem]) from None


SOURCE_AREAS = ("specs", "templates", "site_src", "data")


def _needs_full(changed: Iterable[str]) -> bool:
    """The site config, or the project's Python (hooks and what they import), changed."""
    return any(
        path in CONFIG_NAMES or (path.endswith(".py") and path.partition("/")[0] not in SOURCE_AREAS)
        for path in changed
    )


def _is_data(path: str, inputs: Inputs) -> bool:
    area, _, rest = path.partition("/")
    if area == "data":
        return True
    return area == "site_src" and local_data_role(rest, inputs.project.site_src.name) is not None


# --- reading again only what changed ------------------------------------------------


def refresh_inputs(
    inputs: Inputs, changed: frozenset[str], base_url: str | None
) -> tuple[Inputs, list[Diagnostic]]:
    """``inputs`` with the changed files read again, and the diagnostics of what was read."""
    unknown = {f.name for f in fields(Inputs)} - REFRESHED_INPUTS
    spec_changed = any(path.startswith("specs/") for path in changed)
    if spec_changed and unknown:
        return load_inputs(inputs.project, base_url)
    diagnostics: list[Diagnostic] = []
    if spec_changed:
        specs, spec_diagnostics = load_specs(inputs.project.specs_dir, inputs.project.root)
        inputs = replace(inputs, specs=specs)
        diagnostics += spec_diagnostics
    if any(_is_data(path, inputs) for path in changed):
        data, data_diagnostics = read_data(inputs.project, inputs.hooks)
        inputs = replace(inputs, data=data)
        diagnostics += data_diagnostics
    site_changes = sorted(path.removeprefix("site_src/") for path in changed if path.startswith("site_src/"))
    if site_changes:
        inputs, page_diagnostics = _refresh_site_src(inputs, site_changes)
        diagnostics += page_diagnostics
    return inputs, diagnostics


def _refresh_site_src(inputs: Inputs, rels: list[str]) -> tuple[Inputs, list[Diagnostic]]:
    project = inputs.project
    pages = {page.rel: page for page in inputs.pages}
    statics = {static.rel: static for static in inputs.statics}
    diagnostics: list[Diagnostic] = []
    for rel in rels:
        pages.pop(rel, None)
        statics.pop(rel, None)
        path = project.site_src / rel
        if any(skipped(part) for part in rel.split("/")) or not path.is_file():
            continue
        source, found = read_source(path, project.site_src, project.root)
        diagnostics += found
        if isinstance(source, Page):
            pages[rel] = source
        elif isinstance(source, StaticFile):
            statics[rel] = source
    new_pages = _in_scan_order(pages)
    # The same check a full build makes, so a clashing url: is reported at its line here too.
    diagnostics += url_claims(list(new_pages))
    return replace(inputs, pages=new_pages, statics=_in_scan_order(statics)), diagnostics


def _in_scan_order(items: dict[str, Page] | dict[str, StaticFile]) -> tuple:
    """The order ``pages.scan`` gives: sorted by path components."""
    return tuple(items[rel] for rel in sorted(items, key=lambda rel: rel.split("/")))


# --- deciding what to render again ----------------------------------------------------


@dataclass(frozen=True)
class Dirty:
    """The dependencies a change invalidates."""

    deps: frozenset[Dep] = frozenset()
    everything: bool = False
    any_template: bool = False

    def touches(self, found: frozenset[Dep]) -> bool:
        if self.everything or found & self.deps:
            return True
        return self.any_template and any(kind == "template" for kind, _ in found)


def dirty_deps(built: Built, inputs: Inputs, plan: Plan, changed: frozenset[str]) -> Dirty:
    before, after = built.inputs.specs, inputs.specs
    if list(before) != list(after) or list(built.inputs.data.globals) != list(inputs.data.globals):
        return Dirty(everything=True)
    found: set[Dep] = set()
    any_template = False
    for path in changed:
        area, _, rest = path.partition("/")
        if area == "specs":
            names = {before.namespace_of_file(path), after.namespace_of_file(path)}
            found |= {("spec", name) for name in names if name}
        elif area == "data":
            names = {built.inputs.data.name_of_file(path), inputs.data.name_of_file(path)}
            found |= {("data", name) for name in names if name}
        elif area == "site_src" and (role := local_data_role(rest, inputs.project.site_src.name)) is not None:
            found.add(role)
        elif area == "templates":
            if rest in _loaded_templates(built):
                found.add(("template", rest))
            else:
                any_template = True
        elif area == "site_src":  # a partial (or a page) that other pages include by name
            found.add(("template", path))
    if plan.nav != built.plan.nav:
        found.add(("nav", ""))
    if plan.collections != built.plan.collections:
        found.add(("collections", ""))
    return Dirty(frozenset(found), any_template=any_template)


def _loaded_templates(built: Built) -> set[str]:
    return {name for output in built.outputs.values() for kind, name in output.deps if kind == "template"}


def stale_routes(built: Built, plan: Plan, dirty: Dirty, changed: frozenset[str]) -> list[Route]:
    """The routes of ``plan`` whose output may differ from the one ``built`` made."""
    before = built.plan.by_output()
    stale, untracked = [], []
    for route in plan.routes:
        made = built.outputs.get(route.output)
        if _is_stale(route, before.get(route.output), made, dirty, changed):
            stale.append(route)
        elif made is not None and not made.deps and route.kind not in COPY_KINDS:
            untracked.append(route)
    # Generated files that recorded no dependency may list the routes (a sitemap does).
    if untracked and built.plan.routes != plan.routes:  # URLs, outputs or titles changed
        stale = sorted([*stale, *untracked], key=lambda route: route.output)
    return stale


def _is_stale(
    route: Route, old: Route | None, made: Output | None, dirty: Dirty, changed: frozenset[str]
) -> bool:
    if old is None or made is None or route.source in changed or _differs(old, route):
        return True
    return dirty.touches(made.deps)


def _differs(old: Route, new: Route) -> bool:
    """A route changed, payload included (which ``Route.__eq__`` leaves out)."""
    if old != new:
        return True
    if old.payload is new.payload:
        return False
    try:
        return bool(old.payload != new.payload)
    except Exception:  # a payload that cannot be compared: assume it changed
        return True
