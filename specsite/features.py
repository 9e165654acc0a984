"""The features that plug into the pipeline.

Importing this module lets each feature add its spec kinds, routes,
renderers, template globals and commands to the registries in
``spec``, ``plan``, ``render``, ``views`` and ``cli``. It is the one list
of what is switched on. Order matters where features share a registry:
``search`` writes its index before ``linkcheck`` reads the finished site.
"""

from __future__ import annotations

import importlib

FEATURES: tuple[str, ...] = (
    "event_examples",
    "eventschema",
    "catalog",
    "explorer",
    "validate_events",
    "search",
    "sitemap",
    "lint",
    "linkcheck",
    "serve",
    "ops",
)


def load() -> None:

    for name in FEATURES:
        importlib.import_module(f"specsite.{name}")
