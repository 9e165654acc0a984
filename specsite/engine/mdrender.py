"""Python-Markdown set up the way documentation authors expect.

Python-Markdown is not CommonMark. We enable tables, fenced code, heading ids
with permalinks, ``sane_lists`` and build-time highlighting, and add one
preprocessor so that a list may follow a paragraph line without a blank line
(as in CommonMark and in the seed page), and one that lets nested lists be
indented by 2 spaces (CommonMark's rule) as well as by 4 (Python-Markdown's).
``site.yml``'s ``markdown:`` section picks the heading-id rule and whether
external links open in a new tab (``MarkdownSettings``).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from . import buildcache
from .mdhtmlblocks import HeldHtmlBlocks
from .mdlinks import SourceLinks

PAGE_EXTENSIONS: list[Any] = [
    "tables",
    "fenced_code",
    "sane_lists",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "admonition",
]

# Features add Markdown extensions for pages here (event example blocks, say);
# the page Markdown is made on first use, after every feature has loaded.
PAGE_EXTENSION_FACTORIES: list[Callable[[], Extension]] = []

_BULLET_RE = re.compile(r"^ {0,3}(?:[*+-]|1[.)])[ \t]+\S")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")


class _ListAfterParagraph(Preprocessor):
    """Insert the blank line Python-Markdown wants before a list that follows a paragraph."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        para_is_list = False
        for line in lines:
            blank = not line.strip()
            starts_item = bool(_BULLET_RE.match(line)) and not _RULE_RE.match(line)
            if blank:
                para_is_list = False
            elif out and out[-1].strip() and starts_item and not para_is_list:
                out.append("")
                para_is_list = True
            elif not out or not out[-1].strip():
                para_is_list = starts_item
            out.append(line)
        return out


_ITEM_RE = re.compile(r"^( *)([*+-]|\d{1,9}[.)])( +)(?=\S)")


class _NestedListIndent(Preprocessor):
    """Re-indent nested list items to the 4 spaces per level Python-Markdown needs.

    CommonMark nests an item that starts at or after its parent's text (2
    spaces under ``- a``, 3 under ``1. a``); Python-Markdown wants 4 per level.
    Items are moved to 4 spaces times their depth, and the lines that follow
    an item move with it, so 4-space lists come out as they were.
    """

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        open_items: list[int] = []  # the text column of each open item, outermost first
        shift = 0
        for line in lines:
            stripped = line.lstrip(" ")
            indent = len(line) - len(stripped)
            match = _ITEM_RE.match(line)
            if not stripped:
                out.append(line)
            elif match and (open_items or indent <= 3):
                while open_items and indent < open_items[-1]:
                    open_items.pop()
                target = 4 * len(open_items) if open_items else indent
                shift = target - indent
                open_items.append(indent + len(match[2]) + len(match[3]))
                out.append(" " * target + stripped)
            elif indent == 0 and out and not out[-1].strip():
                open_items, shift = [], 0  # a paragraph after a blank line ends the list
                out.append(line)
            else:
                out.append(" " * max(indent + shift, 0) + stripped if indent and shift else line)
        return out


