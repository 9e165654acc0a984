"""What ``--sandbox`` costs: the time to render every page, with and without Jinja's sandbox.

    python bench/bench_sandbox.py                 # the demo site and a synthetic 1,000-page site
    python bench/bench_sandbox.py --runs 9

Only rendering is timed, in CPU seconds (in this process, runs alternating between the two
modes, the median printed): reading, the search index and writing cost the
same either way, and on a full build they hide the difference
(``bench_build.py --sandbox`` gives whole builds).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from synth import make_synthetic  # noqa: E402

from specsite import features  # noqa: E402
from specsite.engine.builder import BuildOptions, prepare  # noqa: E402
from specsite.engine.render import Renderer  # noqa: E402

DEMO_PARTS = ("specs", "site_src", "templates", "site.yml")


def render_seconds(root: Path, sandbox: bool) -> tuple[float, int]:
    _, inputs, plan, _ = prepare(BuildOptions(str(root), sandbox=sandbox))
    renderer = Renderer(inputs, plan)
    errors: list = []
    start = time.process_time()  # CPU time: the machine may be shared
    count = sum(1 for _ in renderer.render_all(plan.routes, errors))
    seconds = time.process_time() - start
    if errors:
        raise SystemExit(f"{root}: {errors[0].format()}")
    return seconds, count


def compare(label: str, root: Path, runs: int) -> None:
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(runs):
        for sandbox in (False, True):
            seconds, routes = render_seconds(root, sandbox)
            times[sandbox].append(seconds)
    plain, boxed = statistics.median(times[False]), statistics.median(times[True])
    print(
        f"{label:<24} {routes:>7} {plain:>9.3f} {boxed:>11.3f} {(boxed / plain - 1) * 100:>+9.1f}%",
        flush=True,
    )


def copy_demo(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in DEMO_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            shutil.copy(source, dest / name)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="renders per mode (the median is printed)")
    parser.add_argument("--pages", type=int, default=1000, help="size of the synthetic site")
    args = parser.parse_args()
    features.load()
    print(f"{'project':<24} {'outputs':>7} {'render s':>9} {'sandbox s':>11} {'cost':>10}")
    with tempfile.TemporaryDirectory(prefix="specsite-bench-") as tmp:
        compare("demo site", copy_demo(Path(tmp) / "demo"), args.runs)
        synthetic = make_synthetic(Path(tmp) / "synthetic", pages=args.pages)
        compare(f"synthetic {args.pages} pages", synthetic, args.runs)


if __name__ == "__main__":
    main()
