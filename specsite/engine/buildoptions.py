"""The options of one build (the command line's, or a caller's), apart from the builder that runs it.

A command can make them, and the up-to-date check read them, without
loading the builder and all it imports.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuildOptions:
    root: str = "."
    out: str | None = None
    base_url: str | None = None
    strict: bool = False
    debug: bool = False
    # None: check links under --strict, and on sites small enough that it is quick.
    check_links: bool | None = None
    # An untrusted contribution: sandboxed templates, no hooks, no symlinks out (``--sandbox``).
    sandbox: bool = False
    # Reuse and update ``.specsite-cache/`` (``--no-cache``: neither read nor written).
    cache: bool = True
    # ``specsite check`` reads the cache but writes nothing.
    save_cache: bool = True
