"""Shortcodes: tags that call a hook, as Eleventy's Nunjucks shortcodes do.

``{% youtube "abc", "A talk" %}`` calls ``youtube("abc", "A talk")`` and puts
its result in the page as HTML; a paired shortcode
``{% note "Tip" %}body{% endnote %}`` calls ``note(body, "Tip")`` with the
rendered body. Arguments are template expressions separated by commas, as in
Nunjucks, so pages written for Eleventy work unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import jinja2
import jinja2.ext
from jinja2 import nodes
from markupsafe import Markup

# Tags the template language has already; a shortcode cannot take their names.
LANGUAGE_TAGS = frozenset(
    {
        *jinja2.parser._statement_keywords,
        *("do", "break", "continue", "raw", "endraw", "elif", "elseif", "else", "trans", "pluralize"),
    }
)


class ShortcodeExtension(jinja2.ext.Extension):
    """Parses every registered shortcode; a subclass per environment names them (``tags``)."""

    # The body of a paired shortcode is parsed as template text and printed by ``caller()``.
    keeps_template_text = True
    single: ClassVar[dict[str, Callable[..., Any]]] = {}
    paired: ClassVar[dict[str, Callable[..., Any]]] = {}

    def parse(self, parser: jinja2.parser.Parser) -> nodes.Node:
        token = next(parser.stream)
        name = token.value
        args = []
        while parser.stream.current.type != "block_end":
            if args:
                parser.stream.skip_if("comma")
            args.append(parser.parse_expression())
        line = token.lineno  # so a failing shortcode is reported at the page's line
        call = self.call_method("_call", [nodes.Const(name), nodes.List(args)], lineno=line)
        if name not in self.paired:
            return nodes.Output([call]).set_lineno(line)
        body = parser.parse_statements((f"name:end{name}",), drop_needle=True)
        paired = self.call_method("_call_paired", [nodes.Const(name), nodes.List(args)], lineno=line)
        return nodes.CallBlock(paired, [], [], body).set_lineno(line)

    def _call(self, name: str, args: list[Any]) -> Markup:
        return Markup(str(self.single[name](*args)))

    def _call_paired(self, name: str, args: list[Any], caller: Callable[[], str]) -> Markup:
        return Markup(str(self.paired[name](str(caller()), *args)))


def install(
    env: jinja2.Environment, single: dict[str, Callable[..., Any]], paired: dict[str, Callable[..., Any]]
) -> None:
    """Let ``env``'s templates use these shortcodes (nothing to do when there are none)."""
    if not single and not paired:
        return
    names = {*single, *paired}
    extension = type(
        "ProjectShortcodes", (ShortcodeExtension,), {"tags": names, "single": single, "paired": paired}
    )
    env.add_extension(extension)
