"""Reading ``site_src/``: pages with front matter, and static files copied as they are."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model.fields import Fields, Origin
from .data import CONTEXT_NAMES, local_data_role, split_tags
from .errors import Diagnostic, Pos, Report, display_path
from .frontmatter import split_front_matter
from .sources import SourceError, read_text
from .urls import PAGE_SUFFIXES, is_partial, output_for_url, url_for_source, without_dot_segments
from .workers import worker_count, workers_pool
from .yamlsrc import YamlError, YMap

if TYPE_CHECKING:
    from .paging import Paging

PAGE_FIELDS = ("title", "description", "layout", "order", "url", "nav_title", "search")
# Eleventy's date in a file name: ``2024-05-01-launch.md`` (the slug drops it).
_NAME_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")
_H1_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_URL_RE = re.compile(r"/([A-Za-z0-9_.~-]+/)*([A-Za-z0-9_.~-]+\.html)?")


@dataclass(frozen=True)
class Page:
    """A page source: front matter fields, the body, and where it is published."""

    source: str  # project-relative, as shown in errors
    rel: str  # relative to site_src/
    path: Path = field(compare=False)
    url: str
    output: str
    kind: str  # "md", "html" or "njk" (a template page, never Markdown)
    title: str
    description: str
    layout: str
    order: float
    nav_title: str
    body: str
    body_line: int
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    has_title: bool = True  # False when the title had to be made from the file name
    search: bool = True  # ``search: false`` keeps the page out of the search index
    url_pos: Pos | None = field(default=None, compare=False)  # where ``url:`` was written
    layout_pos: Pos | None = field(default=None, compare=False)  # where ``layout:`` was written
    # Eleventy's front matter. ``permalink`` is a template string, False (render
    # nothing to disk) or None; the plan turns it and ``paging`` into URLs.
    permalink: str | bool | None = None
    permalink_pos: Pos | None = field(default=None, compare=False)
    paging: Paging | None = None
    tags: tuple[str, ...] = ()
    date: datetime | None = None  # front matter or file name; the plan fills in the rest
    created: bool = False  # ``date: git Created``: the first commit's time, not the last one's
    in_collections: bool = True  # ``eleventyExcludeFromCollections: true`` sets it False
    # Set by the plan on each page it publishes: this page of a paginated source.
    pagination: Any = None
    # Set by the plan: the page's directory and template data, merged (its data in collections).
    local_data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def origin(self) -> Origin:
        return Origin(self.source, 1, 1)

    # Eleventy's ``page`` variables, so layouts written for Eleventy read them as they are.
    @property
    def fileSlug(self) -> str:
        """``a/b.md`` → ``b``, ``a/index.md`` → ``a``, ``index.md`` → ``""``; a leading date is dropped."""
        parts = self.rel.rsplit(".", 1)[0].split("/")
        if parts[-1] == "index":
            return parts[-2] if len(parts) > 1 else ""
        return _NAME_DATE_RE.sub("", parts[-1])

    @property
    def filePathStem(self) -> str:
        return "/" + self.rel.rsplit(".", 1)[0]

    @property
    def inputPath(self) -> str:
        return "./" + self.source

    @property
    def outputPath(self) -> str | bool:
        return "./_site/" + self.output if self.url is not False else False

    @property
    def template_name(self) -> str:
        """The name includes in this page resolve against (``./x.md`` → ``site_src/<dir>/x.md``)."""
        return "site_src/" + self.rel


@dataclass(frozen=True)
class StaticFile:
    source: str
    rel: str
    path: Path = field(compare=False)
    output: str


def skipped(name: str) -> bool:
    """Names that are never published nor watched: hidden files and folders, Python caches."""
    return name.startswith(".") or name == "__pycache__"


def scan(site_src: Path) -> list[Path]:
    """Every file under ``site_src`` that is published, sorted."""
    if not site_src.is_dir():
        return []
    return [
        path
        for path in sorted(site_src.rglob("*"))
        if path.is_file() and not any(skipped(part) for part in path.relative_to(site_src).parts)
    ]


def read_source(path: Path, site_src: Path, root: Path) -> tuple[Page | StaticFile | None, list[Diagnostic]]:
    """One file of ``site_src``: a page (read, with its problems), a static file to copy, or neither.

    A directory or template data file (``guide/guide.yml``) is neither: ``data.py`` reads it.
    """
    rel = _rel(path, site_src)
    role = local_data_role(rel, site_src.name)
    if role is not None and role[0] == "script":
        message = (
            "Eleventy JavaScript data file: not read and not published; compute its data in hooks.py"
            " (site.add_computed) or write it as YAML or JSON"
        )
        return None, [Diagnostic(display_path(path, root), 0, 0, message, "warning")]
    if role is not None or is_partial(rel):
        return None, []
    if path.suffix not in PAGE_SUFFIXES:
        return StaticFile(display_path(path, root), rel, path, rel), []
    report = Report(display_path(path, root))
    return read_page(path, site_src, report), report.items


Loaded = tuple[list[Page], list[StaticFile], list[Diagnostic]]
Read = tuple[Page | StaticFile | None, list[Diagnostic]]


def load_pages(site_src: Path, root: Path) -> Loaded:
    return _collect(read_source(path, site_src, root) for path in scan(site_src))


# Front matter is parsed by pure-Python YAML, about a millisecond a page. A
# large site reads its pages in worker processes, forked before the parent
# loads hooks, data and specs, so that all of it overlaps.
PARALLEL_MIN_FILES = 200
READ_CHUNK = 64


@contextmanager
def loading(site_src: Path, root: Path) -> Iterator[Callable[[], Loaded]]:
    """Start reading ``site_src``; the value given returns ``load_pages``' result, in the same order."""
    paths = scan(site_src)
    workers = worker_count()
    if len(paths) < PARALLEL_MIN_FILES or workers < 2:
        yield lambda: _collect(read_source(path, site_src, root) for path in paths)
        return
    pool = workers_pool(workers)
    try:
        slices = [paths[start : start + READ_CHUNK] for start in range(0, len(paths), READ_CHUNK)]
        futures = [pool.submit(_read_slice, part, site_src, root) for part in slices]
        yield lambda: _collect(read for future in futures for read in future.result())
    finally:
        # Joins the pool's helper thread, so that rendering may fork again.
        pool.shutdown(cancel_futures=True)


