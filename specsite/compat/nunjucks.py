"""Nunjucks syntax that Jinja lacks, translated token by token.

Jinja's lexer splits a template into tokens first; ``NunjucksSyntax.filter_stream``
rewrites a few token patterns before the parser sees them. Text outside
``{{ }}`` and ``{% %}`` (and anything in ``{% raw %}``) is one data token, so it is
never touched. The rules, each small and tested in ``tests/test_nunjucks.py``:

- ``a === b``, ``a !== b`` become ``a == b``, ``a != b``: Jinja has no strict
  equality, and Python's ``==`` does not convert types either;
- ``{% elseif %}`` becomes ``{% elif %}``, the same tag under its other name;
- ``{ key: 1 }`` becomes ``{ "key": 1 }``: a bare key in an object literal is text;
- ``null`` becomes ``none``;
- ``xs.length`` and ``xs.join(",")`` become ``xs | js_length`` and
  ``xs | js_join(",")``: JavaScript's array and string methods on any list
  (see ``jsmethods``);
- ``{% for k, v in o %}`` becomes ``{% for k, v in (o) | js_pairs %}``: a loop
  over an object's keys and values;
- ``{% sc a, b %}`` becomes ``{{ sc(a, b) | safe }}`` when ``sc`` is a global
  function (an Eleventy shortcode), and ``{% sc a %}…{% endsc %}`` becomes
  ``{% filter sc(a) %}…{% endfilter %}`` when ``sc`` is a filter (a paired one).

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
from markupsafe import Markup

from ..engine import views
from ..engine.yamlsrc import YStr
from . import collection_filters, jsmethods, luxon, slugify

_OPENING = {"lbrace": "rbrace", "lbracket": "rbracket", "lparen": "rparen"}


class NunjucksSyntax(Extension):
    """Rewrites the Nunjucks token patterns in the table above into Jinja's."""

    # It rewrites tokens inside tags only; text between tags passes through untouched
    # (so page bodies of one shape may share their compiled code: engine/textruns.py).
    keeps_template_text = True

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        try:
            tokens = shortcode_tags(list(stream), self.environment)
        except jinja2.TemplateSyntaxError as exc:
            exc.name, exc.filename = stream.name, stream.filename
            raise
        return translate(tokens)


def translate(tokens: list[Token]) -> Iterator[Token]:
    tokens = list(_pairs_of_mappings(tokens))
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


# --- Eleventy shortcodes and Nunjucks loops over objects --------------------------------


def _known_tags(env: jinja2.Environment) -> frozenset[str]:
    tags = set(jinja2.parser._statement_keywords) | {"elif", "elseif", "else", "call", "filter", "set"}
    for extension in env.extensions.values():
        tags |= extension.tags
    return frozenset(tags)


def shortcode_tags(tokens: list[Token], env: jinja2.Environment) -> list[Token]:
    """``{% name args %}`` calls the global ``name``; ``{% name args %}…{% endname %}`` is a filter block.

    That is how Eleventy sites call shortcodes and paired shortcodes: a
    project registers the function (as a global, or as a filter taking the
    body first) and its pages keep their tags. A tag that is neither stays
    an unknown tag, reported as such.
    """
    known = _known_tags(env)
    closers = {t.value for i, t in enumerate(tokens) if t.type == "name" and _opens_tag(tokens, i)}
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type != "name" or not _opens_tag(tokens, index) or token.value in known:
            out.append(token)
            index += 1
            continue
        name, line = token.value, token.lineno
        end = next(i for i in range(index, len(tokens)) if tokens[i].type == "block_end")
        args = tokens[index + 1 : end]
        if name.startswith("end") and name[3:] in env.filters and name[3:] not in known:
            out.append(Token(line, "name", "endfilter"))
        elif f"end{name}" in closers and name in env.filters:
            out += [Token(line, "name", "filter"), token, *_call_args(args, line)]
        elif callable(env.globals.get(name)):
            out[-1] = Token(out[-1].lineno, "variable_begin", "{{")
            # Eleventy inserts a shortcode's output as it is (HTML), so it is marked safe here too.
            out += [token, *_call_args(args, line), *_filter("safe", line)]
            out.append(Token(tokens[end].lineno, "variable_end", "}}"))
            index = end + 1
            continue
        elif not name.startswith("end"):
            raise _unknown_tag(name, line, closers)
        else:
            out.append(token)
            index += 1
            continue
        index = end
    return out


