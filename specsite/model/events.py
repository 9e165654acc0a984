"""The event catalog: groups of event types, and the properties each type takes."""

from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..engine.errors import Pos, Report, did_you_mean
from ..engine.jsarray import JsArray
from ..engine.yamlsrc import YMap, type_name
from .eventtypes import TypeStringError, ValueType, accepts, parse_type
from .fields import Fields, Origin, expect_list, mapping_items, origin

KIND = "events"
EMPTY = JsArray()


@dataclass(frozen=True)
class Event:
    value: str
    desc: str
    group: str
    tier: str | int | float | None = None  # as written: `tier: 2` stays a number
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class EventGroup:
    title: str
    events: JsArray


@dataclass(frozen=True)
class EventProp:
    name: str
    type: str
    desc: str
    required: bool = False
    required_by: JsArray = EMPTY
    used_by: JsArray = EMPTY
    used_by_except: JsArray = EMPTY
    example: Any = None
    origin: Origin | None = field(default=None, compare=False, repr=False)
    value_type: ValueType | None = field(default=None, compare=False, repr=False)

    def applies_to(self, event: str) -> bool:
        if self.used_by:
            return event in self._used_by_set
        return event not in self._except_set

    def required_for(self, event: str) -> bool:
        """Required for ``event``: ``required: true`` or listed in ``required_by``."""
        return self.applies_to(event) and (self.required or event in self._required_by_set)

    # Sets for the membership tests above: a catalog of real size asks them
    # once per (event type, prop) pair, and a list scan per ask adds up.
    @cached_property
    def _used_by_set(self) -> frozenset[str]:
        return frozenset(self.used_by)

    @cached_property
    def _except_set(self) -> frozenset[str]:
        return frozenset(self.used_by_except)

    @cached_property
    def _required_by_set(self) -> frozenset[str]:
        return frozenset(self.required_by)

    @property
    def applies_to_all(self) -> bool:
        return not self.used_by and not self.used_by_except

    @property
    def has_example(self) -> bool:
        return self.example is not None

    def sample(self) -> Any:
        """The spec's ``example:``, else a value made from the type."""
        if self.example is not None:
            return self.example
        return self.value_type.sample() if self.value_type is not None else None


@dataclass(frozen=True)
class EventCatalog:
    """One event namespace. Every view asks it which props an event type takes."""

    namespace: str
    groups: JsArray
    props: JsArray
    kind: str = KIND

    @cached_property
    def events(self) -> JsArray:
        return JsArray(event for group in self.groups for event in group.events)

    @cached_property
    def _by_value(self) -> dict[str, Event]:
        return {event.value: event for event in self.events}

    def event(self, value: str) -> Event:
        try:
            return self._by_value[value]
        except KeyError:
            hint = did_you_mean(value, self._by_value)
            raise LookupError(f"unknown event type '{value}' in '{self.namespace}'{hint}") from None

    @cached_property
    def _props_by_event(self) -> dict[str, tuple[EventProp, ...]]:
        """Each event type's props, in spec order, worked out once for the whole catalog.

        Asking every prop about every type is (types x props); here a prop
        with ``used_by`` costs only its own list, so the work is the size of
        the answer rather than of the whole matrix.
        """
        found: dict[str, list[EventProp]] = {event.value: [] for event in self.events}
        everyone = list(found.values())
        for prop in self.props:
            if prop.used_by:
                for value in prop._used_by_set:
                    # A reference to a type written with a mistake (already reported) is skipped.
                    if value in found:
                        found[value].append(prop)
            elif prop.used_by_except:
                for value, taken in found.items():
                    if value not in prop._except_set:
                        taken.append(prop)
            else:
                for taken in everyone:
                    taken.append(prop)
        return {value: tuple(taken) for value, taken in found.items()}

    @cached_property
    def _events_by_prop(self) -> dict[str, tuple[Event, ...]]:
        """Each prop's event types, in catalog order (the other side of ``_props_by_event``)."""
        found: dict[str, list[Event]] = {prop.name: [] for prop in self.props}
        for event in self.events:
            for prop in self._props_by_event[event.value]:
                found[prop.name].append(event)
        return {name: tuple(events) for name, events in found.items()}

    @cached_property
    def _props_by_name(self) -> dict[str, EventProp]:
        return {prop.name: prop for prop in self.props}

    def props_for(self, value: str) -> JsArray:
        """The props event type ``value`` takes, in spec order."""
        self.event(value)
        return JsArray(self._props_by_event[value])

    def required_props_for(self, value: str) -> JsArray:
        return JsArray(prop for prop in self.props_for(value) if prop.required_for(value))

    def events_for(self, prop: EventProp) -> JsArray:
        """The event types a prop applies to, in catalog order."""
        if self._props_by_name.get(prop.name) is prop:
            return JsArray(self._events_by_prop[prop.name])
        return JsArray(event for event in self.events if prop.applies_to(event.value))

    def required_events_for(self, prop: EventProp) -> JsArray:
        """The event types a prop is required for, in catalog order."""
        return JsArray(event for event in self.events_for(prop) if prop.required_for(event.value))

    def neighbours(self, value: str) -> tuple[Event | None, Event | None]:
        """The event types before and after ``value`` in catalog order (``None`` at either end)."""
        index = self._index[self.event(value).value]
        events = self.events
        before = events[index - 1] if index > 0 else None
        after = events[index + 1] if index + 1 < len(events) else None
        return before, after

    @cached_property
    def _index(self) -> dict[str, int]:
        return {event.value: index for index, event in enumerate(self.events)}

    def prop(self, name: str) -> EventProp:
        found = self._props_by_name.get(name)
        if found is not None:
            return found
        hint = did_you_mean(name, [p.name for p in self.props])
        raise LookupError(f"unknown property '{name}' in '{self.namespace}'{hint}")


