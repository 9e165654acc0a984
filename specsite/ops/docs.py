"""Documentation to HTML: Markdown from YAML specs, sanitised HTML from service models.

Service models carry HTML written for another site: it is data, not markup
we trust. nh3 keeps formatting and links and drops everything else; links
relative to the AWS documentation site are made absolute so they keep
working here. The same text appears on several pages, so results are cached.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markupsafe import Markup, escape

from ..engine import mdrender
from .model import Doc

SERVICE_DOCS_BASE = "https://docs.aws.amazon.com/"
_TAGS = mdrender.SAFE_TAGS - {"img", "div", "span"}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_BLOCKS = ("<p>", "<ul>", "<ol>", "<div", "<pre", "<table", "<h", "<blockquote", "<dl>", "<hr")
_cleaner: nh3.Cleaner | None = None


def _html_cleaner() -> nh3.Cleaner:
    global _cleaner
    if _cleaner is None:
        _cleaner = nh3.Cleaner(
            tags=_TAGS,
            attributes=_ATTRIBUTES,
            link_rel=None,
            url_relative=("rewrite_with_base", SERVICE_DOCS_BASE),
        )
    return _cleaner


@lru_cache(maxsize=32768)
def doc_html(doc: Doc | None) -> Markup:
    """The documentation as safe HTML."""
    if doc is None:
        return Markup("")
    if doc.format == "html":
        return Markup(_html_cleaner().clean(doc.text).strip())
    if doc.format == "text":
        return Markup(f"<p>{escape(doc.text)}</p>")
    html = mdrender.inline(doc.text)
    # ``inline`` unwraps a single paragraph; entries are laid out as blocks here.
    return html if html.startswith(_BLOCKS) else Markup(f"<p>{html}</p>")


def doc_filter(doc: Doc | None) -> Markup:
    return doc_html(doc)
