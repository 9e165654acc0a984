"""Layouts as Eleventy finds them: by name with or without extension, chained by front matter.

``layout: base`` finds ``base``, ``base.njk``, ``base.html`` or ``base.md``
in ``templates/`` (then the built-in templates). A layout may name its own
``layout:`` in front matter; the page is rendered into the first layout, that
into the next, and so on. A layout's other front matter keys are names in the
layouts, under the page's own names (the page's front matter wins, as in
Eleventy's data cascade).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import jinja2

from .errors import Pos, did_you_mean
from .frontmatter import split_front_matter
from .yamlsrc import YamlError

LAYOUT_SUFFIXES = (".njk", ".html", ".md")
NO_LAYOUT = ("none", "false")


class LayoutError(Exception):
    """A layout that cannot be found or read; ``path`` is None when it is the page's own line."""

    def __init__(self, message: str, path: str | None = None, pos: Pos | None = None):
        self.message, self.path, self.pos = message, path, pos
        super().__init__(message)


@dataclass(frozen=True)
class Layout:
    name: str  # as resolved: ``base.njk``
    template: jinja2.Template = field(compare=False)
    data: dict[str, Any] = field(compare=False)


def candidates(name: str) -> list[str]:
    if PurePosixPath(name).suffix in (*LAYOUT_SUFFIXES, ".jinja", ".j2", ".xml", ".txt"):
        return [name]
    return [name, *(name + suffix for suffix in LAYOUT_SUFFIXES)]


def layout_chain(env: jinja2.Environment, name: str) -> list[Layout]:
    """The layouts a page renders into, innermost first (none for ``none``)."""
    chain: list[Layout] = []
    named_at: tuple[str | None, Pos | None] = (None, None)  # None: the page's front matter
    while name and name not in NO_LAYOUT:
        layout = _load(env, name, *named_at)
        if any(seen.name == layout.name for seen in chain):
            loop = " → ".join([*(seen.name for seen in chain), layout.name])
            raise LayoutError(f"layout loop: {loop}", *named_at)
        chain.append(layout)
        following = layout.data.get("layout")
        named_at = (layout.template.filename, layout.data.get("__layout_pos__"))
        name = "none" if following is False else str(following or "")
    return chain


def layout_names(chain: list[Layout]) -> dict[str, Any]:
    """The front matter names of the chain; a nearer layout wins over a farther one."""
    names: dict[str, Any] = {}
    for layout in reversed(chain):
        names.update({k: v for k, v in layout.data.items() if k not in ("layout", "__layout_pos__")})
    return names


def _load(env: jinja2.Environment, name: str, path: str | None, pos: Pos | None) -> Layout:
    cache: dict[str, Layout] = env.__dict__.setdefault("_specsite_layouts", {})
    if name in cache:
        env.get_template(cache[name].name)  # recorded as a dependency of this page, too
        return cache[name]
    for candidate in candidates(name):
        try:
            template = env.get_template(candidate)
        except jinja2.TemplateNotFound as exc:
            if exc.name != candidate:  # the layout exists but includes something missing
                raise
            continue
        cache[name] = Layout(candidate, template, _front_matter(env, candidate, template.filename))
        return cache[name]
    known = sorted({PurePosixPath(t).with_suffix("").as_posix() for t in env.list_templates()})
    hint = did_you_mean(name, known)
    raise LayoutError(
        f"layout '{name}' not found (looked in templates/ and the built-in templates){hint}", path, pos
    )


def _front_matter(env: jinja2.Environment, name: str, filename: str | None) -> dict[str, Any]:
    loader = getattr(env.loader, "inner", env.loader)
    assert loader is not None
    source, _filename, _uptodate = loader.get_source(env, name)
    try:
        meta, _body, _line = split_front_matter(source)
    except YamlError as exc:
        raise LayoutError(f"front matter: {exc.message}", filename, exc.pos) from None
    data = dict(meta)
    if "layout" in meta:
        data["__layout_pos__"] = meta.pos_of("layout")
    return data
