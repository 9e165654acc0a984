"""The ``specsite`` command: switch every feature on, then run the command line."""

from __future__ import annotations

from collections.abc import Sequence

from . import features
from .engine import commands


def main(argv: Sequence[str] | None = None) -> int:
    features.load()
    return commands.main(argv)