def _unknown_tag(name: str, line: int, closers: set[str]) -> jinja2.TemplateSyntaxError:
    if f"end{name}" in closers:
        needs = f"an Eleventy paired shortcode needs a filter named '{name}' that takes the body first"
    else:
        needs = f"an Eleventy shortcode needs a global function named '{name}'"
    return jinja2.TemplateSyntaxError(
        f"unknown tag '{name}'; {needs} (registered by the project's hooks)", line
    )


def _opens_tag(tokens: list[Token], index: int) -> bool:
    return index > 0 and tokens[index - 1].type == "block_begin"


def _call_args(args: list[Token], line: int) -> list[Token]:
    return [Token(line, "lparen", "("), *args, Token(line, "rparen", ")")]


def _filter(name: str, line: int) -> list[Token]:
    return [Token(line, "pipe", "|"), Token(line, "name", name)]


def _pairs_of_mappings(tokens: list[Token]) -> Iterator[Token]:
    """``{% for k, v in obj %}`` walks a mapping's keys and values, as Nunjucks does.

    The loop's iterable is wrapped: ``in (obj) | js_pairs``; a value that is
    not a mapping passes through unchanged.
    """
    index = 0
    while index < len(tokens):
        token = tokens[index]
        yield token
        index += 1
        if not (token.type == "name" and token.value == "for" and _opens_tag(tokens, index - 1)):
            continue
        targets = []
        while index < len(tokens) and not (tokens[index].type == "name" and tokens[index].value == "in"):
            targets.append(tokens[index])
            index += 1
        yield from targets
        if index >= len(tokens) or not any(t.type == "comma" for t in targets):
            continue
        yield tokens[index]  # in
        index += 1
        yield Token(tokens[index - 1].lineno, "lparen", "(")
        depth = 0
        while index < len(tokens):
            current = tokens[index]
            if current.type in _OPENING:
                depth += 1
            elif current.type in _OPENING.values():
                depth -= 1
            ends_iterable = current.type == "block_end" or (
                depth == 0 and current.type == "name" and current.value in ("if", "recursive")
            )
            if ends_iterable:
                line = current.lineno
                yield from (
                    Token(line, "rparen", ")"),
                    Token(line, "pipe", "|"),
                    Token(line, "name", "js_pairs"),
                )
                break
            yield current
            index += 1


def register(env: jinja2.Environment) -> None:
    env.add_extension(NunjucksSyntax)
    env.finalize = _printing_as_nunjucks(env.finalize)
    env.filters.update(jsmethods.FILTERS)
    env.filters.update(collection_filters.FILTERS)
    env.filters.update(slugify=slugify.slugify, slug=slugify.slug, date=luxon.date_filter)


views.REGISTRARS.append(register)


def _printing_as_nunjucks(finalize: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """``{{ value }}`` prints ``true``, ``false``, nothing for ``none``, and lists as ``a,b``."""

    # Passing the eval context stops Jinja from printing constants (``{{ none }}``) at
    # compile time, where it escapes them to text before ``finalize`` sees them.
    inner = finalize or (lambda value: value)
    # The common cases, checked by exact type first (bool is not int here); spec text is YStr.
    as_is = (str, int, Markup, YStr)

    @jinja2.pass_eval_context
    def printed(eval_ctx: Any, value: Any) -> Any:
        if value.__class__ in as_is:
            return inner(value)
        return inner(jsmethods.js_text(value))

    return printed
