"""The ``specsite`` command: switch on the features the command uses, then run it."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from . import features
from .engine import commands


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    features.load(features.command_of(args))
    return commands.main(args)
