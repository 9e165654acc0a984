"""Reading JSON events one at a time, with the line each starts on.

A file of events may be one JSON object, a JSON array of objects, or JSON
Lines (one object per line; any whitespace-separated sequence of values is
read the same way). The file is read in chunks and each value is decoded
from a small buffer, so memory stays flat whatever the file's size: a
1 GB JSON Lines file or a 1 GB array is never held whole.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, NamedTuple, TextIO

CHUNK = 1 << 16
# How far past a decoding failure the buffer must reach before the failure
# counts as bad JSON rather than a value cut off at the end of the buffer.
LOOKAHEAD = 1 << 20
MAX_VALUE = 64 << 20
MAX_SYNTAX_ERRORS = 20

_WS = re.compile(r"[ \t\r\n]*")
# Deeper values are refused (Python's decoder would fail somewhere near 1,000).
MAX_DEPTH = 500


class _NotStandard(Exception):
    """Text Python's decoder accepts but the JSON standard (RFC 8259) does not."""


def _refuse_constant(name: str) -> Any:
    raise _NotStandard(name)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _NotStandard("duplicate")
    return found


_decoder = json.JSONDecoder(parse_constant=_refuse_constant, object_pairs_hook=_no_duplicates)
_lenient = json.JSONDecoder()  # finds where a refused value ends, to go on after it


class _Refused(json.JSONDecodeError):
    """A complete value the standard refuses; ``end`` is where reading may go on (None: unknown)."""

    def __init__(self, message: str, text: str, pos: int, end: int | None):
        super().__init__(message, text, pos)
        self.end = end


class Value(NamedTuple):
    """One decoded value: its number in the file (1-based), start line, text and data.

    Immutable like the rest, but a named tuple rather than a dataclass: one
    is made for every event, and a tuple is made in half the time.
    """

    index: int
    line: int
    text: str
    data: Any
    col: int = 1


@dataclass(frozen=True)
class SyntaxProblem:
    """Text that is not JSON, at a 1-based line and column."""

    index: int
    line: int
    col: int
    message: str


class _Buffer:
    """A sliding window over a text stream that knows the line of any position in it."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.text = ""
        self.pos = 0
        self.eof = False
        self._line = 1  # line number at self._mark
        self._mark = 0
        self._col0 = 0  # characters of the current line before text[0], dropped by fill

    def fill(self, at_least: int = CHUNK) -> bool:
        """Read more text, dropping what was consumed; ``False`` at the end of the stream."""
        if self.eof:
            return False
        chunk = self.stream.read(max(CHUNK, at_least))
        if not chunk:
            self.eof = True
            return False
        self.line_at(self.pos)
        self._col0 = self.col_at(self.pos) - 1
        self.text = self.text[self.pos :] + chunk
        self._mark -= self.pos
        self.pos = 0
        return True

    def line_at(self, pos: int) -> int:
        """The line of ``pos`` (counting only the text between it and the last position asked for)."""
        if pos >= self._mark:
            self._line += self.text.count("\n", self._mark, pos)
        else:
            self._line -= self.text.count("\n", pos, self._mark)
        self._mark = pos
        return self._line

    def col_at(self, pos: int) -> int:
        """The 1-based column of ``pos``, also on a line that started in text already dropped."""
        newline = self.text.rfind("\n", 0, pos)
        return pos - newline if newline >= 0 else self._col0 + pos + 1

    def skip_space(self) -> bool:
        """Skip whitespace; ``False`` when the stream ends first."""
        while True:
            self.pos = _WS.match(self.text, self.pos).end()
            if self.pos < len(self.text):
                return True
            if not self.fill():
                return False

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def decode(self) -> tuple[Any, int]:
        """Decode the value at ``pos`` and return it with its end; raise ``JSONDecodeError``.

        Strict as the standard: no ``NaN`` or ``Infinity``, no duplicate
        keys, no unpaired surrogates, and every refusal has a position.
        """
        while True:
            try:
                data, end = _decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if self._cut_off(exc) and self.fill(len(self.text) - self.pos):
                    continue
                raise
            except (_NotStandard, ValueError, RecursionError) as exc:
                raise self._refusal(exc) from None
            # "12" at the end of the buffer may be the start of "1234".
            if end == len(self.text) and self.fill(len(self.text) - self.pos):
                continue
            self._check_decoded(end)
            return data, end

    def _check_decoded(self, end: int) -> None:
        """What the decoder lets through: unpaired surrogates, and depth it could still manage."""
        text, start = self.text, self.pos
        if text.find("\\u", start, end) >= 0:
            lone = _lone_surrogate(text, start, end)
            if lone is not None:
                raise _Refused("unpaired surrogate escape (half of a UTF-16 pair)", text, lone, end)
        if text.count("[", start, end) + text.count("{", start, end) > MAX_DEPTH:
            found = _first_violation(text, start)
            if found is not None:
                raise _Refused(found[1], text, found[0], end)

    def _cut_off(self, exc: json.JSONDecodeError) -> bool:
        if len(self.text) - self.pos > MAX_VALUE:
            return False
        # A string longer than the lookahead fails at its start, however far the buffer goes.
        return len(self.text) - exc.pos < LOOKAHEAD or exc.msg.startswith("Unterminated string")

    def _refusal(self, exc: Exception) -> json.JSONDecodeError:
        """Where and why a value Python would read (or crash on) breaks the standard's rules."""
        found = _first_violation(self.text, self.pos)
        if found is None:  # the decoder ran out of stack before the depth limit
            found = (self.pos, "nested too deeply to read")
        try:
            end: int | None = _lenient.raw_decode(self.text, self.pos)[1]
        except (ValueError, RecursionError):
            end = None
        return _Refused(found[1], self.text, found[0], end)