def _read_slice(paths: list[Path], site_src: Path, root: Path) -> list[Read]:
    return [read_source(path, site_src, root) for path in paths]


def _collect(reads: Iterable[Read]) -> Loaded:
    pages, statics, diagnostics = [], [], []
    for source, found in reads:
        diagnostics.extend(found)
        if isinstance(source, Page):
            pages.append(source)
        elif isinstance(source, StaticFile):
            statics.append(source)
    return pages, statics, [*diagnostics, *url_claims(pages)]


def url_claims(pages: list[Page]) -> list[Diagnostic]:
    """Two pages whose front matter ``url:`` claims one URL, reported at that line.

    Clashes between URLs made from file names have no line to point at; the
    plan reports those.
    """
    first: dict[str, Page] = {}
    found = []
    for page in sorted(pages, key=lambda p: (p.url_pos is not None, p.rel)):
        other = first.setdefault(page.url, page)
        if other is not page and page.url_pos is not None:
            message = f"URL '{page.url}' is also claimed by {other.source}; rename one of them"
            found.append(Diagnostic(page.source, page.url_pos.line, page.url_pos.col, message))
    return found


def _rel(path: Path, base: Path) -> str:
    return path.relative_to(base).as_posix()


def read_page(path: Path, site_src: Path, report: Report) -> Page | None:
    try:
        meta, body, body_line = split_front_matter(read_text(path))
    except (SourceError, YamlError) as exc:
        report.error(exc.pos, exc.message)
        return None
    return page_from_parts(path, _rel(path, site_src), report, meta, body, body_line)


