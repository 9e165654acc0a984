"""The whole botocore reference: specsite's command-line and Python views against boto3's generator.

    python bench/bench_botocore.py                          # every service, both generators
    python bench/bench_botocore.py --services s3,ec2,sqs    # a few services
    python bench/bench_botocore.py --skip-boto3             # specsite only
    python bench/bench_botocore.py --finishers              # also run the build's finishers

specsite builds a project whose ``site.yml`` says ``aws_services: all`` (or
the services given) with the command-line and Python views of every
operation, in a child process, into a fresh output folder. The figures are
its wall time, pages per second and peak memory, sampled from ``/proc`` for
the build and its worker processes together (PSS counts a page shared by
several processes once; RSS sums count it in each), and the largest page.

boto3's ``ServiceDocumenter(...).document_service()`` then documents the same
services in this process, one after another, as its docs build does; it
writes reStructuredText only, so its time is before any HTML exists.

The finishers (link check, search index, sitemap) read the finished site;
they are off by default so the figure is the reference itself, in HTML.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024

# Runs in the child: restrict the views and, unless asked, the finishers, then build.
DRIVER = """
import sys
from specsite import cli, features
from specsite.engine import builder
features.load()
from specsite.ops import routes
routes.BUILT_VIEWS[:] = sys.argv[2].split(",")
if sys.argv[3] != "finishers":
    builder.FINISHERS.clear()
sys.exit(cli.main(["build", "--root", sys.argv[1]]))
"""


# Runs in a fresh child: the parent's share of a build before any page renders,
# reading botocore's models (JSON of each service and its paginators, waiters
# and examples) into the operation model.
LOADER = """
import json, resource, sys, time
start = time.process_time()
from specsite import features
features.load()
from specsite.ops import aws
imported = time.process_time()
names = sys.argv[1].split(",") if sys.argv[1] else aws.available_services()
services = [aws.load_service(name) for name in names]
loaded = time.process_time()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps([imported - start, loaded - imported, peak, sum(len(s.operations) for s in services)]))
"""


@dataclass
class Memory:
    pss: int = 0  # peak of the summed PSS of the build and its workers
    rss_sum: int = 0
    rss_max: int = 0  # the largest single process


def process_tree(root: int) -> list[int]:
    """``root`` and every process descended from it."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def memory_of(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in bytes, or zeros when the process has gone."""
    found = {"Pss:": 0, "Rss:": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                key, _, rest = line.partition(" ")
                if key in found:
                    found[key] = int(rest.split()[0]) * 1024
    except OSError:
        pass
    return found["Pss:"], found["Rss:"]


def watch_memory(pid: int, peak: Memory, stop: threading.Event) -> None:
    while not stop.wait(0.25):
        sizes = [memory_of(p) for p in process_tree(pid)]
        peak.pss = max(peak.pss, sum(pss for pss, _ in sizes))
        peak.rss_sum = max(peak.rss_sum, sum(rss for _, rss in sizes))
        peak.rss_max = max(peak.rss_max, max((rss for _, rss in sizes), default=0))


def make_project(root: Path, services: list[str] | None) -> None:
    (root / "site_src").mkdir(parents=True)
    (root / "site_src" / "index.md").write_text("# botocore reference\n", encoding="utf-8")
    listed = "all" if services is None else "[" + ", ".join(services) + "]"
    (root / "site.yml").write_text(
        f"title: botocore reference\nsearch: false\naws_services: {listed}\n", encoding="utf-8"
    )


def build(root: Path, views: str, finishers: bool) -> tuple[float, Memory, tuple[float, float]]:
    """Wall seconds, peak memory and (user, system) CPU seconds of one build in a child process."""
    peak, stop = Memory(), threading.Event()
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(root), views, "finishers" if finishers else "none"],
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    watcher = threading.Thread(target=watch_memory, args=(child.pid, peak, stop), daemon=True)
    watcher.start()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    stop.set()
    watcher.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("the specsite build failed")
    # The child's usage includes its workers, which it waited for.
    return seconds, peak, (usage.ru_utime, usage.ru_stime)


def page_sizes(site: Path) -> tuple[int, int, Path | None, int]:
    """(pages, total bytes, largest page, its size) of the built HTML."""
    count, total, largest, size = 0, 0, None, 0
    for path in site.rglob("*.html"):
        bytes_ = path.stat().st_size
        count, total = count + 1, total + bytes_
        if bytes_ > size:
            largest, size = path, bytes_
    return count, total, largest, size


