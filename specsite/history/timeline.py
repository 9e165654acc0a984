"""The changes between consecutive versions, and the "Added in" / "Changed in" marks they give.

For the latest version the chain is: the older versions, oldest first, then
the latest version's revision, then the working tree ("Unreleased", when it
differs). An older version's own chain stops at itself.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..model import Specs
from .changes import Change, Subject, from_record, to_record
from .diff import diff_specs
from .revisions import Source
from .versions import Lineage, Release, model_at

UNRELEASED = "Unreleased"
DIFF_CACHE = Path(".specsite-cache") / "diffs"
# The kinds of change that bring the thing itself (not a member of it) into the spec.
ADDED = frozenset({"event-type-added", "operation-added"})


@dataclass(frozen=True)
class Step:
    """The changes one version brought, against the version before it."""

    label: str
    newer: Release | None  # None: the version being built (its pages are this site's)
    older: Release
    changes: tuple[Change, ...]


def steps(lineage: Lineage, current: Specs, is_latest: bool) -> list[Step]:
    """Every step of the chain, oldest first; an empty "Unreleased" step is left out."""
    releases = [*reversed(lineage.older), *([lineage.latest] if is_latest else [])]
    found = [
        Step(newer.label, newer, older, _between(older.source, newer.source))
        for older, newer in itertools.pairwise(releases)
    ]
    if releases:
        # The version being built against the newest revision below it: the
        # working tree against the latest release, or an older version against its predecessor.
        label = UNRELEASED if is_latest else lineage.current
        below = releases[-1]
        changes = tuple(c for c in diff_specs(model_at(below.source), current) if not c.minor)
        if changes or label != UNRELEASED:
            found.append(Step(label, None, below, changes))
    return found


@lru_cache(maxsize=64)
def _between(old: Source, new: Source) -> tuple[Change, ...]:
    """Two commits never change, so neither does their difference: it is kept on disk.

    A build whose older versions are cached then reads no older spec at all.
    """
    assert new.repo is not None
    cached = new.repo / new.subdir / DIFF_CACHE / f"{old.sha}-{new.sha}.json"
    try:
        found = json.loads(cached.read_text(encoding="utf-8"))
        if found["specsite"] == __version__:
            return tuple(from_record(record) for record in found["changes"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not there yet, or unreadable: work it out again
    changes = tuple(c for c in diff_specs(model_at(old), model_at(new)) if not c.minor)
    cached.parent.mkdir(parents=True, exist_ok=True)
    record = {"specsite": __version__, "changes": [to_record(c) for c in changes]}
    cached.write_text(json.dumps(record, default=str), encoding="utf-8")
    return changes


def touches(change: Change, subject: Subject) -> bool:
    if change.subject == subject:
        return True
    # A prop's change shows on the pages of the event types it touches.
    return (
        subject.kind == "event"
        and change.subject is not None
        and change.subject.kind == "event-prop"
        and change.subject.namespace == subject.namespace
        and subject.name in change.affects
    )


@dataclass(frozen=True)
class Mark:
    added: str | None  # the label of the version that added the thing
    changed: str | None  # the label of the last version that changed it since


def mark_for(chain: list[Step], subject: Subject) -> Mark:
    added = changed = None
    for step in chain:
        for change in step.changes:
            if not touches(change, subject):
                continue
            if change.subject == subject and change.kind in ADDED:
                added, changed = step.label, None
            elif step.label != added:
                changed = step.label
    return Mark(added, changed)
