"""Both cores from the start: pages read and rendered in worker processes, the search index fed
while pages render, and the link check working from what the renderer saw. Whatever the number of
processes, the site, the index and every message are the same as a serial build's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from specsite.engine import render

from .conftest import REPO, SEED_PAGE, copy_demo, tree, write_files

# Builds run in a fresh process: specsite forks worker processes only from a
# process without other threads, and a test session has some (the browser's).
# argv: root, "parallel" or "serial", then the build's options as JSON.
DRIVER = """
import json, sys
from specsite import features
from specsite.engine import builder, pages
from specsite.engine.errors import ProjectError
features.load()
parallel = sys.argv[2] == "parallel"
builder.PARALLEL_MIN_ROUTES = 1 if parallel else 10**9
pages.PARALLEL_MIN_FILES = 1 if parallel else 10**9
try:
    result = builder.build(builder.BuildOptions(sys.argv[1], **json.loads(sys.argv[3])))
except ProjectError as exc:
    print(json.dumps({"errors": [d.format() for d in exc.diagnostics]}))
    sys.exit(1)
print(json.dumps({
    "workers": builder.worker_count(),
    "files": result.files,
    "warnings": [d.format() for d in result.warnings],
}))
"""


def build(root: Path, parallel: bool, **options: object) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    mode = "parallel" if parallel else "serial"
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(root), mode, json.dumps(options)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    if parallel and report.get("workers", 2) < 2:
        pytest.skip("needs two cores to work in worker processes")
    return report


def serial_and_parallel(root: Path, **options: object) -> tuple[dict, dict, dict, dict]:
    """Each build's report and site (an error leaves no site: then an empty one)."""
    serial = build(root, parallel=False, **options)
    serial_site = tree(root / "_site") if (root / "_site").exists() else {}
    parallel = build(root, parallel=True, **options)
    parallel_site = tree(root / "_site") if (root / "_site").exists() else {}
    return serial, serial_site, parallel, parallel_site


def assert_same_site(serial: dict[str, bytes], parallel: dict[str, bytes]) -> None:
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []


def seed_copies(root: Path, copies: int) -> Path:
    """The seed page ``copies`` times in the demo project, each with its own title."""
    copy_demo(root)
    text = SEED_PAGE.read_text(encoding="utf-8")
    for n in range(copies):
        page = text.replace("title: Upload interactions", f"title: Upload interactions {n}", 1)
        write_files(root, {f"site_src/copies/page-{n:03d}.md": page})
    return root


def test_the_seed_page_over_the_threshold_builds_byte_for_byte_the_same_site(tmp_path: Path) -> None:
    root = seed_copies(tmp_path / "seed", render.PARALLEL_MIN_ROUTES + 10)
    serial, serial_site, parallel, parallel_site = serial_and_parallel(root, check_links=True)
    assert sum(name.startswith("copies/") for name in serial_site) == render.PARALLEL_MIN_ROUTES + 10
    assert_same_site(serial_site, parallel_site)
    # The search index too: Pagefind is fed the pages in plan order either way.
    assert any(name.startswith("pagefind/index/") for name in serial_site)
    assert parallel["warnings"] == serial["warnings"]
    assert parallel["files"] == serial["files"]


def test_the_demo_builds_the_same_site_and_search_index_however_it_is_split(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "demo")
    _, serial_site, _, parallel_site = serial_and_parallel(root)
    assert_same_site(serial_site, parallel_site)
    index = sorted(name for name in serial_site if name.startswith("pagefind/"))
    assert len(index) > 20  # fragments, index chunks, the search UI


def test_front_matter_errors_read_in_workers_are_reported_as_a_serial_build_reports_them(
    tmp_path: Path,
) -> None:
    files = {
        f"site_src/s{n // 50}/p{n:03d}.md": f"---\ntitle: Page {n}\n---\nText {n}.\n" for n in range(300)
    }
    files["site_src/s0/p007.md"] = "---\ntitle: [unclosed\n---\nBody\n"
    files["site_src/s3/p170.md"] = "---\ntitle: T\norder: soon\n---\nBody\n"
    files["site_src/s5/p299.md"] = "---\ntitle: T\n"
    files["site_src/s4/p201.md"] = "---\ntitle: T\nurl: /s0/p000/\n---\nBody\n"
    files["site_src/s0/p000.md"] = "---\ntitle: T\nurl: /s0/p000/\n---\nBody\n"
    root = write_files(tmp_path / "bad", {**files, "site.yml": "title: T\nsearch: false\n"})
    serial = build(root, parallel=False)
    parallel = build(root, parallel=True)
    assert len(serial["errors"]) == 4
    assert parallel["errors"] == serial["errors"]
    assert "site_src/s0/p007.md:2:" in serial["errors"][0]
    assert not (root / "_site").exists()


