"""The persistent build cache: ``.specsite-cache/`` at the project root.

One job: a key -> value store for one build. It is loaded once, before any
worker process forks (so the workers read the parent's copy without
copying it), and written once at the end with what this build used and
made. Entries nobody used are dropped then, so the cache stays the size of
the site, not of its history. What is cached, and under which key, is
``cached``'s business.

The file is ``marshal`` data (it loads tens of thousands of entries,
compiled code objects among them, faster than pickle or sqlite) behind a
header that names every version the values depend on. A header that does
not match is an empty cache, silently; a file that is damaged (bad magic,
truncated, a checksum that does not match) is ignored with a note and
rewritten. Writes go to a temporary file renamed over the old one, so two
builds at once leave one complete cache, never a mix.

Worker processes add their new entries (and the keys they used) to the
parent's through shard files named after this build's token; the parent
folds them in when it saves.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import secrets
import sys
import tempfile
import time
import weakref
from collections import Counter
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from .errors import Diagnostic, display_path

CACHE_DIR = ".specsite-cache"
CACHE_FILE = "build.cache"
MAGIC = b"specsite build cache\n"
CHECKSUM_SIZE = 32
# Backup tools and git skip the folder even where the project's .gitignore does not name it.
FOLDER_MARKERS = {
    "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# specsite's build cache: safe to delete, it is rebuilt from the sources.\n",
    ".gitignore": "*\n",
}
ABANDONED_AFTER = 3600  # seconds; no build takes that long between a worker's shard and the save
DAMAGED = "ignored a damaged build cache (rebuilt from the sources)"

Key = bytes


def make_key(kind: str, *parts: str | bytes) -> Key:
    """A digest of ``parts``; each is length-prefixed, so ("ab", "c") and ("a", "bc") differ."""
    digest = hashlib.blake2b(digest_size=20, person=b"specsite-cache")
    for part in (kind, *parts):
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.digest()


@lru_cache(maxsize=1)
def header() -> bytes:
    """What every cached value depends on besides its key: a mismatch empties the cache.

    Made once per process: the code that runs is the code that was imported, whatever
    happens to the files later.
    """
    import jinja2
    import markdown
    import pygments
    import yaml

    from .. import __version__

    versions = {
        "specsite": __version__,
        "specsite-code": _code_stamp(),
        "python": sys.version,
        "jinja2": jinja2.__version__,
        "markdown": markdown.__version__,
        "pygments": pygments.__version__,
        "pyyaml": yaml.__version__,
    }
    return json.dumps(versions, sort_keys=True).encode()


def _code_stamp() -> str:
    """specsite's own modules by size and time: an edited checkout of specsite trusts no old entry."""
    package = Path(__file__).resolve().parent.parent
    stamp = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        stamp.update(f"{path.relative_to(package)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return stamp.hexdigest()


@dataclass(frozen=True)
class CacheStats:
    """How often each kind of value was found in the cache and how often it was made."""

    hits: Mapping[str, int] = field(default_factory=dict)
    misses: Mapping[str, int] = field(default_factory=dict)


class BuildCache:
    """The entries one build may read, and what it adds.

    Mutable on purpose: it is the one place a build accumulates what it made
    for the next build, and it never changes what a page renders to.
    """

    def __init__(
        self,
        folder: Path | None,
        entries: dict[Key, Any],
        enabled: bool = True,
        writable: bool = True,
        file_name: str = CACHE_FILE,
        keep_unused: int = 0,
    ):
        self.folder = folder  # None: kept in memory only (or off)
        self.file_name = file_name
        self.enabled = enabled
        self.writable = writable  # False: read, never written (``specsite check`` writes nothing)
        # How many entries this build did not use a save keeps: 0 for a project's cache (it
        # stays the size of the site); more for a store that several projects share.
        self.keep_unused = keep_unused
        # The store of specsite's own compiled templates that every project shares
        # (``themecode``), consulted after this cache; saved and flushed with it.
        self.shared: SharedStore | None = None
        self.entries = entries
        self.fresh: dict[Key, Any] = {}
        self.used: set[Key] = set()
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()
        self.token = secrets.token_hex(6)
        self.owner = os.getpid()
        self._header = b""
        _LIVE.add(self)

    @classmethod
    def off(cls) -> BuildCache:
        """``--no-cache``: nothing is read or written, every value is made afresh."""
        return cls(None, {}, enabled=False)

    @classmethod
    def in_memory(cls) -> BuildCache:
        return cls(None, {})

    @classmethod
    def load(cls, root: Path, writable: bool = True) -> tuple[BuildCache, list[Diagnostic]]:
        """The cache of the project at ``root`` (empty when there is none or it is stale)."""
        return cls.open(root / CACHE_DIR, CACHE_FILE, root, writable)

    @classmethod
    def open(
        cls, folder: Path, file_name: str, root: Path, writable: bool = True, keep_unused: int = 0
    ) -> tuple[BuildCache, list[Diagnostic]]:
        """The cache in ``folder/file_name`` (empty when there is none or it is stale); notes name
        a damaged file relative to ``root``."""
        expected = header()
        entries, notes = _read(folder / file_name, expected, root)
        cache = cls(folder, entries, writable=writable, file_name=file_name, keep_unused=keep_unused)
        cache._header = expected
        return cache, notes

    def get(self, kind: str, key: Key) -> Any | None:
        """The value stored under ``key``, or None; counted as a hit or a miss of ``kind``."""
        if not self.enabled:
            return None
        value = self.fresh.get(key)
        if value is None:
            value = self.entries.get(key)
        if value is None:
            self.misses[kind] += 1
            return None
        self.hits[kind] += 1
        self.used.add(key)
        return value

    def stats(self) -> CacheStats:
        return CacheStats(dict(self.hits), dict(self.misses))

    def put(self, key: Key, value: Any) -> None:
        if self.enabled:
            self.fresh[key] = value

    def _handed_over(self) -> None:
        """What this process made and counted so far is someone else's to save and report: kept
        to read, not to hand back again (after a shard is written, and in a worker just forked,
        whose parent saves and counts what it made before the fork)."""
        self.entries.update(self.fresh)
        self.fresh, self.used = {}, set()
        self.hits.clear()
        self.misses.clear()

    def flush_shard(self) -> None:
        """In a worker process: hand what it used and made to the parent, through a shard file."""
        if self.shared is not None:
            self.shared.flush_shard()
        if self.folder is None or not self.writable or os.getpid() == self.owner:
            return
        shard = (sorted(self.used), self.fresh, dict(self.hits), dict(self.misses))
        name = f"shard-{self.token}-{os.getpid()}-{secrets.token_hex(4)}"
        try:
            self.folder.mkdir(exist_ok=True)
            write_atomic(self.folder, name, marshal.dumps(shard))
        except OSError:
            return  # a read-only project: the entries are made again next time
        # Later chunks in this worker still find what it made.
        self._handed_over()

    def save(self) -> None:
        """Write the entries this build used or made (and the workers' shards); drop the rest."""
        if self.shared is not None:
            self.shared.save()
        if self.folder is None or not self.enabled or not self.writable:
            return
        # A cache that cannot be written (a read-only project, a value marshal refuses)
        # costs time, never the build.
        with contextlib.suppress(OSError, ValueError):
            self._save()

    def _save(self) -> None:
        assert self.folder is not None
        self._fold_shards()
        kept = {key: self.entries[key] for key in self._unused_kept()}
        # What this build used or made comes last: the newest, dropped last by ``keep_unused``.
        kept.update((key, self.entries[key]) for key in self.used if key in self.entries)
        kept.update(self.fresh)
        if not self.fresh and len(kept) == len(self.entries) and (self.folder / self.file_name).is_file():
            return  # nothing new and nothing to drop: the file on disk is this cache already
        payload = marshal.dumps(kept)
        checksum = hashlib.blake2b(payload, digest_size=CHECKSUM_SIZE).digest()
        self.folder.mkdir(exist_ok=True)
        for name, text in FOLDER_MARKERS.items():
            if not (self.folder / name).exists():
                write_atomic(self.folder, name, text.encode())
        write_atomic(self.folder, self.file_name, MAGIC + self._header + b"\n" + checksum + payload)

    def _unused_kept(self) -> list[Key]:
        """The newest ``keep_unused`` entries this build neither used nor made again (file order)."""
        if not self.keep_unused:
            return []
        unused = [key for key in self.entries if key not in self.used and key not in self.fresh]
        return unused[-self.keep_unused :]

    def _fold_shards(self) -> None:
        assert self.folder is not None
        if not self.folder.is_dir():
            return
        for shard in sorted(self.folder.glob(f"shard-{self.token}-*")):
            try:
                used, fresh, hits, misses = marshal.loads(shard.read_bytes())
            except (OSError, EOFError, ValueError, TypeError):
                continue  # a worker killed mid-write: its entries are made again next time
            finally:
                with contextlib.suppress(OSError):
                    shard.unlink()
            self.used.update(used)
            self.fresh.update(fresh)
            self.hits.update(hits)
            self.misses.update(misses)
        _sweep(self.folder)


def _sweep(folder: Path) -> None:
    """Shards and temporary files a killed build left behind (a running build's are newer)."""
    old = time.time() - ABANDONED_AFTER
    for leftover in [*folder.glob("shard-*"), *folder.glob(".tmp-*")]:
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < old:
                leftover.unlink()


def _read(path: Path, expected: bytes, root: Path) -> tuple[dict[Key, Any], list[Diagnostic]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}, []
    except OSError:
        return {}, [_damaged(path, root)]
    if not data.startswith(MAGIC):
        return {}, [_damaged(path, root)]
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        return {}, [_damaged(path, root)]
    if data[len(MAGIC) : end] != expected:
        return {}, []  # another version of specsite or of a library: never trusted, not damaged
    checksum, payload = data[end + 1 : end + 1 + CHECKSUM_SIZE], data[end + 1 + CHECKSUM_SIZE :]
    if hashlib.blake2b(payload, digest_size=CHECKSUM_SIZE).digest() != checksum:
        return {}, [_damaged(path, root)]
    try:
        entries = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}, [_damaged(path, root)]
    if not isinstance(entries, dict):
        return {}, [_damaged(path, root)]
    return entries, []


