"""specsite against Eleventy 3 on the same pages: medians of alternating runs and the ratio.

    python bench/bench_eleventy.py                     # both workloads, 3 runs each
    python bench/bench_eleventy.py --only seed --runs 5
    python bench/bench_eleventy.py --only markdown --keep
    python bench/bench_eleventy.py --only seed-distinct

Workloads (the page sources are byte-identical on both sides, see sites.py):
  seed      the seed page x 1,000 (each copy its own title) in ten folders of 100,
            with the demo project's specs. Eleventy renders the seed's `proptable`
            and `specs` from a JSON export of specsite's resolved spec model, written
            into its _data/ before any timing (so Eleventy does not parse YAML).
  markdown  4,000 generated Markdown pages of about 1.85 KB, no template tags.
  seed-distinct (only with --only) the seed copies with a sentence of their own at the
            end of each body: in "seed" the copies differ only in the front matter's
            title, so specsite compiles and converts their shared body once; here no
            two bodies are the same.
Both Eleventy sites use markdown-it with markdown-it-anchor, Prism highlighting
through @11ty/eleventy-plugin-syntaxhighlight, and a layout with head, sidebar
(top-level folders, the current one expanded), pager and footer (bench/eleventy/).
Eleventy runs its Markdown through Nunjucks first (markdownTemplateEngine: njk,
which the seed needs; its default would be Liquid), as specsite runs Jinja.

Search: specsite builds its Pagefind index inside the build. "with search" rows
compare that with Eleventy followed by the pagefind CLI (the npm package's
binary, what `npx pagefind --site _site` runs); "no search" rows compare a
project with `search: false` with Eleventy alone.

cold: no .specsite-cache/ and no output folder. warm: the same build again,
nothing changed (Eleventy has no persistent cache; its warm build is the same
build a second time); specsite finds that nothing it reads changed and keeps
the output. edited: after the warm build, one page gets a sentence more and
the site is built again (specsite from its build cache; Eleventy's figure is
its warm build, as it builds everything again). The tools alternate run by run; the figures are medians
of --runs runs; wall seconds and CPU seconds (user + system of the build's
processes, from getrusage) are printed, because a shared machine makes wall
time noisy. Eleventy and its plugins are installed with npm into a scratch
folder reused between runs (--node-dir). Projects and output live on /dev/shm
when it exists.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import childtime  # noqa: E402
import sites  # noqa: E402

NPM_PACKAGES = (
    "@11ty/eleventy@3.1.8",
    "@11ty/eleventy-plugin-syntaxhighlight@5.0.2",
    "markdown-it-anchor@9.2.1",
    "pagefind@1.5.2",
)
QUIET = ("--loglevel=error",)
DEFAULT_NODE_DIR = Path(tempfile.gettempdir()) / "specsite-bench-eleventy-node"


# --- Eleventy installation and project ------------------------------------------------


def ensure_eleventy(node_dir: Path) -> Path:
    """Install the pinned npm packages into ``node_dir`` unless they are there; returns node_modules."""
    modules = node_dir / "node_modules"
    wanted = {spec.rpartition("@")[0]: spec.rpartition("@")[2] for spec in NPM_PACKAGES}
    if all(_installed_version(modules, name) == version for name, version in wanted.items()):
        return modules
    if shutil.which("npm") is None:
        raise SystemExit("npm is not installed: the Eleventy side needs Node.js and npm")
    print(f"Installing {', '.join(NPM_PACKAGES)} into {node_dir} ...", file=sys.stderr, flush=True)
    node_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(node_dir),
            "--no-save",
            "--no-audit",
            "--no-fund",
            *QUIET,
            *NPM_PACKAGES,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return modules


def _installed_version(modules: Path, name: str) -> str | None:
    try:
        return json.loads((modules / name / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def spec_export(specs_dir: Path) -> dict:
    """The resolved spec model as plain JSON: what the seed and ``proptable`` read, nothing else."""
    from specsite import features
    from specsite.model import load_specs

    features.load()
    specs, diagnostics = load_specs(specs_dir, specs_dir.parent)
    if any(d.is_error for d in diagnostics):
        raise SystemExit("the specs do not load:\n" + "\n".join(str(d) for d in diagnostics))
    out: dict = {}
    for name in specs:
        space = specs[name]
        if isinstance(getattr(space, "groups", None), dict):  # a property-group namespace
            out[name] = {"groups": {key: [_option(p) for p in g.props] for key, g in space.groups.items()}}
        elif hasattr(space, "props_for"):  # an event catalog
            out[name] = {
                "groups": [
                    {"title": g.title, "events": [{"value": e.value, "desc": e.desc} for e in g.events]}
                    for g in space.groups
                ],
                "props": [_event_prop(p) for p in space.props],
            }
    return out


def _option(prop) -> dict:
    return {
        "key": prop.key,
        "name": prop.name,
        "type": prop.type,
        "required": prop.required,
        "has_default": prop.has_default,
        "default": prop.default,
        "desc": prop.desc,
    }


def _event_prop(prop) -> dict:
    return {
        "name": prop.name,
        "type": prop.type,
        "required": prop.required,
        "desc": prop.desc,
        "used_by": list(prop.used_by),
        "used_by_except": list(prop.used_by_except),
    }


def eleventy_project(root: Path, pages: dict[str, str], specs: dict, modules: Path) -> Path:
    """An Eleventy project at ``root``: bench/eleventy/ (config, layout, macros), the pages, the specs."""
    shutil.copytree(HERE / "eleventy", root)
    sites.write_files(root / "src", pages)
    data = root / "src" / "_data" / "specs.json"
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text(json.dumps(specs, ensure_ascii=False, default=str), encoding="utf-8")
    (root / "node_modules").symlink_to(modules, target_is_directory=True)
    return root


# --- timing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)


def timed(command: list[str], cwd: Path) -> Timing:
    wall, cpu, _ = childtime.timed(command, cwd)
    return Timing(wall, cpu)


def specsite_build(root: Path, cold: bool) -> Timing:
    if cold:
        shutil.rmtree(root / ".specsite-cache", ignore_errors=True)
        shutil.rmtree(root / "_site", ignore_errors=True)
    return timed([sys.executable, "-m", "specsite", "build", "--root", str(root), "-q"], root)


def eleventy_build(root: Path, cold: bool) -> tuple[Timing, Timing]:
    """Eleventy, then the pagefind CLI over its output: (eleventy, pagefind)."""
    if cold:
        shutil.rmtree(root / "_site", ignore_errors=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)
    modules = root / "node_modules"
    eleventy = timed(["node", str(modules / "@11ty/eleventy/cmd.cjs"), "--quiet"], root)
    pagefind = timed([str(modules / ".bin/pagefind"), "--site", "_site"], root)
    return eleventy, pagefind


# --- checks: a broken side must not look fast -------------------------------------------


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def check_output(label: str, site: Path, pages: dict[str, str], sample: str, marks: tuple[str, ...]) -> int:
    """Every source page has its HTML, and ``sample`` contains every mark; returns the HTML count."""
    built = html_files(site)
    missing = [rel for rel in pages if not (site / _page_url(rel) / "index.html").is_file()]
    if missing:
        raise SystemExit(f"{label}: {len(missing)} pages were not built, e.g. {missing[:3]}")
    text = (site / _page_url(sample) / "index.html").read_text(encoding="utf-8")
    absent = [mark for mark in marks if not re.search(mark, text)]
    if absent:
        raise SystemExit(f"{label}: {sample} lacks {absent}")
    return len(built)


def check_search(label: str, site: Path) -> int:
    fragments = list((site / "pagefind").glob("fragment/*"))
    if not fragments:
        raise SystemExit(f"{label}: no Pagefind index in {site / 'pagefind'}")
    return len(fragments)


def _page_url(rel: str) -> str:
    stem = rel.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index")


# What each side's sample page must hold: the seed's tables and highlighted code.
SEED_MARKS = {
    "specsite": (r'id="event-props-table"', r'class="proptable"', r"data-used-by=", r'class="highlight"'),
    "eleventy": (r'id="event-props-table"', r'class="proptable"', r"data-used-by=", r'class="token '),
}
MARKDOWN_MARKS = {
    "specsite": (r"<table>", r'class="highlight"', r'<h2 id="overview-of-'),
    "eleventy": (r"<table>", r'class="token ', r'<h2 id="overview-of-'),
}


# --- one workload -------------------------------------------------------------------------


@dataclass(frozen=True)
class Workload:
    name: str
    title: str
    pages: dict[str, str]
    specs: bool
    sample: str
    marks: dict[str, tuple[str, ...]]


def workloads(args: argparse.Namespace) -> list[Workload]:
    chosen = []
    if args.only in (None, "seed"):
        pages = sites.seed_pages(args.seed, args.copies)
        title = f"seed page x {args.copies:,}"
        chosen.append(Workload("seed", title, pages, True, "part-0/page-001.md", SEED_MARKS))
    if args.only == "seed-distinct":
        pages = sites.seed_pages(args.seed, args.copies, distinct=True)
        title = f"seed page x {args.copies:,}, every body different"
        chosen.append(Workload("seed-distinct", title, pages, True, "part-0/page-001.md", SEED_MARKS))
    if args.only in (None, "markdown"):
        pages = sites.markdown_pages(args.pages)
        title = f"{args.pages:,} Markdown pages"
        chosen.append(Workload("markdown", title, pages, False, "part-0/page-001.md", MARKDOWN_MARKS))
    return chosen


def run_workload(work: Workload, base: Path, modules: Path, runs: int) -> list[tuple]:
    """Build ``runs`` times alternating the tools; returns the table rows."""
    search = sites.specsite_project(base / "specsite-search", work.pages, search=True, specs=work.specs)
    plain = sites.specsite_project(base / "specsite-nosearch", work.pages, search=False, specs=work.specs)
    specs = spec_export(search / "specs") if work.specs else {}
    eleventy = eleventy_project(base / "eleventy", work.pages, specs, modules)

    times: dict[tuple[str, str], list[Timing]] = {}

    def add(key: tuple[str, str], timing: Timing) -> None:
        times.setdefault(key, []).append(timing)

    def run_specsite(root: Path, tag: str) -> None:
        add((tag, "cold"), specsite_build(root, cold=True))
        add((tag, "warm"), specsite_build(root, cold=False))
        # One page edited after the warm build: the caches hold everything else.
        edited = root / "site_src" / work.sample
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text + "\n\nOne more sentence, edited between builds.\n", encoding="utf-8")
        add((tag, "edited"), specsite_build(root, cold=False))
        edited.write_text(text, encoding="utf-8")

    def run_eleventy() -> None:
        for state in ("cold", "warm"):
            build, index = eleventy_build(eleventy, cold=state == "cold")
            add(("eleventy", state), build)
            add(("eleventy+pagefind", state), build + index)

    steps = [
        lambda: run_specsite(search, "specsite"),
        run_eleventy,
        lambda: run_specsite(plain, "specsite-nosearch"),
    ]
    for n in range(runs):
        for step in steps if n % 2 == 0 else steps[::-1]:
            step()
        print(f"  {work.name}: run {n + 1} of {runs} done", file=sys.stderr, flush=True)
        if n == 0:
            report_checks(work, search, plain, eleventy)

    rows = []
    for state in ("cold", "warm", "edited"):
        for label, ours, theirs in (
            ("with search", "specsite", "eleventy+pagefind"),
            ("no search", "specsite-nosearch", "eleventy"),
        ):
            # Eleventy's build after an edit is its whole build again: its warm figure.
            their_state = "warm" if state == "edited" else state
            pair = (_median(times[(ours, state)]), _median(times[(theirs, their_state)]))
            rows.append((work.title, label, state, *pair))
    return rows


def report_checks(work: Workload, search: Path, plain: Path, eleventy: Path) -> None:
    marks = work.marks["specsite"]
    counts = [
        check_output(f"specsite ({work.name})", root / "_site", work.pages, work.sample, marks)
        for root in (search, plain)
    ]
    theirs = check_output(
        f"Eleventy ({work.name})", eleventy / "_site", work.pages, work.sample, work.marks["eleventy"]
    )
    ours_index = check_search(f"specsite ({work.name})", search / "_site")
    theirs_index = check_search(f"Eleventy ({work.name})", eleventy / "_site")
    print(
        f"  checked {work.name}: {len(work.pages):,} sources; HTML files specsite {counts[0]:,} "
        f"(no search {counts[1]:,}), Eleventy {theirs:,}; Pagefind fragments specsite "
        f"{ours_index:,}, Eleventy {theirs_index:,}; sample {work.sample} has {', '.join(marks)}",
        file=sys.stderr,
        flush=True,
    )


def _median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings))


def print_table(rows: list[tuple], args: argparse.Namespace, where: Path) -> None:
    print()
    print(f"`python bench/bench_eleventy.py {' '.join(sys.argv[1:])}`".replace(" `", "`"))
    print(
        f"(medians of {args.runs} alternating runs, output on {where}; specsite {_version()}, "
        f"Eleventy 3.1.8; CPU = user + system seconds of all the build's processes)"
    )
    print()
    print("| work | search | build | specsite s | Eleventy s | ratio |", end="")
    print(" specsite CPU s | Eleventy CPU s | CPU ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for title, search, state, ours, theirs in rows:
        print(
            f"| {title} | {search} | {state} | {ours.wall:.2f} | {theirs.wall:.2f} | "
            f"{ours.wall / theirs.wall:.2f}x | {ours.cpu:.2f} | {theirs.cpu:.2f} | "
            f"{ours.cpu / theirs.cpu:.2f}x |"
        )
    print()
    print("with search: specsite's build (Pagefind index included) vs Eleventy + `pagefind --site _site`;")
    print("no search: specsite with `search: false` vs Eleventy alone. ratio < 1 means specsite is faster.")


def _version() -> str:
    command = ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]
    done = subprocess.run(command, capture_output=True, text=True)
    return done.stdout.strip() or "(unknown commit)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only",
        choices=("seed", "markdown", "seed-distinct"),
        help="run one workload (seed-distinct: the seed copies with a sentence of their own in each body;"
        " not in the default set)",
    )
    parser.add_argument("--runs", type=int, default=3, help="alternating runs per workload (medians)")
    parser.add_argument("--seed", type=Path, default=sites.DEFAULT_SEED, help="the seed page")
    parser.add_argument("--copies", type=int, default=1000, help="seed copies")
    parser.add_argument("--pages", type=int, default=4000, help="generated Markdown pages")
    parser.add_argument("--node-dir", type=Path, default=DEFAULT_NODE_DIR, help="where npm installs Eleventy")
    parser.add_argument("--keep", action="store_true", help="keep the project folders and print where")
    args = parser.parse_args()

    modules = ensure_eleventy(args.node_dir)
    sites.ensure_bytecode()
    shm = Path("/dev/shm")
    where = shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())
    base = Path(tempfile.mkdtemp(prefix="specsite-vs-eleventy-", dir=where))
    rows = []
    try:
        for work in workloads(args):
            rows += run_workload(work, base / work.name, modules, args.runs)
    finally:
        if args.keep:
            print(f"kept the projects in {base}", file=sys.stderr)
        else:
            shutil.rmtree(base, ignore_errors=True)
    print_table(rows, args, where)


if __name__ == "__main__":
    main()
