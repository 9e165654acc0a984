"""When each page source last changed, from git (``last_updated: true`` in site.yml).

One ``git log`` for the whole ``site_src/`` folder, not one per page. The
dates are those of commits, so building the same commit twice gives the
same site. Outside a git repository (or without git) there are no dates.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def last_changed(folder: Path) -> dict[str, str]:
    """``{path relative to folder: 'YYYY-MM-DD'}`` of the newest commit touching each file."""
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return {}
    try:
        out = subprocess.run(
            [git, "log", "--format=%x00%cs", "--name-only", "--relative", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    return parse_log(out)


def parse_log(out: str) -> dict[str, str]:
    """Read ``git log --format=%x00%cs --name-only`` (newest first): the first date seen wins."""
    dates: dict[str, str] = {}
    for entry in out.split("\0")[1:]:
        date, _, names = entry.partition("\n")
        for name in names.splitlines():
            if name.strip():
                dates.setdefault(name.strip(), date.strip())
    return dates
