"""A build killed mid-render (SIGKILL: the OOM killer; SIGTERM: ``timeout``, a cancelled CI job)
leaves no worker process running, and the next build leaves no staging folder behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from specsite.engine.writer import remove_abandoned

from .conftest import REPO, run_cli, tree, write_files

# Render in worker processes however small the site, in chunks of two pages.
DRIVER = """
import sys
from specsite.engine import builder, render
builder.PARALLEL_MIN_ROUTES = 1
render.CHUNK_ROUTES = 2
from specsite.cli import main
sys.exit(main(["build", "--root", sys.argv[1], "-q"]))
"""
# Each page spins for a while, so the build is surely mid-render when it is killed.
SLOW_PAGE = """\
---
title: Page {n}
---
{{% set ns = namespace(total=0) %}}{{% for i in range(60000) %}}{{% set ns.total = ns.total + i %}}{{% endfor %}}
Total: {{{{ ns.total }}}}
"""
PAGES = 40


def project(root: Path, slow: bool) -> Path:
    page = SLOW_PAGE if slow else "---\ntitle: Page {n}\n---\nQuick.\n"
    return write_files(root, {f"site_src/p{n}.md": page.format(n=n) for n in range(PAGES)})


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie nobody reaped yet counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(check: Callable[[], object], what: str, seconds: float = 60) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def staging_folders(root: Path) -> list[str]:
    # (The build cache, .specsite-cache/, stays on purpose.)
    return sorted(p.name for p in root.iterdir() if "specsite-" in p.name and p.name != ".specsite-cache")


@pytest.fixture(scope="module")
def needs_two_cores() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc to find the worker processes")
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs two cores to render in worker processes")


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_build_killed_mid_render_leaves_no_workers_and_the_next_build_no_staging(
    tmp_path: Path, signum: int, needs_two_cores: None
) -> None:
    root = project(tmp_path / "project", slow=False)
    assert run_cli("build", "--root", str(root), "-q").code == 0
    before = tree(root / "_site")
    project(root, slow=True)
    log = tmp_path / "stderr.txt"
    with log.open("w") as stderr:  # a file, not a pipe: a surviving worker would hold a pipe open
        proc = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(root)],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stderr=stderr,
        )
    workers: set[int] = set()
    try:
        staging = root / f"._site.specsite-new-{proc.pid}"

        def rendering() -> bool:
            workers.update(children(proc.pid))
            pages = list(staging.rglob("index.html")) if staging.is_dir() else []
            return len(workers) >= 2 and len(pages) >= 2

        wait_for(rendering, "two workers to have rendered pages")
        proc.send_signal(signum)
        assert proc.wait(60) == (143 if signum == signal.SIGTERM else -signal.SIGKILL)
        assert "Traceback" not in log.read_text()
        wait_for(lambda: not any(alive(pid) for pid in workers), f"workers {workers} to exit", 20)
        assert tree(root / "_site") == before  # the killed build changed nothing
        if signum == signal.SIGKILL:
            assert staging.is_dir()  # nothing ran to remove it: the next build must
        else:
            assert not staging.exists()  # SIGTERM unwinds: the killed build removed it itself
    finally:
        for pid in [proc.pid, *workers]:  # after a failure, leave nothing running
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        proc.wait()

    result = run_cli("build", "--root", str(project(root, slow=False)), "-q")

    assert result.code == 0, result.err
    assert staging_folders(root) == []
    assert not [pid for pid in workers if alive(pid)]
    assert (root / "_site/p7/index.html").is_file()


def test_a_staging_folder_of_a_running_build_is_left_alone(tmp_path: Path) -> None:
    """Two builds into one output may run at once; only a dead build's folder is removed."""
    running = tmp_path / f"._site.specsite-new-{os.getppid()}"  # a live process, older than the folder
    dead = tmp_path / "._site.specsite-old-999999999"
    other = tmp_path / "._docs.specsite-new-999999999"  # another output's
    for folder in (running, dead, other):
        folder.mkdir()
    removed = remove_abandoned(tmp_path, "_site")
    assert removed == [dead]
    assert staging_folders(tmp_path) == sorted(p.name for p in (running, other))
