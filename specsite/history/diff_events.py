"""Comparing two event catalogs: event types, their groups, and the props each type takes."""

from __future__ import annotations

from ..model.events import Event, EventCatalog, EventProp
from .changes import BREAKING, COMPATIBLE, Change, Subject, names, severity, type_widens, where


def diff_catalog(old: EventCatalog, new: EventCatalog) -> list[Change]:
    ns = new.namespace
    changes = _event_types(ns, old, new)
    common = [e.value for e in new.events if e.value in _values(old)]
    old_props = {p.name: p for p in old.props}
    new_props = {p.name: p for p in new.props}
    for prop in new.props:
        if prop.name not in old_props:
            changes.append(_prop_added(ns, prop, common, _users(new, prop)))
    for prop in old.props:
        if prop.name not in new_props:
            changes.append(
                _prop_change(
                    ns, "prop-removed", BREAKING, prop, "prop removed", prop.name, None, _users(old, prop)
                )
            )
    for prop in new.props:
        if prop.name in old_props:
            changes += _prop_changed(ns, old_props[prop.name], prop, common, _users(new, prop))
    return changes


def _values(catalog: EventCatalog) -> dict[str, Event]:
    return {event.value: event for event in catalog.events}


def _event_types(ns: str, old: EventCatalog, new: EventCatalog) -> list[Change]:
    old_events, new_events = _values(old), _values(new)
    renamed = _renamed_groups(old, new)
    changes: list[Change] = []
    for title, new_title in renamed.items():
        first = next(e for g in new.groups if g.title == new_title for e in g.events)
        changes.append(
            Change(
                "group-renamed",
                COMPATIBLE,
                f"{ns}.groups.{title}",
                f"group renamed from '{title}' to '{new_title}'",
                where(first.origin),
                title,
                new_title,
            )
        )
    for value, event in new_events.items():
        subject = Subject("event", ns, value)
        path = f"{ns}.types.{value}"
        if value not in old_events:
            changes.append(
                Change(
                    "event-type-added",
                    COMPATIBLE,
                    path,
                    "event type added",
                    where(event.origin),
                    None,
                    value,
                    subject,
                )
            )
            continue
        before = old_events[value]
        if renamed.get(before.group, before.group) != event.group:
            message = f"event type moved from group '{before.group}' to '{event.group}'"
            changes.append(
                Change(
                    "event-type-moved",
                    COMPATIBLE,
                    path,
                    message,
                    where(event.origin),
                    before.group,
                    event.group,
                    subject,
                )
            )
        if before.desc != event.desc:
            changes.append(
                Change(
                    "event-type-description-changed",
                    COMPATIBLE,
                    path,
                    "description changed",
                    where(event.origin),
                    before.desc,
                    event.desc,
                    subject,
                    minor=True,
                )
            )
    for value, event in old_events.items():
        if value not in new_events:
            changes.append(
                Change(
                    "event-type-removed",
                    BREAKING,
                    f"{ns}.types.{value}",
                    "event type removed",
                    where(event.origin),
                    value,
                    None,
                    Subject("event", ns, value),
                )
            )
    return changes


def _renamed_groups(old: EventCatalog, new: EventCatalog) -> dict[str, str]:
    """Old group titles that became new ones: a vanished title whose types mostly went to one new title."""
    old_titles = {g.title: {e.value for e in g.events} for g in old.groups}
    new_titles = {g.title: {e.value for e in g.events} for g in new.groups}
    renamed: dict[str, str] = {}
    for title, members in old_titles.items():
        if title in new_titles or not members:
            continue
        candidates = [(len(members & m), t) for t, m in new_titles.items() if t not in old_titles]
        best = max(candidates, default=(0, ""))
        if best[0] and best[0] * 2 >= len(members) and best[1] not in renamed.values():
            renamed[title] = best[1]
    return renamed


def _prop_change(
    ns: str,
    kind: str,
    sev: str,
    prop: EventProp,
    message: str,
    old: object,
    new: object,
    affects: list[str],
    minor: bool = False,
) -> Change:
    return Change(
        kind,
        sev,
        f"{ns}.props.{prop.name}",
        message,
        where(prop.origin),
        old,
        new,
        Subject("event-prop", ns, prop.name),
        minor,
        tuple(affects),
    )


def _users(catalog: EventCatalog, prop: EventProp) -> list[str]:
    return [event.value for event in catalog.events if prop.applies_to(event.value)]


def _prop_added(ns: str, prop: EventProp, common: list[str], users: list[str]) -> Change:
    required = [value for value in common if prop.required_for(value)]
    if required:
        message = f"prop added, required for existing event types {names(required)}"
        return _prop_change(ns, "prop-added", BREAKING, prop, message, None, prop.type, users)
    return _prop_change(ns, "prop-added", COMPATIBLE, prop, "prop added", None, prop.type, users)


def _prop_changed(
    ns: str, old: EventProp, new: EventProp, common: list[str], users: list[str]
) -> list[Change]:
    changes = []
    if old.type != new.type:
        widens = type_widens(old.type, new.type)
        message = f"type changed from '{old.type}' to '{new.type}'" + (" (wider)" if widens else "")
        changes.append(
            _prop_change(
                ns, "prop-type-changed", severity(not widens), new, message, old.type, new.type, users
            )
        )
    lost = [v for v in common if old.applies_to(v) and not new.applies_to(v)]
    gained = [v for v in common if new.applies_to(v) and not old.applies_to(v)]
    if lost:
        message = f"no longer used by {names(lost)}"
        changes.append(_prop_change(ns, "prop-used-by-narrowed", BREAKING, new, message, lost, None, lost))
    if gained:
        message = f"now used by {names(gained)}"
        changes.append(
            _prop_change(ns, "prop-used-by-widened", COMPATIBLE, new, message, None, gained, gained)
        )
    now_required = [v for v in common if new.required_for(v) and not old.required_for(v)]
    if now_required:
        message = f"now required for {names(now_required)}"
        changes.append(
            _prop_change(ns, "prop-now-required", BREAKING, new, message, None, now_required, now_required)
        )
    optional = [v for v in common if old.required_for(v) and new.applies_to(v) and not new.required_for(v)]
    if optional:
        message = f"no longer required for {names(optional)}"
        changes.append(
            _prop_change(ns, "prop-now-optional", COMPATIBLE, new, message, optional, None, optional)
        )
    if old.desc != new.desc:
        changes.append(
            _prop_change(
                ns,
                "prop-description-changed",
                COMPATIBLE,
                new,
                "description changed",
                old.desc,
                new.desc,
                users,
                minor=True,
            )
        )
    return changes