GROUP_FIELDS = ("title", "events")
EVENT_FIELDS = ("value", "desc", "tier")
PROP_FIELDS = (
    "name",
    "type",
    "required",
    "required_by",
    "desc",
    "used_by",
    "used_by_except",
    "example",
)


def build_catalog(
    namespace: str, groups: tuple[Report, Any, Pos], props: tuple[Report, Any, Pos]
) -> EventCatalog:
    """Validate the two lists and build the catalog; problems go to the reports."""
    group_list = _read_groups(*groups)
    # Event types written with a mistake (already reported) still count as
    # known, so references to them do not add a second, misleading error.
    known: dict[str, Event | None] = dict.fromkeys(_written_values(groups[1]))
    known.update((event.value, event) for group in group_list for event in group.events)
    prop_list = _read_props(*props, known)
    return EventCatalog(namespace, JsArray(group_list), JsArray(prop_list))


def _written_values(data: Any) -> list[str]:
    groups = data if isinstance(data, list) else []
    # 'events' may be anything at all here (already reported when it is not a list).
    lists = [g["events"] for g in groups if isinstance(g, dict) and isinstance(g.get("events"), list)]
    events = [e for found in lists for e in found if isinstance(e, dict)]
    return [str(e["value"]) for e in events if isinstance(e.get("value"), str)]


def _read_groups(report: Report, data: Any, pos: Pos) -> list[EventGroup]:
    seq = expect_list(data, report, pos, "the event groups")
    if seq is None:
        return []
    groups, seen = [], {}
    for node in mapping_items(seq, report, "event group"):
        fields = Fields(node, report, "event group", GROUP_FIELDS)
        title = fields.text("title", required=True) or ""
        events = []
        raw = fields.raw("events")
        if raw is None:
            report.error(node.pos, "event group is missing the required field 'events'")
        elif (ev_seq := expect_list(raw, report, fields.pos("events"), "'events'")) is not None:
            for ev_node in mapping_items(ev_seq, report, "event type"):
                event = _read_event(ev_node, report, title)
                if event is None:
                    continue
                if event.value in seen:
                    first = seen[event.value]
                    report.error(
                        ev_node.pos_of("value"),
                        f"duplicate event type '{event.value}' (first defined at line {first.line})",
                    )
                    continue
                seen[event.value] = ev_node.pos_of("value")
                events.append(event)
        groups.append(EventGroup(title, JsArray(events)))
    return groups


