"""Markdown links to other source files (``[next](other.md)``) become links to their pages.

Authors coming from MkDocs link pages by file, relative to the page they are
writing. Every page's URL is known before any page renders, so a tree
processor can point such links at the published URL (relative, so the site
still works under any path prefix). A link whose file does not exist is left
as written: the link check then reports it at its line.
"""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .urls import is_external, relative_url


@dataclass(frozen=True)
class LinkContext:
    rel: str  # the page's source, relative to site_src/
    url: str  # where the page is published
    urls: Mapping[str, str]  # every page's source (relative to site_src/) -> its URL


_current: ContextVar[LinkContext | None] = ContextVar("specsite_md_links", default=None)


@contextlib.contextmanager
def linking(context: LinkContext) -> Iterator[None]:
    """Rewrite ``.md`` links for the page rendered inside this block."""
    token = _current.set(context)
    try:
        yield
    finally:
        _current.reset(token)


SOURCE_SUFFIXES = (".md", ".html")


def page_link(href: str, context: LinkContext) -> str | None:
    """The link to the page built from the source file ``href`` names, or None when it names none."""
    if not href or href.startswith(("#", "/")) or is_external(href):
        return None
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    path, rest = href[:cut], href[cut:]
    if not path.endswith(SOURCE_SUFFIXES):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(context.rel), path))
    url = context.urls.get(target)
    if url is None:
        return None
    return relative_url(url, context.url) + rest


class _RewriteSourceLinks(Treeprocessor):
    def run(self, root: Any) -> None:
        context = _current.get()
        if context is None:
            return
        for element in root.iter("a"):
            link = page_link(element.get("href", ""), context)
            if link is not None:
                element.set("href", link)


class SourceLinks(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After inline patterns (20) have made the links.
        md.treeprocessors.register(_RewriteSourceLinks(md), "source_links", 6)