def _damaged(path: Path, root: Path) -> Diagnostic:
    return Diagnostic(display_path(path, root), 0, 0, DAMAGED, severity="note")


def write_atomic(folder: Path, name: str, data: bytes) -> None:
    """``data`` as ``folder/name``, complete or not at all (a temporary file renamed over it)."""
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# Every cache of this process, so that a forked worker starts its shard from nothing.
_LIVE: weakref.WeakSet[BuildCache] = weakref.WeakSet()


def _after_fork() -> None:
    for cache in list(_LIVE):
        cache._handed_over()


os.register_at_fork(after_in_child=_after_fork)


class SharedStore(Protocol):
    """A store below a project's cache (``themecode.ThemeStore``), opened on first use."""

    def get(self, key: Key) -> Any | None: ...

    def put(self, key: Key, value: Any) -> None: ...

    def flush_shard(self) -> None: ...

    def save(self) -> None: ...


_active: ContextVar[BuildCache | None] = ContextVar("specsite_build_cache", default=None)


@contextlib.contextmanager
def active(cache: BuildCache) -> Iterator[None]:
    """Make ``cache`` the one that code deep inside a library call (Pygments) consults."""
    token = _active.set(cache if cache.enabled else None)
    try:
        yield
    finally:
        _active.reset(token)


def current() -> BuildCache | None:
    return _active.get()
