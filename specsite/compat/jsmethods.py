"""The JavaScript methods Nunjucks templates call on lists and strings, as filters.

The Nunjucks syntax rules turn ``xs.length`` into ``xs | js_length`` and
``xs.join(", ")`` into ``xs | js_join(", ")``. An object that has an attribute
or key of that name (a mapping with a ``length`` key, a spec list that defines
``join``) keeps its own; otherwise lists, tuples and strings answer as in
JavaScript, and anything else is undefined, as it would be in Nunjucks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from markupsafe import Markup

_SEQUENCES = (list, tuple, str)


def _own(env: jinja2.Environment, obj: Any, name: str) -> Any:
    """The object's own ``name``, or undefined when it has none."""
    if isinstance(obj, str) or type(obj) in (list, tuple):
        what = "text" if isinstance(obj, str) else "a list"
        works_on = "lists" if name == "join" else "lists and text"
        hint = f"{what} has no attribute '{name}' ('{name}' works on {works_on})"
        return env.undefined(hint, obj=obj, name=name)
    return env.getattr(obj, name)


@jinja2.pass_environment
def js_length(env: jinja2.Environment, obj: Any) -> Any:
    if isinstance(obj, _SEQUENCES):
        return len(obj)
    return _own(env, obj, "length")


def _method(name: str, on_list: Callable[..., Any], on_text: Callable[..., Any] | None) -> Callable[..., Any]:
    @jinja2.pass_environment
    def call(env: jinja2.Environment, obj: Any, *args: Any) -> Any:
        if isinstance(obj, str) and on_text is not None:
            return on_text(obj, *args)
        if isinstance(obj, list | tuple) and not hasattr(obj, name):
            return on_list(obj, *args)
        return _own(env, obj, name)(*args)

    call.__name__ = f"js_{name}"
    return call


def _join(items: Any, sep: Any = ",") -> str:
    return str(sep).join(str(js_text(item)) for item in items)


def _index_of(items: Any, item: Any) -> int:
    return items.index(item) if item in items else -1


def js_pairs(value: Any) -> Any:
    """A mapping as its (key, value) pairs, for ``{% for k, v in obj %}``; anything else as it is."""
    return list(value.items()) if isinstance(value, Mapping) else value


def truncate(value: Any, length: int = 255, killwords: bool = False, end: str = "...") -> Any:
    """Nunjucks' ``truncate``: cut at the last space within ``length`` (``end`` is not counted)."""
    text = str(value)
    if len(text) <= length:
        return value
    cut = length if killwords else text.rfind(" ", 0, length + 1)
    text = text[: length if cut == -1 else cut] + str("..." if end is None else end)
    return Markup(text) if isinstance(value, Markup) else text


def nl2br(value: Any) -> Any:
    """Nunjucks' ``nl2br``: the breaks are markup only when the text already was (``| escape | nl2br``)."""
    text = re.sub(r"\r\n|\n", "<br />\n", str(value))
    return Markup(text) if isinstance(value, Markup) else text


FILTERS: dict[str, Callable[..., Any]] = {
    "truncate": truncate,
    "nl2br": nl2br,
    "js_pairs": js_pairs,
    "js_length": js_length,
    "js_join": _method("join", _join, None),
    "js_includes": _method("includes", lambda items, x: x in items, lambda text, x: str(x) in text),
    "js_indexOf": _method("indexOf", _index_of, lambda text, x: text.find(str(x))),
}
# The method names the syntax rules rewrite, and whether they are called.
METHODS = {"length": "js_length", "join": "js_join", "includes": "js_includes", "indexOf": "js_indexOf"}


def js_text(value: Any) -> Any:
    """A value as Nunjucks prints it: ``true``, nothing for null, ``2`` for 2.0, ``a,b`` for a list."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
    if type(value) in (list, tuple):
        return ",".join(str(js_text(item)) for item in value)
    return value
