"""Template failures explained: which file, which include chain, which value.

Jinja reports a template mistake as a Python exception whose traceback runs
through the template files (Jinja rewrites those frames to the template's
file and line, with the template's variables as locals). This module reads
that traceback to say what a reader needs: the include chain that led to the
file, the loop of an endless include or macro, the operands of a comparison
that mixed text and numbers, the file that is not UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.lexer import Token

from .errors import Diagnostic

TEMPLATE_SUFFIXES = (".md", ".html", ".njk", ".jinja", ".j2", ".xml", ".txt")


@dataclass(frozen=True)
class Frame:
    """One line of template code on the way to the failure, with the template's variables there."""

    path: str
    line: int
    names: dict[str, Any]

    @property
    def source(self) -> str:
        return _source_line(self.path, self.line)


def template_frames(tb: Any) -> list[Frame]:
    """The template lines of a traceback, outermost first."""
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(TEMPLATE_SUFFIXES) and "__jinja_exception__" in tb.tb_frame.f_globals:
            frames.append(Frame(code.co_filename, tb.tb_lineno, dict(tb.tb_frame.f_locals)))
        tb = tb.tb_next
    return frames


@lru_cache(maxsize=256)
def _source_lines(path: str, stamp: int) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return ()


def _source_line(path: str, line: int) -> str:
    try:
        stamp = Path(path).stat().st_mtime_ns  # the dev server rebuilds after edits
    except OSError:
        return ""
    lines = _source_lines(path, stamp)
    return lines[line - 1] if 0 < line <= len(lines) else ""


# --- the include chain ---------------------------------------------------------------------

_INCLUDE_RE = re.compile(r"\{%-?\s*include\b")
_OTHER_TAG_RE = re.compile(r"\{%-?\s*(extends|block|import|from)\b")


def include_chain(frames: list[Frame], shown: Any, inner: int | None = None) -> list[str]:
    """How ``frames[inner]`` was reached: each include and cross-file macro call, nearest first.

    Frames in between that are neither (a block called by a layout, the
    lines of one file calling its own macros) are left out.
    """
    end = len(frames) if inner is None else inner
    chain = []
    for index in reversed(range(end)):
        frame, source = frames[index], frames[index].source
        crossing = index + 1 == len(frames) or frames[index + 1].path != frame.path
        tag = _OTHER_TAG_RE.search(source)
        if _INCLUDE_RE.search(source):
            chain.append(f"included from {shown(frame.path)}:{frame.line}")
        elif tag and tag[1] in ("import", "from") and index + 1 == len(frames):
            chain.append(f"imported from {shown(frame.path)}:{frame.line}")
        elif crossing and "(" in source and not tag:
            chain.append(f"called from {shown(frame.path)}:{frame.line}")
    return chain


def with_chain(message: str, chain: list[str]) -> str:
    return f"{message} ({', '.join(chain)})" if chain else message


_MERGED_RE = re.compile(
    r"^(?P<head>.*) \((?P<chain>(?:included|called|imported) from .*?)"
    r"(?:; and (?P<more>\d+) other pages?)?\)$"
)


