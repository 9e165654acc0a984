"""The JSON Schema of one event type, as a plain dict: what the site publishes and ``validate`` enforces.

Apart from the rest of ``eventschema`` (which plans the schema pages), so
that ``specsite validate`` reads it without loading the site pipeline.
"""

from __future__ import annotations

from typing import Any

from ..model.events import EventCatalog, EventProp

DISCRIMINATOR = "type"


def type_schema(catalog: EventCatalog, value: str) -> dict[str, Any]:
    """The schema of one event type: its props, which are required, and nothing else allowed."""
    event = catalog.event(value)
    props = catalog.props_for(value)
    properties = {DISCRIMINATOR: {"const": value}}
    for prop in props:
        properties[prop.name] = _prop_schema(prop, value)
    required = [DISCRIMINATOR, *(p.name for p in props if p.required_for(value) and p.name != DISCRIMINATOR)]
    return {
        "title": f"{value} event",
        "description": event.desc,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _prop_schema(prop: EventProp, value: str) -> dict[str, Any]:
    if prop.name == DISCRIMINATOR:
        return {"const": value, "description": prop.desc}
    schema: dict[str, Any] = prop.value_type.schema() if prop.value_type else {}
    schema["description"] = prop.desc
    if prop.has_example:
        schema["examples"] = [prop.example]
    return schema