class ListsAfterParagraphs(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After fenced code (25) and raw HTML (20) are stashed, so neither is touched.
        md.preprocessors.register(_ListAfterParagraph(md), "list_after_paragraph", 15)
        md.preprocessors.register(_NestedListIndent(md), "nested_list_indent", 14)


_SAFE_SCHEMES = ("http", "https", "mailto", "tel", "ftp")
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")


def is_safe_url(url: str) -> bool:
    """Relative links, anchors and the usual schemes; not ``javascript:`` or ``data:``."""
    # Browsers drop whitespace and control characters inside a scheme ("java\tscript:").
    match = _SCHEME_RE.match(_IGNORED_IN_URLS.sub("", url))
    return match is None or match[1].lower() in _SAFE_SCHEMES


class _DropUnsafeLinks(Treeprocessor):
    """Remove script URLs from links and images that Markdown made.

    Text printed into a page (a spec description, a front matter value) may
    contain Markdown link syntax; it must not become a clickable script.
    Raw HTML written in the page itself is kept as the author wrote it.
    """

    def run(self, root: Any) -> None:
        for element in root.iter():
            if element.tag not in ("a", "img"):
                continue
            attribute = "href" if element.tag == "a" else "src"
            value = element.get(attribute)
            if value is not None and not is_safe_url(value):
                del element.attrib[attribute]


class SafeLinks(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After inline patterns (20) have made the links.
        md.treeprocessors.register(_DropUnsafeLinks(md), "drop_unsafe_links", 5)


class _ExternalLinksNewTab(Treeprocessor):
    """``target="_blank" rel="noopener"`` on Markdown links to other sites."""

    def __init__(self, md: markdown.Markdown, own_host: str | None):
        super().__init__(md)
        self.own_host = own_host

    def run(self, root: Any) -> None:
        for link in root.iter("a"):
            parts = urlsplit(link.get("href") or "")
            if parts.scheme in ("http", "https") and parts.netloc and parts.hostname != self.own_host:
                link.set("target", "_blank")
                link.set("rel", "noopener")


class ExternalLinksNewTab(Extension):
    def __init__(self, own_host: str | None):
        super().__init__()
        self.own_host = own_host

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ExternalLinksNewTab(md, self.own_host), "external_links_new_tab", 4)


def markdown_it_anchor_slug(text: str) -> str:
    """The id markdown-it-anchor's default ``slugify`` makes: ``Upload (batch)`` -> ``upload-(batch)``."""
    return quote(re.sub(r"\s+", "-", text.strip().lower()), safe="-_.!~*'()")


# Heading-id rules by their ``site.yml`` name; ``None`` is Python-Markdown's own.
# Features may add rules (the Eleventy compatibility adds ``eleventy-slugify``).
HEADING_ID_RULES: dict[str, Callable[[str], str] | None] = {
    "python-markdown": None,
    "markdown-it-anchor": markdown_it_anchor_slug,
}


class _UniqueIds:
    """A heading-id rule made unique per page as markdown-it-anchor does: ``a``, ``a-1``, ``a-2``."""

    def __init__(self, slug: Callable[[str], str]):
        self.slug = slug
        self.used: set[str] = set()

    def __call__(self, text: str, separator: str) -> str:
        base = self.slug(text.translate(_BRACES_BACK))
        found, count = base, 1
        while found in self.used:
            found, count = f"{base}-{count}", count + 1
        self.used.add(found)
        return found


# The stand-ins that keep printed braces out of Markdown (see ``templating``) are braces in ids.
_BRACES_BACK = str.maketrans({"\ufdd0": "{", "\ufdd1": "}"})


@dataclass(frozen=True)
class MarkdownSettings:
    """``site.yml``'s ``markdown:`` section."""

    heading_ids: str = "python-markdown"
    external_links_new_tab: bool = False
    own_host: str | None = None  # the host of ``base_url``: links there are not external


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str


def _highlighting() -> dict[str, Any]:
    return {"css_class": "highlight", "guess_lang": False, "pygments_formatter": _code_formatter()}


@lru_cache(maxsize=1)
def _code_formatter() -> type:
    """Pygments' HTML formatter, working out its style table once instead of for every code block.

    codehilite makes a formatter per block, and the formatter turns the whole
    colour style into a table of CSS classes each time (a third of the time
    highlighting takes); the table depends only on the style and the class prefix.
    """
    from pygments.formatters.html import HtmlFormatter

    tables: dict[tuple[Any, str], tuple[dict, dict]] = {}

    class SiteHtmlFormatter(HtmlFormatter):
        def __init__(self, lang_str: str = "", **options: Any):
            super().__init__(**options)  # ``lang_str`` is for other formatters; the HTML one never used it

        def _create_stylesheet(self) -> None:
            key = (self.style, self.classprefix)
            if key not in tables:
                super()._create_stylesheet()
                tables[key] = (dict(self.ttype2class), dict(self.class2style))
            ttype2class, class2style = tables[key]
            self.ttype2class, self.class2style = dict(ttype2class), dict(class2style)

    return SiteHtmlFormatter


def _page_markdown(
    settings: MarkdownSettings, hold_html_blocks: bool = True
) -> tuple[markdown.Markdown, _UniqueIds | None]:
    """The page Markdown; ``hold_html_blocks=False`` is Python-Markdown's own raw HTML path (for tests)."""
    rule = HEADING_ID_RULES[settings.heading_ids]
    ids = _UniqueIds(rule) if rule is not None else None
    toc: dict[str, Any] = {
        "permalink": "#",
        "permalink_class": "headerlink",
        "permalink_title": "Link to this section",
    }
    if ids is not None:
        toc["slugify"] = ids
    new_tab = [ExternalLinksNewTab(settings.own_host)] if settings.external_links_new_tab else []
    # The block skipping stands in for md_in_html's raw HTML preprocessor, so only beside it.
    held = [HeldHtmlBlocks()] if hold_html_blocks and "md_in_html" in PAGE_EXTENSIONS else []
    md = markdown.Markdown(
        extensions=[
            *(_builtin(name) if isinstance(name, str) else name for name in PAGE_EXTENSIONS),
            *held,
            ListsAfterParagraphs(),
            SafeLinks(),
            SourceLinks(),
            *new_tab,
            *(make() for make in PAGE_EXTENSION_FACTORIES),
            _builtin("toc", **toc),
            _builtin("codehilite", **_highlighting()),
        ],
        output_format="html",
    )
    return md, ids


def _inline_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            *(_builtin(name) for name in ("tables", "fenced_code", "sane_lists")),
            ListsAfterParagraphs(),
            _builtin("codehilite", **_highlighting()),
        ],
        output_format="html",
    )


