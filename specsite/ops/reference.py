"""The reference pages of the operation specs: routes, their renderer and the template filters.

Listed in ``features.FEATURES`` for commands that build; the spec formats
themselves are registered by the package (``specsite.ops``).
"""

from __future__ import annotations

import jinja2

from ..engine import plan, render, views
from . import entries, labels
from .docs import doc_filter
from .routes import KIND as ROUTE_KIND
from .routes import reference_routes, render_reference


def register_filters(env: jinja2.Environment) -> None:
    env.filters.update(doc=doc_filter, type_label=labels.type_label, constraints=labels.constraints)
    entries.register(env)


def service_group(route: plan.Route) -> object:
    """A service's pages share its converted shapes and docs: one worker renders them all."""
    service = route.payload.service
    return service.name if service is not None else None


plan.GENERATORS.append(reference_routes)
render.RENDERERS[ROUTE_KIND] = render_reference
render.GROUPS[ROUTE_KIND] = service_group
views.REGISTRARS.append(register_filters)
