"""A template's shape: its source with every run of plain text replaced by a numbered stand-in.

Jinja's compile (lexing, parsing, code generation, Python's own compile) is
most of a cold build's time when a site's pages differ: 10 ms or more for a
page with a few dozen tags. Pages made from one pattern (copies with their
own wording, generated pages, translations) differ only in the text between
their tags, so they have one shape. The shape is compiled once; each page's
code is the shape's code with the page's texts put back into its string
constants, and the page's line numbers put back into its line table.

That is exact because Jinja prints text between tags as it is: it never
escapes, finalizes or otherwise reads it, it only strips whitespace next to
a tag (``{%-``, ``trim_blocks``, ``lstrip_blocks``), and the shape keeps
that whitespace as it was. Whatever this module cannot vouch for (other
delimiters, ``{% raw %}``, a backslash or brace inside a tag, an extension
that may read text, ``\\r`` that Jinja would rewrite) has no shape, and is
compiled as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2
import jinja2.ext

# Noncharacters: never in a page's text (a source holding one has no shape), and not the
# ones the brace guard of templating.py uses.
_OPEN, _CLOSE = "\ufdd4", "\ufdd5"
_STAND_IN = re.compile(f"{_OPEN}(\\d+)\n*{_CLOSE}")

_BEGIN = re.compile(r"\{[{%#]")
# A tag's inside, as Jinja's lexer reads it where that is simple: names, numbers,
# operators and quoted strings without backslashes; no braces outside strings
# (Jinja balances those, and a stray ``}`` ends nothing), so the first closing
# delimiter outside a string is the tag's end.
_VARIABLE = re.compile(r"""\{\{(?:[^'"{}\\]|'[^'\\]*'|"[^"\\]*")*\}\}""")
_BLOCK = re.compile(r"""\{%(?:[^'"{}%\\]|%(?!\})|'[^'\\]*'|"[^"\\]*")*%\}""")
_RAW = re.compile(r"\{%[-+]?\s*raw\b")

_DEFAULT_SYNTAX = {
    "block_start_string": "{%",
    "block_end_string": "%}",
    "variable_start_string": "{{",
    "variable_end_string": "}}",
    "comment_start_string": "{#",
    "comment_end_string": "#}",
    "line_statement_prefix": None,
    "line_comment_prefix": None,
    "newline_sequence": "\n",
}
# Jinja's own extensions that never see template text; others say so with ``keeps_template_text``.
_TEXT_BLIND = (jinja2.ext.ExprStmtExtension, jinja2.ext.LoopControlExtension)


@dataclass(frozen=True)
class Shape:
    """A template with numbered stand-ins for its texts, and what puts one page's texts back."""

    source: str
    texts: tuple[str, ...]
    # (first line of the shape that moves, by how many lines), for texts whose
    # newlines the stand-in left out; in source order.
    shifts: tuple[tuple[int, int], ...]

    def fill(self, text: str) -> str:
        """``text`` (a constant of the shape's code) with this page's texts in place of the stand-ins."""
        if _OPEN not in text:
            return text
        return _STAND_IN.sub(lambda found: self.texts[int(found[1])], text)

    def line(self, shape_line: int) -> int:
        """The page's line of what is on ``shape_line`` of the shape."""
        moved = 0
        for first, lines in self.shifts:
            if shape_line < first:
                break
            moved += lines
        return shape_line + moved

    def debug_info(self, shape_info: str) -> str:
        """Jinja's table of ``template line=Python line`` pairs, for the page's lines."""
        if not self.shifts or not shape_info:
            return shape_info
        pairs = (pair.split("=") for pair in shape_info.split("&"))
        return "&".join(f"{self.line(int(line))}={code}" for line, code in pairs)


def can_shape(env: jinja2.Environment) -> bool:
    """Whether ``env`` reads templates the way ``shape_of`` assumes (checked once per environment)."""
    known = env.__dict__.get("_specsite_can_shape")
    if known is None:
        known = all(getattr(env, name) == value for name, value in _DEFAULT_SYNTAX.items()) and all(
            isinstance(ext, _TEXT_BLIND) or getattr(type(ext), "keeps_template_text", False)
            for ext in env.extensions.values()
        )
        env.__dict__["_specsite_can_shape"] = known
    return known


def shape_of(source: str) -> Shape | None:
    """The shape of ``source``; None when it has no text to stand in for or cannot be vouched for.

    Call only for an environment ``can_shape`` accepts.
    """
    if _OPEN in source or _CLOSE in source or "\r" in source:
        return None
    parts: list[str] = []
    texts: list[str] = []
    shifts: list[tuple[int, int]] = []
    line = 1  # of the shape, at the end of ``parts``
    pos = 0
    size = len(source)
    while pos <= size:
        found = _BEGIN.search(source, pos)
        start = found.start() if found else size
        if found:
            end = _tag_end(source, start)
            if end < 0:
                return None
        run = source[pos:start]
        core = run.strip()
        if core:
            lead = run[: len(run) - len(run.lstrip())]
            trail = run[len(lead) + len(core) :]
            lines = core.count("\n")
            first = line + lead.count("\n")
            after_tag = pos > 0 and "\n" not in lead
            before_tag = found is not None and "\n" not in trail
            stand_in = f"{_OPEN}{len(texts)}{_CLOSE}"
            if lines and after_tag and before_tag:
                # One shape line would hold tags before and after the text: keep the
                # text's newlines in its stand-in, so no line moves.
                stand_in = f"{_OPEN}{len(texts)}{chr(10) * lines}{_CLOSE}"
            elif lines:
                # Tags on the text's first line are before it only when one ends there.
                shifts.append((first + 1 if after_tag else first, lines))
            texts.append(core)
            parts += (lead, stand_in, trail)
            line += run.count("\n") - (0 if stand_in.count("\n") else lines)
        else:
            parts.append(run)
            line += run.count("\n")
        if not found:
            break
        tag = source[start:end]
        parts.append(tag)
        line += tag.count("\n")
        pos = end
    if not texts:
        return None
    return Shape("".join(parts), tuple(texts), tuple(shifts))


def _tag_end(source: str, start: int) -> int:
    """Where the tag at ``start`` ends; -1 when it is not one this module reads the way Jinja does."""
    kind = source[start + 1]
    if kind == "#":
        end = source.find("#}", start + 2)
        return end + 2 if end >= 0 else -1
    if kind == "%" and _RAW.match(source, start):
        return -1
    found = (_VARIABLE if kind == "{" else _BLOCK).match(source, start)
    return found.end() if found else -1
