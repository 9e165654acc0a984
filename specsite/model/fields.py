"""Reading typed fields out of located YAML, reporting every problem with its position."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..engine.errors import Pos, Report, did_you_mean
from ..engine.yamlsrc import YMap, YSeq, type_name

IDENT_RE = re.compile(r"[A-Za-z0-9_.-]+")
IDENT_HELP = "use only letters, digits, '_', '.' and '-'"


@dataclass(frozen=True)
class Origin:
    """Where a model object was written, for errors raised after loading."""

    path: str
    line: int
    col: int


def origin(report: Report, pos: Pos) -> Origin:
    return Origin(report.path, pos.line, pos.col)


def is_ident(value: str) -> bool:
    return IDENT_RE.fullmatch(value) is not None


def expect_list(value: Any, report: Report, pos: Pos, what: str) -> YSeq | None:
    """``value`` when it is a list, else report that ``what`` must be one."""
    if isinstance(value, list):
        return value
    report.error(pos, f"{what} must be a list, not {type_name(value)}")
    return None


def items(seq: YSeq) -> Iterable[tuple[Any, Pos]]:
    return zip(seq, seq.item_pos, strict=True)


class Fields:
    """Typed access to one YAML mapping; unknown keys are reported with a suggestion."""

    def __init__(self, node: YMap, report: Report, what: str, allowed: Iterable[str]):
        self.node = node
        self.report = report
        self.what = what
        allowed = list(allowed)
        for key in node:
            if key not in allowed:
                report.error(
                    node.key_pos[key],
                    f"unknown field '{key}' in {what}{did_you_mean(key, allowed)}",
                )

    def pos(self, key: str) -> Pos:
        return self.node.pos_of(key)

    def has(self, key: str) -> bool:
        return key in self.node

    def _missing(self, key: str) -> None:
        self.report.error(self.node.pos, f"{self.what} is missing the required field '{key}'")

    def _wrong(self, key: str, expected: str) -> None:
        got = type_name(self.node[key])
        self.report.error(self.pos(key), f"'{key}' must be {expected}, not {got}")

    def text(self, key: str, required: bool = False, default: str | None = None) -> str | None:
        if key not in self.node:
            if required:
                self._missing(key)
            return default
        value = self.node[key]
        if isinstance(value, str):
            return value
        self._wrong(key, "text")
        return default

    def ident(self, key: str, required: bool = False) -> str | None:
        value = self.text(key, required)
        if value is None or key not in self.node:
            return value
        if not is_ident(value):
            self.report.error(self.pos(key), f"'{key}' {value!r} is not a safe identifier: {IDENT_HELP}")
            return None
        return value

    def label(self, key: str, required: bool = False) -> str | int | float | None:
        """Text or a number (tiers like ``1``); a number stays a number, so ``tier > 1`` works."""
        value = self.node.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        return self.text(key, required)

    def boolean(self, key: str, default: bool = False) -> bool:
        if key not in self.node:
            return default
        value = self.node[key]
        if isinstance(value, bool):
            return value
        self._wrong(key, "true or false")
        return default

    def ident_list(self, key: str) -> list[tuple[str, Pos]] | None:
        """A list of identifiers with their positions, or ``None`` when absent or wrong."""
        if key not in self.node:
            return None
        seq = expect_list(self.node[key], self.report, self.pos(key), f"'{key}'")
        if seq is None:
            return None
        out = []
        for value, pos in items(seq):
            if not isinstance(value, str):
                self.report.error(pos, f"items of '{key}' must be text, not {type_name(value)}")
            elif not is_ident(value):
                self.report.error(pos, f"{value!r} in '{key}' is not a safe identifier: {IDENT_HELP}")
            else:
                out.append((str(value), pos))
        return out

    def raw(self, key: str) -> Any:
        return self.node.get(key)


def mapping_items(seq: YSeq, report: Report, what: str) -> Iterable[YMap]:
    """The items of a list that are mappings; the others are reported."""
    for value, pos in items(seq):
        if isinstance(value, dict):
            yield value
        else:
            report.error(pos, f"each {what} must be a mapping, not {type_name(value)}")