def time_boto3(services: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of boto3's documenter over ``services``, in this process."""
    import boto3
    from boto3.docs.service import ServiceDocumenter

    session = boto3.Session(region_name="us-east-1")
    cpu, start = time.process_time(), time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="boto3-docs-") as out:
        for number, name in enumerate(services, 1):
            ServiceDocumenter(name, session, out).document_service()
            if sys.stderr.isatty():
                print(f"\rboto3: {number}/{len(services)} services", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return time.perf_counter() - start, time.process_time() - cpu


def time_highlighting(names: list[str], limit: int = 3000) -> tuple[int, float, float]:
    """Python request syntax of up to ``limit`` operations: (blocks, ms each from tokens, ms with Pygments).

    specsite writes its generated code blocks token by token, already
    highlighted; this measures what running Pygments over them would cost.
    """
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    from specsite.ops.aws import load_service
    from specsite.ops.contexts import call_name
    from specsite.ops.resolve import ShapeSource
    from specsite.ops.syntax import PythonSyntax
    from specsite.ops.tree import PageTrees

    blocks = []
    for name in names:
        service = load_service(name)
        source = ShapeSource(service, None)
        for op in service.operations:
            anchors = PageTrees(source).anchors
            blocks.append(
                PythonSyntax(source, anchors).request("client", call_name(service, op, "python"), op.input)
            )
            if len(blocks) >= limit:
                break
        if len(blocks) >= limit:
            break
    start = time.perf_counter()
    for code in blocks:
        code.html()
    ours = time.perf_counter() - start
    lexer, formatter = PythonLexer(), HtmlFormatter(nowrap=True)
    start = time.perf_counter()
    for code in blocks:
        highlight(code.plain(), lexer, formatter)
    return len(blocks), ours * 1000 / len(blocks), (time.perf_counter() - start) * 1000 / len(blocks)


def time_loading(services: list[str] | None) -> tuple[float, float, int]:
    """CPU seconds to import specsite and to load the services' models, and the peak RSS, in a child."""
    found = subprocess.run(
        [sys.executable, "-c", LOADER, ",".join(services or [])],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    )
    imported, loaded, peak, _ = json.loads(found.stdout)
    return imported, loaded, peak


def all_services() -> list[str]:
    from specsite.ops.aws import available_services

    return list(available_services())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", help="comma-separated service names (default: all of botocore)")
    parser.add_argument("--views", default="cli,python", help="views to build (default: cli,python)")
    parser.add_argument("--skip-boto3", action="store_true", help="do not time boto3's generator")
    parser.add_argument("--finishers", action="store_true", help="run the build's finishers too")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    import botocore

    services = args.services.split(",") if args.services else None
    names = services or all_services()
    with tempfile.TemporaryDirectory(prefix="bench-botocore-") as tmp:
        root = Path(tmp) / "project"
        make_project(root, services)
        seconds, memory, cpu = build(root, args.views, args.finishers)
        pages, total, largest, size = page_sizes(root / "_site")
        per_view = {
            view: len(list((root / "_site/reference").glob(f"*/{view}/*/index.html")))
            for view in args.views.split(",")
        }
    operations = max(per_view.values())
    print(f"botocore {botocore.__version__}: {len(names)} services, {operations:,} operations")
    print(f"specsite ({args.views} views{', with finishers' if args.finishers else ''}):")
    print(f"  pages            {pages:,} ({', '.join(f'{n:,} {v}' for v, n in per_view.items())})")
    print(f"  wall time        {seconds:.1f} s")
    print(f"  pages per second {pages / seconds:,.0f}")
    print(
        f"  CPU time         {sum(cpu):.1f} s (build and workers: {cpu[0]:.1f} s user, {cpu[1]:.1f} s system)"
    )
    print(f"  peak memory      {memory.pss / MIB:,.0f} MiB PSS summed over processes")
    rss = f"{memory.rss_sum / MIB:,.0f} MiB RSS summed, {memory.rss_max / MIB:,.0f} MiB largest process"
    print(f"                   {rss}")
    shown = largest.relative_to(root / "_site") if largest else "-"
    print(f"  output           {total / MIB:,.0f} MiB of HTML; largest page {size / 1024:,.0f} KiB ({shown})")
    imported, loaded, peak = time_loading(services)
    print(f"model loading (in the build's parent, before any page): {loaded:.1f} s CPU")
    print(f"  after {imported:.1f} s of imports; {peak / MIB:,.0f} MiB peak RSS once loaded")
    blocks, ours_ms, pygments_ms = time_highlighting(names)
    each = f"{ours_ms:.3f} ms each from tokens, {pygments_ms:.3f} ms with Pygments"
    print(f"highlighting {blocks:,} request-syntax blocks: {each}")
    print(f"  Pygments would add about {pygments_ms * operations * 2 / 1000:.0f} s of CPU over both views")
    if args.skip_boto3:
        return
    boto_wall, boto_cpu = time_boto3(names)
    print("boto3 ServiceDocumenter.document_service() (reStructuredText only):")
    print(f"  wall time        {boto_wall:.1f} s (CPU {boto_cpu:.1f} s)")
    ratio = f"{boto_wall / seconds:.1f}x faster by wall time, {boto_cpu / sum(cpu):.1f}x by CPU time"
    print(f"  specsite is {ratio}")


if __name__ == "__main__":
    main()
