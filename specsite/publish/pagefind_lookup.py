"""Where the Pagefind executable is, found without importing the ``pagefind`` package.

``pagefind.service`` knows the same places, but importing it loads asyncio and
its service types: a twentieth of a second that every build paid only to learn
a path. The places are tried in the same order as there: the
``PAGEFIND_BINARY_PATH`` environment variable, the ``pagefind_bin_extended``
and ``pagefind_bin`` packages (``pagefind[extended]`` and ``pagefind[bin]``),
then ``pagefind_extended`` or ``pagefind`` on the ``PATH``.
"""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path

BINARY_PACKAGES = ("pagefind_bin_extended", "pagefind_bin")


def get_executable() -> Path | None:
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named is not None:
        return Path(named)
    for package in BINARY_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return Path(module.get_executable())
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found is not None else None
