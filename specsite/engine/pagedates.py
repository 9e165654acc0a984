"""``page.date`` for pages whose front matter and file name give none.

Eleventy falls back to the file's modification time, which changes with every
checkout, so two builds of one commit would sort collections differently.
The rule here is reproducible: the time of the last git commit that touched
the file (of the first, for ``date: git Created``); for a file git does not
know (or outside a repository), the ``SOURCE_DATE_EPOCH`` environment
variable; else 1970-01-01 UTC.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path


class JsDate(datetime):
    """A date that also answers the JavaScript ``Date`` methods Eleventy templates call.

    Sitemaps and feeds written for Eleventy print ``page.date.toISOString()``.
    """

    @classmethod
    def of(cls, value: datetime) -> JsDate:
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        return cls.fromtimestamp(value.timestamp(), UTC)

    def toISOString(self) -> str:
        utc = self.astimezone(UTC)
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"

    def getTime(self) -> int:
        return int(self.timestamp() * 1000)

    def getFullYear(self) -> int:
        return self.astimezone(UTC).year


EPOCH = JsDate(1970, 1, 1, tzinfo=UTC)


class DateRule:
    """Dates of a project's pages, from one ``git log`` for the whole build."""

    def __init__(self, root: Path):
        self.root = root
        self._commits: dict[str, tuple[int, int]] | None = None

    def date_of(self, source: str, created: bool = False) -> datetime:
        """The date of ``source`` (project-relative, as shown in errors): its last commit, or first."""
        if self._commits is None:
            self._commits = _commit_times(str(self.root), _head(str(self.root)))
        times = self._commits.get(source)
        if times is None:
            return fallback_date()
        return JsDate.fromtimestamp(times[1] if created else times[0], UTC)


def fallback_date() -> datetime:
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    if raw.isdigit():
        return JsDate.fromtimestamp(int(raw), UTC)
    return EPOCH


def _git(root: str, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", root, *args], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _head(root: str) -> str | None:
    """The commit checked out: the cache key of the commit times (None outside git)."""
    out = _git(root, "rev-parse", "HEAD")
    return out.strip() if out else None


@lru_cache(maxsize=8)
def _commit_times(root: str, head: str | None) -> dict[str, tuple[int, int]]:
    """The last and first commit times of every file under ``site_src/``, by project-relative path."""
    if head is None:
        return {}
    prefix = _git(root, "rev-parse", "--show-prefix")
    out = _git(root, "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", "site_src")
    if out is None or prefix is None:
        return {}
    prefix = prefix.strip()
    times: dict[str, tuple[int, int]] = {}
    seconds = 0
    for line in out.splitlines():
        if line.startswith("\x00"):
            seconds = int(line[1:])
        elif line.startswith(prefix) and line:
            # The log is newest first: a file's first line is its last change, its last line its creation.
            path = line[len(prefix) :]
            times[path] = (times[path][0] if path in times else seconds, seconds)
    return times
