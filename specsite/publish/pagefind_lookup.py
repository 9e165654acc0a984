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
import importlib.util
import os
import shutil
from pathlib import Path

BINARY_PACKAGES = ("pagefind_bin_extended", "pagefind_bin")
NAMES = ("pagefind_extended", "pagefind")


def get_executable() -> Path | None:
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named is not None:
        return Path(named)
    for package in BINARY_PACKAGES:
        try:
            spec = importlib.util.find_spec(package)
        except ImportError:
            continue
        if spec is not None:
            return _in_package(package, spec.submodule_search_locations or [])
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found is not None else None


def _in_package(package: str, folders: list[str]) -> Path:
    # The binary packages keep the executable beside their ``__init__``; importing one to
    # ask it costs more than the look (it loads ``platform``, whose regexes compile at import).
    suffixes = ("", ".exe") if os.name == "nt" else ("",)
    for folder in folders:
        for name in NAMES:
            for suffix in suffixes:
                candidate = Path(folder, name + suffix)
                if candidate.is_file():
                    return candidate
    # Not where expected: the package itself says where it is, or why not.
    return Path(importlib.import_module(package).get_executable())
