"""Generated catalog pages: one page per event type, and the type × property matrix.

Every event catalog namespace ``ns`` gets, without anyone writing a page:

- ``/catalog/ns/<type>/``: the type's description, tier, props with required
  marks, example payload and JSON Schema link;
- ``/catalog/ns/matrix/``: every event type against every prop, with a
  mark where the prop applies and a distinct one where it is required
  (for a large catalog, an index of ``/catalog/ns/matrix/<n>/`` pages, one
  per event group: see ``matrix``).

Pages link to them with the template globals ``event_url(value)``,
``event_matrix_url()`` and ``event_schema_url(value)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup
from pygments.formatters import HtmlFormatter
from pygments.lexers import JsonLexer

from ..engine import cached, plan, views
from ..engine.plan import Route
from ..engine.project import Inputs
from ..model.events import KIND, EventCatalog
from .eventschema import dumps_event, example_payload, schema_path
from .matrix import MatrixPart, matrix_parts

TYPE_TEMPLATE = "catalog/event_type.html"
MATRIX_TEMPLATE = "catalog/matrix.html"


def event_page_url(namespace: str, value: str) -> str:
    return f"/catalog/{namespace}/{value}/"


def matrix_url(namespace: str) -> str:
    return f"/catalog/{namespace}/matrix/"


def matrix_part_url(namespace: str, number: int) -> str:
    """One page of a matrix too large for one (see ``matrix``)."""
    return f"{matrix_url(namespace)}{number}/"


def matrix_title(namespace: str) -> str:
    return "Event types and properties" if namespace == "event" else f"{namespace}: types and properties"


@lru_cache(maxsize=4096)
def highlight_json(text: str) -> Markup:
    """JSON highlighted at build time, in the same markup as fenced code blocks.

    Through the build cache, like fenced code: a warm build highlights nothing.
    """
    return Markup(cached.highlight(text, JsonLexer(), _json_formatter()).strip())


@lru_cache(maxsize=1)
def _json_formatter() -> HtmlFormatter:
    # Made once: a formatter works out its style's whole stylesheet when it is made.
    return HtmlFormatter(cssclass="highlight", wrapcode=True)


def example_html(catalog: EventCatalog, value: str) -> Markup:
    return highlight_json(dumps_event(example_payload(catalog, value)))


def catalog_routes(inputs: Inputs) -> Iterable[Route]:
    for catalog in inputs.specs.of_kind(KIND):
        namespace = catalog.namespace
        url = matrix_url(namespace)
        title = matrix_title(namespace)
        yield _template_route(url, title, MATRIX_TEMPLATE, namespace=namespace, part=0)
        for part in matrix_parts(catalog):
            yield _template_route(
                matrix_part_url(namespace, part.number),
                f"{title}: {part.title}",
                MATRIX_TEMPLATE,
                namespace=namespace,
                part=part.number,
            )
        for event in catalog.events:
            url = event_page_url(namespace, event.value)
            title = f"{event.value} event"
            yield _template_route(url, title, TYPE_TEMPLATE, namespace=namespace, value=event.value)


def _template_route(url: str, title: str, template: str, **extra: Any) -> Route:
    output = url.lstrip("/") + "index.html"
    return Route(url, output, "template", None, title, (template, {"toc": [], **extra}))


def register(env: jinja2.Environment) -> None:
    """Link helpers that check their event type, so a typo fails the build."""

    def catalog(namespace: str) -> EventCatalog:
        found = env.globals["specs"].namespace(namespace)
        if getattr(found, "kind", None) != KIND:
            raise LookupError(f"spec namespace '{namespace}' is not an event catalog")
        return found

    def event_url(value: str, namespace: str = "event") -> str:
        return event_page_url(namespace, catalog(namespace).event(value).value)

    def event_matrix_url(namespace: str = "event") -> str:
        return matrix_url(catalog(namespace).namespace)

    def event_matrix_parts(namespace: str = "event") -> tuple[MatrixPart, ...]:
        return matrix_parts(catalog(namespace))

    def event_matrix_part_url(number: int, namespace: str = "event") -> str:
        parts = matrix_parts(catalog(namespace))
        if not 1 <= number <= len(parts):
            raise LookupError(f"the matrix of '{namespace}' has no page {number}")
        return matrix_part_url(namespace, number)

    def event_schema_url(value: str | None = None, namespace: str = "event") -> str:
        if value is not None:
            catalog(namespace).event(value)
        return schema_path(catalog(namespace).namespace, value)

    def event_example_html(value: str, namespace: str = "event") -> Markup:
        return example_html(catalog(namespace), value)

    env.globals.update(
        event_catalog=catalog,
        event_url=event_url,
        event_matrix_url=event_matrix_url,
        event_matrix_parts=event_matrix_parts,
        event_matrix_part_url=event_matrix_part_url,
        event_schema_url=event_schema_url,
        event_example_html=event_example_html,
    )


plan.GENERATORS.append(catalog_routes)
views.REGISTRARS.append(register)