def _syntax(
    buffer: _Buffer, index: int, exc: json.JSONDecodeError, start: int | None = None
) -> SyntaxProblem:
    """The problem at the failure's exact place, naming the value's first line when it differs."""
    first = buffer.line_at(start) if start is not None else None
    pos = min(exc.pos, len(buffer.text))
    line = buffer.line_at(pos)
    col = buffer.col_at(pos)
    where = f" in the value that starts on line {first}" if first is not None and first != line else ""
    return SyntaxProblem(index, line, col, f"invalid JSON{where}: {exc.msg}")


def read_events(
    stream: TextIO, accept: Callable[[Any], bool] | None = None
) -> Generator[Value | SyntaxProblem, None, int]:
    """The events of a JSON object, array or JSON Lines stream, in order; returns how many it read.

    A value ``accept`` is true of is read and counted but not given: a
    caller that only needs the values it must look at closer (the ones a
    quick check cannot pass) pays nothing more for the rest, not even the
    counting of their lines.
    """
    buffer = _Buffer(stream)
    if not buffer.skip_space():
        return 0
    if buffer.peek() == "[":
        return (yield from _array_items(buffer, accept))
    return (yield from _top_values(buffer, accept))


def _top_values(
    buffer: _Buffer, accept: Callable[[Any], bool] | None
) -> Generator[Value | SyntaxProblem, None, int]:
    index = errors = 0
    while buffer.skip_space():
        index = yield from _whole_values(buffer, index, accept)
        if not buffer.skip_space():
            return index
        index += 1
        line = buffer.line_at(buffer.pos)
        try:
            data, end = buffer.decode()  # may refill: the value then starts at buffer.pos == 0
        except json.JSONDecodeError as exc:
            yield _syntax(buffer, index, exc, buffer.pos)
            errors += 1
            if errors >= MAX_SYNTAX_ERRORS:
                yield _at(buffer, index, buffer.pos, f"invalid JSON: stopped reading after {errors} errors")
                return index
            if isinstance(exc, _Refused) and exc.end is not None:
                buffer.pos = exc.end  # the value was whole: go on right after it
            elif not _skip_line(buffer, buffer.pos):
                return index
            continue
        if accept is None or not accept(data):
            yield Value(index, line, buffer.text[buffer.pos : end], data, buffer.col_at(buffer.pos))
        buffer.pos = end
    return index


