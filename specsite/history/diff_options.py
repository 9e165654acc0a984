"""Comparing two property-group namespaces (option tables): props by key, groups by their props."""

from __future__ import annotations

from ..model.propgroups import OptionProp, PropNamespace
from .changes import BREAKING, COMPATIBLE, Change, Subject, severity, type_widens, where


def diff_options(old: PropNamespace, new: PropNamespace) -> list[Change]:
    ns = new.namespace
    old_props = {p.key: p for p in old.props}
    new_props = {p.key: p for p in new.props}
    changes: list[Change] = []
    for key, prop in new_props.items():
        if key not in old_props:
            message = "option added, required" if prop.required else "option added"
            changes.append(
                _change(ns, "option-added", severity(prop.required), prop, message, None, prop.type)
            )
        else:
            changes += _option_changed(ns, old_props[key], prop)
    for key, prop in old_props.items():
        if key not in new_props:
            changes.append(_change(ns, "option-removed", BREAKING, prop, "option removed", prop.type, None))
    changes += _groups(ns, old, new)
    return changes


def _change(
    ns: str,
    kind: str,
    sev: str,
    prop: OptionProp,
    message: str,
    old: object,
    new: object,
    minor: bool = False,
) -> Change:
    return Change(
        kind,
        sev,
        f"{ns}.props.{prop.key}",
        message,
        where(prop.origin),
        old,
        new,
        Subject("options", ns, prop.key),
        minor,
    )


def _option_changed(ns: str, old: OptionProp, new: OptionProp) -> list[Change]:
    changes = []
    if old.type != new.type:
        widens = type_widens(old.type, new.type)
        message = f"type changed from '{old.type}' to '{new.type}'" + (" (wider)" if widens else "")
        changes.append(
            _change(ns, "option-type-changed", severity(not widens), new, message, old.type, new.type)
        )
    if new.required and not old.required:
        changes.append(_change(ns, "option-now-required", BREAKING, new, "now required", False, True))
    if old.required and not new.required:
        changes.append(_change(ns, "option-now-optional", COMPATIBLE, new, "no longer required", True, False))
    if (old.has_default, old.default) != (new.has_default, new.default):
        before = old.default if old.has_default else None
        after = new.default if new.has_default else None
        message = f"default changed from {_shown(before)} to {_shown(after)}"
        changes.append(_change(ns, "option-default-changed", COMPATIBLE, new, message, before, after))
    if old.desc != new.desc:
        changes.append(
            _change(
                ns,
                "option-description-changed",
                COMPATIBLE,
                new,
                "description changed",
                old.desc,
                new.desc,
                minor=True,
            )
        )
    return changes


def _shown(value: object) -> str:
    return "none" if value is None else repr(value)


def _groups(ns: str, old: PropNamespace, new: PropNamespace) -> list[Change]:
    changes: list[Change] = []
    for key, group in new.groups.items():
        if group.is_mixin:
            continue  # mixins show up expanded in the groups that use them
        first = where(group.props[0].origin) if group.props else ""
        subject = Subject("options", ns, key)
        path = f"{ns}.groups.{key}"
        if key not in old.groups:
            changes.append(Change("group-added", COMPATIBLE, path, "group added", first, None, key, subject))
            continue
        before = {p.key for p in old.groups[key].props}
        after = {p.key for p in group.props}
        for prop in group.props:
            if prop.key not in before:
                message = f"option '{prop.key}' added to the group" + (", required" if prop.required else "")
                changes.append(
                    Change(
                        "group-option-added",
                        severity(prop.required),
                        path,
                        message,
                        where(prop.origin),
                        None,
                        prop.key,
                        subject,
                    )
                )
        for prop in old.groups[key].props:
            if prop.key not in after:
                message = f"option '{prop.key}' removed from the group"
                changes.append(
                    Change(
                        "group-option-removed",
                        BREAKING,
                        path,
                        message,
                        first or where(prop.origin),
                        prop.key,
                        None,
                        subject,
                    )
                )
    for key, group in old.groups.items():
        if key not in new.groups and not group.is_mixin:
            first = where(group.props[0].origin) if group.props else ""
            changes.append(
                Change(
                    "group-removed",
                    BREAKING,
                    f"{ns}.groups.{key}",
                    "group removed",
                    first,
                    key,
                    None,
                    Subject("options", ns, key),
                )
            )
    return changes
