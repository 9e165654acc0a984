"""What a reader gets from a built page, for comparing two generators' output.

The compared region is the page's first ``<main>`` element. The fixture's
own layouts put everything a page says inside ``<main>``; specsite's theme
keeps its chrome (header, sidebar, search, footer) outside it too. Inside it:

- the visible text, one line per block element, whitespace collapsed;
  ``<script>``, ``<style>`` and heading permalink anchors (``headerlink``)
  are not text a reader sees;
- the links, every ``href`` resolved against the page's address and shown
  as a site path (the path prefix taken off, fragments percent-decoded as a
  browser does before looking the id up);
- the ids of the headings, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "legend", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
HIDDEN = {"script", "style", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class PageView:
    lines: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    heading_ids: list[str] = field(default_factory=list)
    found_main: bool = False


class _MainReader(HTMLParser):
    def __init__(self, page_url: str, prefix: str):
        super().__init__(convert_charrefs=True)
        self.view = PageView()
        self.base = prefix.rstrip("/") + page_url
        self.prefix = prefix
        self.depth = 0  # open elements inside <main>; 0 with found_main set means it has ended
        self.skip: list[int] = []  # depths of elements whose content is not visible text
        self.buffer: list[str] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if not self.view.found_main:
            if tag == "main":
                self.view.found_main = True
                self.depth = 1
            return
        values = dict(attrs)
        if tag in BLOCKS:
            self._break()
        if tag in VOID:
            return
        self.depth += 1
        classes = (values.get("class") or "").split()
        if tag in HIDDEN or "headerlink" in classes:
            self.skip.append(self.depth)
        if tag == "a" and values.get("href") is not None and not self.skip:
            self.view.links.append(self._resolve(values["href"] or ""))
        if tag in HEADINGS:
            self.view.heading_ids.append(f"{tag}#{values.get('id') or ''}")

    def handle_endtag(self, tag: str) -> None:
        if self.done or not self.view.found_main or tag in VOID:
            return
        if self.skip and self.skip[-1] == self.depth:
            self.skip.pop()
        self.depth -= 1
        if tag in BLOCKS:
            self._break()
        if self.depth == 0:
            self.done = True

    def handle_data(self, data: str) -> None:
        if self.view.found_main and not self.done and not self.skip:
            self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._break()

    def _break(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.buffer)).strip()
        self.buffer = []
        if text:
            self.view.lines.append(text)

    def _resolve(self, href: str) -> str:
        parts = urlsplit(href)
        if parts.scheme:
            return href
        absolute = urlsplit(urljoin("http://site.invalid" + self.base, href))
        path = absolute.path
        if self.prefix != "/" and (path + "/").startswith(self.prefix):
            path = "/" + path[len(self.prefix) :]
        path = re.sub(r"(^|/)index\.html$", r"\1", path)
        fragment = "#" + unquote(absolute.fragment) if absolute.fragment else ""
        return path + fragment


def read_page(html: str, page_url: str, prefix: str = "/") -> PageView:
    """The reader's view of ``<main>`` of the page published at ``page_url`` (a site path)."""
    reader = _MainReader(page_url, prefix)
    reader.feed(html)
    reader.close()
    return reader.view
