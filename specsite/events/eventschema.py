"""The event catalog as a data contract: JSON Schema documents and example payloads.

One schema per event type (``/schemas/event/add_to_cart.schema.json``) and
one for any event (``/schemas/event.schema.json``, a ``oneOf`` discriminated
by ``type``; for a large catalog its ``oneOf`` refers to the per-type files
rather than copying them, see ``INLINE_PAIRS``). ``specsite validate`` checks data against exactly these
documents, so what the site publishes is what the command enforces.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..engine import plan, render
from ..engine.plan import Route
from ..engine.project import Inputs
from ..model.events import KIND, EventCatalog
from .typeschema import DISCRIMINATOR, type_schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"
RENDER_KIND = "event-schema"


def schema_path(namespace: str, value: str | None = None) -> str:
    """The site path of the schema for one event type, or for any event of the namespace."""
    if value is None:
        return f"/schemas/{namespace}.schema.json"
    return f"/schemas/{namespace}/{value}.schema.json"


def document(catalog: EventCatalog, value: str | None, base_url: str | None) -> dict[str, Any]:
    """A complete schema document (``$schema``, ``$id`` when the site has a base URL)."""
    head: dict[str, Any] = {"$schema": DIALECT}
    if base_url:
        head["$id"] = base_url.rstrip("/") + schema_path(catalog.namespace, value)
    body = type_schema(catalog, value) if value is not None else _any_event(catalog)
    return {**head, **body}


# Past this many (event type, prop) pairs the schema for any event refers to
# the per-type documents instead of copying them in: inlined, 1,000 types of
# 55 props each made one 14 MB file, repeating every shared prop per type.
INLINE_PAIRS = 5_000


def inlines_types(catalog: EventCatalog) -> bool:
    """Whether the schema for any event holds each type's schema in ``$defs`` (small catalogs)."""
    pairs = 0
    for event in catalog.events:
        pairs += len(catalog.props_for(event.value))
        if pairs > INLINE_PAIRS:
            return False
    return True


def _any_event(catalog: EventCatalog) -> dict[str, Any]:
    values = [event.value for event in catalog.events]
    head = {
        "title": f"Any {catalog.namespace} event",
        "description": f"One event of the '{catalog.namespace}' catalog, chosen by its '{DISCRIMINATOR}'.",
        "type": "object",
        "properties": {DISCRIMINATOR: {"enum": values}},
        "required": [DISCRIMINATOR],
    }
    if not inlines_types(catalog):
        # A reference relative to this document (or to its $id): the type's own
        # schema, published beside it, so the contract is written once.
        prefix = f"{catalog.namespace}/"
        return {**head, "oneOf": [{"$ref": f"{prefix}{value}.schema.json"} for value in values]}
    return {
        **head,
        "oneOf": [{"$ref": f"#/$defs/{value}"} for value in values],
        "$defs": {value: type_schema(catalog, value) for value in values},
    }


def dumps(data: Any) -> str:
    """JSON as the site writes it: indented, UTF-8, keys in spec order."""
    return json.dumps(data, indent=2, ensure_ascii=False)


def dumps_event(event: dict[str, Any]) -> str:
    """An event as people write one: a prop per line, each value on its line."""
    if not event:
        return "{}"
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in event.items()]
    return "{\n" + ",\n".join(lines) + "\n}"


def example_payload(catalog: EventCatalog, value: str) -> dict[str, Any]:
    """An example event: its type, its required props, its own props, and props with an ``example:``.

    Props that apply to every type (or to all but a few) are left out unless
    required or given an example, so the payload shows what is particular to
    the type rather than every optional field.
    """
    payload: dict[str, Any] = {DISCRIMINATOR: value}
    for prop in catalog.props_for(value):
        if prop.name == DISCRIMINATOR:
            continue
        if prop.required_for(value) or prop.has_example or prop.used_by:
            payload[prop.name] = prop.sample()
    return payload


def schema_routes(inputs: Inputs) -> Iterable[Route]:
    for catalog in inputs.specs.of_kind(KIND):
        namespace = catalog.namespace
        for value in (None, *(event.value for event in catalog.events)):
            url = schema_path(namespace, value)
            title = f"{value or namespace} JSON Schema"
            yield Route(url, url.lstrip("/"), RENDER_KIND, None, title, (namespace, value))


def render_schema(renderer: render.Renderer, route: Route) -> bytes:
    namespace, value = route.payload
    catalog = renderer.inputs.specs[namespace]  # records the spec as a dependency
    data = document(catalog, value, renderer.inputs.config.base_url)
    return (dumps(data) + "\n").encode()


plan.GENERATORS.append(schema_routes)
render.RENDERERS[RENDER_KIND] = render_schema
