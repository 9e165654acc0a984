"""Views: the callables templates use to show the model (tables, explorers, references).

Each feature module adds a function to ``REGISTRARS`` that puts its globals
and filters on the environment; this is the one place extensions register.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import jinja2
from markupsafe import Markup

# Always the built-in file: a project's own ``macros.njk`` (which pages import
# by that name) must not hide ``proptable`` or ``event_explorer``.
MACROS = "specsite/macros.njk"

# View output is finished HTML, often large (an explorer is tens of KB).
# In a Markdown page it is held back behind a placeholder while Markdown
# runs, instead of being re-parsed as a raw HTML block, and put back after.
_held: ContextVar[list[str] | None] = ContextVar("specsite_held_views", default=None)
_TOKEN = "SPECSITEVIEW{:06d}END"
_TOKEN_RE = re.compile(r"<p>(SPECSITEVIEW\d{6}END)</p>|(SPECSITEVIEW\d{6}END)")


@contextmanager
def holding_views() -> Iterator[list[str]]:
    """Inside the block, view globals return placeholders; ``put_back`` restores them."""
    held: list[str] = []
    token = _held.set(held)
    try:
        yield held
    finally:
        _held.reset(token)


def hold(html: Any) -> Any:
    held = _held.get()
    if held is None or not isinstance(html, Markup):
        return html
    held.append(str(html))
    return Markup(_TOKEN.format(len(held) - 1))


def put_back(text: str, held: list[str]) -> str:
    """Replace each placeholder (alone in a paragraph or inline) with its view's HTML."""
    if not held:
        return text
    return _TOKEN_RE.sub(lambda m: held[int((m[1] or m[2])[12:18])], text)


def macro_global(env: jinja2.Environment, name: str) -> Callable[..., Any]:
    """A global that calls the macro ``name`` of the built-in ``macros.njk``.

    Pages can then write ``{{ proptable(...) }}`` without an import. A project
    may keep a ``macros.njk`` of its own (``{% from 'macros.njk' import x %}``
    then reads that file); the globals stay the built-in macros.
    """

    def call(*args: Any, **kwargs: Any) -> Any:
        return hold(getattr(env.get_template(MACROS).module, name)(*args, **kwargs))

    call.__name__ = name
    return call


def register_core(env: jinja2.Environment) -> None:
    for name in ("proptable", "event_explorer"):
        env.globals[name] = macro_global(env, name)


REGISTRARS: list[Callable[[jinja2.Environment], None]] = [register_core]


def register_views(env: jinja2.Environment) -> None:
    for register in REGISTRARS:
        register(env)


def builtin_global_names() -> frozenset[str]:
    """The globals every template has before a project adds its own (Jinja's and the views')."""
    env = jinja2.Environment()
    register_views(env)
    return frozenset(env.globals)