def test_pages_read_in_workers_keep_their_front_matter_positions(tmp_path: Path) -> None:
    """A value from front matter still knows its line after it came back from a worker."""
    files = {f"site_src/p{n:03d}.md": f"---\ntitle: Page {n}\n---\nText {n}.\n" for n in range(250)}
    files["site_src/p100.md"] = "---\ntitle: T\nlayout: nowhere.html\n---\nBody\n"
    root = write_files(tmp_path / "layout", {**files, "site.yml": "title: T\nsearch: false\n"})
    serial = build(root, parallel=False)
    assert serial["errors"] == build(root, parallel=True)["errors"]
    assert serial["errors"][0].startswith("site_src/p100.md:3:")


def test_the_link_check_finds_the_same_broken_links_serial_and_parallel(tmp_path: Path) -> None:
    files = {f"site_src/p{n:02d}.md": f"# Page {n}\n\n[next](p{n + 1:02d}.md)\n" for n in range(60)}
    files["site_src/p10.md"] = "# Ten\n\n[gone](missing.md) and [anchor](p11.md#nowhere)\n"
    files["site_src/p20.md"] = '# Twenty\n\n<a href="../elsewhere/">away</a>\n\n<p id="here">x</p>\n'
    files["site_src/p30.md"] = "# Thirty\n\n[there](p20.md#hre)\n"
    root = write_files(tmp_path / "links", {**files, "site.yml": "title: T\nsearch: false\n"})
    serial, serial_site, parallel, parallel_site = serial_and_parallel(root, check_links=True)
    assert parallel["warnings"] == serial["warnings"]
    broken = [line for line in serial["warnings"] if "broken link" in line]
    assert any(line.startswith("site_src/p10.md:3:") and "missing" in line for line in broken)
    assert any("no element with id 'nowhere'" in line for line in broken)
    assert any("did you mean 'here'" in line for line in broken)
    assert any("p59.md" in line and "p60" in line for line in broken)  # the last page's next link
    assert_same_site(serial_site, parallel_site)


# Run in a fresh process: this test session has other threads (a browser, a server), and
# specsite forks no workers where other threads run.
READ_IN_WORKERS = """
import sys
from pathlib import Path
from specsite.engine import pages, workers
if workers.worker_count() < 2:
    print("one core")
    sys.exit(0)
root = Path(sys.argv[1])
pages.PARALLEL_MIN_FILES, pages.READ_CHUNK = 1, 2
serial = pages.load_pages(root / "site_src", root)
with pages.loading(root / "site_src", root) as loaded:
    parallel = loaded()
assert parallel == serial
got, want = parallel[0][0], serial[0][0]
assert got.meta == want.meta
assert got.meta["extra"]["deep"][1].pos == want.meta["extra"]["deep"][1].pos
assert got.meta["extra"].key_pos == want.meta["extra"].key_pos
print("same")
"""


def test_a_page_read_in_a_worker_is_the_page_read_here(tmp_path: Path) -> None:
    text = "---\ntitle: A\ntags: [x, y]\ndate: 2024-05-01\nextra: {deep: [1, two]}\n---\nBody\n"
    root = write_files(tmp_path / "one", {f"site_src/p{n}.md": text for n in range(9)})
    done = subprocess.run([sys.executable, "-c", READ_IN_WORKERS, str(root)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    if done.stdout.strip() == "one core":
        pytest.skip("needs two cores to read pages in worker processes")
    assert done.stdout.strip() == "same"


def test_a_group_of_routes_goes_to_one_worker_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Routes of one group (an AWS service) form one chunk, however long; others go 48 at a time."""
    from specsite.engine import render
    from specsite.engine.plan import Route

    monkeypatch.setitem(render.GROUPS, "grouped", lambda route: route.payload)
    plain = [Route(f"/p{i}/", f"p{i}/index.html", "page") for i in range(100)]
    ec2 = [Route(f"/ec2/{i}/", f"ec2/{i}/index.html", "grouped", payload="ec2") for i in range(130)]
    sqs = [Route(f"/sqs/{i}/", f"sqs/{i}/index.html", "grouped", payload="sqs") for i in range(3)]
    routes = tuple([*plain, *ec2, *sqs, *plain[:5]])
    assert render.chunk_bounds(routes) == [(0, 48), (48, 96), (96, 100), (100, 230), (230, 233), (233, 238)]
