"""The event explorer: pick an event type, see exactly the props it takes.

This module turns the catalog's answers into a view for
``partials/event_explorer.html``: one row per prop carrying the event types
it applies to and is required for (``data-events`` / ``data-required``, the
model's answer, so neither CSS nor JavaScript re-derives ``used_by``), one
summary and example per event type, and the CSS that shows the rows of the
checked type without JavaScript. Every rule is scoped to the explorer's own
id, so nothing leaks to other tables, and every value is escaped for CSS.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from ..engine import views
from ..model.events import Event, EventCatalog, EventProp
from ..model.fields import IDENT_HELP, is_ident
from .catalog import event_page_url, highlight_json
from .eventschema import dumps_event, example_payload, schema_path


@dataclass(frozen=True)
class Row:
    """One prop, with the model's answer for which event types take it.

    A prop that every type takes, or all but a few (``used_by_except``),
    names only the exceptions: listing a thousand types in each such row
    made the explorer grow with (types x props).
    """

    prop: EventProp
    id: str
    events: str  # space-separated values, as in ``data-events`` (empty when ``for_all``)
    required: str  # the values it is required for (empty when ``required_all``)
    applies_to_all: bool
    for_all: bool = False  # every type but those in ``excepted``: ``data-all``
    excepted: str = ""  # ``data-except``
    required_all: bool = False  # required wherever it applies: ``data-required-all``

    @property
    def excepted_list(self) -> str:
        return ", ".join(self.excepted.split())


@dataclass(frozen=True)
class Choice:
    """One event type in the picker, with what the explorer shows when it is chosen."""

    event: Event
    count: int
    required_count: int
    page_url: str
    schema_url: str
    example: str
    example_html: Markup | None  # None: too many to inline, the type's page shows it


@dataclass(frozen=True)
class Group:
    title: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class ExplorerView:
    namespace: str
    key: str  # names this explorer in the URL hash: #key=value
    dom_id: str
    groups: tuple[Group, ...]
    rows: tuple[Row, ...]
    default: str
    css: Markup
    inline_examples: bool = True
    # False past ROWS_BUDGET: ``rows`` is empty and explorer.js loads the
    # chosen type's rows from its own page (see ``rows_inline``).
    inline_rows: bool = True

    @property
    def radio_name(self) -> str:
        return f"{self.dom_id}-type"


def explorer_view(catalog: EventCatalog, key: str | None = None) -> ExplorerView:
    """Everything the explorer template shows for one catalog."""
    key = catalog.namespace if key is None else str(key)
    if not is_ident(key):
        # A LookupError is reported as its message alone, at the page's line.
        raise LookupError(f"event_explorer key {key!r} is not a safe identifier: {IDENT_HELP}")
    dom_id = f"{key}-explorer"
    values = [event.value for event in catalog.events]
    examples = {value: dumps_event(example_payload(catalog, value)) for value in values}
    inline = sum(len(text) for text in examples.values()) <= INLINE_EXAMPLES_BUDGET
    inline_rows = rows_inline(catalog)
    groups = (_group(catalog, group.title, group.events, examples, inline) for group in catalog.groups)
    return ExplorerView(
        namespace=catalog.namespace,
        key=key,
        dom_id=dom_id,
        groups=tuple(group for group in groups if group.choices),
        rows=tuple(_row(catalog, prop, key) for prop in catalog.props) if inline_rows else (),
        default=values[0] if values else "",
        css=explorer_css(dom_id, values, _excepted(catalog), rows=inline_rows),
        inline_examples=inline,
        inline_rows=inline_rows,
    )


# A row is about 250 bytes of markup besides its description (name, type,
# the types it applies to): past this many characters in all, the table
# alone would pass 2 MiB (5,000 props: 1.25 MB of descriptions, 3.96 MiB of
# page), so one page cannot hold every prop.
ROWS_BUDGET = 1_000_000
ROW_OVERHEAD = 250


def rows_inline(catalog: EventCatalog) -> bool:
    """Whether the explorer holds every prop's row, or loads the chosen type's.

    Past the budget the explorer keeps the picker and each type's summary,
    and explorer.js fetches the chosen type's page, which lists exactly its
    props, and shows that table's rows; without JavaScript the summary's
    link to that page is the way to the props.
    """
    size = sum(len(prop.desc) + len(prop.name) + len(prop.type) + ROW_OVERHEAD for prop in catalog.props)
    return size <= ROWS_BUDGET


def _excepted(catalog: EventCatalog) -> set[str]:
    """The types some prop of the ``used_by_except`` kind leaves out (they need a rule each)."""
    return {value for prop in catalog.props if not prop.used_by for value in prop.used_by_except}


# Highlighted, an example is about eight times its JSON: past this many
# characters of JSON in all, the examples would outweigh the rest of the
# explorer (1,000 types: 4 MB of 8), so each type links to its own page's.
INLINE_EXAMPLES_BUDGET = 100_000


def _group(
    catalog: EventCatalog, title: str, events: tuple[Event, ...], examples: dict[str, str], inline: bool
) -> Group:
    return Group(title, tuple(_choice(catalog, event, examples[event.value], inline) for event in events))


def _choice(catalog: EventCatalog, event: Event, example: str, inline: bool) -> Choice:
    return Choice(
        event=event,
        count=len(catalog.props_for(event.value)),
        required_count=len(catalog.required_props_for(event.value)),
        page_url=event_page_url(catalog.namespace, event.value),
        schema_url=schema_path(catalog.namespace, event.value),
        example=example,
        example_html=highlight_json(example) if inline else None,
    )


def _row(catalog: EventCatalog, prop: EventProp, key: str) -> Row:
    row_id = f"{key}.{prop.name}"
    if prop.used_by:
        return Row(
            prop=prop,
            id=row_id,
            events=" ".join(event.value for event in catalog.events_for(prop)),
            required=" ".join(event.value for event in catalog.required_events_for(prop)),
            applies_to_all=False,
        )
    return Row(
        prop=prop,
        id=row_id,
        events="",
        required="" if prop.required else " ".join(prop.required_by),
        applies_to_all=prop.applies_to_all,
        for_all=True,
        excepted=" ".join(prop.used_by_except),
        required_all=prop.required,
    )


def explorer_css(
    dom_id: str, values: list[str], excepted: set[str] | frozenset[str] = frozenset(), rows: bool = True
) -> Markup:
    """Rules that show the rows, required marks and panels of the checked event type.

    They live inside ``@supports selector(:has(*))``: a browser without
    ``:has()`` shows every row with the types it applies to instead, and
    none of the per-type summaries and examples. Rows for every type
    (``data-all``) show whatever is checked, unless the checked type is one
    of their ``data-except``; those types get a rule that hides them.
    Without built rows (``rows`` false) a type's rule shows only its
    panels: the rows explorer.js loads are all ``data-all``.
    """
    scope = "#" + css_ident(dom_id)
    lines = [
        f"@supports not selector(:has(*)) {{ {scope} .ee-for, {scope} .ee-req {{ display: none; }} }}",
        "@supports selector(:has(*)) {",
        f"{scope} .ee-row, {scope} .ee-for, {scope} .ee-req, {scope} .ee-applies {{ display: none; }}",
        f"{scope} .ee-row[data-all], {scope} .ee-row[data-required-all] .ee-req {{ display: revert; }}",
    ]
    for value in values:
        v = css_string(value)
        checked = f"{scope}:has(.ee-radio[value={v}]:checked)"
        if not rows:
            # A thousand types: half the bytes of the rule below, which would only match nothing.
            lines.append(f"{checked} .ee-for[data-event={v}] {{ display: revert; }}")
            continue
        shown = f".ee-row[data-events~={v}], .ee-for[data-event={v}], .ee-row[data-required~={v}] .ee-req"
        lines.append(f"{checked} :is({shown}) {{ display: revert; }}")
        if value in excepted:
            lines.append(f"{checked} .ee-row[data-except~={v}] {{ display: none; }}")
    lines.append("}")
    return Markup("\n".join(lines))


def css_ident(value: str) -> str:
    """``value`` as a CSS identifier: anything but ASCII letters, digits, ``_`` and ``-`` escaped.

    Hex escapes also keep ``<`` out of the stylesheet, so no value can close
    the ``<style>`` element it is written into.
    """
    out = []
    for index, char in enumerate(value):
        safe = char.isascii() and (char.isalnum() or char in "_-")
        if safe and not (index == 0 and char.isdigit()):
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return "".join(out)


def css_string(value: str) -> str:
    """``value`` as a double-quoted CSS string, safe inside ``<style>``."""
    out = []
    for char in value:
        if char.isascii() and (char.isalnum() or char in "_-. "):
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return '"' + "".join(out) + '"'


def register(env: jinja2.Environment) -> None:
    """``event_explorer_view(namespace, key)`` for the ``event_explorer`` macro.

    It looks the namespace up with ``event_catalog`` (registered by
    ``catalog``), which also says when a namespace is not an event catalog.
    """

    def event_explorer_view(namespace: str = "event", key: str | None = None) -> ExplorerView:
        return explorer_view(env.globals["event_catalog"](namespace), key)

    env.globals["event_explorer_view"] = event_explorer_view


views.REGISTRARS.append(register)
