"""Named option tables: props per namespace, grouped, with ``_mixin`` groups expanded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine.errors import Pos, Report, did_you_mean
from ..engine.jsarray import JsArray
from ..engine.yamlsrc import YMap
from .fields import Fields, Origin, expect_list, mapping_items, origin

KIND = "props"
_NO_DEFAULT = object()


@dataclass(frozen=True)
class OptionProp:
    key: str
    name: str
    type: str
    desc: str
    required: bool = False
    default: Any = None
    has_default: bool = False
    origin: Origin | None = field(default=None, compare=False, repr=False)
    unlisted: bool = False  # ``unlisted: true``: deliberately in no group (the lint accepts it)


@dataclass(frozen=True)
class PropGroup:
    key: str
    props: JsArray

    @property
    def is_mixin(self) -> bool:
        return self.key.startswith("_")


@dataclass(frozen=True)
class PropNamespace:
    """``proptable(namespace, group)`` renders one of these groups."""

    namespace: str
    props: JsArray
    groups: dict[str, PropGroup]
    kind: str = KIND

    def group(self, key: str) -> PropGroup:
        try:
            return self.groups[key]
        except KeyError:
            hint = did_you_mean(key, self.groups)
            raise LookupError(f"unknown group '{key}' in '{self.namespace}'{hint}") from None

    def prop(self, key: str) -> OptionProp:
        for prop in self.props:
            if prop.key == key:
                return prop
        hint = did_you_mean(key, [p.key for p in self.props])
        raise LookupError(f"unknown property '{key}' in '{self.namespace}'{hint}")


PROP_FIELDS = ("key", "name", "type", "required", "default", "desc", "unlisted")
GROUP_FIELDS = ("key", "keys", "props")


def build_namespace(
    namespace: str, groups: tuple[Report, Any, Pos] | None, props: tuple[Report, Any, Pos]
) -> PropNamespace:
    prop_list = _read_props(*props)
    by_key = {prop.key: prop for prop in prop_list}
    raw_groups = _read_groups(*groups) if groups else {}
    report = groups[0] if groups else props[0]
    expanded = _expand_all(raw_groups, by_key, report)
    return PropNamespace(namespace, JsArray(prop_list), expanded)


def _read_props(report: Report, data: Any, pos: Pos) -> list[OptionProp]:
    seq = expect_list(data, report, pos, "the props")
    if seq is None:
        return []
    props: list[OptionProp] = []
    seen: dict[str, Pos] = {}
    for node in mapping_items(seq, report, "prop"):
        fields = Fields(node, report, "prop", PROP_FIELDS)
        key = fields.ident("key", required=True)
        name = fields.ident("name") or key
        type_ = fields.text("type", required=True)
        desc = fields.text("desc", required=True)
        required = fields.boolean("required")
        default = node.get("default", _NO_DEFAULT)
        if isinstance(default, dict | list):
            report.error(fields.pos("default"), "'default' must be a single value, not a mapping or list")
            default = _NO_DEFAULT
        if key is None or type_ is None or desc is None:
            continue
        if key in seen:
            report.error(
                node.pos_of("key"), f"duplicate prop '{key}' (first defined at line {seen[key].line})"
            )
            continue
        seen[key] = node.pos_of("key")
        has_default = default is not _NO_DEFAULT
        props.append(
            OptionProp(
                key,
                name,
                type_,
                desc,
                required,
                default if has_default else None,
                has_default,
                origin(report, node.pos),
                fields.boolean("unlisted"),
            )
        )
    return props


@dataclass(frozen=True)
class _RawGroup:
    key: str
    entries: tuple[tuple[str, Pos], ...]
    pos: Pos


def _read_groups(report: Report, data: Any, pos: Pos) -> dict[str, _RawGroup]:
    seq = expect_list(data, report, pos, "the groups")
    if seq is None:
        return {}
    groups: dict[str, _RawGroup] = {}
    for node in mapping_items(seq, report, "group"):
        keys, entries = _read_group(node, report)
        for key, key_pos in keys:
            if key in groups:
                first = groups[key].pos
                report.error(key_pos, f"duplicate group '{key}' (first defined at line {first.line})")
                continue
            groups[key] = _RawGroup(key, entries, key_pos)
    return groups


def _read_group(node: YMap, report: Report) -> tuple[list[tuple[str, Pos]], tuple]:
    fields = Fields(node, report, "group", GROUP_FIELDS)
    if fields.has("key") and fields.has("keys"):
        report.error(node.key_pos["keys"], "a group has either 'key' or 'keys', not both")
    keys: list[tuple[str, Pos]] = []
    if fields.has("keys"):
        keys = fields.ident_list("keys") or []
    elif fields.has("key"):
        key = fields.ident("key")
        keys = [(key, fields.pos("key"))] if key is not None else []
    else:
        report.error(node.pos, "group is missing the required field 'key' (or 'keys')")
    entries = fields.ident_list("props")
    if entries is None and not fields.has("props"):
        report.error(node.pos, "group is missing the required field 'props'")
    return keys, tuple(entries or ())


def _expand_all(
    raw: dict[str, _RawGroup], props: dict[str, OptionProp], report: Report
) -> dict[str, PropGroup]:
    """Every group with its mixins expanded.

    A mixin that no group uses (however indirectly) is dead spec: a mistake
    inside it cannot reach any table through a group, so it is a warning
    (an error under ``--strict``) that says so, not an error.
    """
    used = _used_mixins(raw)
    dead = Report(report.path)
    expanded: dict[str, PropGroup] = {}
    for key, group in raw.items():
        sink = report if key in used or not key.startswith("_") else dead
        keys = _expand(group, raw, props, sink, (key,))
        expanded[key] = PropGroup(key, JsArray(props[k] for k in dict.fromkeys(keys)))
    reported = {(d.line, d.col, d.message) for d in report.items}
    for found in dict.fromkeys(dead.items):
        if (found.line, found.col, found.message) not in reported:
            report.warning(Pos(found.line, found.col), found.message + UNUSED_MIXIN)
    return expanded


UNUSED_MIXIN = " (no group uses this mixin, so this is only a warning; fix it or remove the mixin)"


def _used_mixins(raw: dict[str, _RawGroup]) -> set[str]:
    """The mixins that some group (not itself a mixin) expands, directly or through other mixins."""
    used: set[str] = set()
    todo = [key for key in raw if not key.startswith("_")]
    while todo:
        for entry, _ in raw[todo.pop()].entries:
            if entry.startswith("_") and entry in raw and entry not in used:
                used.add(entry)
                todo.append(entry)
    return used


def _expand(
    group: _RawGroup,
    raw: dict[str, _RawGroup],
    props: dict[str, OptionProp],
    report: Report,
    trail: tuple[str, ...],
) -> list[str]:
    """Prop keys of ``group`` with mixins expanded in place; ``trail`` catches cycles."""
    out: list[str] = []
    for entry, pos in group.entries:
        if not entry.startswith("_"):
            if entry in props:
                out.append(entry)
            else:
                report.error(
                    pos, f"unknown prop '{entry}' in group '{group.key}'{did_you_mean(entry, props)}"
                )
            continue
        if entry not in raw:
            mixins = [k for k in raw if k.startswith("_")]
            report.error(pos, f"unknown mixin '{entry}' in group '{group.key}'{did_you_mean(entry, mixins)}")
        elif entry in trail:
            # Every member of a cycle is a group of its own and would see it;
            # report it once, while expanding its alphabetically first member.
            if entry == trail[0] == min(trail):
                cycle = " -> ".join((*trail, entry))
                report.error(pos, f"mixin cycle: {cycle}")
        else:
            out.extend(_expand(raw[entry], raw, props, report, (*trail, entry)))
    return out
