"""Pagefind's share of a build: each way to index the same finished site, and a warm build's reuse.

    python bench/bench_pagefind.py                    # the seed page x 1,000
    python bench/bench_pagefind.py --markdown 4000    # 4,000 generated Markdown pages

Builds the project once (search on, cold), then indexes its written pages
again outside the build, each way Pagefind offers, and prints the wall
seconds and the CPU seconds of the Pagefind process (Linux: read from
/proc/PID/stat between the phases, so the phases can be told apart):

  service          one ``AddFile`` a page in the site's order (what the build does),
                   then ``BuildIndex`` and ``GetFiles``
  service reversed the same pages in the opposite order
  adddir           the service's ``AddDir`` over the folder
  cli              ``pagefind --site`` over the folder (what Eleventy users run)

and for each whether its index is the one the build wrote (same files, same
bytes). Then it builds twice more with nothing changed, through a Pagefind
that counts its starts, and prints each build's CPU (user + system of the
build and every process it waited for) and how often Pagefind started.
"""

from __future__ import annotations

import argparse
import base64
import itertools
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import childtime  # noqa: E402
import sites  # noqa: E402
from bench_cache import same_tree  # noqa: E402

from specsite.publish.pagefeed import PagefindService  # noqa: E402
from specsite.publish.search import BUNDLE_DIR, PAGEFIND_CONFIG, pagefind_binary  # noqa: E402

SCRATCH = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
TIMEOUT = 3600


