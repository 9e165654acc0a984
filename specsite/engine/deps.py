"""What a page read while it rendered: the dev server rebuilds pages by this.

Rendering runs one page at a time per process, so a context variable holds
the set for the page being rendered. Objects that a template can reach
(spec namespaces, templates, navigation) record themselves when touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Dep = tuple[str, str]

_current: ContextVar[set[Dep] | None] = ContextVar("specsite_deps", default=None)


def record(kind: str, name: str) -> None:
    """Note that the page being rendered depends on ``(kind, name)``."""
    deps = _current.get()
    if deps is not None:
        deps.add((kind, name))


@contextmanager
def recording() -> Iterator[set[Dep]]:
    """Collect the dependencies recorded inside the ``with`` block."""
    deps: set[Dep] = set()
    token = _current.set(deps)
    try:
        yield deps
    finally:
        _current.reset(token)
