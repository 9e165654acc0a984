"""Python-Markdown set up the way documentation authors expect.

Python-Markdown is not CommonMark. We enable tables, fenced code, heading ids
with permalinks, ``sane_lists`` and build-time highlighting, and add one
preprocessor so that a list may follow a paragraph line without a blank line
(as in CommonMark and in the seed page). Nested lists still need 4-space
indents: that is Python-Markdown's rule and the README says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import markdown
import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

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


class ListsAfterParagraphs(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After fenced code (25) and raw HTML (20) are stashed, so neither is touched.
        md.preprocessors.register(_ListAfterParagraph(md), "list_after_paragraph", 15)


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


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str


def _page_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            *PAGE_EXTENSIONS,
            ListsAfterParagraphs(),
            SafeLinks(),
            SourceLinks(),
            *(make() for make in PAGE_EXTENSION_FACTORIES),
            "toc",
            "codehilite",
        ],
        extension_configs={
            "toc": {
                "permalink": "#",
                "permalink_class": "headerlink",
                "permalink_title": "Link to this section",
            },
            "codehilite": {"css_class": "highlight", "guess_lang": False},
        },
        output_format="html",
    )


def _inline_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", ListsAfterParagraphs(), "codehilite"],
        extension_configs={"codehilite": {"css_class": "highlight", "guess_lang": False}},
        output_format="html",
    )


_page_md: markdown.Markdown | None = None
_inline_md: markdown.Markdown | None = None


def render_page(text: str) -> tuple[str, list[Heading]]:
    """A page body to HTML, with the page's headings for a table of contents."""
    global _page_md
    if _page_md is None:
        _page_md = _page_markdown()
    md = _page_md.reset()
    html = md.convert(text)
    return html, list(_flatten(md.toc_tokens))


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


@lru_cache(maxsize=8192)
def inline(text: str) -> Markup:
    """Markdown to sanitised HTML; a single paragraph comes back without its ``<p>``."""
    global _inline_md
    if _inline_md is None:
        _inline_md = _inline_markdown()
    html = sanitize(_inline_md.reset().convert(str(text))).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
