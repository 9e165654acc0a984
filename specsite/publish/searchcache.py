"""Search indexes kept between builds, so that an unchanged site does not run Pagefind again.

One job: store and find Pagefind bundles (the files of ``pagefind/``) in
``.specsite-cache/search/``, each with the list of pages it was made from.
A page is its output path and its exact HTML bytes, as Pagefind was given
them, in the order it was given them; the bundle depends on nothing else but
Pagefind itself and its settings, which make the entry's ``stamp``.

An entry is one file named after a digest of its stamp and pages (content
addressed: the same site makes the same name). Only the newest ``KEEP`` are
kept, so the folder holds a site's index or two, never its history. A file
that is damaged (bad magic, truncated, a checksum that does not match) is
ignored with a note, as the build cache does; one made under another stamp is
simply not the site's.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..engine.errors import Diagnostic, display_path

SEARCH_DIR = "search"
SUFFIX = ".pagefind"
MAGIC = b"specsite search index 1\n"
CHECKSUM_SIZE = 32
KEEP = 2
STAMP_MAX = 256  # longer than any stamp: a first line without its newline within it is damage
DAMAGED = "ignored a damaged search index in the build cache (Pagefind runs again)"


def page_digest(path: str, data: bytes) -> bytes:
    """What Pagefind is given for one page: its output path (the URL comes from it) and its HTML."""
    digest = hashlib.blake2b(digest_size=20, person=b"specsite-pf-page")
    for part in (path.encode("utf-8", "surrogatepass"), data):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


def stamp(binary: Path, settings: Mapping[str, object]) -> str:
    """Pagefind's identity and the settings it runs with: a bundle made under another stamp is not reused.

    The binary is named by its path, size and modification time (as the build
    cache names specsite's own code): asking it for ``--version`` would start
    the very process a warm build avoids.
    """
    info = binary.stat()
    identity = {
        "binary": str(binary),
        "size": info.st_size,
        "mtime_ns": info.st_mtime_ns,
        "settings": settings,
    }
    return hashlib.blake2b(json.dumps(identity, sort_keys=True).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Bundle:
    """A kept Pagefind bundle: the pages it indexes (``page_digest`` of each, in the order fed), and
    where its files are (read only when it is reused: a large site's index is hundreds of MB)."""

    pages: tuple[bytes, ...]
    path: Path
    files_at: int  # offset of the files' part in ``path``


class IndexStore:
    """The search indexes of one project's build cache, under one stamp.

    An entry is ``MAGIC``, the stamp and a newline, then two parts, each a
    checksum, a length and ``marshal`` data: the page digests, then the files.
    """

    def __init__(self, cache_folder: Path, root: Path, stamp: str, writable: bool = True):
        self.folder = cache_folder / SEARCH_DIR
        self.root = root
        self.stamp = stamp.encode()
        self.writable = writable  # False: ``specsite check`` reads the cache and writes nothing

    def kept(self) -> tuple[list[Bundle], list[Diagnostic]]:
        """The stored bundles made under this stamp, newest first, and a note for each damaged one."""
        bundles: list[Bundle] = []
        notes: list[Diagnostic] = []
        for path in self._entries():
            try:
                bundle = self._read_pages(path)
            except FileNotFoundError:
                continue  # pruned by a build running beside this one
            except (OSError, _Damaged):
                notes.append(self.damaged(path))
                continue
            if bundle is not None:
                bundles.append(bundle)
        return bundles, notes

    def files(self, bundle: Bundle) -> dict[str, bytes] | None:
        """The files of a bundle, or None when they are gone or damaged (``damaged`` says so)."""
        try:
            with open(bundle.path, "rb") as file:
                file.seek(bundle.files_at)
                files = marshal.loads(_part(file))
        except (OSError, EOFError, ValueError, TypeError, _Damaged):
            return None
        return files if isinstance(files, dict) else None

    def damaged(self, path: Path) -> Diagnostic:
        return Diagnostic(display_path(path, self.root), 0, 0, DAMAGED, severity="note")

    def save(self, pages: Sequence[bytes], files: Mapping[str, bytes]) -> None:
        """Store a bundle as the newest, and drop all but the newest ``KEEP``; never fails the build."""
        if not self.writable:
            return
        name = _name(self.stamp, pages) + SUFFIX
        with contextlib.suppress(OSError, ValueError):
            data = (
                MAGIC
                + self.stamp
                + b"\n"
                + _pack(marshal.dumps(tuple(pages)))
                + _pack(marshal.dumps(dict(files)))
            )
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(self.folder / name, data)
            for old in self._entries()[KEEP:]:
                old.unlink(missing_ok=True)

    def touch(self, pages: Sequence[bytes]) -> None:
        """Mark the bundle of ``pages`` as the newest (it was just reused), so pruning keeps it."""
        if not self.writable:
            return
        with contextlib.suppress(OSError):
            os.utime(self.folder / (_name(self.stamp, pages) + SUFFIX))

    def _entries(self) -> list[Path]:
        """Stored bundles, newest first."""
        try:
            found = [(path.stat().st_mtime_ns, path) for path in self.folder.glob("*" + SUFFIX)]
        except OSError:
            return []
        return [path for _, path in sorted(found, reverse=True)]

    def _read_pages(self, path: Path) -> Bundle | None:
        """The pages of the bundle in ``path``; None when it was made under another stamp."""
        with open(path, "rb") as file:
            if file.read(len(MAGIC)) != MAGIC:
                raise _Damaged
            made_by = file.readline(STAMP_MAX)
            if not made_by.endswith(b"\n"):
                raise _Damaged
            if made_by[:-1] != self.stamp:
                return None  # another Pagefind or other settings: not damaged, just not ours
            try:
                pages = marshal.loads(_part(file))
            except (EOFError, ValueError, TypeError):
                raise _Damaged from None
            if not isinstance(pages, tuple) or not all(isinstance(page, bytes) for page in pages):
                raise _Damaged
            return Bundle(pages, path, file.tell())


class _Damaged(Exception):
    """An entry that is not what ``save`` writes: truncated, overwritten, or not an entry at all."""


def _pack(data: bytes) -> bytes:
    checksum = hashlib.blake2b(data, digest_size=CHECKSUM_SIZE).digest()
    return checksum + len(data).to_bytes(8, "little") + data


def _part(file: BinaryIO) -> bytes:
    """The next part written by ``_pack``, checked against its checksum."""
    checksum, size = file.read(CHECKSUM_SIZE), file.read(8)
    length = int.from_bytes(size, "little")
    if len(size) != 8 or length > os.fstat(file.fileno()).st_size:
        raise _Damaged  # (a length from damaged bytes can be any number)
    data = file.read(length)
    if hashlib.blake2b(data, digest_size=CHECKSUM_SIZE).digest() != checksum:
        raise _Damaged
    return data


def _name(stamp: bytes, pages: Sequence[bytes]) -> str:
    digest = hashlib.blake2b(stamp, digest_size=20, person=b"specsite-pf-site")
    for page in pages:
        digest.update(page)
    return digest.hexdigest()


def _write_atomic(target: Path, data: bytes) -> None:
    """``data`` as ``target``, complete or not at all: a killed build leaves no partial entry."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
