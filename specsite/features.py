"""The features that plug into the pipeline.

Importing this module lets each feature add its spec kinds, routes,
renderers, template globals and commands to the registries in
``spec``, ``plan``, ``render``, ``views`` and ``cli``. It is the one list
of what is switched on.
"""

from __future__ import annotations

FEATURES: tuple[str, ...] = ()


def load() -> None:
    import importlib

    for name in FEATURES:
        importlib.import_module(f"specsite.{name}")
