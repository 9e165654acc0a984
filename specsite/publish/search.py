"""Full-text search: a Pagefind index of the finished site, and the search box.

Pagefind (the ``pagefind[bin]`` package) reads the HTML of the complete
staging folder and writes a static index and its search UI into
``pagefind/``; browsers search it with no server behind the site. The
built-in layout shows the search box only when search is on and the Pagefind
binary is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import jinja2

from ..engine import builder, views
from ..engine.errors import Diagnostic
from ..engine.pages import Page
from ..engine.templating import SERVED_ANYWHERE

BUNDLE_DIR = "pagefind"
# The layout's parts that repeat on every page (or only decorate it). Indexed,
# they would make every page match every navigation title.
NOT_INDEXED = (
    ".site-header",
    ".sidebar",
    ".toc",
    ".pager",
    ".site-footer",
    ".headerlink",
    ".skip-link",
)
PAGEFIND_TIMEOUT = 600
# A dependency of specsite; missing only where PyPI has no Pagefind binary for the platform.
INSTALL_HINT = "pip install 'pagefind[bin]'"


@cache
def pagefind_binary() -> Path | None:
    """The Pagefind executable from the ``pagefind[bin]`` package (or $PAGEFIND_BINARY_PATH)."""
    try:
        from .pagefind_lookup import get_executable

        found = get_executable()
    except (ImportError, OSError):
        return None
    return found if found is not None and found.is_file() else None


def searchable_pages(finished: builder.Finished) -> list[str]:
    """Output paths of the HTML pages to index: not the 404 page, not pages with ``search: false``."""
    chosen = []
    for route in finished.plan.routes:
        if not route.output.endswith(".html") or route.output not in finished.outputs:
            continue
        if route.url in SERVED_ANYWHERE:
            continue
        if isinstance(route.payload, Page) and not route.payload.search:
            continue
        chosen.append(route.output)
    return chosen


def build_index(finished: builder.Finished) -> list[Diagnostic]:
    config = finished.inputs.config
    if not config.search:
        return []
    where = config.source or "site.yml"
    binary = pagefind_binary()
    if binary is None:
        message = f"no search index: Pagefind is not installed ({INSTALL_HINT}), or set 'search: false'"
        return [Diagnostic(where, 0, 0, message, "warning")]
    pages = searchable_pages(finished)
    # Pagefind indexes a folder; a folder of links to just the chosen pages
    # keeps the 404 page and ``search: false`` pages out of the index.
    with tempfile.TemporaryDirectory(prefix=".specsite-search-", dir=finished.staging.parent) as tmp:
        _link_pages(finished.staging, Path(tmp) / "site", pages)
        result = _run_pagefind(binary, Path(tmp), finished.staging / BUNDLE_DIR)
    if result.returncode != 0:
        detail = (result.stdout + result.stderr).strip().splitlines()[-1:] or ["no output"]
        message = f"Pagefind could not build the search index: {detail[0]}"
        return [Diagnostic(where, 0, 0, message)]
    return []


def _link_pages(staging: Path, folder: Path, pages: list[str]) -> None:
    folder.mkdir()
    for output in pages:
        target = folder / output
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(staging / output, target)
        except OSError:
            shutil.copyfile(staging / output, target)


def _run_pagefind(binary: Path, workdir: Path, bundle: Path) -> subprocess.CompletedProcess[str]:
    command = [
        str(binary),
        "--site",
        str(workdir / "site"),
        "--output-path",
        str(bundle),
        "--exclude-selectors",
        ", ".join(NOT_INDEXED),
        "--silent",
    ]
    # Run in an empty folder: Pagefind reads pagefind.yml/.toml/.json from its working folder.
    return subprocess.run(
        command, cwd=workdir, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT, check=False
    )


def register_search(env: jinja2.Environment) -> None:
    """``search_ready`` tells the layout whether a search index will be built."""
    env.globals["search_ready"] = pagefind_binary() is not None


builder.FINISHERS.insert(0, build_index)  # before the finishers that read the complete site
views.REGISTRARS.append(register_search)
