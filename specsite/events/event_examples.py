"""Event examples in pages: fenced blocks marked ```` ```json event ````.

A page marks a JSON code block as an event example by adding the word
``event`` after the language::

    ```json event
    {"type": "add_to_cart", "product_ids": ["sku-1"]}
    ```

(``json event=NAME`` checks against the catalog ``NAME`` instead of
``event``.) The block renders as ordinary highlighted JSON, and GitHub and
other Markdown viewers still see a ``json`` block. At build time every such
block, one event or an array of events, is checked against the spec, and a
failure fails the build at the page's ``path:line``.

This module only finds the blocks and teaches Markdown the syntax; the
check itself lives with the validator in ``validate_events``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from ..engine import mdrender

DEFAULT_NAMESPACE = "event"
_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")
_EVENT_INFO = re.compile(r"^[ \t]*json[ \t]+event(?:=(?P<ns>[A-Za-z0-9_.-]+))?[ \t]*$")


@dataclass(frozen=True)
class ExampleBlock:
    namespace: str
    line: int  # the opening fence's line in the file
    text: str

    @property
    def first_line(self) -> int:
        """The file line of the block's first line of JSON."""
        return self.line + 1


@dataclass(frozen=True)
class _Fence:
    start: int  # index of the opening line
    end: int  # index of the closing line (len(lines) when unclosed)
    namespace: str | None  # set for event examples


def _fences(lines: list[str]) -> Iterator[_Fence]:
    """Every fenced code block; a fence inside another one is just text."""
    index = 0
    while index < len(lines):
        opened = _OPEN.match(lines[index])
        if opened is None:
            index += 1
            continue
        fence = opened.group("fence")
        end = _closing(lines, index + 1, fence)
        info = _EVENT_INFO.match(opened.group("info"))
        namespace = (info.group("ns") or DEFAULT_NAMESPACE) if info else None
        yield _Fence(index, end, namespace)
        index = end + 1


def _closing(lines: list[str], start: int, fence: str) -> int:
    closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for index in range(start, len(lines)):
        if closing.match(lines[index]):
            return index
    return len(lines)


def find_examples(body: str, body_line: int) -> list[ExampleBlock]:
    """The event examples in a page body whose first line is line ``body_line`` of its file."""
    lines = body.split("\n")
    return [
        ExampleBlock(fence.namespace, body_line + fence.start, "\n".join(lines[fence.start + 1 : fence.end]))
        for fence in _fences(lines)
        if fence.namespace is not None
    ]


class _EventFences(Preprocessor):
    """Turn ```` ```json event ```` into ```` ```json ```` so the fenced-code extension takes it."""

    def run(self, lines: list[str]) -> list[str]:
        out = list(lines)
        for fence in _fences(out):
            if fence.namespace is not None:
                opened = _OPEN.match(out[fence.start])
                prefix = out[fence.start][: opened.start("info")] if opened else "```"
                out[fence.start] = prefix + "json"
        return out


class EventExampleFences(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Before fenced_code (25), which does not accept words after the language.
        md.preprocessors.register(_EventFences(md), "event_example_fences", 30)


mdrender.PAGE_EXTENSION_FACTORIES.append(EventExampleFences)