def page_from_parts(
    path: Path, rel: str, report: Report, meta: YMap, body: str, body_line: int
) -> Page | None:
    fields = _PageFields(meta, report)
    title = fields.text("title")
    if title is None:
        found = _H1_RE.search(body) if rel.endswith(".md") else None
        title = found.group(1) if found else None
    has_title = title is not None
    title = title if title is not None else _title_from_name(rel)
    url = fields.text("url") or url_for_source(rel)
    if fields.has("url") and not _URL_RE.fullmatch(url):
        report.error(fields.pos("url"), f"'url' {url!r} must be a site path like '/guides/setup/'")
        url = url_for_source(rel)
    elif fields.has("url") and (dotless := without_dot_segments(url)) != url:
        # '/zz/../sdk/' would claim another page's URL behind the duplicate check's back.
        report.error(fields.pos("url"), f"'url' {url!r} has '.' or '..' segments; write {dotless!r}")
        url = url_for_source(rel)
    order = fields.raw("order")
    if order is not None and (isinstance(order, bool) or not isinstance(order, int | float)):
        report.error(fields.pos("order"), "'order' must be a number")
        order = None
    extra = {k: v for k, v in meta.items() if k not in PAGE_FIELDS}
    for key in meta:
        if key in CONTEXT_NAMES:
            report.warning(
                meta.key_pos[key],
                f"front matter '{key}' is not a template name here, because '{key}' is "
                f"{CONTEXT_NAMES[key]}; read it as page.meta.{key} or rename it",
            )
    permalink = meta.get("permalink")
    if (permalink is not None and not isinstance(permalink, str | bool)) or permalink is True:
        report.error(fields.pos("permalink"), "'permalink' must be a URL template or false")
        permalink = None
    return Page(
        source=report.path,
        rel=rel,
        path=path,
        url=url,
        output=output_for_url(url),
        kind=rel.rsplit(".", 1)[-1] if rel.endswith((".md", ".njk")) else "html",
        title=title,
        description=fields.text("description") or "",
        layout=_layout(fields),
        order=float(order) if order is not None else 0.0,
        nav_title=fields.text("nav_title") or title,
        body=body,
        body_line=body_line,
        meta={**{k: v for k, v in meta.items() if k in PAGE_FIELDS}, **extra},
        has_title=has_title,
        search=fields.boolean("search", True),
        url_pos=fields.pos("url") if fields.has("url") else None,
        layout_pos=fields.pos("layout") if fields.has("layout") else None,
        permalink=permalink,
        permalink_pos=fields.pos("permalink") if fields.has("permalink") else None,
        paging=_paging(meta, report),
        tags=_tags(fields),
        date=_date(fields, rel),
        created=fields.raw("date") in GIT_CREATED,
        in_collections=not fields.boolean("eleventyExcludeFromCollections", False),
    )


def _layout(fields: _PageFields) -> str:
    """The layout named in front matter; ``""`` for the site's default, ``none`` for no layout."""
    if fields.raw("layout") is False:  # Eleventy's ``layout: false``
        return "none"
    return fields.text("layout") or ""


def _paging(meta: YMap, report: Report) -> Paging | None:
    # Eleventy's pagination: a site whose pages have none never loads the module that reads it.
    if "pagination" not in meta:
        return None
    from .paging import read_paging

    return read_paging(meta, report)


def _tags(fields: _PageFields) -> tuple[str, ...]:
    raw = fields.raw("tags")
    if raw is None:
        return ()
    values = split_tags(raw) if isinstance(raw, str) else raw
    if not isinstance(values, list) or not all(isinstance(tag, str) for tag in values):
        fields.report.error(fields.pos("tags"), "'tags' must be a tag or a list of tags")
        return ()
    return tuple(dict.fromkeys(str(tag) for tag in values))


# Eleventy's date keywords. Both kinds of "Modified" and "Created" come from git here: the
# file's own times change with every checkout (see pagedates).
GIT_MODIFIED = ("git Last Modified", "Last Modified")
GIT_CREATED = ("git Created", "Created")


def _date(fields: _PageFields, rel: str) -> datetime | None:
    """Front matter ``date`` (a YAML date, or ISO 8601 text), else a date leading the file name."""
    raw = fields.raw("date")
    if raw in GIT_MODIFIED or raw in GIT_CREATED:
        return None
    if raw is None:
        found = _NAME_DATE_RE.match(rel.rsplit("/", 1)[-1])
        raw = found.group(1) if found else None
        if raw is None:
            return None
    if isinstance(raw, str):
        try:
            raw = datetime.fromisoformat(raw.strip())
        except ValueError:
            fields.report.error(fields.pos("date"), f"'date' {raw!r} is not a date like 2024-05-01")
            return None
    if isinstance(raw, datetime):
        return raw if raw.tzinfo else raw.replace(tzinfo=UTC)
    if isinstance(raw, date):
        return datetime.combine(raw, time(), UTC)
    fields.report.error(fields.pos("date"), "'date' must be a date like 2024-05-01")
    return None


class _PageFields(Fields):
    """Front matter is open-ended: unknown keys are kept in ``page.meta``, not rejected."""

    def __init__(self, node: YMap, report: Report):
        self.node, self.report, self.what = node, report, "front matter"

    def text(self, key: str, required: bool = False, default: str | None = None) -> str | None:
        # ``description:`` with nothing after it is a field left empty, as Eleventy reads it
        # (it prints nothing), not a mistake: real sites have them. An empty ``layout:``
        # stays an error: whether it means the default layout or none is not for us to guess.
        if key != "layout" and self.node.get(key, "") is None:
            return default
        return super().text(key, required, default)


def _title_from_name(rel: str) -> str:
    parts = rel.rsplit(".", 1)[0].split("/")
    if parts[-1] == "index":
        parts = parts[:-1]
    name = parts[-1] if parts else "home"
    return name.replace("-", " ").replace("_", " ").strip().capitalize()
