"""Checks over a project's source folders as a whole, before anything is planned.

Each file is read on its own elsewhere; these are the problems only the
set of files shows: symlinks that lead out of the project (or round in a
loop), site files that two names publish on case-insensitive file systems,
and files in the folder the search index owns.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .config import SiteConfig
from .errors import Diagnostic, display_path
from .pages import Page, StaticFile

# Pagefind writes the search index here; a user's file in it would be overwritten.
SEARCH_DIR = "pagefind/"


def check_sources(config: SiteConfig, published: Iterable[Page | StaticFile]) -> list[Diagnostic]:
    """Every problem of the source folders taken together (symlinks are checked before reading)."""
    published = list(published)
    # (A template that is not UTF-8 is named by the renderer, with the page that included it.)
    return [*case_clashes(published), *search_dir_files(published, config)]


def _walk(folder: Path) -> Iterator[Path]:
    """``folder`` and everything under it, not following links, hidden names skipped."""
    yield folder
    if folder.is_symlink() or not folder.is_dir():
        return
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in [*dirs, *sorted(files)]:
            if not name.startswith("."):
                yield Path(current, name)


def symlink_problems(root: Path, sources: Iterable[Path], sandbox: bool) -> list[Diagnostic]:
    """Symlinks among the sources (files or folders) that loop, or that lead outside the project.

    A link out of the project is how a checked-in ``leak.txt -> /etc/passwd``
    would publish a build machine's files. Trusted projects may use such
    links on purpose (a shared folder in a monorepo): they get a warning, so
    ``--strict`` refuses them; ``--sandbox`` always does, before reading any file.
    """
    home = root.resolve()
    found = []
    for path in (path for source in sources for path in _walk(source)):
        if not path.is_symlink():
            continue
        shown = display_path(path, root)
        try:
            path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                found.append(Diagnostic(shown, 0, 0, "symlink loop: the link leads back to itself"))
            continue  # a dangling link is simply not a source
        target = Path(os.path.realpath(path))
        if target == home or home in target.parents:
            continue
        if sandbox:
            message = f"symlink to {target}, outside the project; --sandbox reads only the project's files"
            found.append(Diagnostic(shown, 0, 0, message))
        else:
            message = f"symlink to {target}, outside the project: what it points to is read and published"
            found.append(Diagnostic(shown, 0, 0, message, "warning"))
    return found


def case_clashes(published: list[Page | StaticFile]) -> list[Diagnostic]:
    """Two sources whose outputs differ only in letter case (``Guide.md`` and ``guide.md``).

    On macOS and Windows, and on hosts that serve from such disks, one of the
    two replaces the other. Folders count too: ``API/a.md`` and ``api/b.md``
    land in one folder there.
    """
    spelled: dict[str, tuple[str, str]] = {}  # casefolded prefix -> (as spelled, source)
    found = []
    for item in sorted(published, key=lambda item: item.source):
        parts = item.output.split("/")
        for end in range(1, len(parts) + 1):
            prefix = "/".join(parts[:end])
            first, source = spelled.setdefault(prefix.casefold(), (prefix, item.source))
            if first != prefix:
                message = (
                    f"publishes '{prefix}', which differs from '{first}' ({source}) only in letter case; "
                    "on case-insensitive file systems one replaces the other, so rename one"
                )
                found.append(Diagnostic(item.source, 0, 0, message))
                break
    return found


def search_dir_files(published: list[Page | StaticFile], config: SiteConfig) -> list[Diagnostic]:
    """Files a user put where the search index is written, which would replace them."""
    if not config.search:
        return []
    message = (
        f"the site's {SEARCH_DIR} folder holds the search index, which replaces this file; "
        "move it to another folder (or set 'search: false')"
    )
    return [
        Diagnostic(item.source, 0, 0, message) for item in published if item.output.startswith(SEARCH_DIR)
    ]
