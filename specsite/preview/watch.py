"""Watching a project's sources for the preview server.

The logic is pure where it can be: a ``Snapshot`` records every source file
with its stamp, and ``diff`` compares two snapshots. A backend only decides
*when* to look again. On Linux, inotify (through ctypes, no dependency) wakes
the watcher as soon as a file is written; elsewhere it polls every 100 ms.
(livereload's own watcher polls every 800 ms without pyinotify, which is why
it is not used.)

Looking again makes a new snapshot (with inotify, only the folders that had
events are listed again) once the files have been quiet for 20 ms, so a burst
of events (an editor writing a temporary file and renaming it over the
original) becomes one set of changes, and a file created and deleted within
the burst is no change.
"""

from __future__ import annotations

import ctypes
import os
import select
import stat
import struct
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..engine.pages import skipped

# What a build reads: the source folders, the site config (site.yml or site.yaml)
# and the usual hook file (serve.py adds hook files named elsewhere in site.yml).
WATCHED = ("specs", "templates", "site_src", "data", "site.yml", "site.yaml", "hooks.py")
POLL_INTERVAL = 0.1
# After the first event, wait until the files have been quiet this long: one save
# is often several writes (truncate, write, rename), and one build should see them all.
SETTLE = 0.02
MAX_SETTLE = 0.5

Stamp = tuple[int, int, int]  # modification time (ns), size, inode


@dataclass(frozen=True)
class Snapshot:
    """Every watched file (project-relative, ``/``-separated) with its stamp, and every folder."""

    files: Mapping[str, Stamp] = field(default_factory=dict)
    dirs: frozenset[str] = frozenset()

    @classmethod
    def take(cls, root: Path, targets: Iterable[str] = WATCHED) -> Snapshot:
        files: dict[str, Stamp] = {}
        dirs: set[str] = set()
        base = os.fspath(root)
        for target in targets:
            _scan(base, target, files, dirs, set())
        return cls(files, frozenset(dirs))

    def refresh(self, root: Path, targets: Iterable[str], folders: Iterable[str]) -> Snapshot:
        """This snapshot with ``folders`` listed again (``""`` is the project root's sources).

        Files directly in those folders are stamped again, new subfolders are
        scanned whole and vanished ones dropped with all they held. The rest is
        kept as it was, which is right when every folder that changed is named:
        inotify names each one that had an event.
        """
        files, dirs = dict(self.files), set(self.dirs)
        base = os.fspath(root)
        for folder in sorted(set(folders)):
            names = tuple(targets) if folder == "" else _names(base, folder)
            if names is None:
                _drop(folder, files, dirs)
                continue
            for rel in [rel for rel in files if _parent(rel) == folder]:
                del files[rel]
            prefix = f"{folder}/" if folder else ""
            present = {prefix + name for name in names}
            for rel in [rel for rel in dirs if _parent(rel) == folder and rel not in present]:
                _drop(rel, files, dirs)
            for rel in sorted(present):
                _restamp(base, rel, files, dirs)
        return Snapshot(files, frozenset(dirs))


def _parent(rel: str) -> str:
    return rel.rpartition("/")[0]


def _names(base: str, folder: str) -> list[str] | None:
    try:
        return [name for name in os.listdir(os.path.join(base, folder)) if not skipped(name)]
    except OSError:
        return None


def _drop(rel: str, files: dict[str, Stamp], dirs: set[str]) -> None:
    """Forget ``rel`` and, if it was a folder, everything under it."""
    prefix = rel + "/"
    for path in [path for path in files if path == rel or path.startswith(prefix)]:
        del files[path]
    for path in [path for path in dirs if path == rel or path.startswith(prefix)]:
        dirs.discard(path)


def _restamp(base: str, rel: str, files: dict[str, Stamp], dirs: set[str]) -> None:
    """Stamp a file again; scan a folder that is new (one already known keeps its entries)."""
    try:
        info = os.stat(os.path.join(base, rel))
    except OSError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode) and rel in dirs:
        return
    if rel in dirs:  # a folder that is gone, or is now a file
        _drop(rel, files, dirs)
    files.pop(rel, None)
    if info is not None:
        _scan(base, rel, files, dirs, set())


def _scan(base: str, rel: str, files: dict[str, Stamp], dirs: set[str], seen: set[tuple[int, int]]) -> None:
    try:
        info = os.stat(os.path.join(base, rel))
    except OSError:
        return
    if stat.S_ISREG(info.st_mode):
        files[rel] = (info.st_mtime_ns, info.st_size, info.st_ino)
        return
    if not stat.S_ISDIR(info.st_mode) or (info.st_dev, info.st_ino) in seen:
        return  # not a folder, or a symlink loop
    seen.add((info.st_dev, info.st_ino))
    dirs.add(rel)
    try:
        names = sorted(os.listdir(os.path.join(base, rel)))
    except OSError:
        return
    for name in names:
        if not skipped(name):
            _scan(base, f"{rel}/{name}", files, dirs, seen)


