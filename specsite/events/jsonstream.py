"""Reading JSON events one at a time, with the line each starts on.

A file of events may be one JSON object, a JSON array of objects, or JSON
Lines (one object per line; any whitespace-separated sequence of values is
read the same way). The file is read in chunks and each value is decoded
from a small buffer, so memory stays flat whatever the file's size: a
1 GB JSON Lines file or a 1 GB array is never held whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

CHUNK = 1 << 16
# How far past a decoding failure the buffer must reach before the failure
# counts as bad JSON rather than a value cut off at the end of the buffer.
LOOKAHEAD = 1 << 20
MAX_VALUE = 64 << 20
MAX_SYNTAX_ERRORS = 20

_WS = re.compile(r"[ \t\r\n]*")
_decoder = json.JSONDecoder()


@dataclass(frozen=True)
class Value:
    """One decoded value: its number in the file (1-based), start line, text and data."""

    index: int
    line: int
    text: str
    data: Any


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

    def fill(self, at_least: int = CHUNK) -> bool:
        """Read more text, dropping what was consumed; ``False`` at the end of the stream."""
        if self.eof:
            return False
        chunk = self.stream.read(max(CHUNK, at_least))
        if not chunk:
            self.eof = True
            return False
        self.line_at(self.pos)
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
        """Decode the value at ``pos`` and return it with its end; raise ``JSONDecodeError``."""
        while True:
            try:
                data, end = _decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if self._cut_off(exc.pos) and self.fill(len(self.text) - self.pos):
                    continue
                raise
            # "12" at the end of the buffer may be the start of "1234".
            if end == len(self.text) and self.fill(len(self.text) - self.pos):
                continue
            return data, end

    def _cut_off(self, failed_at: int) -> bool:
        if len(self.text) - self.pos > MAX_VALUE:
            return False
        return len(self.text) - failed_at < LOOKAHEAD


def _syntax(
    buffer: _Buffer, index: int, exc: json.JSONDecodeError, start: int | None = None
) -> SyntaxProblem:
    """The problem at the failure's exact place, naming the value's first line when it differs."""
    first = buffer.line_at(start) if start is not None else None
    pos = min(exc.pos, len(buffer.text))
    line = buffer.line_at(pos)
    col = pos - (buffer.text.rfind("\n", 0, pos) + 1) + 1
    where = f" in the value that starts on line {first}" if first is not None and first != line else ""
    return SyntaxProblem(index, line, col, f"invalid JSON{where}: {exc.msg}")


def read_events(stream: TextIO) -> Iterator[Value | SyntaxProblem]:
    """The events of a JSON object, array or JSON Lines stream, in order."""
    buffer = _Buffer(stream)
    if not buffer.skip_space():
        return
    if buffer.peek() == "[":
        yield from _array_items(buffer)
    else:
        yield from _top_values(buffer)


def _top_values(buffer: _Buffer) -> Iterator[Value | SyntaxProblem]:
    index = errors = 0
    while buffer.skip_space():
        index += 1
        line = buffer.line_at(buffer.pos)
        try:
            data, end = buffer.decode()  # may refill: the value then starts at buffer.pos == 0
        except json.JSONDecodeError as exc:
            yield _syntax(buffer, index, exc, buffer.pos)
            errors += 1
            if errors >= MAX_SYNTAX_ERRORS:
                yield _at(buffer, index, buffer.pos, f"invalid JSON: stopped reading after {errors} errors")
                return
            if not _skip_line(buffer, buffer.pos):
                return
            continue
        yield Value(index, line, buffer.text[buffer.pos : end], data)
        buffer.pos = end


def _skip_line(buffer: _Buffer, start: int) -> bool:
    """Resume after the line where a broken value starts, as JSON Lines readers do."""
    buffer.pos = start
    while (newline := buffer.text.find("\n", buffer.pos)) < 0:
        buffer.pos = len(buffer.text)
        if not buffer.fill():
            return False
    buffer.pos = newline + 1
    return True


def _array_items(buffer: _Buffer) -> Iterator[Value | SyntaxProblem]:
    buffer.pos += 1  # the "["
    index = 0
    while True:
        if not buffer.skip_space():
            yield _unexpected_end(buffer, index + 1, "the array is not closed with ']'")
            return
        if index == 0 and buffer.peek() == "]":
            buffer.pos += 1
            break
        index += 1
        line = buffer.line_at(buffer.pos)
        try:
            data, end = buffer.decode()
        except json.JSONDecodeError as exc:
            yield _syntax(buffer, index, exc, buffer.pos)
            return
        yield Value(index, line, buffer.text[buffer.pos : end], data)
        buffer.pos = end
        if not buffer.skip_space():
            yield _unexpected_end(buffer, index, "the array is not closed with ']'")
            return
        delimiter = buffer.peek()
        buffer.pos += 1
        if delimiter == "]":
            break
        if delimiter != ",":
            yield _at(buffer, index, buffer.pos - 1, "invalid JSON: expected ',' or ']' after an array item")
            return
    if buffer.skip_space():
        yield _at(buffer, index, buffer.pos, "invalid JSON: extra data after the array")


def _at(buffer: _Buffer, index: int, pos: int, message: str) -> SyntaxProblem:
    return _syntax(
        buffer, index, json.JSONDecodeError(message.removeprefix("invalid JSON: "), buffer.text, pos)
    )


def _unexpected_end(buffer: _Buffer, index: int, message: str) -> SyntaxProblem:
    return _at(buffer, index, len(buffer.text), f"invalid JSON: {message}")


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:]')


def key_offset(text: str, key: str) -> int | None:
    """Lines from the start of an object's text to its top-level ``key``, if present."""
    depth = 0
    pending: re.Match[str] | None = None
    for token in _TOKEN.finditer(text):
        kind = token.group()
        if kind in "{[":
            depth += 1
        elif kind in "}]":
            depth -= 1
        elif kind == ":" and depth == 1 and pending is not None and _string(pending.group()) == key:
            return text.count("\n", 0, pending.start())
        pending = token if kind.startswith('"') else None
    return None


def _string(token: str) -> str | None:
    try:
        return json.loads(token)
    except json.JSONDecodeError:
        return None