def _read_event(node: YMap, report: Report, group: str) -> Event | None:
    fields = Fields(node, report, "event type", EVENT_FIELDS)
    value = fields.ident("value", required=True)
    desc = fields.text("desc", required=True)
    tier = fields.label("tier")
    if value is None or desc is None:
        return None
    return Event(value, desc, group, tier, origin(report, node.pos))


def _read_props(report: Report, data: Any, pos: Pos, known: dict[str, Event | None]) -> list[EventProp]:
    seq = expect_list(data, report, pos, "the event properties")
    if seq is None:
        return []
    props, seen = [], {}
    for node in mapping_items(seq, report, "event property"):
        prop = _read_prop(node, report, known)
        if prop is None:
            continue
        if prop.name in seen:
            report.error(
                node.pos_of("name"),
                f"duplicate property '{prop.name}' (first defined at line {seen[prop.name].line})",
            )
            continue
        seen[prop.name] = node.pos_of("name")
        props.append(prop)
    return props


def _read_prop(node: YMap, report: Report, known: dict[str, Event | None]) -> EventProp | None:
    fields = Fields(node, report, "event property", PROP_FIELDS)
    name = fields.ident("name", required=True)
    type_ = fields.text("type", required=True)
    desc = fields.text("desc", required=True)
    required = fields.boolean("required")
    used_by = _event_refs(fields, "used_by", known, report)
    used_by_except = _event_refs(fields, "used_by_except", known, report)
    required_by = _event_refs(fields, "required_by", known, report)
    if fields.has("used_by") and fields.has("used_by_except"):
        report.error(
            node.key_pos["used_by_except"],
            f"property '{name}' has both 'used_by' and 'used_by_except'; keep one of them",
        )
    value_type = _value_type(type_, fields)
    if name is None or type_ is None or desc is None:
        return None
    prop = EventProp(
        name,
        type_,
        desc,
        required,
        JsArray(required_by),
        JsArray(used_by),
        JsArray(used_by_except),
        _example(fields, name, value_type),
        origin(report, node.pos),
        value_type,
    )
    for value in prop.required_by:
        if not prop.applies_to(value):
            report.error(
                fields.pos("required_by"),
                f"property '{name}' is required_by '{value}' but does not apply to it",
            )
    return prop


def _event_refs(fields: Fields, key: str, known: dict[str, Event | None], report: Report) -> list[str]:
    refs = fields.ident_list(key)
    if refs is None:
        return []
    if not refs and key != "required_by":
        report.error(
            fields.pos(key), f"'{key}' is empty; remove it to apply the property to every event type"
        )
    out = []
    for value, pos in refs:
        if value not in known:
            report.error(pos, f"unknown event type '{value}' in '{key}'{did_you_mean(value, known)}")
        else:
            out.append(value)
    return out


def _value_type(text: str | None, fields: Fields) -> ValueType | None:
    if text is None:
        return None
    try:
        return parse_type(text)
    except TypeStringError as exc:
        fields.report.error(fields.pos("type"), str(exc))
        return None


def _example(fields: Fields, name: str | None, value_type: ValueType | None) -> Any:
    """The ``example:`` as plain JSON data, checked against the prop's type."""
    if not fields.has("example"):
        return None
    pos = fields.pos("example")
    try:
        value = plain_json(fields.raw("example"))
    except ValueError as exc:
        fields.report.error(pos, f"'example' {exc}")
        return None
    if value_type is not None and not accepts(value_type, value):
        fields.report.error(
            pos, f"'example' of '{name}' must be {value_type.phrase} (its type), not {_shown(value)}"
        )
    return value


def plain_json(value: Any) -> Any:
    """YAML data as JSON data (plain str/list/dict); a value JSON cannot hold is a ``ValueError``."""
    if isinstance(value, dict):
        return {str(key): plain_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_json(item) for item in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, datetime.date):
        raise ValueError(f"was read by YAML as a date ({value}); put it in quotes to keep it as text")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number; JSON has no NaN or infinity")
    if value is None or isinstance(value, bool | int | float):
        return value
    raise ValueError(f"cannot be written as JSON ({type_name(value)})")


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