def process_cpu(pid: int) -> float:
    """User + system seconds of a running process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def by_service(binary: Path, site: Path, pages: list[str], out: Path, add_dir: bool) -> dict[str, float]:
    """Index with ``pagefind --service``; CPU of the process after each phase."""
    work = Path(tempfile.mkdtemp(prefix="pf-work-"))
    start = time.perf_counter()
    service = PagefindService(binary, work)
    pid = service._process.pid
    figures: dict[str, float] = {}
    try:
        asked = service.send({"type": "NewIndex", "config": PAGEFIND_CONFIG}, keep_answer=True)
        index = int(service.answer(asked, TIMEOUT)["index_id"])
        figures["start"] = process_cpu(pid)
        if add_dir:
            service.answer(
                service.send({"type": "AddDir", "index_id": index, "path": str(site)}, True), TIMEOUT
            )
        else:
            for name in pages:
                html = (site / name).read_bytes().decode("utf-8", errors="replace")
                request = {"type": "AddFile", "index_id": index, "file_path": name, "url": None}
                service.send({**request, "file_contents": html})
            # Answered in turn: every page before it has been added.
            service.answer(service.send({"type": "NewIndex", "config": {}}, keep_answer=True), TIMEOUT)
        figures["add"] = process_cpu(pid)
        service.answer(service.send({"type": "BuildIndex", "index_id": index}, keep_answer=True), TIMEOUT)
        figures["build"] = process_cpu(pid)
        files = service.answer(
            service.send({"type": "GetFiles", "index_id": index}, keep_answer=True), TIMEOUT
        )
        figures["get files"] = process_cpu(pid)
    finally:
        service.close()
        shutil.rmtree(work, ignore_errors=True)
    for file in files["files"]:
        target = out / file["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(file["content"]))
    figures["wall"] = time.perf_counter() - start
    return figures


def by_cli(binary: Path, site: Path, out: Path) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="pf-work-"))
    selectors = [f"--exclude-selectors={selector}" for selector in PAGEFIND_CONFIG["exclude_selectors"]]
    before, start = children_cpu(), time.perf_counter()
    command = [str(binary), "--site", str(site), "--output-path", str(out), *selectors]
    subprocess.run(command, cwd=work, check=True, capture_output=True)
    shutil.rmtree(work, ignore_errors=True)
    return {"total": children_cpu() - before, "wall": time.perf_counter() - start}


def counting_binary(real: Path, folder: Path) -> tuple[Path, Path]:
    """A Pagefind that adds a line to a log each time it starts, then runs the real one."""
    log = folder / "starts.log"
    log.write_text("")
    wrapper = folder / "pagefind"
    wrapper.write_text(f'#!/bin/sh\necho started >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, log


def build(root: Path, env: dict[str, str], extra: tuple[str, ...] = ()) -> tuple[float, float]:
    command = [sys.executable, "-m", "specsite", "build", "--root", str(root), "-q", *extra]
    old = os.environ.copy()
    os.environ.update(env)
    try:
        wall, cpu, _ = childtime.timed(command, root)
    finally:
        os.environ.clear()
        os.environ.update(old)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=1000, help="seed page copies")
    parser.add_argument(
        "--markdown", type=int, default=0, help="generated Markdown pages instead of the seed"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and print where")
    args = parser.parse_args()
    binary = pagefind_binary()
    if binary is None:
        raise SystemExit("Pagefind is not installed (pip install 'pagefind[bin]')")
    base = Path(tempfile.mkdtemp(prefix="bench-pagefind-", dir=SCRATCH))
    try:
        run(args, binary, base)
    finally:
        if args.keep:
            print(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


def run(args: argparse.Namespace, binary: Path, base: Path) -> None:
    if args.markdown:
        title, root = (
            f"{args.markdown:,} Markdown pages",
            sites.markdown_project(base / "project", args.markdown),
        )
    else:
        title, root = f"seed page x {args.copies:,}", sites.seed_project(base / "project", copies=args.copies)
    wrapper, log = counting_binary(binary, base)
    env = {"PAGEFIND_BINARY_PATH": str(wrapper)}
    cold = build(root, env)
    site = root / "_site"
    built = site / BUNDLE_DIR
    pages = indexed_pages(root)
    # AddDir and the CLI take a folder: one with the indexed pages only.
    folder = base / "pages"
    for name in pages:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site / name, folder / name)
    size = sum((site / name).stat().st_size for name in pages)
    print(f"{title}: {len(pages):,} pages indexed, {size / 1e6:.1f} MB of HTML; Pagefind {binary}")
    print()
    print(
        "| way | Pagefind CPU s: start | add pages | build index | get files | total | wall s | same index |"
    )
    print("|---|---|---|---|---|---|---|---|")
    ways: list[tuple[str, Callable[[Path], dict[str, float]]]] = [
        ("service, AddFile in site order", lambda out: by_service(binary, site, pages, out, add_dir=False)),
        ("service, AddFile reversed", lambda out: by_service(binary, site, pages[::-1], out, add_dir=False)),
        ("service, AddDir", lambda out: by_service(binary, folder, pages, out, add_dir=True)),
        ("CLI --site", lambda out: by_cli(binary, folder, out)),
    ]
    for number, (name, way) in enumerate(ways):
        out = base / f"index-{number}"
        print(_row(name, way(out), same_tree(out, built)))
    print()
    print("| build | wall s | CPU s | Pagefind started |")
    print("|---|---|---|---|")
    print(f"| cold (no .specsite-cache/) | {cold[0]:.2f} | {cold[1]:.2f} | {_starts(log)} |")
    for label in ("warm", "warm again"):
        before = _starts(log)
        wall, cpu = build(root, env)
        print(f"| {label} (nothing changed) | {wall:.2f} | {cpu:.2f} | {_starts(log) - before} |")
        if not same_tree(site / BUNDLE_DIR, built):
            raise SystemExit("the warm build's index differs from the cold build's")


def indexed_pages(root: Path) -> list[str]:
    """The pages the build gives Pagefind, in the order it gives them (the plan's)."""
    from specsite import features
    from specsite.engine.builder import BuildOptions, prepare
    from specsite.publish.search import searchable

    features.load()
    _, _, plan, _ = prepare(BuildOptions(root=str(root)))
    wanted = searchable(plan)
    return [route.output for route in plan.routes if route.output in wanted]


def _starts(log: Path) -> int:
    return len(log.read_text().splitlines())


def _row(name: str, figures: dict[str, float], same: bool) -> str:
    if "total" in figures:
        cells = ["", "", "", "", f"{figures['total']:.2f}"]
    else:
        marks = [figures["start"], figures["add"], figures["build"], figures["get files"]]
        steps = [marks[0]] + [later - earlier for earlier, later in itertools.pairwise(marks)]
        cells = [f"{step:.2f}" for step in steps] + [f"{marks[-1]:.2f}"]
    return f"| {name} | {' | '.join(cells)} | {figures['wall']:.2f} | {'yes' if same else 'no'} |"


if __name__ == "__main__":
    main()
