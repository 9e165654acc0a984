"""Views: the callables templates use to show the model (tables, explorers, references).

Each feature module adds a function to ``REGISTRARS`` that puts its globals
and filters on the environment; this is the one place extensions register.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2

MACROS = "macros.njk"


def macro_global(env: jinja2.Environment, name: str) -> Callable[..., Any]:
    """A global that calls the macro ``name`` of ``macros.njk``.

    Pages can then write ``{{ proptable(...) }}`` without an import, while a
    project that overrides ``macros.njk`` changes both spellings at once.
    """

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(env.get_template(MACROS).module, name)(*args, **kwargs)

    call.__name__ = name
    return call


def register_core(env: jinja2.Environment) -> None:
    for name in ("proptable", "event_explorer"):
        env.globals[name] = macro_global(env, name)


REGISTRARS: list[Callable[[jinja2.Environment], None]] = [register_core]


def register_views(env: jinja2.Environment) -> None:
    for register in REGISTRARS:
        register(env)