def _whole_values(
    buffer: _Buffer, index: int, accept: Callable[[Any], bool] | None
) -> Generator[Value, None, int]:
    """The values from ``buffer.pos`` on that lie wholly in the buffer and need no second look.

    The common case, read with as few steps as possible: a value
    ``accept`` passes costs its decoding, that call and a few
    comparisons; lines and columns are counted only for the values given.
    It stops at the first value it cannot vouch for (cut off by the
    buffer's end, broken, refused, or holding a ``\\u`` escape that is
    half a pair) and returns the last index it gave; ``buffer.pos`` is then
    that value's start, for the careful path to read it as it reads every value.
    """
    text, pos, size = buffer.text, buffer.pos, len(buffer.text)
    scan, space = _decoder.scan_once, _WS.match
    # Where the next \u escape is: values that end before it cannot hold a lone surrogate.
    escape = _next_escape(text, pos)
    while True:
        try:
            data, end = scan(text, pos)
        except StopIteration:  # no value here: more space (a blank line, an indent), or not JSON at all
            skipped = space(text, pos).end()
            if skipped == pos:
                buffer.pos = pos
                return index
            pos = skipped
            continue
        except (ValueError, _NotStandard, RecursionError):
            buffer.pos = pos
            return index
        if end >= size:  # "12" at the end of the buffer may be the start of "1234"
            buffer.pos = pos
            return index
        if escape < end:
            if _lone_surrogate(text, pos, end) is not None:
                buffer.pos = pos
                return index
            escape = _next_escape(text, end)
        # Only a value of more than MAX_DEPTH characters can be nested too deeply.
        if end - pos > MAX_DEPTH and text.count("[", pos, end) + text.count("{", pos, end) > MAX_DEPTH:
            buffer.pos = pos
            return index
        index += 1
        if accept is None or not accept(data):
            yield Value(index, buffer.line_at(pos), text[pos:end], data, buffer.col_at(pos))
        # Most values end their line and the next starts the next line: one comparison, not a
        # regular expression; other space is skipped when the decoder finds no value at it.
        pos = end + 1 if text[end] == "\n" else space(text, end).end()


def _next_escape(text: str, start: int) -> int:
    found = text.find("\\u", start)
    return found if found >= 0 else len(text)


def _skip_line(buffer: _Buffer, start: int) -> bool:
    """Resume after the line where a broken value starts, as JSON Lines readers do."""
    buffer.pos = start
    while (newline := buffer.text.find("\n", buffer.pos)) < 0:
        buffer.pos = len(buffer.text)
        if not buffer.fill():
            return False
    buffer.pos = newline + 1
    return True


def _array_items(
    buffer: _Buffer, accept: Callable[[Any], bool] | None
) -> Generator[Value | SyntaxProblem, None, int]:
    buffer.pos += 1  # the "["
    index = 0
    while True:
        if not buffer.skip_space():
            yield _unexpected_end(buffer, index + 1, "the array is not closed with ']'")
            return index
        if index == 0 and buffer.peek() == "]":
            buffer.pos += 1
            break
        index = yield from _whole_items(buffer, index, accept)
        if not buffer.skip_space():
            yield _unexpected_end(buffer, index + 1, "the array is not closed with ']'")
            return index
        index += 1
        line = buffer.line_at(buffer.pos)
        try:
            data, end = buffer.decode()
        except json.JSONDecodeError as exc:
            yield _syntax(buffer, index, exc, buffer.pos)
            return index
        if accept is None or not accept(data):
            yield Value(index, line, buffer.text[buffer.pos : end], data, buffer.col_at(buffer.pos))
        buffer.pos = end
        if not buffer.skip_space():
            yield _unexpected_end(buffer, index, "the array is not closed with ']'")
            return index
        delimiter = buffer.peek()
        buffer.pos += 1
        if delimiter == "]":
            break
        if delimiter != ",":
            yield _at(buffer, index, buffer.pos - 1, "invalid JSON: expected ',' or ']' after an array item")
            return index
    if buffer.skip_space():
        yield _at(buffer, index, buffer.pos, "invalid JSON: extra data after the array")
    return index


