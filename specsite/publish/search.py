"""Full-text search: a Pagefind index of the finished site, and the search box.

Pagefind (the ``pagefind[bin]`` package) runs as a service beside the
build: it is given each page's HTML as soon as the page is rendered, and
writes a static index and its search UI into ``pagefind/`` once the site is
complete; browsers search it with no server behind the site. The
built-in layout shows the search box only when search is on and the Pagefind
binary is installed.
"""

from __future__ import annotations

import base64
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import jinja2

from ..engine import builder, views
from ..engine.errors import Diagnostic
from ..engine.pages import Page
from ..engine.plan import Plan
from ..engine.render import Output
from ..engine.templating import SERVED_ANYWHERE
from .pagefeed import PagefindFailed, PagefindService

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


def searchable(plan: Plan) -> frozenset[str]:
    """Output paths of the HTML pages to index: not the 404 page, not pages with ``search: false``."""
    chosen = set()
    for route in plan.routes:
        if not route.output.endswith(".html") or route.url in SERVED_ANYWHERE:
            continue
        if isinstance(route.payload, Page) and not route.payload.search:
            continue
        chosen.add(route.output)
    return frozenset(chosen)


def follow_build(started: builder.Started) -> builder.Follower | None:
    """The build's search indexer, or None when search is off."""
    config = started.inputs.config
    if not config.search:
        return None
    return SearchIndexer(config.source or "site.yml", searchable(started.plan), started.staging)


class SearchIndexer:
    """Feeds Pagefind each searchable page as it is finished (in plan order), and writes the index
    into the complete site.

    Fed in plan order, the index is the same on every machine; Pagefind's CLI
    took the pages in the order the file system listed them.
    """

    def __init__(self, where: str, wanted: frozenset[str], staging: Path):
        self.where = where
        self.wanted = wanted
        self.staging = staging
        self.failure: str | None = None
        self.service: PagefindService | None = None
        self.index_id = 0
        # Its working folder, where it finds no config file; in the system's temporary folder, so
        # that a killed build leaves nothing beside the site.
        self.folder = tempfile.TemporaryDirectory(prefix="specsite-search-")
        binary = pagefind_binary()
        if binary is not None:
            # Started now, so that its start-up overlaps rendering too.
            self.service = PagefindService(binary, Path(self.folder.name))
            self._ask(self._new_index)

    def _new_index(self, service: PagefindService) -> None:
        config = {"exclude_selectors": list(NOT_INDEXED)}
        asked = service.send({"type": "NewIndex", "config": config}, keep_answer=True)
        self.index_id = int(service.answer(asked, PAGEFIND_TIMEOUT)["index_id"])

    def take(self, output: Output, data: Callable[[], bytes]) -> None:
        if output.output in self.wanted:
            html = data().decode("utf-8", errors="replace")
            request = {"type": "AddFile", "index_id": self.index_id, "file_path": output.output, "url": None}
            self._ask(lambda service: service.send({**request, "file_contents": html}))

    def finish(self, finished: builder.Finished) -> list[Diagnostic]:
        if self.service is None:
            message = f"no search index: Pagefind is not installed ({INSTALL_HINT}), or set 'search: false'"
            return [Diagnostic(self.where, 0, 0, message, "warning")]
        self._ask(self._write_files)
        if self.failure is not None:
            message = f"Pagefind could not build the search index: {self.failure}"
            return [Diagnostic(self.where, 0, 0, message)]
        return []

    def _write_files(self, service: PagefindService) -> None:
        # Asked for, not written by Pagefind: its answer to WriteFiles comes before the files are
        # complete, and the site's files are written by the build, not by another process.
        request = {"type": "GetFiles", "index_id": self.index_id}
        files = service.answer(service.send(request, keep_answer=True), PAGEFIND_TIMEOUT)["files"]
        bundle = self.staging / BUNDLE_DIR
        for file in files:
            target = bundle / file["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(file["content"]))

    def close(self) -> None:
        if self.service is not None:
            self.service.close()
        self.folder.cleanup()

    def _ask(self, request: Callable[[PagefindService], object]) -> None:
        """Run ``request`` unless an earlier one failed; a failure is kept for ``finish`` to report."""
        if self.service is None or self.failure is not None:
            return
        try:
            request(self.service)
        except PagefindFailed as exc:
            self.failure = str(exc)


def register_search(env: jinja2.Environment) -> None:
    """``search_ready`` tells the layout whether a search index will be built."""
    env.globals["search_ready"] = pagefind_binary() is not None


builder.FOLLOWERS.append(follow_build)  # it finishes before the finishers that read the complete site
views.REGISTRARS.append(register_search)
