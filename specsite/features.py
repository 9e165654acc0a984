"""The features that plug into the pipeline.

Importing this module lets each feature add its spec kinds, routes,
renderers, template globals and commands to the engine's registries
(``model``, ``engine.plan``, ``engine.render``, ``engine.views``,
``engine.commands``, ...). It is the one list
of what is switched on. Order matters where features share a registry:
``search`` writes its index before ``linkcheck`` reads the finished site.
"""

from __future__ import annotations

import importlib

FEATURES: tuple[str, ...] = (
    "events.event_examples",
    "events.eventschema",
    "events.catalog",
    "events.explorer",
    "events.validate_events",
    "publish.search",
    "publish.sitemap",
    "publish.lint",
    "publish.linkcheck",
    "preview.serve",
    "ops",
    "compat.nunjucks",
    "compat.heading_ids",
    "history",
    "scaffold",
    "compat.eleventy_import",
)


def load() -> None:

    for name in FEATURES:
        importlib.import_module(f"specsite.{name}")
