"""Worker processes: how many a build may fork, and a pool of them bound to the build's life."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from . import lifeline

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def worker_count() -> int:
    """Cores this process may use; 1 where worker processes cannot be forked safely.

    Forking copies only the calling thread: a lock another thread held at that
    moment stays locked in the child forever. So a process that runs other
    threads (the dev server's watcher, a test's browser driver) works alone.
    Every build asks, so this stays cheap: ``os.fork`` exists exactly where
    multiprocessing offers the "fork" start method, and importing
    multiprocessing to ask it would cost a small build a fiftieth of a second.
    """
    import threading

    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def workers_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` forked processes that die with this one.

    Shut it down (which joins its helper thread) before anything else checks
    ``worker_count``.
    """
    # Imported here: multiprocessing and the executor cost a small build's start a fiftieth of a second.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # An executor, unlike multiprocessing.Pool, fails instead of hanging when a worker dies.
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        # A killed build must not leave its workers blocked on the queue forever.
        initializer=lifeline.bind_to_parent,
        initargs=(os.getpid(),),
    )
