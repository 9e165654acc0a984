"""The ``specsite`` command: switch on the features the command uses, then run it."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from . import features
from .engine import commands


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = features.command_of(args)
    # A build with nothing to do says so before loading the features it would need.
    if command == "build" and (kept := commands.kept_build(args)) is not None:
        return kept
    features.load(command)
    return commands.main(args)
