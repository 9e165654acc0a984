"""Where each documented thing lives in one version: event types, props and operations by URL."""

from __future__ import annotations

from typing import Any

from ..engine.plan import Plan
from ..model import Specs
from .changes import Subject


def key(subject: Subject) -> str:
    return f"{subject.kind}:{subject.namespace}:{subject.name}"


def subjects_of(plan: Plan, specs: Specs) -> dict[str, str]:
    """``key(subject)`` → site path, read from the plan.

    Generated pages say what they show in their payload: an operation page
    holds its ``service`` and ``operation``, an event type page its
    ``namespace`` and ``value``. Reading the payloads keeps this package
    free of the URL rules of the features that made them.
    """
    found: dict[str, str] = {}
    for route in plan.routes:
        subject = _subject_of(route.payload)
        if subject is not None:
            found.setdefault(key(subject), route.url)
    for catalog in specs.of_kind("events"):
        for prop in catalog.props:
            for event in catalog.events_for(prop):
                page = found.get(key(Subject("event", catalog.namespace, event.value)))
                if page is not None:
                    found[key(Subject("event-prop", catalog.namespace, prop.name))] = (
                        f"{page}#prop-{prop.name}"
                    )
                    break
    return found


def _subject_of(payload: Any) -> Subject | None:
    operation, service = getattr(payload, "operation", None), getattr(payload, "service", None)
    if operation is not None and service is not None:
        return Subject("operation", service.name, operation.name)
    if isinstance(payload, tuple) and len(payload) == 2 and isinstance(payload[1], dict):
        context = payload[1]
        if isinstance(context.get("namespace"), str) and isinstance(context.get("value"), str):
            return Subject("event", context["namespace"], context["value"])
    return None
