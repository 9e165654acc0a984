"""Full-text search: a Pagefind index of the finished site, and the search box.

Pagefind (the ``pagefind[bin]`` package) runs as a service beside the
build: it is given each page's HTML as soon as the page is rendered, and
writes a static index and its search UI into ``pagefind/`` once the site is
complete; browsers search it with no server behind the site. The index is
kept in the build cache (``searchcache``): a build whose pages are all the
same as those of a kept index copies it and does not start Pagefind. The
built-in layout shows the search box only when search is on and the Pagefind
binary is installed.
"""

from __future__ import annotations

import base64
import tempfile
from collections.abc import Callable, Mapping
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
from .searchcache import Bundle, IndexStore, page_digest, stamp

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
# Everything Pagefind is told besides the pages; part of the stamp of a kept index.
PAGEFIND_CONFIG = {"exclude_selectors": list(NOT_INDEXED)}
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
    binary = pagefind_binary()
    store = index_store(started, binary) if binary is not None else None
    return SearchIndexer(
        config.source or "site.yml", searchable(started.plan), started.staging, binary, store
    )


def index_store(started: builder.Started, binary: Path) -> IndexStore | None:
    """Where this build finds and keeps its search index between builds; None with ``--no-cache``."""
    cache = started.cache
    if not cache.enabled or cache.folder is None:
        return None
    try:
        made_by = stamp(binary, PAGEFIND_CONFIG)
    except OSError:
        return None  # the binary went away: starting it fails, and says so
    return IndexStore(cache.folder, started.inputs.project.root, made_by, writable=cache.writable)


class SearchIndexer:
    """Feeds Pagefind each searchable page as it is finished (in plan order), and writes the index
    into the complete site; or, when the pages are the very ones of an index kept in the
    build cache, copies that index and never starts Pagefind.

    Fed in plan order, the index is the same on every machine; Pagefind's CLI
    takes the pages in the order the file system lists them, and the order
    changes the index. While every page so far is the same as in a kept
    index, the pages only wait (they are in the staging folder already); the
    first that differs starts Pagefind, which is given the waiting pages first.
    """

    def __init__(
        self, where: str, wanted: frozenset[str], staging: Path, binary: Path | None, store: IndexStore | None
    ):
        self.where = where
        self.wanted = wanted
        self.staging = staging
        self.binary = binary
        self.store = store
        self.failure: str | None = None
        self.service: PagefindService | None = None
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.index_id = 0
        self.index_request = 0  # the id of the request for the index, once sent
        self.pages: list[bytes] = []  # ``page_digest`` of every page taken, in order
        self.waiting: list[str] = []  # pages taken but not given to Pagefind yet
        # The kept indexes whose pages are, so far, the pages taken.
        self.candidates: list[Bundle] = []
        self.notes: list[Diagnostic] = []
        if store is not None:
            self.candidates, self.notes = store.kept()
        if not self.candidates:
            # Nothing to reuse: started now, so that its start-up overlaps rendering too.
            self._start()

    def take(self, output: Output, data: Callable[[], bytes]) -> None:
        if output.output not in self.wanted or self.binary is None:
            return
        html = data()
        self.pages.append(page_digest(output.output, html))
        if self.service is None:
            self._narrow()
            if self.candidates:
                self.waiting.append(output.output)
                return
        self._start()
        self._add(output.output, html)
        if len(self.pages) == len(self.wanted):
            # The last page: Pagefind builds the index while the data files render and the site is checked.
            self._ask(self._request_index)

    def _narrow(self) -> None:
        """Keep the candidates that have the page just taken at its place (checked page by page)."""
        count = len(self.pages)
        self.candidates = [
            kept
            for kept in self.candidates
            if count <= len(kept.pages) and kept.pages[count - 1] == self.pages[-1]
        ]

    def finish(self, finished: builder.Finished) -> list[Diagnostic]:
        if self.binary is None:
            message = f"no search index: Pagefind is not installed ({INSTALL_HINT}), or set 'search: false'"
            return [Diagnostic(self.where, 0, 0, message, "warning")]
        if self.service is None and self._reuse():
            return self.notes
        self._start()
        files: dict[str, bytes] = {}
        self._ask(lambda service: files.update(self._get_files(service)))
        if self.failure is not None:
            message = f"Pagefind could not build the search index: {self.failure}"
            return [*self.notes, Diagnostic(self.where, 0, 0, message)]
        self._put(files)
        if self.store is not None:
            self.store.save(self.pages, files)
        return self.notes

    def _reuse(self) -> bool:
        """Copy the kept index of exactly these pages into the site, if there is one whole."""
        if self.store is None:
            return False
        for kept in self.candidates:
            if kept.pages != tuple(self.pages):
                continue
            files = self.store.files(kept)
            if files is None:
                self.notes.append(self.store.damaged(kept.path))
                continue
            self._put(files)
            self.store.touch(self.pages)
            return True
        return False

    def close(self) -> None:
        if self.service is not None:
            self.service.close()
        if self.folder is not None:
            self.folder.cleanup()

    def _start(self) -> None:
        """Start Pagefind (once) and give it the pages that waited, from the staging folder."""
        if self.service is not None or self.binary is None:
            return
        # Its working folder, where it finds no config file; in the system's temporary folder, so
        # that a killed build leaves nothing beside the site.
        self.folder = tempfile.TemporaryDirectory(prefix="specsite-search-")
        self.service = PagefindService(self.binary, Path(self.folder.name))
        self._ask(self._new_index)
        waiting, self.waiting = self.waiting, []
        for name in waiting:
            self._add(name, (self.staging / name).read_bytes())

    def _new_index(self, service: PagefindService) -> None:
        asked = service.send({"type": "NewIndex", "config": PAGEFIND_CONFIG}, keep_answer=True)
        self.index_id = int(service.answer(asked, PAGEFIND_TIMEOUT)["index_id"])

    def _add(self, name: str, html: bytes) -> None:
        text = html.decode("utf-8", errors="replace")
        request = {"type": "AddFile", "index_id": self.index_id, "file_path": name, "url": None}
        self._ask(lambda service: service.send({**request, "file_contents": text}))

    def _request_index(self, service: PagefindService) -> None:
        # Asked for, not written by Pagefind: its answer to WriteFiles comes before the files are
        # complete, and the site's files are written by the build, not by another process.
        self.index_request = service.send({"type": "GetFiles", "index_id": self.index_id}, keep_answer=True)

    def _get_files(self, service: PagefindService) -> dict[str, bytes]:
        if not self.index_request:
            self._request_index(service)
        files = service.answer(self.index_request, PAGEFIND_TIMEOUT)["files"]
        return {file["path"]: base64.b64decode(file["content"]) for file in files}

    def _put(self, files: Mapping[str, bytes]) -> None:
        bundle = self.staging / BUNDLE_DIR
        for name, content in sorted(files.items()):
            target = bundle / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)

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