@dataclass(frozen=True)
class Changes:
    added: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    modified: frozenset[str] = frozenset()

    @property
    def paths(self) -> frozenset[str]:
        return self.added | self.removed | self.modified

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.modified)

    def describe(self) -> str:
        """``site_src/a.md``, or ``site_src/a.md and 2 more``, for the terminal."""
        paths = sorted(self.paths)
        if not paths:
            return "nothing"
        first = paths[0] + (" (deleted)" if paths[0] in self.removed else "")
        return first if len(paths) == 1 else f"{first} and {len(paths) - 1} more"


def diff(old: Snapshot, new: Snapshot, touched: Iterable[str] = ()) -> Changes:
    """What changed between two snapshots.

    ``touched`` names files known to have been written (from inotify): they
    count as modified even when their stamp looks the same, because a file
    written twice within the file system's clock tick can keep its stamp.
    """
    before, after = old.files, new.files
    added = frozenset(after.keys() - before.keys())
    removed = frozenset(before.keys() - after.keys())
    touched_now = set(touched) & before.keys() & after.keys()
    modified = frozenset(p for p in before.keys() & after.keys() if before[p] != after[p] or p in touched_now)
    return Changes(added, removed, modified)


@dataclass(frozen=True)
class Wake:
    """Why a backend woke up: files known to be written, and the folders to list again.

    ``folders`` is None when the backend cannot tell (polling, or an inotify
    queue overflow): the whole tree is scanned again.
    """

    touched: frozenset[str] = frozenset()
    folders: frozenset[str] | None = None

    def __or__(self, other: Wake) -> Wake:
        folders = None if self.folders is None or other.folders is None else self.folders | other.folders
        return Wake(self.touched | other.touched, folders)


class Backend(Protocol):
    settle: float

    def wait(self, timeout: float) -> Wake | None:
        """Block until it is worth looking again; None when ``timeout`` passed quietly."""

    def sync(self, dirs: frozenset[str]) -> frozenset[str]:
        """Follow the folders of a new snapshot; returns the folders it started following."""

    def close(self) -> None: ...


class PollBackend:
    """Look again every ``interval`` seconds."""

    settle = 0.0

    def __init__(self, interval: float = POLL_INTERVAL):
        self.interval = interval

    def wait(self, timeout: float) -> Wake | None:
        time.sleep(min(self.interval, timeout))
        return Wake()

    def sync(self, dirs: frozenset[str]) -> frozenset[str]:
        return frozenset()

    def close(self) -> None:
        pass


# inotify(7) constants.
IN_MODIFY = 0x2
IN_ATTRIB = 0x4
IN_CLOSE_WRITE = 0x8
IN_MOVED_FROM = 0x40
IN_MOVED_TO = 0x80
IN_CREATE = 0x100
IN_DELETE = 0x200
IN_DELETE_SELF = 0x400
IN_MOVE_SELF = 0x800
IN_Q_OVERFLOW = 0x4000
IN_IGNORED = 0x8000
IN_ONLYDIR = 0x01000000
IN_EXCL_UNLINK = 0x04000000
IN_ISDIR = 0x40000000
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000
WATCH_MASK = (
    IN_MODIFY
    | IN_ATTRIB
    | IN_CLOSE_WRITE
    | IN_MOVED_FROM
    | IN_MOVED_TO
    | IN_CREATE
    | IN_DELETE
    | IN_DELETE_SELF
    | IN_MOVE_SELF
    | IN_ONLYDIR
    | IN_EXCL_UNLINK
)
WRITTEN = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE
_EVENT = struct.Struct("iIII")


@dataclass(frozen=True)
class Event:
    wd: int
    mask: int
    name: str


def parse_events(data: bytes) -> list[Event]:
    """Split what ``read()`` returned from an inotify descriptor into events."""
    events, offset = [], 0
    while offset + _EVENT.size <= len(data):
        wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
        offset += _EVENT.size
        name = os.fsdecode(data[offset : offset + length].rstrip(b"\0"))
        offset += length
        events.append(Event(wd, mask, name))
    return events


