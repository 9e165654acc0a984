"""Checking the finished site: every internal link and ``#anchor`` must lead somewhere.

The check sees exactly what will be published: every page's links and ids,
noted from its bytes as it was rendered (in the worker process that made
it), and any other HTML file of the complete staging folder (an older
version's page, say), read back. A broken link is
reported where it was written: the page's source, a project template or a
spec file, found by searching them for the link; the output file is named
only when none of them has it. Problems are warnings; ``--strict`` and
``specsite check --strict`` turn them into errors.

``specsite check`` builds the site into a temporary folder, runs every check
and reports, without touching the output folder.
"""

from __future__ import annotations

import argparse
import bisect
import html
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..engine import builder, commands
from ..engine.errors import Diagnostic, did_you_mean, display_path
from ..engine.filewalk import files_under
from ..engine.pages import Page
from ..engine.plan import Route
from ..engine.templating import SERVED_ANYWHERE
from ..engine.urls import is_external, normalize_site_path
from .search import BUNDLE_DIR

# (tag, attribute) pairs whose value is a URL the browser follows or loads.
LINK_ATTRIBUTES = frozenset(
    {
        ("a", "href"),
        ("area", "href"),
        ("link", "href"),
        ("script", "src"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("video", "src"),
        ("video", "poster"),
        ("audio", "src"),
        ("track", "src"),
        ("embed", "src"),
        ("object", "data"),
    }
)
SRCSET_TAGS = frozenset({"img", "source"})
URL_ATTRIBUTE_NAMES = frozenset(
    {name for _, name in LINK_ATTRIBUTES} | {"action", "formaction", "xlink:href", "background", "srcdoc"}
)
_SCRIPT_SCHEME_RE = re.compile(r"^(?:javascript|vbscript):", re.IGNORECASE)
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")


def _is_script_url(value: str) -> bool:
    # Browsers drop whitespace and control characters inside a scheme ("java\tscript:").
    # No colon, no scheme: most links are relative, and need no regular expression.
    return ":" in value and bool(_SCRIPT_SCHEME_RE.match(_IGNORED_IN_URLS.sub("", value)))


# Fragments a browser understands without an element of that id.
IMPLICIT_FRAGMENTS = frozenset({"", "top"})


@dataclass(frozen=True)
class Link:
    href: str
    line: int  # in the output file


@dataclass(frozen=True)
class HtmlFacts:
    """What the check needs from one HTML file: the ids it defines, the links it makes,
    and any inline script (an ``on*`` attribute or a ``javascript:`` URL) it carries."""

    ids: frozenset[str]
    links: tuple[Link, ...]
    scripts: tuple[Link, ...] = ()


# A tag with its attributes (quoted values may hold '>'), and one attribute.
_TAG_RE = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*/?>"
)
_ATTR_RE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
# An attribute name the scan reads (or an ``on*`` handler): a tag without one (most tags
# have only a ``class``) needs no closer look. Names follow whitespace in ``_TAG_RE``.
_MAY_MATTER_RE = re.compile(
    r"\s(?:on|id\b|name\b|href|src|data|poster|action|formaction|xlink:href|background)", re.IGNORECASE
)
# Where text that is not markup starts: a script or style element, or a comment.
_OPAQUE_START_RE = re.compile(r"<(?:(script|style)\b|!--)", re.IGNORECASE)
_CLOSERS = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style")}


def scan_html(text: str) -> HtmlFacts:
    """The ids and links of one page.

    Regular expressions rather than ``html.parser``: the check reads every
    page of the site, and the parser was most of its time. Script and style
    bodies and comments are skipped, as a browser would not follow them.
    """
    ids: set[str] = set()
    links: list[Link] = []
    scripts: list[Link] = []
    skip = _opaque_spans(text)
    may_matter = _MAY_MATTER_RE.search
    line, counted = 1, 0
    for match in _TAG_RE.finditer(text):
        attrs = match[2]
        if not attrs or not may_matter(attrs) or (skip and _inside(match.start(), skip)):
            continue
        tag = match[1].lower()
        for attr in _ATTR_RE.finditer(attrs):
            value = attr[2] if attr[2] is not None else attr[3] if attr[3] is not None else attr[4]
            if value is None:
                continue
            name = attr[1].lower()
            if "&" in value:
                value = html.unescape(value)
            if name.startswith("on") or (name in URL_ATTRIBUTE_NAMES and _is_script_url(value)):
                line += text.count("\n", counted, match.start())
                counted = match.start()
                scripts.append(Link(f"{name}= on <{tag}>", line))
            if name == "id" or (tag == "a" and name == "name"):
                ids.add(value)
                continue
            is_link = (tag, name) in LINK_ATTRIBUTES
            if is_link or (name == "srcset" and tag in SRCSET_TAGS):
                # Lines are counted forward from the previous link, not from the start.
                line += text.count("\n", counted, match.start())
                counted = match.start()
                urls = [value.strip()] if is_link else list(_srcset_urls(value))
                links.extend(Link(url, line) for url in urls)
    return HtmlFacts(frozenset(ids), tuple(links), tuple(scripts))


