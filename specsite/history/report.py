"""Writing a list of changes as text lines, a Markdown summary, or JSON."""

from __future__ import annotations

import json

from ..engine.errors import one_line
from .changes import Change


def as_text(changes: list[Change]) -> str:
    """One line per change, ``source: severity: path: message`` (like a compiler's diagnostics)."""
    lines = []
    for change in changes:
        where = f"{change.source}: " if change.source else ""
        lines.append(one_line(f"{where}{change.severity}: {change.path}: {change.message}"))
    return "".join(line + "\n" for line in lines)


def as_markdown(changes: list[Change], old: str, new: str) -> str:
    """A summary for a pull request or a CI job page."""
    breaking = [c for c in changes if c.breaking]
    compatible = [c for c in changes if not c.breaking]
    out = [f"## Spec changes from `{_code(old)}` to `{_code(new)}`", ""]
    if not changes:
        return "\n".join([*out, "No changes to the spec.", ""])
    out.append(f"**{len(breaking)} breaking**, {len(compatible)} compatible.")
    for title, group in (("Breaking", breaking), ("Compatible", compatible)):
        if group:
            out += ["", f"### {title}", ""]
            out += [_item(change) for change in group]
    return "\n".join([*out, ""])


def _item(change: Change) -> str:
    where = f" (`{_code(change.source)}`)" if change.source else ""
    return f"- `{_code(change.path)}`: {_escape(one_line(change.message))}{where}"


def _code(text: str) -> str:
    return one_line(text).replace("`", "'")


def _escape(text: str) -> str:
    # Spec values are data: they must not become links, emphasis or HTML in the summary.
    for ch in "\\`*_[]<>|":
        text = text.replace(ch, "\\" + ch)
    return text


def as_json(changes: list[Change]) -> str:
    return json.dumps([c.as_json() for c in changes], indent=2, ensure_ascii=False, default=str) + "\n"