class InotifyBackend:
    """Linux inotify through ctypes: one watch per folder, the project root included."""

    settle = SETTLE

    def __init__(self, root: Path, targets: Iterable[str] = WATCHED):
        self.root = root
        self.targets = frozenset(targets)
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._libc.inotify_add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        self._libc.inotify_rm_watch.argtypes = [ctypes.c_int, ctypes.c_int]
        self.fd = self._libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            raise _os_error("inotify_init1")
        self._folders: dict[int, str] = {}  # watch descriptor -> folder ("" is the root)
        self._watches: dict[str, int] = {}
        self._add("")

    def _add(self, folder: str) -> None:
        wd = self._libc.inotify_add_watch(self.fd, os.fsencode(self.root / folder), WATCH_MASK)
        if wd < 0:
            raise _os_error(f"inotify_add_watch {folder or '.'}")
        self._folders[wd] = folder
        self._watches[folder] = wd

    def sync(self, dirs: frozenset[str]) -> frozenset[str]:
        for folder in set(self._watches) - dirs - {""}:
            wd = self._watches.pop(folder)
            if self._folders.get(wd) == folder:
                del self._folders[wd]
                self._libc.inotify_rm_watch(self.fd, wd)
        added = set()
        for folder in sorted(dirs - set(self._watches)):
            try:
                self._add(folder)
            except FileNotFoundError:
                continue  # deleted since the snapshot; the next one will not have it
            added.add(folder)
        return frozenset(added)

    def wait(self, timeout: float) -> Wake | None:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                return None
            wake = self._read()
            if wake is not None:
                return wake

    def _read(self) -> Wake | None:
        """Drain the queue: what to look at, or None when no event concerned the sources."""
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return None
        folders: set[str] | None = set()
        touched = set()
        for event in parse_events(data):
            if event.mask & IN_Q_OVERFLOW:
                folders = None  # events were lost: look at everything
                continue
            path = self._path_of(event)
            if path is None:
                continue
            if folders is not None:
                folders.add(_parent(path))
            if event.mask & WRITTEN and not event.mask & IN_ISDIR:
                touched.add(path)
        if folders is not None and not folders:
            return None
        return Wake(frozenset(touched), None if folders is None else frozenset(folders))

    def _path_of(self, event: Event) -> str | None:
        """The project-relative path an event is about, or None for events that do not matter."""
        if event.mask & IN_IGNORED:
            folder = self._folders.pop(event.wd, None)
            if folder is not None and self._watches.get(folder) == event.wd:
                del self._watches[folder]
            return None
        folder = self._folders.get(event.wd)
        if folder is None or not event.name:
            return folder or None
        if folder == "":
            return event.name if event.name in self.targets else None
        return None if skipped(event.name) else f"{folder}/{event.name}"

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _os_error(what: str) -> OSError:
    errno = ctypes.get_errno()
    return OSError(errno, f"{what}: {os.strerror(errno)}")


def default_backend(root: Path, targets: Iterable[str] = WATCHED) -> Backend:
    """inotify on Linux (when the kernel lets us), polling elsewhere."""
    if sys.platform.startswith("linux"):
        try:
            return InotifyBackend(root, targets)
        except (OSError, AttributeError):
            pass
    return PollBackend()


class Watcher:
    """``wait()`` returns the next set of changes to the sources under ``root``."""

    def __init__(self, root: Path, targets: Iterable[str] = WATCHED, backend: Backend | None = None):
        self.root = root
        self.targets = tuple(targets)
        self.backend = backend if backend is not None else default_backend(root, self.targets)
        self.snapshot = self._look()

    @property
    def kind(self) -> str:
        if isinstance(self.backend, PollBackend):
            return f"polling every {self.backend.interval * 1000:.0f} ms"
        return "inotify"

    def _look(self, folders: frozenset[str] | None = None) -> Snapshot:
        """A snapshot of everything, or of ``folders`` only (the rest kept from the last one)."""
        if folders is None:
            snapshot = Snapshot.take(self.root, self.targets)
        else:
            snapshot = self.snapshot.refresh(self.root, self.targets, folders)
        new = self.backend.sync(snapshot.dirs)
        if new:  # files may have appeared in a new folder before it was watched
            snapshot = snapshot.refresh(self.root, self.targets, new)
        return snapshot

    def wait(self, timeout: float) -> Changes | None:
        """The changes since the last call, once the files are quiet; None if nothing changed in time."""
        wake = self.backend.wait(timeout)
        if wake is None:
            return None
        wake |= self._settle()
        new = self._look(wake.folders)
        changes = diff(self.snapshot, new, wake.touched)
        self.snapshot = new
        return changes or None

    def _settle(self) -> Wake:
        found = Wake(folders=frozenset())
        if not self.backend.settle:
            return found
        deadline = time.monotonic() + MAX_SETTLE
        while time.monotonic() < deadline:
            more = self.backend.wait(self.backend.settle)
            if more is None:
                break
            found |= more
        return found

    def close(self) -> None:
        self.backend.close()
