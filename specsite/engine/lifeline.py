"""Processes of a build that must not outlive it.

A build killed with SIGKILL (the OOM killer, a cancelled CI job) runs no
cleanup. Its forked render workers would then wait forever on a queue whose
other end died, so each worker asks the kernel to kill it when its parent
dies (Linux's ``PR_SET_PDEATHSIG``), or watches its parent where that is not
available. Staging folders left behind are the writer's to clear.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def bind_to_parent(parent: int) -> None:
    """Make this (forked) process exit as soon as process ``parent`` is gone."""
    # The parent's SIGTERM handler (see commands) was inherited; a worker just stops.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _death_signal(signal.SIGKILL):
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _death_signal(signum: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here, in the worker: a build that forks none never loads it
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    return libc.prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def is_running(pid: int, since: float) -> bool:
    """Whether process ``pid`` exists and was started before the time ``since`` (a file's ctime).

    The start time tells a reused process number from the build that made a
    file: a process started after the file cannot be its author.
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    started = _start_time(pid)
    return started is None or started <= since + 1.0


def _start_time(pid: int) -> float | None:
    """When ``pid`` started, in seconds since the epoch (Linux ``/proc``); None where unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/stat", encoding="ascii") as system:
            boot = next(float(line.split()[1]) for line in system if line.startswith("btime "))
    except (OSError, IndexError, StopIteration, ValueError):
        return None
    return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