def _builtin(name: str, **config: Any) -> Extension:
    """One of Python-Markdown's own extensions, by its short name, made directly.

    Named as a string, Python-Markdown first looks the name up among every
    installed package's entry points, which imports ``importlib.metadata``
    and reads each package's metadata: a twentieth of a second of every build.
    """
    module = importlib.import_module(f"markdown.extensions.{name}")
    return module.makeExtension(**config)


_page_md: dict[MarkdownSettings, tuple[markdown.Markdown, _UniqueIds | None]] = {}
_inline_md: markdown.Markdown | None = None


def render_page(text: str, settings: MarkdownSettings = MarkdownSettings()) -> tuple[str, list[Heading]]:
    """A page body to HTML, with the page's headings for a table of contents."""
    if settings not in _page_md:
        _page_md[settings] = _page_markdown(settings)
    md, ids = _page_md[settings]
    md.reset()
    if ids is not None:
        ids.used.clear()
    html = md.convert(text)
    return html, list(_flatten(md.toc_tokens))


_H1_RE = re.compile(r"<h1[\s>]", re.IGNORECASE)


def has_own_h1(html: str, toc: list[Heading]) -> bool:
    """Whether a rendered body has its own top heading, in Markdown or as raw ``<h1>``."""
    return any(heading.level == 1 for heading in toc) or bool(_H1_RE.search(html))


def _flatten(tokens: list[dict]) -> Any:
    for token in tokens:
        yield Heading(token["level"], token["id"], _strip_tags(token["name"]))
        yield from _flatten(token["children"])


def _strip_tags(html: str) -> str:
    return Markup(html).striptags()


SAFE_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
}
SAFE_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "span": {"class"},
    "div": {"class"},
    "code": {"class"},
    "pre": {"class"},
    "th": {"align"},
    "td": {"align"},
}


def sanitize(html: str) -> str:
    """Spec text is data: keep formatting and links, drop scripts, styles and handlers."""
    return nh3.clean(html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, link_rel=None)


def inline(text: str) -> Markup:
    """Markdown to sanitised HTML; a single paragraph comes back without its ``<p>``.

    Kept in the build cache when one is active: spec text is converted on
    every reference and catalog page, and the first code block in it makes
    Pygments compile its lexer (on the demo, 0.2 s of a 1.5 s warm build).
    """
    if isinstance(text, str) and _PLAIN_TEXT.fullmatch(text):
        return Markup(text)
    cache = buildcache.current()
    if cache is None:
        return _inline(text)
    key = buildcache.make_key("inline", nh3.__version__, text)
    found = cache.get("inline", key)
    if found is None:
        found = str(_inline(text))
        cache.put(key, found)
    return Markup(found)


# Text that Markdown and the sanitiser give back unchanged: one line of words and plain
# punctuation that starts with a letter (so no list marker, rule or indented code) and
# ends without a space. Half the demo's property descriptions are such text, and
# converting them was half the time spent on inline Markdown.
_PLAIN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:()'\"/?=+%-]*(?<! )")


@lru_cache(maxsize=8192)
def _inline(text: str) -> Markup:
    global _inline_md
    if _inline_md is None:
        _inline_md = _inline_markdown()
    html = sanitize(_inline_md.reset().convert(str(text))).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
