"""Whether the last build's output is still what a build would make, so a build can skip all work.

After a build, ``remember`` stores in ``.specsite-cache/last-build.json`` a
fingerprint of everything the build read, the stamp of every file it wrote
and the warnings it printed. ``unchanged`` takes the fingerprint again: when
it is the same and the output folder holds exactly those files, untouched,
a build would write the same bytes, and the command can say so and stop.

What the fingerprint covers (stamps are size and modification time, as
``make`` uses them):
- every file under the project folder, except the output folder, the cache,
  folders whose names start with a dot, ``node_modules`` and ``__pycache__``
  (templates may include any file of the project folder, so all are read);
- specsite's own files and the versions of the packages that shape the
  output (Jinja, Python-Markdown, Pygments, botocore for AWS models, Pagefind...);
- the build options, the Python version, the time zone, the environment
  variables a build reads (``ENVIRONMENT``), and the git commit (page dates
  come from git history).
A build that reads anything else (a hook that fetches a URL, a spec outside the
project folder) is not seen to change: ``--no-cache`` always builds.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .buildcache import CACHE_DIR, write_atomic
from .errors import Diagnostic
from .filewalk import files_under
from .projectdirs import Project

if TYPE_CHECKING:
    from .builder import BuildResult
    from .buildoptions import BuildOptions

STAMP_FILE = "last-build.json"
FORMAT = 1
# Folders no build reads, wherever they are in the project.
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})
# Installed distributions whose code or data shape the output.
PACKAGES = (
    "jinja2",
    "markupsafe",
    "markdown",
    "pygments",
    "pyyaml",
    "nh3",
    "jsonschema",
    "botocore",
    "pagefind",
    "pagefind-bin",
)

# Environment variables a build reads: the time zone, the date pages show when git has
# none (reproducible builds), and the Pagefind binary.
ENVIRONMENT = ("TZ", "SOURCE_DATE_EPOCH", "PAGEFIND_BINARY_PATH")


@dataclass(frozen=True)
class Previous:
    """What the last build made and said."""

    out: Path
    pages: int
    files: int
    warnings: tuple[Diagnostic, ...]


def previous_build(options: BuildOptions) -> Previous | None:
    """The last build of these options, if nothing it read has changed and its output is as it left it.

    Never with ``--no-cache`` or ``--sandbox``, nor for a build that saves no cache (``check``).
    """
    if not _applies(options) or not Path(options.root).is_dir():
        return None
    project = Project.at(options.root, options.out, options.sandbox)
    return unchanged(project, _settings(options))


def inputs_key(options: BuildOptions) -> str | None:
    """The fingerprint of what a build of these options reads, taken before it starts (None: no stamp).

    (Taken before, so a file edited while the site builds is seen as a change next time.)
    """
    if not _applies(options):
        return None
    return fingerprint(Project.at(options.root, options.out, options.sandbox), _settings(options))


def remember_build(key: str | None, result: BuildResult) -> None:
    """Store the stamp of a build that just finished, with the ``inputs_key`` taken before it."""
    if key is not None:
        remember(result.project, key, result.pages, result.files, result.warnings)


def _applies(options: BuildOptions) -> bool:
    return options.cache and options.save_cache and not options.sandbox


def _settings(options: BuildOptions) -> tuple:
    """The options that shape the output (the folders are in the stamp already)."""
    return (options.base_url, options.strict, options.debug, options.check_links)


def unchanged(project: Project, options: tuple) -> Previous | None:
    """The last build, if nothing it read has changed and its output is as it left it."""
    try:
        stored = json.loads((project.root / CACHE_DIR / STAMP_FILE).read_text(encoding="utf-8"))
        if stored.get("format") != FORMAT or stored.get("out") != str(project.out):
            return None
        if stored["key"] != fingerprint(project, options) or stored["outputs"] != output_stamps(project.out):
            return None
        warnings = tuple(Diagnostic(*fields) for fields in stored["warnings"])
        return Previous(project.out, int(stored["pages"]), int(stored["files"]), warnings)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no stamp, or one this version cannot read: build


def remember(project: Project, key: str, pages: int, files: int, warnings: list[Diagnostic]) -> None:
    """Store the stamp of a build that just finished (best effort: a read-only project skips it)."""
    stored = {
        "format": FORMAT,
        "out": str(project.out),
        "key": key,
        "outputs": output_stamps(project.out),
        "pages": pages,
        "files": files,
        "warnings": [[d.path, d.line, d.col, d.message, d.severity] for d in warnings],
    }
    folder = project.root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        write_atomic(folder, STAMP_FILE, json.dumps(stored).encode())
    except OSError:
        pass


def fingerprint(project: Project, options: tuple) -> str:
    digest = hashlib.blake2b(digest_size=20)
    skipped = {project.out.resolve(), (project.root / CACHE_DIR).resolve()}
    parts = [
        f"options {options!r}",
        f"python {sys.version}",
        # Dates are shown in the local time zone.
        f"tz {time.tzname} {time.timezone}",
        *(f"env {name}={os.environ.get(name)}" for name in ENVIRONMENT),
        *(f"package {name} {_version(name)}" for name in PACKAGES),
        f"git {_git_head(project.root)}",
        *_file_stamps("specsite", Path(__file__).resolve().parent.parent, set()),
        *_file_stamps("project", project.root, skipped),
    ]
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def output_stamps(out: Path) -> dict[str, list[int]]:
    """Every file in the output folder with its size and modification time."""
    stamps: dict[str, list[int]] = {}
    for rel, entry in files_under(os.fspath(out)):
        info = entry.stat()
        stamps[rel] = [info.st_size, info.st_mtime_ns]
    return stamps


def _file_stamps(label: str, root: Path, skipped: set[Path]) -> list[str]:
    lines = []
    # Walked from its real path, a folder's path is its real path (the walk does not follow
    # links), so the skipped folders are found without resolving every folder on the way.
    base = os.path.realpath(root)
    away = {os.fspath(path) for path in skipped}
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and d not in SKIPPED_DIRS and os.path.join(folder, d) not in away
        )
        rel = os.path.relpath(folder, base)
        for name in sorted(files):
            try:
                info = os.stat(os.path.join(folder, name))
            except OSError:
                continue  # a dangling symlink: no build reads it either
            lines.append(f"{label} {rel}/{name} {info.st_size} {info.st_mtime_ns}")
    return lines


def _version(name: str) -> str:
    return _installed().get(_normal(name), "-")


@lru_cache(maxsize=1)
def _installed() -> dict[str, str]:
    """Installed distributions and their versions, from the ``NAME-VERSION.dist-info`` folders.

    (``importlib.metadata`` takes longer to import than this whole check takes.)
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, version = folder[: -len(".dist-info")].rsplit("-", 1)
                found.setdefault(_normal(name), version)
    return found


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _git_head(root: Path) -> str:
    """The commit checked out, when the project is in a git repository (page dates come from it)."""
    if not any((folder / ".git").exists() for folder in (root, *root.parents)):
        return "-"
    try:
        done = subprocess.run(
            ["git", "-C", os.fspath(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "-"
    return done.stdout.strip() or "-"
