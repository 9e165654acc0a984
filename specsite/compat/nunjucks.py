"""Nunjucks syntax that Jinja lacks, translated token by token.

Jinja's lexer splits a template into tokens first; ``NunjucksSyntax.filter_stream``
rewrites a few token patterns before the parser sees them. Text outside
``{{ }}`` and ``{% %}`` (and anything in ``{% raw %}``) is one data token, so it is
never touched. The rules, each small and tested in ``tests/test_nunjucks.py``:

==================  =====================  ==========================================
Nunjucks            becomes                why
==================  =====================  ==========================================
``a === b``         ``a == b``             Jinja has no strict equality; Python's
``a !== b``         ``a != b``             ``==`` does not convert types either
``{% elseif %}``    ``{% elif %}``         the same tag under Nunjucks' other name
``{ key: 1 }``      ``{ "key": 1 }``       a bare key in an object literal is text
``null``            ``none``               JavaScript's name for nothing
``xs.length``       ``xs | js_length``     JavaScript's array and string methods, on
``xs.join(",")``    ``xs | js_join(",")``  any list (see ``jsmethods``)
==================  =====================  ==========================================

Printed values follow Nunjucks too: ``{{ flag }}`` prints ``true`` or ``false``,
``{{ none }}`` prints nothing, and a list prints as ``a,b`` (JavaScript's way).

The filters Nunjucks and Eleventy sites use (``slug``, ``slugify``, ``date``)
are added too; ``dump``, ``safe`` and ``url`` are the engine's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

from ..engine import views
from . import jsmethods, luxon, slugify

_OPENING = {"lbrace": "rbrace", "lbracket": "rbracket", "lparen": "rparen"}


class NunjucksSyntax(Extension):
    """Rewrites the Nunjucks token patterns in the table above into Jinja's."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        return translate(list(stream))


def translate(tokens: list[Token]) -> Iterator[Token]:
    brackets: list[str] = []
    previous: Token | None = None
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        yield from _rewrite(token, previous, following, brackets)
        _track(token, brackets)
        previous = token


def _rewrite(
    token: Token, previous: Token | None, following: Token | None, brackets: list[str]
) -> list[Token]:
    kind, value, line = token.type, token.value, token.lineno
    if kind == "dot" and _is_method(following):
        return [Token(line, "pipe", "|")]
    if kind == "assign" and previous is not None and previous.type in ("eq", "ne"):
        return []  # the third character of === and !==
    if kind != "name":
        return [token]
    after_dot = previous is not None and previous.type == "dot"
    if value == "elseif" and previous is not None and previous.type == "block_begin":
        return [Token(line, "name", "elif")]
    if value == "null" and not after_dot:
        return [Token(line, "name", "none")]
    if _is_bare_key(previous, following, brackets):
        return [Token(line, "string", value)]
    if after_dot and value in jsmethods.METHODS:
        # The dot became a pipe: the filter takes the attribute's place.
        return [Token(line, "name", jsmethods.METHODS[value])]
    return [token]


def _is_method(token: Token | None) -> bool:
    return token is not None and token.type == "name" and token.value in jsmethods.METHODS


def _is_bare_key(previous: Token | None, following: Token | None, brackets: list[str]) -> bool:
    """A name right after ``{`` or a comma inside braces, and right before a colon."""
    return (
        bool(brackets)
        and brackets[-1] == "lbrace"
        and previous is not None
        and previous.type in ("lbrace", "comma")
        and following is not None
        and following.type == "colon"
    )


def _track(token: Token, brackets: list[str]) -> None:
    if token.type in _OPENING:
        brackets.append(token.type)
    elif token.type in _OPENING.values() and brackets:
        brackets.pop()
    elif token.type in ("variable_end", "block_end"):
        brackets.clear()


def register(env: jinja2.Environment) -> None:
    env.add_extension(NunjucksSyntax)
    env.finalize = _printing_as_nunjucks(env.finalize)
    env.filters.update(jsmethods.FILTERS)
    env.filters.update(slugify=slugify.slugify, slug=slugify.slug, date=luxon.date_filter)


views.REGISTRARS.append(register)


def _printing_as_nunjucks(finalize: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """``{{ value }}`` prints ``true``, ``false``, nothing for ``none``, and lists as ``a,b``."""

    # Passing the eval context stops Jinja from printing constants (``{{ none }}``) at
    # compile time, where it escapes them to text before ``finalize`` sees them.
    @jinja2.pass_eval_context
    def printed(eval_ctx: Any, value: Any) -> Any:
        value = jsmethods.js_text(value)
        return finalize(value) if finalize is not None else value

    return printed
