"""The files under a folder, in ``os.walk``'s order, from ``scandir`` entries.

An output folder of a whole API reference holds 40,000 files, walked after
every build (to count them, and to stamp them for the up-to-date check) and
before the next. ``os.walk`` joins a path and the caller then calls
``os.stat`` for every file; the entries ``scandir`` gives already know their
type and their path, which halves the walk.
"""

from __future__ import annotations

import os
from collections.abc import Iterator


def files_under(folder: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Each file below ``folder`` as (its path relative to ``folder``, its entry).

    As ``os.walk`` lists them: names sorted, a folder's files before its
    folders, a link to a folder neither listed nor followed, and a folder
    that cannot be read passed over.
    """
    yield from _walk(folder, "")


def _walk(folder: str, prefix: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        if not entry.is_dir():
            yield prefix + entry.name, entry
        elif not entry.is_symlink():
            folders.append(entry)
    for entry in folders:
        yield from _walk(entry.path, f"{prefix}{entry.name}/")
