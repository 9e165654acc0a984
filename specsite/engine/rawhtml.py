"""Where a block of raw HTML ends, found in one pass without an HTML parser.

Python-Markdown finds raw HTML blocks by running ``html.parser`` over the
page, tag by tag, building attribute lists it then throws away; on a page
with a large table or stylesheet that is most of the Markdown time. For a
block that starts at a given tag, ``block_end`` answers the one question that
matters, where Python-Markdown's raw block ends, by following the same rule
(the block ends when the end tag of its first tag closes everything opened
since) over a token scan of its own.

The scanner only says yes when it is sure: every tag in the block is plainly
well formed, comments close with ``-->``, character references end with
``;``, and ``<script>``/``<style>`` end at a plain ``</script>``/``</style>``.
For anything else (``<!DOCTYPE>``, ``<?php ?>``, ``<![CDATA[``, a tag that
``html.parser`` might read another way) it answers ``None`` and the block
takes Python-Markdown's own path, so the output never depends on a guess.
"""

from __future__ import annotations

import re

_NAME = r"[a-zA-Z][a-zA-Z0-9:._-]*"
_ATTRIBUTE = r"""\s+[^\s"'<>/=`]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_START_TAG = re.compile(rf"<({_NAME})(?:{_ATTRIBUTE})*\s*(/?)>")
# One scan finds every place where html.parser could do something other than
# pass text through; what it cannot read plainly falls to ``other``.
_TOKENS = re.compile(
    rf"""</(?P<end>{_NAME})\s*>
    |<(?P<start>{_NAME})(?:{_ATTRIBUTE})*\s*(?P<empty>/?)>
    |(?P<comment><!--[\s\S]*?--!?>)
    |(?P<other><[a-zA-Z/!?])""",
    re.VERBOSE,
)
# html.parser writes ``&#123`` back as ``&#123;`` and stops at ``&#x;``; checked
# over the whole block afterwards, so the token scan keeps a plain ``<`` prefix.
_ODD_REFERENCE = re.compile(r"&#(?!(?:[0-9]+|[xX][0-9a-fA-F]+);)")
# html.parser reads the body of these as text up to their end tag; newer
# Python versions add more such elements (and RCDATA ones), so a block that
# holds any of those is left to the parser of whichever Python runs.
_TEXT_ELEMENTS = frozenset({"script", "style"})
_VERSION_DEPENDENT = frozenset(
    {"textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}
)
# Python-Markdown never opens an element for these (md_in_html treats ``hr`` as empty).
_NEVER_OPEN = frozenset({"hr"})
_TEXT_END = {name: re.compile(rf"</\s*{name}", re.IGNORECASE) for name in _TEXT_ELEMENTS}


def block_end(text: str, start: int, block_tags: frozenset[str] | set[str]) -> int | None:
    """The index just past the raw HTML block whose first tag is at ``start``, or ``None`` if unsure.

    ``block_tags`` are the tag names Python-Markdown treats as block level.
    The block's first tag must be one of them, open (not ``<x/>``), and
    without a ``markdown`` attribute (md_in_html parses those blocks itself).
    """
    first = _START_TAG.match(text, start)
    if first is None or first[2] or "markdown" in first[0].lower():
        return None
    name = first[1].lower()
    if name not in block_tags or name in _NEVER_OPEN or name in _VERSION_DEPENDENT:
        return None
    stack = [name]
    pos: int | None = _after_text_element(text, first.end(), name) if name in _TEXT_ELEMENTS else first.end()
    while pos is not None:
        pos = _scan(text, pos, stack)
        if pos is not None and pos < 0:
            return None if _ODD_REFERENCE.search(text, start, -pos) else -pos
    return None


def _scan(text: str, pos: int, stack: list[str]) -> int | None:
    """Follow tokens from ``pos``: ``-end`` when the block closes, a position to resume at, or ``None``."""
    for token in _TOKENS.finditer(text, pos):
        kind = token.lastgroup  # a start tag's last group is ``empty``
        if kind == "end":
            if _close(stack, token["end"].lower()):
                return -token.end()
        elif kind == "empty":
            opened = token["start"].lower()
            if opened in _VERSION_DEPENDENT:
                return None
            if not token["empty"] and opened not in _NEVER_OPEN:
                stack.append(opened)
                if opened in _TEXT_ELEMENTS:
                    return _after_text_element(text, token.end(), opened)
        elif kind == "comment":
            if token[0].endswith("--!>"):
                return None  # Python-Markdown writes the comment back with ``-->``
        elif kind == "other":
            # An unclosed comment, a declaration or processing instruction,
            # or a tag html.parser may read another way.
            return None
    return None  # the block never closes: Python-Markdown keeps it open to the end


def _close(stack: list[str], name: str) -> bool:
    """Python-Markdown's rule: an end tag closes up to its element; ``True`` when nothing stays open."""
    if name in stack:
        while stack.pop() != name:
            pass
    return not stack


def _after_text_element(text: str, pos: int, name: str) -> int | None:
    """Where the text of a ``<script>`` or ``<style>`` starting at ``pos`` ends (at its end tag)."""
    end = _TEXT_END[name].search(text, pos)
    if end is None or text[end.start() : end.start() + len(name) + 3].lower() != f"</{name}>":
        return None
    if "<!--" in text[pos : end.start()]:
        return None  # script data with a comment opener is read differently across Python versions
    return end.start()