def _whole_items(
    buffer: _Buffer, index: int, accept: Callable[[Any], bool] | None
) -> Generator[Value, None, int]:
    """The array items from ``buffer.pos`` on that lie wholly in the buffer, each with its comma.

    The quick loop of ``_whole_values`` for arrays: it stops at the first
    item it cannot vouch for, or that has no comma after it in the buffer
    (the last one, or one cut off), with ``buffer.pos`` at that item's
    start, where the careful path reads it as it reads every item.
    """
    text, pos, size = buffer.text, buffer.pos, len(buffer.text)
    scan, space = _decoder.scan_once, _WS.match
    escape = _next_escape(text, pos)
    while True:
        try:
            data, end = scan(text, pos)
        except (StopIteration, ValueError, _NotStandard, RecursionError):
            break
        after = space(text, end).end()
        if after >= size or text[after] != ",":
            break
        if escape < end:
            if _lone_surrogate(text, pos, end) is not None:
                break
            escape = _next_escape(text, end)
        if end - pos > MAX_DEPTH and text.count("[", pos, end) + text.count("{", pos, end) > MAX_DEPTH:
            break
        index += 1
        if accept is None or not accept(data):
            yield Value(index, buffer.line_at(pos), text[pos:end], data, buffer.col_at(pos))
        pos = space(text, after + 1).end()
    buffer.pos = pos
    return index


def _at(buffer: _Buffer, index: int, pos: int, message: str) -> SyntaxProblem:
    return _syntax(
        buffer, index, json.JSONDecodeError(message.removeprefix("invalid JSON: "), buffer.text, pos)
    )


def _unexpected_end(buffer: _Buffer, index: int, message: str) -> SyntaxProblem:
    return _at(buffer, index, len(buffer.text), f"invalid JSON: {message}")


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:]')


def key_offset(text: str, key: str) -> int | None:
    """Lines from the start of an object's text to its top-level ``key``, if present."""
    found = key_position(text, key)
    return found[0] if found is not None else None


def key_position(text: str, key: str) -> tuple[int, int] | None:
    """Where an object's top-level ``key`` is: (lines from the start, offset in its line)."""
    start = _plain_key_start(text, key)
    if start is None:
        return _scanned_key_position(text, key)
    if start < 0:
        return None
    return text.count("\n", 0, start), start - (text.rfind("\n", 0, start) + 1)


def _plain_key_start(text: str, key: str) -> int | None:
    """Where ``key`` is in an object's text found with a few searches; ``None`` when unsure, -1 when absent.

    It answers only for an object's text (from its '{' on) without a
    backslash (no escapes) and a key written as itself. Then the first '"key"' is that key of the top-level
    object when an even number of quotes comes before it (it opens a
    string, as no string holds a quote), a colon follows it (only a key is
    followed by one), and the object's own '{' is the only '{' before it
    (so no inner object is open, and a key belongs to an object). With no
    '"key"' in the text at all, the object has no such key.
    """
    if not text.startswith("{") or "\\" in text or '"' in key or not key.isprintable():
        return None
    start = text.find(f'"{key}"')
    if start < 0:
        return -1
    after = _WS.match(text, start + len(key) + 2).end()
    if text.startswith(":", after) and text.count("{", 0, start) == 1 and text.count('"', 0, start) % 2 == 0:
        return start
    return None


def _scanned_key_position(text: str, key: str) -> tuple[int, int] | None:
    depth = 0
    pending: re.Match[str] | None = None
    for token in _TOKEN.finditer(text):
        kind = token.group()
        if kind in "{[":
            depth += 1
        elif kind in "}]":
            depth -= 1
        elif kind == ":" and depth == 1 and pending is not None and _string(pending.group()) == key:
            start = pending.start()
            return text.count("\n", 0, start), start - (text.rfind("\n", 0, start) + 1)
        pending = token if kind.startswith('"') else None
    return None


