"""``specsite diff OLD NEW``: the changes between two revisions of a project's spec."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..engine.commands import Command
from ..engine.errors import UsageError

# What ``report`` writes. The diff itself is imported when the command runs: a build, which
# also lists this command, does not need it (issue 15, fixed costs).
FORMATS = ("text", "markdown", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="a git revision (tag, branch, commit) or a project folder")
    parser.add_argument("new", metavar="NEW", help="the same, or WORKTREE for the files as they are on disk")
    parser.add_argument("--root", default=".", metavar="DIR", help="project folder (default: .)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--fail-on-breaking", action="store_true", help="exit 1 when any change is breaking")
    parser.add_argument("--verbose", action="store_true", help="also list description-only changes")


def run(args: argparse.Namespace) -> int:
    from .diff import diff_specs, load_model
    from .report import as_json, as_markdown, as_text
    from .revisions import resolve

    root = Path(args.root)
    if not root.is_dir():
        raise UsageError(f"project folder '{args.root}' does not exist")
    old, new = resolve(args.old, root), resolve(args.new, root)
    changes = diff_specs(load_model(old), load_model(new))
    if not args.verbose:
        changes = [c for c in changes if not c.minor]
    if args.format == "json":
        sys.stdout.write(as_json(changes))
    elif args.format == "markdown":
        sys.stdout.write(as_markdown(changes, args.old, args.new))
    else:
        sys.stdout.write(as_text(changes))
        if not args.quiet:
            breaking = sum(c.breaking for c in changes)
            print(f"{len(changes)} changes, {breaking} breaking", file=sys.stderr)
    return 1 if args.fail_on_breaking and any(c.breaking for c in changes) else 0


COMMAND = Command(
    "diff", "list the spec changes between two revisions, breaking or compatible", add_arguments, run
)