def _opaque_spans(text: str) -> list[tuple[int, int]]:
    """The bodies of script and style elements and whole comments, in order.

    The same spans as matching ``<(script|style)\\b[^>]*>(.*?)</\\1\\s*>`` or
    ``<!--.*?-->`` from left to right, found with plain searches: one regular
    expression with both tried at every ``<`` took a third of the scan.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    while (start := _OPAQUE_START_RE.search(text, pos)) is not None:
        if start[1]:
            opened = text.find(">", start.end())
            closed = _CLOSERS[start[1].lower()].search(text, opened + 1) if opened >= 0 else None
            if closed is None:
                pos = start.start() + 1  # not an element: look on from the next character
                continue
            spans.append((opened + 1, closed.start()))
            pos = closed.end()
        else:
            end = text.find("-->", start.end())
            if end < 0:
                pos = start.start() + 1
                continue
            spans.append((start.start(), end + 3))
            pos = end + 3
    return spans


def _is_page(name: str) -> bool:
    return name.endswith(".html") and not name.startswith(BUNDLE_DIR + "/")


def _read_html(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _as_text(data: bytes) -> str:
    """The bytes as ``_read_html`` reads them from disk, universal newlines included."""
    text = data.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def scan_output(output: str, data: bytes) -> tuple | None:
    """``scan_html`` of a page just rendered, as plain values (it may travel from a worker process)."""
    if not _is_page(output):
        return None
    facts = scan_html(_as_text(data))
    links = tuple((link.href, link.line) for link in facts.links)
    scripts = tuple((link.href, link.line) for link in facts.scripts)
    return tuple(facts.ids), links, scripts


def facts_of(scanned: tuple) -> HtmlFacts:
    """The ``HtmlFacts`` back from ``scan_output``'s plain values."""
    ids, links, scripts = scanned
    return HtmlFacts(
        frozenset(ids), tuple(Link(*link) for link in links), tuple(Link(*link) for link in scripts)
    )


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _srcset_urls(value: str) -> Iterator[str]:
    for candidate in value.split(","):
        words = candidate.split()
        if words:
            yield words[0]


@dataclass(frozen=True)
class Problem:
    """A link on the page published as ``output`` that will not work."""

    output: str
    link: Link
    target: str  # the site path the link leads to, as the message shows it
    message: str
    # Whether the link's text can be looked for in the sources (an inline script is
    # described, not quoted, so it is shown in the output file).
    placeable: bool = True


@dataclass(frozen=True)
class Site:
    """The finished site's files, the HTML facts of its pages, and the URL of each page."""

    files: frozenset[str]
    pages: dict[str, HtmlFacts]
    urls: dict[str, str]
    base_path: str
    prefixed: bool = False  # the site has a base URL, so links under its path are intended

    @classmethod
    def read(
        cls,
        folder: Path,
        routes: Iterable[Route],
        base_path: str,
        prefixed: bool = False,
        scanned: Mapping[str, HtmlFacts] | None = None,
    ) -> Site:
        """The site in ``folder``; pages in ``scanned`` (scanned as they were rendered) are not read back."""
        # Walked twice (the link check starts before the search index is written): from scandir's entries.
        files = frozenset(name for name, _ in files_under(str(folder)))
        known = scanned or {}
        pages = {
            name: known[name] if name in known else scan_html(_read_html(folder / name))
            for name in sorted(files)
            if _is_page(name)
        }
        urls = {route.output: route.url for route in routes}
        return cls(files, pages, urls, base_path, prefixed)

    def url_of(self, output: str) -> str:
        if output in self.urls:
            return self.urls[output]
        return "/" + output.removesuffix("index.html")

    def file_for(self, path: str) -> str | None:
        rel = path.lstrip("/")
        name = rel + "index.html" if rel == "" or rel.endswith("/") else rel
        return name if name in self.files else None


def find_problems(site: Site, outputs: Iterable[str] | None = None) -> Iterator[Problem]:
    """The problems of the pages ``outputs`` (default: every page of the site)."""
    yield from link_problems(site, outputs)
    yield from script_problems(site, outputs)


def link_problems(site: Site, outputs: Iterable[str] | None = None) -> Iterator[Problem]:
    for output in site.pages if outputs is None else outputs:
        here = site.url_of(output)
        for link in site.pages[output].links:
            yield from _check_link(site, output, here, link)


