"""Where one build's CPU time goes, phase by phase.

    python bench/profile_build.py ROOT                 # profile a build of the project at ROOT
    python bench/profile_build.py --make seed          # the seed page x 1,000 (as bench_eleventy.py)
    python bench/profile_build.py --make seed-distinct # the same, no two bodies alike
    python bench/profile_build.py --make markdown --pages 4000
    python bench/profile_build.py ROOT --warm          # build once, then profile the second build
    python bench/profile_build.py ROOT --top 25        # also the 25 functions with most own time
    python bench/profile_build.py ROOT --why-other     # sample which functions make up "other"

The build runs in this process (``specsite build --root ROOT -q`` through
``specsite.cli.main``), with rendering forced serial:
every ``worker_count`` in specsite's modules is replaced by one that returns 1,
so all the work is in this process and nothing escapes the measurement but
the processes specsite itself starts (the Pagefind binary), whose CPU time is
its own row, read from getrusage(RUSAGE_CHILDREN). With ``--top N`` the build
also runs under cProfile and its N functions with most own time are listed;
cProfile's overhead makes call-heavy phases (Jinja compile, Markdown) two to
four times slower, so the phase table is only exact without it.

How time is attributed: a few functions mark the entry of each phase (the
table ``PHASES`` below: ``load_pages`` and ``split_front_matter`` for page
reading, ``Environment.compile`` for Jinja compile, Python-Markdown's
``HtmlBlockPreprocessor.run`` and its HTML parser's ``goahead`` for raw HTML, ``Markdown.convert``
for the Markdown core, ``pygments.highlight`` for Pygments, ``Template.render``
for Jinja render, ...). Each is wrapped by a timer that reads the process's CPU
clock (``time.process_time``) on entry and exit; CPU time always goes to the
innermost phase being run, so Markdown called from a Jinja filter counts as
Markdown, and highlighting inside Markdown counts as Pygments. The first import
of a module (``__import__`` / ``importlib.import_module``), wherever it
happens, counts as start-up imports. Whatever no marker covers is "other".
Only the main thread's calls switch phases; the process CPU clock also counts
other threads (a Pagefind feeder, say), which are charged to the main thread's
phase of the moment.
Functions that do not exist in the code being profiled are skipped, so the
same script profiles old and new code (a phase that no longer exists shows 0).
"""

from __future__ import annotations

import argparse
import builtins
import contextlib
import cProfile
import importlib
import io
import os
import pstats
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import sites  # noqa: E402

IMPORTS = "start-up imports"
OTHER = "other"
BOOKKEEPING = "(this script's own bookkeeping)"
CHILDREN = "child processes (the Pagefind binary, any workers: their own CPU)"

# Phase -> the functions whose calls belong to it ("module:qualified.name").
PHASES: dict[str, tuple[str, ...]] = {
    "YAML front matter / page reading": (
        "specsite.engine.pages:load_pages",
        "specsite.engine.frontmatter:split_front_matter",
    ),
    "spec loading": ("specsite.model:load_specs",),
    "planning": ("specsite.engine.plan:make_plan",),
    "build cache (load, save)": (
        "specsite.engine.buildcache:BuildCache.load",
        "specsite.engine.buildcache:BuildCache.save",
        "specsite.engine.buildcache:BuildCache.flush_shard",
    ),
    "Jinja compile": (
        "jinja2.environment:Environment.compile",
        # Code that looks at a body's syntax first parses it outside ``compile``.
        "jinja2.environment:Environment.parse",
        "jinja2.environment:Environment._parse",
        "jinja2.environment:Environment._tokenize",
    ),
    "raw HTML blocks (Python-Markdown's HTMLParser, or held out)": (
        "markdown.preprocessors:HtmlBlockPreprocessor.run",
        "markdown.extensions.md_in_html:HtmlBlockPreprocessor.run",
        # Python-Markdown parses with its own copy of html.parser, imported as ``htmlparser``.
        "htmlparser:HTMLParser.goahead",
        "specsite.engine.mdhtmlblocks:_HtmlBlocks.run",
        "specsite.engine.rawhtml:block_end",
    ),
    "Markdown core": ("markdown.core:Markdown.convert",),
    "Pygments": ("pygments:highlight", "pygments.lexers:get_lexer_by_name"),
    "Jinja render (page + layouts)": ("jinja2.environment:Template.render",),
    "writing": (
        "specsite.engine.writer:Staging.write",
        "specsite.engine.writer:Staging.copy",
        "specsite.engine.writer:write_file_atomic",
        "specsite.engine.writer:_swap_in",
    ),
    "Pagefind indexing": (
        "specsite.publish.search:build_index",
        "specsite.publish.search:SearchIndexer.__init__",
        "specsite.publish.search:SearchIndexer.take",
        "specsite.publish.search:SearchIndexer.finish",
        "specsite.publish.pagefeed:PagefindService.send",
        "specsite.publish.pagefeed:PagefindService.answer",
        "specsite.publish.pagefeed:PagefindService.close",
    ),
    "link check": (
        "specsite.publish.linkcheck:check_links",
        "specsite.publish.linkcheck:start_link_check",
        "specsite.publish.linkcheck:Site.read",
        "specsite.publish.linkcheck:_report",
        "specsite.publish.linkcheck:scan_output",
        "specsite.publish.linkcheck:scan_html",
        "specsite.publish.linkcheck:find_problems",
    ),
}
# Where each version of the code decides how many worker processes render.
WORKER_COUNTS = (
    "specsite.engine.render:worker_count",
    "specsite.engine.builder:worker_count",
    "specsite.engine.workers:worker_count",
)
ORDER = (IMPORTS, *PHASES, OTHER)