def merge_repeats(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """One diagnostic per failing line: an included file's error is not repeated for every page.

    The first page's message and include chain are kept and the other pages
    are counted (``(included from site_src/a.md:12; and 3 other pages)``);
    their values may differ, but the line to fix is the same.
    """
    merged: dict[tuple, tuple[Diagnostic, str, str, int]] = {}
    for d in diagnostics:
        match = _MERGED_RE.match(d.message)
        if match:
            head, chain, more = match["head"], match["chain"], int(match["more"] or 0)
        else:
            head, chain, more = d.message, "", 0
        key = (d.path, d.line, d.col, d.severity, "" if chain else head)
        if key in merged:
            first, first_chain, first_head, count = merged[key]
            merged[key] = (first, first_chain, first_head, count + 1 + more)
        else:
            merged[key] = (d, chain, head, more)
    out = []
    for d, chain, head, count in merged.values():
        if not chain:
            out.append(d)
            continue
        others = f"; and {count} other page{'s' if count != 1 else ''}" if count else ""
        out.append(replace(d, message=f"{head} ({chain}{others})"))
    return out


# --- explaining the exception --------------------------------------------------------------


def explain(exc: BaseException, frame: Frame | None, env: jinja2.Environment) -> str | None:
    """A message for the Python exceptions templates raise, or None for the others."""
    if isinstance(exc, TypeError) and frame is not None:
        return _explain_type_error(str(exc), frame, env)
    return None


def decode_error_file(exc: UnicodeDecodeError) -> str | None:
    """The file a loader was reading when it met bytes that are not UTF-8."""
    tb = exc.__traceback__
    found = None
    while tb is not None:
        name = tb.tb_frame.f_locals.get("filename")
        if tb.tb_frame.f_code.co_name == "get_source" and isinstance(name, str):
            found = name
        tb = tb.tb_next
    return found


def decode_error_position(exc: UnicodeDecodeError) -> tuple[int, int]:
    """The 1-based line and column (in bytes) of the first byte that is not UTF-8."""
    data = exc.object
    start = exc.start
    line_start = data.rfind(b"\n", 0, start) + 1
    return data.count(b"\n", 0, start) + 1, start - line_start + 1


def describe_decode_error(exc: UnicodeDecodeError) -> str:
    byte = exc.object[exc.start : exc.start + 1].hex()
    return f"the file is not UTF-8 text (byte 0x{byte} cannot be read); save it as UTF-8"


# Endless recursion: name the loop of templates, or of macros.

_TAG_RE = re.compile(r"\{%-?\s*(include|extends|import|from)\b")


def explain_recursion(exc: RecursionError, frames: list[Frame], shown: Any) -> tuple[str, int | None]:
    """The loop that never ends, and the frame to report it at (where it starts)."""
    loop = _first_loop(list(_macro_calls(exc.__traceback__)))
    if loop:
        if len(loop) == 2:
            return f"macro '{loop[0]}' calls itself without end", 0 if frames else None
        return "macro loop: " + " → ".join(loop), 0 if frames else None
    loop = _first_loop(_collapse([f.path for f in frames]))
    if loop:
        start = next(i for i, f in enumerate(frames) if f.path == loop[0])
        tag = _TAG_RE.search(frames[start].source)
        kind = tag[1] if tag and tag[1] in ("include", "extends", "import") else "template"
        return f"{kind} loop: " + " → ".join(_template_name(p, shown) for p in loop), start
    return "templates nest too deeply (a template or macro that calls itself?)", 0 if frames else None


def _macro_calls(tb: Any) -> Iterator[str]:
    while tb is not None:
        macro = tb.tb_frame.f_locals.get("self")
        if tb.tb_frame.f_code.co_name == "_invoke" and isinstance(macro, jinja2.runtime.Macro):
            yield macro.name
        tb = tb.tb_next


def _collapse(items: list[str]) -> list[str]:
    return [item for i, item in enumerate(items) if i == 0 or items[i - 1] != item]


def _first_loop(items: list[str]) -> list[str]:
    """The first stretch that comes back to where it started: ``[a, b, a]``."""
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item in seen:
            return items[seen[item] : index + 1]
        seen[item] = index
    return []


def _template_name(path: str, shown: Any) -> str:
    name = shown(path)
    return name.removeprefix("templates/")


# Comparisons and arithmetic that mixed text and numbers.

_COMPARE_RE = re.compile(r"'(?P<op>[<>]=?)' not supported between instances of '(?P<a>\w+)' and '(?P<b>\w+)'")
_OPERAND_RE = re.compile(r"unsupported operand type\(s\) for (?P<op>\S+): '(?P<a>\w+)' and '(?P<b>\w+)'")
_CONCAT_RE = re.compile(r'can only concatenate (?P<a>\w+) \(not "(?P<b>\w+)"\) to \w+')
_TOKEN_OF = {
    "<": "lt",
    ">": "gt",
    "<=": "lteq",
    ">=": "gteq",
    "+": "add",
    "-": "sub",
    "*": "mul",
    "/": "div",
    "//": "floordiv",
    "%": "mod",
    "**": "pow",
}
_KINDS = {
    "str": "text",
    "Markup": "text",
    "int": "a number",
    "float": "a number",
    "bool": "a boolean",
    "NoneType": "none",
    "list": "a list",
    "tuple": "a list",
    "JsArray": "a list",
    "dict": "a mapping",
}


def _explain_type_error(text: str, frame: Frame, env: jinja2.Environment) -> str | None:
    match = _COMPARE_RE.search(text) or _OPERAND_RE.search(text)
    op = match["op"] if match else None
    if match is None and (match := _CONCAT_RE.search(text)):
        op = "+"
    if match is None or op is None:
        return None
    left, right = _operands(frame, env, op)
    return f"'{op}' between {_side(match['a'], left)} and {_side(match['b'], right)}" + _hint(
        match["a"], match["b"], left, right
    )


def _side(type_name: str, operand: tuple[str, Any] | None) -> str:
    kind = _KINDS.get(type_name, type_name)
    if operand is None:
        return kind
    expr, value = operand
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    return f"{kind} ({shown}, from {expr})"


def _hint(a: str, b: str, left: tuple[str, Any] | None, right: tuple[str, Any] | None) -> str:
    numbers = ("int", "float")
    for kind, other, operand in ((a, b, left), (b, a, right)):
        if kind == "str" and other in numbers and operand is not None:
            return f"; write `{operand[0]} | int` (or `| float`) to use it as a number"
    return ""


def _operands(frame: Frame, env: jinja2.Environment, op: str) -> tuple[Any, Any]:
    """The variables on each side of ``op`` on the failing line, with their values (None for literals)."""
    tokens = _tokens(frame.source, env)
    wanted = _TOKEN_OF.get(op)
    for index, token in enumerate(tokens):
        if token.type != wanted:
            continue
        left = _chain_before(tokens, index)
        right = _chain_after(tokens, index)
        if left or right:
            return _valued(left, frame, env), _valued(right, frame, env)
    return None, None


def _tokens(line: str, env: jinja2.Environment) -> list[Token]:
    """The tokens of one source line; a line inside a tag is lexed as if it were a whole tag."""
    for text in (line, "{{ " + line + " }}"):
        try:
            return list(env.lexer.tokenize(text))
        except jinja2.TemplateSyntaxError:
            continue
    return []


_KEYWORDS = frozenset({"and", "or", "not", "in", "is", "if", "else", "true", "false", "none"})


def _chain_before(tokens: list[Token], index: int) -> list[Token]:
    """The variable (``a.b[0].c``) that ends right before ``tokens[index]``."""
    pos = index - 1
    while pos >= 0:
        if tokens[pos].type == "rbracket":
            pos = _matching(tokens, pos, "rbracket", "lbracket", -1) - 1
            continue
        if tokens[pos].type != "name" or tokens[pos].value in _KEYWORDS:
            return []
        if pos > 0 and tokens[pos - 1].type == "dot":
            pos -= 2
            continue
        return tokens[pos:index]
    return []


def _chain_after(tokens: list[Token], index: int) -> list[Token]:
    """The variable that starts right after ``tokens[index]``."""
    pos = index + 1
    if pos >= len(tokens) or tokens[pos].type != "name" or tokens[pos].value in _KEYWORDS:
        return []
    pos += 1
    while pos < len(tokens):
        if tokens[pos].type == "dot" and pos + 1 < len(tokens) and tokens[pos + 1].type == "name":
            pos += 2
        elif tokens[pos].type == "lbracket":
            pos = _matching(tokens, pos, "lbracket", "rbracket", 1) + 1
        else:
            break
    return tokens[index + 1 : pos]


def _matching(tokens: list[Token], pos: int, opening: str, closing: str, step: int) -> int:
    """The index of the bracket that closes ``tokens[pos]``, walking by ``step``; -2 when none."""
    depth = 0
    while 0 <= pos < len(tokens):
        if tokens[pos].type == opening:
            depth += 1
        elif tokens[pos].type == closing:
            depth -= 1
            if depth == 0:
                return pos
        pos += step
    return -2 if step < 0 else len(tokens)


def _valued(chain: list[Token], frame: Frame, env: jinja2.Environment) -> tuple[str, Any] | None:
    if not chain:
        return None
    expr = "".join(repr(t.value) if t.type == "string" else str(t.value) for t in chain)
    try:
        value = env.compile_expression(expr, undefined_to_none=False)(**frame.names)
    except Exception:
        return None
    return expr, value
