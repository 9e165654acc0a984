"""Warnings about a project that builds but is probably not what its authors meant.

- a prop of a property-group namespace that no group lists (no table can show it),
  unless it is marked ``unlisted: true`` (deliberately in no group);
- an event type that takes nothing beyond the properties every type takes
  (usually a ``used_by`` list that forgot it);
- a page without a title (the file name stands in for it).

They are listed on every build and become errors with ``--strict``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..engine import builder
from ..engine.errors import Diagnostic
from ..engine.pages import Page
from ..model import Specs
from ..model.fields import Origin


def lint_project(finished: builder.Finished) -> list[Diagnostic]:
    inputs = finished.inputs
    found = [*unused_props(inputs.specs), *events_without_own_props(inputs.specs)]
    found += [d for page in inputs.pages if (d := untitled(page))]
    return sorted(found)


def _warning(origin: Origin | None, fallback: str, message: str) -> Diagnostic:
    if origin is None:
        return Diagnostic(fallback, 0, 0, message, "warning")
    return Diagnostic(origin.path, origin.line, origin.col, message, "warning")


def unused_props(specs: Specs) -> Iterator[Diagnostic]:
    """Props that no group of their namespace lists; namespaces without groups are left alone."""
    for namespace in specs.of_kind("props"):
        if not namespace.groups:
            continue
        listed = {prop.key for group in namespace.groups.values() for prop in group.props}
        for prop in namespace.props:
            if prop.unlisted and prop.key in listed:
                message = (
                    f"prop '{prop.key}' of '{namespace.namespace}' is marked 'unlisted: true' but a group"
                    " lists it; remove 'unlisted'"
                )
                yield _warning(prop.origin, _first_file(specs, namespace.namespace), message)
            elif prop.key not in listed and not prop.unlisted:
                message = (
                    f"prop '{prop.key}' of '{namespace.namespace}' is in no group, so no table"
                    " shows it; add it to a group, remove it, or mark it 'unlisted: true'"
                )
                yield _warning(prop.origin, _first_file(specs, namespace.namespace), message)


def events_without_own_props(specs: Specs) -> Iterator[Diagnostic]:
    """Event types that take only the properties every event type of their catalog takes.

    Catalogs whose properties all apply everywhere have no distinctions to
    miss, so they are not checked.
    """
    for catalog in specs.of_kind("events"):
        # The catalog's own answers (worked out once), not every prop asked about every type.
        everyone = len(catalog.events)
        shared = {prop.name for prop in catalog.props if len(catalog.events_for(prop)) == everyone}
        if len(shared) == len(catalog.props):
            continue
        for event in catalog.events:
            if all(prop.name in shared for prop in catalog.props_for(event.value)):
                yield _warning(event.origin, _first_file(specs, catalog.namespace), _no_own(event, shared))


def _no_own(event: Any, shared: set[str]) -> str:
    return (
        f"event type '{event.value}' takes no property beyond the {len(shared)} that every event type"
        " takes; is it missing from a 'used_by' list?"
    )


def _first_file(specs: Specs, namespace: str) -> str:
    files = specs.files_of(namespace)
    return files[0] if files else f"specs/{namespace}"


def untitled(page: Page) -> Diagnostic | None:
    if page.has_title:
        return None
    how = "add 'title:' to its front matter" + (
        " or start it with a '# Heading'" if page.kind == "md" else ""
    )
    message = f"page has no title, so its file name stands in ('{page.title}'); {how}"
    return Diagnostic(page.source, 1, 1, message, "warning")


builder.FINISHERS.append(lint_project)