def script_problems(site: Site, outputs: Iterable[str] | None = None) -> Iterator[Problem]:
    for output in site.pages if outputs is None else outputs:
        for script in site.pages[output].scripts:
            yield _inline_script(output, script)


def _inline_script(output: str, found: Link) -> Problem:
    """Inline script in the published HTML: the theme has none, so it came from a page or from data."""
    where = found.href
    message = (
        f"inline script in the built page ({where}): an event-handler attribute or a script URL;"
        " move script into a .js file (and check that no spec or data text turned into markup)"
    )
    return Problem(output, found, where, message, placeable=False)


def _check_link(site: Site, output: str, here: str, link: Link) -> Iterator[Problem]:
    href = link.href
    if not href or is_external(href):
        return
    parts = urlsplit(href)
    path = unquote(parts.path)
    if path.startswith("/"):
        prefixed = site.prefixed and path.startswith(site.base_path)
        path = _site_path(path, site)
        # With a base URL, ``| url`` writes links under its path (as Eleventy does): those are fine.
        if here not in SERVED_ANYWHERE and not prefixed:
            written = path + href[len(parts.path) :]
            message = (
                f"link to '{href}' starts at the server root, so it breaks under a path prefix"
                f" and from file://; write it as {{{{ '{written}' | url }}}}"
            )
            yield Problem(output, link, href, message)
    else:
        path = unquote(normalize_site_path(href, here))
    fragment = unquote(parts.fragment)
    shown = path + (f"#{parts.fragment}" if parts.fragment else "")
    target = site.file_for(path)
    if target is None:
        yield Problem(output, link, shown, f"broken link to '{shown}'{_folder_hint(path, site)}")
    elif fragment not in IMPLICIT_FRAGMENTS and target in site.pages:
        ids = site.pages[target].ids
        if fragment not in ids:
            hint = did_you_mean(fragment, ids)
            message = f"broken link to '{shown}': that page has no element with id '{fragment}'{hint}"
            yield Problem(output, link, shown, message)


def _site_path(path: str, site: Site) -> str:
    """A server-root path as a site path, when it falls under the site's base path."""
    base = site.base_path
    if base != "/" and path.startswith(base):
        return "/" + path[len(base) :]
    return path


def _folder_hint(path: str, site: Site) -> str:
    if path == "/":
        return " (the site has no home page: add site_src/index.md)"
    if not path.endswith("/") and site.file_for(path + "/"):
        return f" (did you mean '{path}/'? a folder link needs its trailing slash)"
    return ""


# --- where a link was written --------------------------------------------------------


@dataclass
class Locator:
    """Finds the line of the user's file that wrote a link, searching the files the page read."""

    finished: builder.Finished
    texts: dict[Path, str]
    # Where a needle first is in a file (line, column), or None: the same broken link on a
    # thousand pages searches the shared templates and spec files once, not a thousand times.
    places: dict[tuple[Path, str], tuple[int, int] | None] = field(default_factory=dict)
    sources: dict[str, list[Path]] = field(default_factory=dict)  # of the page last looked at

    def locate(self, problem: Problem) -> Diagnostic | None:
        """The problem at the line of the user's file that has the link; None when none has it."""
        root = self.finished.inputs.project.root
        for path, needle in self._searches(problem):
            place = self._place(path, needle)
            if place is not None:
                return Diagnostic(display_path(path, root), *place, problem.message, "warning")
        return None

    def _place(self, path: Path, needle: str) -> tuple[int, int] | None:
        if (path, needle) not in self.places:
            text = self._text(path)
            index = text.find(needle) if text else -1
            if index < 0:
                self.places[path, needle] = None
            else:
                line = text.count("\n", 0, index) + 1
                col = index - (text.rfind("\n", 0, index) + 1) + 1
                self.places[path, needle] = (line, col)
        return self.places[path, needle]

    def in_output(self, problems: list[Problem]) -> Diagnostic:
        """One diagnostic for a link that no source has (a built-in layout's, say), on every page."""
        first = problems[0]
        project = self.finished.inputs.project
        more = len({problem.output for problem in problems}) - 1
        message = first.message + (f" (and on {more} more page{'s' if more != 1 else ''})" if more else "")
        shown = display_path(project.out / first.output, project.root)
        return Diagnostic(shown, first.link.line, 0, message, "warning")

    def _searches(self, problem: Problem) -> Iterator[tuple[Path, str]]:
        needles = [n for n in dict.fromkeys((problem.target, problem.link.href)) if len(n) > 2]
        if problem.output not in self.sources:
            # A page with many broken links looks its sources up once.
            self.sources = {problem.output: list(self._sources(problem.output))}
        sources = self.sources[problem.output]
        for needle in needles:
            for path in sources:
                yield path, needle

    def _sources(self, output: str) -> Iterator[Path]:
        """The page's source, then the project templates and spec files it read."""
        inputs = self.finished.inputs
        route = self._routes.get(output)
        if route is not None and isinstance(route.payload, Page):
            yield route.payload.path
        made = self.finished.outputs.get(output)
        for kind, name in sorted(made.deps if made else ()):
            if kind == "template" and (inputs.project.templates_dir / name).is_file():
                yield inputs.project.templates_dir / name
            elif kind == "template" and name.startswith("site_src/"):  # a partial in the page tree
                yield inputs.project.root / name
            elif kind == "spec":
                yield from (inputs.project.root / file for file in inputs.specs.files_of(name))

    @cached_property
    def _routes(self) -> dict[str, Route]:
        # Looked up once per problem: a layout with a broken link has one on every page.
        return self.finished.plan.by_output()

    def _text(self, path: Path) -> str:
        if path not in self.texts:
            try:
                self.texts[path] = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                self.texts[path] = ""
        return self.texts[path]


