"""Diagnostics: what went wrong in a user's files, and where."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Pos:
    """A 1-based line and column in a source file."""

    line: int
    col: int = 0


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in a user's file, printed as ``path:line:col: severity: message``.

    Severities: ``error`` fails the build; ``warning`` fails it with
    ``--strict``; ``note`` only informs (something was left out, on purpose).
    """

    path: str
    line: int = 0
    col: int = 0
    message: str = ""
    severity: str = "error"

    def format(self) -> str:
        where = one_line(self.path)
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return f"{where}: {self.severity}: {one_line(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def one_line(text: str) -> str:
    """``text`` with line breaks and other invisible characters written as escapes.

    A diagnostic is one line per problem, and a user's hostile value (a
    newline, a right-to-left override) must not forge or disguise others.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class ProjectError(Exception):
    """The project has errors; the build stops before anything is written."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics), key=_sort_key)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class UsageError(Exception):
    """The command line or the environment is wrong (exit code 2)."""


def _sort_key(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.col, d.message)


@dataclass
class Report:
    """Collects the diagnostics of one stage, so a user sees every error at once."""

    path: str
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, pos: Pos | None, message: str) -> None:
        self.add(pos, message, "error")

    def warning(self, pos: Pos | None, message: str) -> None:
        self.add(pos, message, "warning")

    def add(self, pos: Pos | None, message: str, severity: str) -> None:
        line, col = (pos.line, pos.col) if pos else (0, 0)
        self.items.append(Diagnostic(self.path, line, col, message, severity))

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)


def display_path(path: Path, root: Path) -> str:
    """A path as the user should see it: relative to the project root when inside it."""
    # As written first: a symlink in the project is named by its own path, not its target's.
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return str(path)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a close match exists, else an empty string."""
    import difflib  # only a mistake needs it: a build without one does not load it

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