class PhaseClock:
    """CPU seconds per phase; the innermost running phase is charged."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.stack: list[str] = [OTHER]
        self.last = time.process_time()
        self.thread = threading.get_ident()

    def _charge(self) -> None:
        now = time.process_time()
        top = self.stack[-1]
        self.seconds[top] = self.seconds.get(top, 0.0) + now - self.last
        self.last = now

    def enter(self, phase: str) -> None:
        self._charge()
        self.stack.append(phase)

    def leave(self) -> None:
        self._charge()
        self.stack.pop()

    def timed(self, phase: str, function: Callable) -> Callable:
        def wrapper(*args, **kwargs):
            if threading.get_ident() != self.thread:
                return function(*args, **kwargs)
            self.enter(phase)
            try:
                return function(*args, **kwargs)
            finally:
                self.leave()

        wrapper.__wrapped__ = function  # type: ignore[attr-defined]
        wrapper.__name__ = getattr(function, "__name__", "wrapper")
        wrapper.__qualname__ = getattr(function, "__qualname__", wrapper.__name__)
        return wrapper


class Patcher:
    """Replaces marked functions as soon as their module is imported, and every copy of them."""

    def __init__(self, clock: PhaseClock, replacements: dict[str, Callable[[Callable], Callable]]):
        self.clock = clock
        self.pending = dict(replacements)
        self.applied: list[str] = []

    def apply_ready(self) -> None:
        for target in [t for t in self.pending if t.partition(":")[0] in sys.modules]:
            module_name, _, qualname = target.partition(":")
            owner: object = sys.modules[module_name]
            *path, name = qualname.split(".")
            for part in path:
                owner = getattr(owner, part, None)
            original = getattr(owner, name, None) if owner is not None else None
            if original is None:
                continue  # the module is still being imported, or this code has no such function
            replacement = self.pending.pop(target)(original)
            setattr(owner, name, replacement)
            if not path:
                self._replace_copies(original, replacement)
            self.applied.append(target)

    @staticmethod
    def _replace_copies(original: Callable, replacement: Callable) -> None:
        """``from x import f`` made copies; registries (lists) may hold it too."""
        for module in list(sys.modules.values()):
            namespace = getattr(module, "__dict__", None)
            if not namespace or not (module.__name__.startswith(("specsite", "markdown"))):
                continue
            for key, value in list(namespace.items()):
                if value is original:
                    namespace[key] = replacement
                elif type(value) is list and any(item is original for item in value):
                    value[:] = [replacement if item is original else item for item in value]


def install(clock: PhaseClock, serial: bool) -> Patcher:
    replacements: dict[str, Callable[[Callable], Callable]] = {}
    for phase, targets in PHASES.items():
        for target in targets:
            replacements[target] = lambda f, phase=phase: clock.timed(phase, f)
    if serial:
        for target in WORKER_COUNTS:
            replacements[target] = lambda f: _one_worker
    patcher = Patcher(clock, replacements)
    original_import = builtins.__import__
    original_import_module = importlib.import_module

    def first_import(load: Callable, *args, **kwargs):
        before = len(sys.modules)
        clock.enter(IMPORTS)
        try:
            return load(*args, **kwargs)
        finally:
            clock.leave()
            if len(sys.modules) != before:
                clock.enter(BOOKKEEPING)
                patcher.apply_ready()
                clock.leave()

    def tracked_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name in sys.modules and not fromlist:
            return original_import(name, globals, locals, fromlist, level)
        return first_import(original_import, name, globals, locals, fromlist, level)

    def tracked_import_module(name, package=None):
        if name in sys.modules:
            return original_import_module(name, package)
        return first_import(original_import_module, name, package)

    builtins.__import__ = tracked_import
    importlib.import_module = tracked_import_module
    patcher.apply_ready()
    return patcher


def _one_worker() -> int:
    return 1


class OtherSampler:
    """What runs while no phase does: every 5 ms of CPU, the innermost specsite function then."""

    def __init__(self, clock: PhaseClock):
        self.clock = clock
        self.seen: Counter[str] = Counter()

    def __enter__(self) -> OtherSampler:
        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, 0.005, 0.005)
        return self

    def __exit__(self, *exc: object) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)

    def _sample(self, signum: int, frame) -> None:
        if self.clock.stack[-1] != OTHER:
            return
        while frame is not None and "/specsite/" not in frame.f_code.co_filename:
            frame = frame.f_back
        if frame is not None:
            where = frame.f_code.co_filename.rpartition("/specsite/")[2]
            self.seen[f"{where}:{frame.f_code.co_name}"] += 1

    def report(self) -> None:
        total = sum(self.seen.values())
        print(f"\nwhere 'other' ran ({total} samples of 5 ms CPU, innermost specsite function):")
        for where, count in self.seen.most_common(10):
            print(f"  {count * 0.005:6.2f} s  {where}")


def profile_build(root: Path, out: Path, use_cprofile: bool, top: int, why_other: bool = False) -> int:
    """Build ``root`` into ``out`` in this process; print the table; returns the exit code."""
    clock = PhaseClock()
    patcher = install(clock, serial=True)
    sampler = OtherSampler(clock) if why_other else None
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    profiler = cProfile.Profile() if use_cprofile else None
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    clock.last = start_cpu
    if profiler:
        profiler.enable()
    try:
        from specsite import cli

        with sampler or contextlib.nullcontext():
            code = cli.main(["build", "--root", str(root), "--out", str(out), "-q"])
    finally:
        if profiler:
            profiler.disable()
        clock.leave()  # the bottom of the stack: everything not in a phase
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = (children.ru_utime - children_before.ru_utime) + (
        children.ru_stime - children_before.ru_stime
    )
    print_phases(clock.seconds, cpu, wall, child_cpu, root, use_cprofile)
    if sampler:
        sampler.report()
    absent = [phase for phase, targets in PHASES.items() if not set(targets) & set(patcher.applied)]
    if absent:
        print(f"\nphases with none of their functions in this code (so 0): {', '.join(absent)}")
    if not any(t.endswith(":worker_count") for t in patcher.applied):
        print("\nno worker_count found to force serial rendering: workers' CPU is in the child row")
    if profiler and top:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(top)
        print("\n" + text.getvalue().split("\n", 4)[-1].rstrip())
    return code


def print_phases(seconds: dict[str, float], cpu: float, wall: float, child: float, root: Path, prof: bool):
    how = "serial rendering, under cProfile" if prof else "serial rendering"
    print(f"\nCPU profile of `specsite build --root {root}` ({how}):")
    print(f"{cpu:.2f} s CPU in this process, {wall:.2f} s wall.\n")
    print("| phase | CPU s | % |")
    print("|---|---|---|")
    total = cpu + child
    for phase in (*ORDER, BOOKKEEPING):
        value = seconds.get(phase, 0.0)
        if phase == BOOKKEEPING and value < 0.005:
            continue
        print(f"| {phase} | {value:.2f} | {100 * value / total:.1f} |")
    print(f"| {CHILDREN} | {child:.2f} | {100 * child / total:.1f} |")
    print(f"| total | {total:.2f} | 100.0 |")


def make_project(kind: str, args: argparse.Namespace, where: Path) -> Path:
    if kind in ("seed", "seed-distinct"):
        distinct = kind == "seed-distinct"
        return sites.seed_project(where / "seed", args.seed, args.copies, not args.no_search, distinct)
    return sites.markdown_project(where / "markdown", args.pages, search=not args.no_search)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("root", type=Path, nargs="?", help="the project to build")
    parser.add_argument(
        "--make", choices=("seed", "seed-distinct", "markdown"), help="generate the project (sites.py)"
    )
    parser.add_argument("--seed", type=Path, default=sites.DEFAULT_SEED)
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=4000)
    parser.add_argument("--no-search", action="store_true", help="generated project: search: false")
    parser.add_argument("--warm", action="store_true", help="build once first; profile the second build")
    parser.add_argument("--top", type=int, default=0, help="run under cProfile; list the N top functions")
    parser.add_argument("--why-other", action="store_true", help="sample where 'other' time goes")
    args = parser.parse_args()
    if (args.root is None) == (args.make is None):
        parser.error("give a project ROOT or --make seed|seed-distinct|markdown")
    sites.ensure_bytecode()
    shm = Path("/dev/shm")
    scratch = Path(tempfile.mkdtemp(prefix="specsite-profile-", dir=shm if shm.is_dir() else None))
    try:
        root = (args.root or make_project(args.make, args, scratch)).resolve()
        out = scratch / "_site"
        if args.warm:
            import subprocess

            command = [
                sys.executable,
                "-m",
                "specsite",
                "build",
                "--root",
                str(root),
                "--out",
                str(out),
                "-q",
            ]
            subprocess.run(command, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        else:
            shutil.rmtree(root / ".specsite-cache", ignore_errors=True)
        return profile_build(root, out, args.top > 0, args.top, args.why_other)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