def start_link_check(finished: builder.Finished) -> builder.Check:
    """Check the rendered pages' links now, while the search index is built; complete it later.

    What is written after the pages (the search index, older versions) is not
    there yet: a link that finds nothing now is followed again on the whole
    site, and the pages that came with it are checked then.
    """
    if not finished.check_links:
        return list  # nothing to report
    config = finished.inputs.config
    scanned = {output: facts_of(noted) for output, noted in finished.notes.get(SCAN_KEY, {}).items()}
    routes, base_path, prefixed = finished.plan.routes, config.base_path, bool(config.base_url)
    rendered = Site.read(finished.staging, routes, base_path, prefixed, scanned)
    unsure = dict.fromkeys((problem.output, problem.link) for problem in link_problems(rendered))
    scripts = list(script_problems(rendered))

    def complete() -> list[Diagnostic]:
        site = Site.read(finished.staging, routes, base_path, prefixed, rendered.pages)
        came = [output for output in site.pages if output not in rendered.pages]
        again = [problem for output, link in unsure for problem in _recheck(site, output, link)]
        return _report(finished, [*scripts, *again, *find_problems(site, came)])

    return complete


def _recheck(site: Site, output: str, link: Link) -> Iterator[Problem]:
    return _check_link(site, output, site.url_of(output), link)


def _report(finished: builder.Finished, problems: Iterable[Problem]) -> list[Diagnostic]:
    """One diagnostic per problem at the line of the user's file that wrote the link, where one did."""
    locator = Locator(finished, {})
    found: set[Diagnostic] = set()
    unplaced: dict[str, list[Problem]] = {}
    for problem in problems:
        located = locator.locate(problem) if problem.placeable else None
        if located is not None:
            found.add(located)
        else:
            unplaced.setdefault(problem.message, []).append(problem)
    found.update(locator.in_output(problems) for problems in unplaced.values())
    return sorted(found)


# --- specsite check ---------------------------------------------------------------------


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", metavar="DIR", help="project folder (default: .)")
    parser.add_argument("--base-url", metavar="URL", help="absolute URL the site is published at")
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    parser.add_argument("--sandbox", action="store_true", help="check an untrusted contribution (as build)")
    commands.add_cache_option(parser)


def run_check(args: argparse.Namespace) -> int:
    """Build into a temporary folder, run every check, and report; the output folder is not touched."""
    with tempfile.TemporaryDirectory(prefix="specsite-check-") as tmp:
        out = str(Path(tmp) / "site")
        options = builder.BuildOptions(
            args.root,
            out,
            args.base_url,
            args.strict,
            args.debug,
            check_links=True,
            sandbox=args.sandbox,
            cache=args.cache,
            save_cache=False,
        )
        result = builder.build(options)
    # Notes say what a build left out (a sitemap without a base URL); a check writes nothing anyway.
    found = [d for d in result.warnings if d.severity != "note"]
    commands.print_diagnostics(found)
    if not args.quiet:
        count = len(found)
        summary = "no problems found" if not count else f"{count} warning{'s' if count != 1 else ''}"
        print(f"Checked {result.pages} pages and every link in them: {summary}")
    return 0


# Each page is scanned where it was rendered, from the bytes in hand, instead of read back here.
SCAN_KEY = "links"
builder.SCANS.append(builder.Scan(SCAN_KEY, lambda started: started.check_links, scan_output))
builder.PAGE_CHECKS.append(start_link_check)
commands.COMMANDS.append(
    commands.Command(
        "check",
        "build into a temporary folder and check links, anchors and the specs; write nothing",
        add_check_arguments,
        run_check,
    )
)
