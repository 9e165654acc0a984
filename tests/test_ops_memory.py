"""A rendered reference page lets go of its values at once.

A whole-botocore build renders about 40,000 pages in each worker process.
When a page's template context sits in a reference cycle (a macro defined
while the page renders keeps that context alive), every value of the page,
its member trees included, waits for Python's garbage collector; the
collector then took about a tenth of the build's CPU, and without it a
worker's memory grows by tens of kilobytes a page.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2.runtime import Context

from specsite.engine.buildcache import BuildCache
from specsite.engine.builder import BuildOptions, prepare
from specsite.engine.render import Renderer
from specsite.ops.tree import Node

from .conftest import write_files

pytest.importorskip("botocore.loaders", reason="botocore is not installed")


@pytest.fixture
def saved_garbage() -> Iterator[list[object]]:
    """What becomes unreachable only through a cycle, while the block runs."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_reference_pages_leave_no_cyclic_garbage(tmp_path: Path, saved_garbage: list[object]) -> None:
    root = write_files(
        tmp_path,
        {
            "site.yml": "title: AWS\nsearch: false\naws_services: [sqs]\n",
            "site_src/index.md": "# AWS\n",
        },
    )
    _, inputs, plan, _ = prepare(BuildOptions(root=str(root)))
    renderer = Renderer(inputs, plan, cache=BuildCache.off())
    routes = [route for route in plan.routes if route.kind == "reference"]
    operation_pages = [route for route in routes if route.payload.operation is not None]
    assert len(operation_pages) > 20
    errors: list = []
    # The first pages compile the templates; what they cache is not the pages' garbage.
    for _ in renderer.render_all(routes[:5], errors):
        pass
    gc.collect()
    saved_garbage.clear()
    rendered = sum(1 for _ in renderer.render_all(routes[5:], errors))
    gc.collect()
    assert errors == []
    assert rendered == len(routes) - 5
    left = [type(found).__name__ for found in saved_garbage]
    assert not any(isinstance(found, Node) for found in saved_garbage), left[:20]
    # Only this renderer's contexts: an earlier build in this process (a small site renders
    # here, not in workers) may become garbage now, and that is not these pages'.
    contexts = [found for found in saved_garbage if isinstance(found, Context)]
    assert [context for context in contexts if context.environment is renderer.env] == []


def test_a_finished_build_leaves_nothing_behind_for_the_next(tmp_path: Path) -> None:
    # ``specsite serve`` builds again and again in one process: an earlier build's
    # environment (its specs, templates and every page's values) must be freed.
    root = write_files(
        tmp_path,
        {
            "site.yml": "title: AWS\nsearch: false\naws_services: [sqs]\n",
            "site_src/index.md": "# AWS\n",
        },
    )
    gone = []
    for _ in range(2):
        _, inputs, plan, _ = prepare(BuildOptions(root=str(root)))
        renderer = Renderer(inputs, plan, cache=BuildCache.off())
        routes = [route for route in plan.routes if route.kind == "reference"]
        assert sum(1 for _ in renderer.render_all(routes, [])) == len(routes)
        gone.append(weakref.ref(renderer.env))
        del renderer, inputs, plan
    gc.collect()
    assert gone[0]() is None
