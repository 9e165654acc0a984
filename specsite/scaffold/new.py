"""The ``new`` command: copy the starter project into a new or empty folder."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from ..engine import commands
from ..engine.errors import UsageError

PROJECT = Path(__file__).parent / "project"


def starter_files() -> list[Path]:
    """The starter project's files, relative to its root, in a stable order."""
    return sorted(p.relative_to(PROJECT) for p in PROJECT.rglob("*") if p.is_file() and p.name != ".keep")


def create(target: Path) -> list[Path]:
    """Write the starter project into ``target``; refuses a folder that already has files."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"'{target}' is a file; give the name of a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(f"'{target}' is not empty; give the name of a new or empty folder")
    written = []
    for rel in starter_files():
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT / rel, dest)
        written.append(rel)
    (target / "templates").mkdir(exist_ok=True)
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", metavar="DIR", help="the folder to create (new, or empty)")


def run(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    written = create(target)
    if not args.quiet:
        print(f"Created a specsite project in {target}/ ({len(written)} files):", file=sys.stdout)
        for rel in written:
            print(f"  {rel.as_posix()}")
        print(f"Next: specsite serve --root {target}   (or: specsite build --root {target} --strict)")
    return 0


commands.COMMANDS.append(
    commands.Command("new", "create a small working project to start from", add_arguments, run)
)
