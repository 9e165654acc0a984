"""Immutable lists that also answer the JavaScript array methods Nunjucks pages use."""

from __future__ import annotations

from typing import Any


class JsArray(tuple):
    """A tuple with ``join``, ``length``, ``includes`` and ``indexOf``.

    Pages written for Nunjucks call ``prop.used_by.join(' ')``; Jinja would
    otherwise fail on a plain list.
    """

    __slots__ = ()

    def join(self, sep: str = ",") -> str:
        return sep.join(str(item) for item in self)

    @property
    def length(self) -> int:
        return len(self)

    def includes(self, item: Any) -> bool:
        return item in self

    def indexOf(self, item: Any) -> int:
        return self.index(item) if item in self else -1