def _string(token: str) -> str | None:
    if "\\" not in token and token.isprintable():
        return token[1:-1]  # no escapes, no control characters: the text between the quotes is the string
    try:
        return json.loads(token)
    except json.JSONDecodeError:
        return None


# Tokens of JSON text, to find where a value breaks a rule the decoder found broken.
_SCAN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|-?Infinity|NaN|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|[a-z]+')
# Python refuses to turn longer digit strings into an int (CVE-2020-10735).
MAX_INT_DIGITS = 4300


def _first_violation(text: str, start: int) -> tuple[int, str] | None:
    """The position and description of the first non-standard thing in the value at ``start``."""
    keys: list[set[str] | None] = []  # per open bracket: the keys seen ({) or None ([)
    pending: re.Match[str] | None = None
    for token in _SCAN.finditer(text, start):
        kind = token.group()
        if kind in "{[":
            keys.append(set() if kind == "{" else None)
            if len(keys) > MAX_DEPTH:
                return token.start(), f"nested more than {MAX_DEPTH} levels deep"
        elif kind in "}]":
            keys.pop() if keys else None
        elif kind == ":" and pending is not None and keys and keys[-1] is not None:
            key = _string(pending.group())
            if key in keys[-1]:
                return pending.start(), f"duplicate key {pending.group()} in one object"
            keys[-1].add(key)
        elif kind in ("NaN", "Infinity", "-Infinity"):
            return token.start(), f"{kind} is not a JSON number"
        elif kind[-1].isdigit() and len(kind.lstrip("-")) > MAX_INT_DIGITS and kind.lstrip("-").isdigit():
            return token.start(), f"an integer of more than {MAX_INT_DIGITS:,} digits is refused"
        pending = token if kind.startswith('"') else None
        if not keys:
            break
    return None


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)")


def _lone_surrogate(text: str, start: int, end: int) -> int | None:
    """The position of a ``\\uD800``-style escape that is not half of a surrogate pair."""
    high: re.Match[str] | None = None  # a high half, waiting for its low half right after it
    for escape in _ESCAPE.finditer(text, start, end):
        code = int(escape.group(1), 16) if escape.group(1) else -1
        if high is not None:
            if 0xDC00 <= code <= 0xDFFF and escape.start() == high.end():
                high = None
                continue
            return high.start()
        if 0xD800 <= code <= 0xDBFF:
            high = escape
        elif 0xDC00 <= code <= 0xDFFF:
            return escape.start()
    return high.start() if high is not None else None


class BadUtf8(ValueError):
    """A byte that is not UTF-8, at a 1-based line and column of the text before it."""

    def __init__(self, line: int, col: int, byte: int):
        self.line, self.col, self.byte = line, col, byte
        super().__init__(f"not valid UTF-8 (byte 0x{byte:02x}); save it as UTF-8")


class Utf8Reader:
    """A binary stream read as UTF-8 text (a BOM is allowed), newlines untouched.

    Unlike ``io.TextIOWrapper`` it says where a bad byte is, counting the
    lines and columns of everything decoded before it.
    """

    def __init__(self, raw: Any):
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.line, self.col = 1, 1  # of the next character

    def read(self, size: int = CHUNK) -> str:
        while True:
            data = self.raw.read(size)
            try:
                text = self.decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                self._advance(exc.object[: exc.start].decode("utf-8-sig", "replace"))
                raise BadUtf8(self.line, self.col, exc.object[exc.start]) from None
            self._advance(text)
            if text or not data:
                return text

    def _advance(self, text: str) -> None:
        newlines = text.count("\n")
        if newlines:
            self.line += newlines
            self.col = len(text) - text.rfind("\n")
        else:
            self.col += len(text)
