"""``versions:`` in site.yml: which git revisions are published, under which labels.

```yaml
versions:
  - {ref: v3, label: v3}   # the latest: the working tree, at the site root
  - {ref: v2, label: v2}   # older ones: built from git under /v2/
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine.errors import Pos, Report
from ..engine.yamlsrc import YMap, type_name
from ..model.fields import Fields, expect_list, items

ENTRY_FIELDS = ("ref", "label")
# Labels become folders at the top of the site; these are taken by the site itself.
RESERVED = frozenset({"assets", "pagefind", "catalog", "reference", "schemas", "changelog"})


@dataclass(frozen=True)
class VersionEntry:
    ref: str
    label: str
    pos: Pos  # of the entry, for errors such as an unknown revision


@dataclass(frozen=True)
class VersionsSetting:
    """The ``versions:`` list as read: the first entry is the latest."""

    root: Path  # the project folder whose repository holds the revisions
    entries: tuple[VersionEntry, ...]
    source: str  # site.yml as shown in errors

    @property
    def latest(self) -> VersionEntry:
        return self.entries[0]

    @property
    def older(self) -> tuple[VersionEntry, ...]:
        return self.entries[1:]


def read_versions(value: Any, pos: Pos, report: Report, root: Path) -> VersionsSetting | None:
    seq = expect_list(value, report, pos, "'versions'")
    if seq is None:
        return None
    entries: list[VersionEntry] = []
    seen: set[str] = set()
    for node, item_pos in items(seq):
        if not isinstance(node, YMap):
            report.error(item_pos, f"each version is a mapping with 'ref' and 'label', not {type_name(node)}")
            continue
        fields = Fields(node, report, "version", ENTRY_FIELDS)
        ref = fields.text("ref", required=True)
        label = fields.ident("label", required=True)
        if ref is None or label is None:
            continue
        if label in seen:
            report.error(fields.pos("label"), f"version label '{label}' is used twice")
            continue
        if label in RESERVED or label.startswith((".", "_")):
            report.error(
                fields.pos("label"), f"'{label}' cannot be a version label: the site uses that folder"
            )
            continue
        seen.add(label)
        entries.append(VersionEntry(ref, label, item_pos))
    if not entries:
        if not report.has_errors:
            report.error(pos, "'versions' needs at least one entry: the latest version")
        return None
    return VersionsSetting(root.resolve(), tuple(entries), report.path)
