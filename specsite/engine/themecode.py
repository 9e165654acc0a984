"""specsite's own templates, compiled once per user and shared by every project.

Python keeps specsite's modules compiled in ``__pycache__``; this store keeps
its built-in templates (the theme, the catalog and reference pages) compiled
the same way. A project's first build, before it has a ``.specsite-cache/``,
then compiles only its own pages and templates: the theme was a fifth of the
demo's first build.

The entries are keyed exactly as in a project's cache (the source, the
environment's settings, filters and globals; specsite's and the libraries'
versions in the header), so code from the store is the code that would be
compiled. It lives in ``$SPECSITE_CACHE_HOME`` (empty: no store), else
``$XDG_CACHE_HOME/specsite``, else ``~/.cache/specsite``, and is safe to
delete. A file that is damaged or from another version is ignored and
rewritten, silently, as Python does with a stale ``.pyc``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .buildcache import BuildCache, Key

STORE_FILE = "theme-code.cache"
# Code compiled for other environments (a project whose hooks add filters compiles the
# theme under its own key) is kept up to this many entries, newest first.
KEEP_UNUSED = 1000
PACKAGE_DIR = str(Path(__file__).parent.parent) + os.sep


def store_folder() -> Path | None:
    """Where the store lives; None when ``SPECSITE_CACHE_HOME`` is set empty."""
    configured = os.environ.get("SPECSITE_CACHE_HOME")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "specsite"


def is_builtin(filename: str | None) -> bool:
    """Whether a template was loaded from specsite's own files (not from a project)."""
    return filename is not None and filename.startswith(PACKAGE_DIR)


class ThemeStore:
    """The store, read on the first built-in template a build compiles (a build whose project
    cache holds them all never reads it)."""

    def __init__(self, writable: bool):
        self.writable = writable
        self.folder = store_folder()
        self._store: BuildCache | None = None
        # Shards of worker processes are named after the opening process's token: made here,
        # before any fork, so that every worker's shard is one the parent folds in.
        self._token = BuildCache.off().token

    def get(self, key: Key) -> Any | None:
        store = self._open()
        return None if store is None else store.get("theme", key)

    def put(self, key: Key, value: Any) -> None:
        store = self._open()
        if store is not None:
            store.put(key, value)

    def flush_shard(self) -> None:
        if self._store is not None:
            self._store.flush_shard()

    def save(self) -> None:
        if self._store is not None:
            self._store.save()

    def _open(self) -> BuildCache | None:
        if self._store is None and self.folder is not None:
            # A damaged file's note is not shown: the store is specsite's, not the project's.
            self._store, _notes = BuildCache.open(
                self.folder, STORE_FILE, self.folder, self.writable, KEEP_UNUSED
            )
            self._store.token = self._token
        return self._store
