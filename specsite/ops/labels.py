"""How each view names types, and constraints in words ("1 to 10 items", "max length 1024")."""

from __future__ import annotations

from markupsafe import Markup, escape

from .model import NUMBERS, Shape

# Enums longer than this are listed as plain text (EC2's instance types number about 1,000).
SHORT_ENUM = 12

CLI_TYPES = {
    "structure": "structure",
    "union": "tagged union structure",
    "enum": "string",
    "document": "document",
}
PYTHON_TYPES = {
    "structure": "dict",
    "union": "dict",
    "map": "dict",
    "enum": "string",
    "long": "integer",
    "double": "float",
    "timestamp": "datetime",
    "blob": "bytes",
}
JS_TYPES = {
    "structure": "object",
    "union": "object",
    "map": "object",
    "list": "array",
    "enum": "string",
    "integer": "number",
    "long": "number",
    "float": "number",
    "double": "number",
    "timestamp": "Date",
    "blob": "Uint8Array",
    "document": "any",
}
VIEW_TYPES = {"cli": CLI_TYPES, "python": PYTHON_TYPES, "js": JS_TYPES}


def type_label(shape: Shape, view: str) -> str:
    """The type as the view's SDK names it: ``(list)`` on the command line, ``(dict)`` in Python."""
    if shape.label:
        return shape.label
    if shape.kind == "blob" and shape.streaming and view == "python":
        return "bytes or seekable file-like object"
    return VIEW_TYPES[view].get(shape.kind, shape.kind)


def constraints(shape: Shape) -> tuple[str, ...]:
    """The limits a value must respect, in words; enum values are listed separately."""
    notes = []
    bounds = _bounds(shape)
    if bounds:
        notes.append(bounds)
    if shape.pattern:
        notes.append(f"pattern: {shape.pattern}")
    return tuple(notes)


def facts(shape: Shape) -> tuple[Markup, ...]:
    """Constraints and enum values as list items of an entry."""
    found = [Markup(escape(note)) for note in constraints(shape)]
    if shape.enum:
        found.append(enum_html(shape.enum))
    if shape.catalog and shape.members:
        found.append(
            Markup("one of {} event types, told apart by <code>type</code>").format(len(shape.members))
        )
    elif shape.kind == "union":
        found.append(Markup("set exactly one of these members"))
    return tuple(found)


def enum_html(values: tuple[str, ...]) -> Markup:
    if len(values) <= SHORT_ENUM:
        codes = Markup(", ").join(Markup("<code>{}</code>").format(value) for value in values)
        return Markup("one of: ") + codes
    listed = escape(", ".join(values))
    return Markup(f'one of {len(values)} values: <span class="ref-enum">{listed}</span>')


def _bounds(shape: Shape) -> str:
    low, high = _fmt(shape.min), _fmt(shape.max)
    if low is None and high is None:
        return ""
    if shape.kind in ("list", "map"):
        unit = "items" if shape.kind == "list" else "entries"
        return _range(low, high, unit)
    if shape.kind in NUMBERS:
        return _range(low, high, "", value=True)
    if low is not None and high is not None:
        return f"length {low} to {high}" if low != high else f"length exactly {low}"
    return f"min length {low}" if low is not None else f"max length {high}"


def _range(low: str | None, high: str | None, unit: str, value: bool = False) -> str:
    suffix = f" {unit}" if unit else ""
    if low is not None and high is not None:
        if low == high:
            return f"exactly {low}{_unit(unit, low)}"
        return f"{low} to {high}{suffix}" if not value else f"from {low} to {high}"
    if low is not None:
        return f"at least {low}{_unit(unit, low)}"
    return f"at most {high}{_unit(unit, high)}"


def _unit(unit: str, count: str) -> str:
    if not unit:
        return ""
    return f" {unit[:-1] if count == '1' and unit.endswith('s') else unit}"


def _fmt(value: float | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else str(value)
