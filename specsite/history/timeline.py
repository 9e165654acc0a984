"""The changes between consecutive versions, and the "Added in" / "Changed in" marks they give.

For the latest version the chain is: the older versions, oldest first, then
the latest version's revision, then the working tree ("Unreleased", when it
differs). An older version's own chain stops at itself.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

from ..model import Specs
from .changes import Change, Subject
from .diff import diff_specs
from .revisions import Source
from .versions import Lineage, Release, model_at

UNRELEASED = "Unreleased"
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
    chain: list[tuple[str, Release | None, Specs]] = [
        (release.label, release, model_at(release.source)) for release in reversed(lineage.older)
    ]
    if is_latest:
        chain.append((lineage.latest.label, lineage.latest, model_at(lineage.latest.source)))
        chain.append((UNRELEASED, None, current))
    else:
        chain.append((lineage.current, None, current))
    found = []
    for (_, older, before), (label, newer, after) in itertools.pairwise(chain):
        assert older is not None
        if newer is not None:
            changes = _between(older.source, newer.source)
        else:
            changes = tuple(c for c in diff_specs(before, after) if not c.minor)
        if changes or label != UNRELEASED:
            found.append(Step(label, newer, older, changes))
    return found


@lru_cache(maxsize=64)
def _between(old: Source, new: Source) -> tuple[Change, ...]:
    """Two commits never change, so neither does their difference."""
    return tuple(c for c in diff_specs(model_at(old), model_at(new)) if not c.minor)


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
