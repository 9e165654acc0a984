"""Raw HTML blocks of a page set aside whole, without Python-Markdown's HTML parser reading them.

Python-Markdown (with md_in_html) finds raw HTML by feeding the page to an
``html.parser`` subclass that copies each block into its stash, tag by tag.
Here that parser skips each block it would copy unchanged: when it meets a
block-level start tag at the start of a line, outside any other block,
``rawhtml.block_end`` says where the block ends, and the block's text goes to
the stash in one piece, with exactly the placeholder and blank lines the
parser itself writes. Everything else (Markdown text, inline HTML, blocks with
``markdown="1"``, anything ``block_end`` is unsure of) takes the parser's own
path, so the page comes out byte for byte as Python-Markdown renders it.
"""

from __future__ import annotations

import re

import markdown
from markdown.extensions import Extension
from markdown.extensions.md_in_html import HTMLExtractorExtra
from markdown.preprocessors import Preprocessor

from . import rawhtml

# Python-Markdown's ``blank_line_re``, usable at an offset (its ``^`` only matches at 0).
_BLANK_LINE = re.compile(r"(?:[ ]*\n){2}")


class _BlockSkippingExtractor(HTMLExtractorExtra):
    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.held_tags = frozenset(md.block_level_elements)

    def parse_starttag(self, i: int) -> int:
        # Outside any block, and with nothing left over for the next one (an empty
        # tag right after a block's end waits in ``_cache`` to start the next block).
        if not (self.inraw or self.intail or self.mdstack or self._cache) and self.at_line_start():
            end = rawhtml.block_end(self.rawdata, i, self.held_tags)
            if end is not None:
                return self._stash_block(i, end)
        return super().parse_starttag(i)

    def _stash_block(self, start: int, end: int) -> int:
        """What ``handle_starttag`` and ``handle_endtag`` write for a raw block, done at once."""
        html = self.rawdata[start:end]
        if _BLANK_LINE.match(self.rawdata, end):
            html += "\n"  # the parser keeps the line end when a blank line follows
        else:
            self.intail = True  # more text follows on the next line: it may continue the block
        self.cleandoc.append("\n")
        self.cleandoc.append(self.md.htmlStash.store(html))
        self.cleandoc.append("\n\n")
        return end


class _HtmlBlocks(Preprocessor):
    """md_in_html's ``html_block`` preprocessor, with the skipping parser."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        stash = self.md.htmlStash
        stashed = stash.html_counter
        parser: HTMLExtractorExtra = _BlockSkippingExtractor(self.md)
        parser.feed(source)
        if parser.rawdata:
            # html.parser stopped early (at ``&#x;``, say) and would finish in ``close``
            # on the rest, where Python-Markdown's line positions no longer match
            # the text; what it makes of that depends on every tag it saw, so the
            # page takes Python-Markdown's own path from the start.
            del stash.rawHtmlBlocks[stashed:]
            stash.html_counter = stashed
            parser = HTMLExtractorExtra(self.md)
            parser.feed(source)
        parser.close()
        return "".join(parser.cleandoc).split("\n")


class HeldHtmlBlocks(Extension):
    """Load after ``md_in_html``: it replaces that extension's ``html_block`` preprocessor."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(_HtmlBlocks(md), "html_block", 20)
