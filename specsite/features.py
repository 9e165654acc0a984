"""The features that plug into the pipeline.

Importing a feature module lets it add its spec kinds, routes, renderers,
template globals and commands to the engine's registries (``model``,
``engine.plan``, ``engine.render``, ``engine.views``, ``engine.commands``,
...). This is the one list of what is switched on. Order matters where
features share a registry: the finishing steps run in the order they were
added.

A command imports only the features it uses (``load(command)``): a build
needs no dev server, scaffold or Eleventy importer, and ``validate`` needs
the spec formats but no pages, templates or search. Each import costs start-up
time in every run, which a small build feels (issue 15, fixed costs).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass

# What a feature adds, besides the commands it names:
SPECS = "specs"  # spec formats (wherever a project's specs are read)
BUILD = "build"  # routes, renderers, finishers, template globals, site.yml settings (wherever one builds)


@dataclass(frozen=True)
class Feature:
    module: str  # under ``specsite.``
    adds: frozenset[str]  # SPECS, BUILD and the names of its commands


def _feature(module: str, *adds: str) -> Feature:
    return Feature(module, frozenset(adds))


FEATURE_LIST: tuple[Feature, ...] = (
    _feature("events.event_examples", BUILD),
    _feature("events.eventschema", BUILD),
    _feature("events.catalog", BUILD),
    _feature("events.explorer", BUILD),
    _feature("events.validate_events", BUILD),
    _feature("events.validate_command", "validate"),
    _feature("publish.search", BUILD),
    _feature("publish.sitemap", BUILD),
    _feature("publish.lint", BUILD),
    _feature("publish.linkcheck", BUILD, "check"),
    _feature("preview.serve", "serve"),
    _feature("ops", SPECS),
    _feature("ops.reference", BUILD),
    _feature("compat.nunjucks", BUILD),
    _feature("compat.heading_ids", BUILD),
    _feature("history", BUILD, "diff"),
    _feature("scaffold", "new"),
    _feature("compat.eleventy_import", "import"),
)
FEATURES: tuple[str, ...] = tuple(feature.module for feature in FEATURE_LIST)

# The engine's own command, and what each command reads: a site, or only specs.
ENGINE_COMMANDS = ("build",)
USES: dict[str, frozenset[str]] = {
    "build": frozenset({SPECS, BUILD}),
    "check": frozenset({SPECS, BUILD}),
    "serve": frozenset({SPECS, BUILD}),
    "validate": frozenset({SPECS}),
    "diff": frozenset({SPECS}),
}
COMMAND_NAMES: tuple[str, ...] = (
    *ENGINE_COMMANDS,
    *(name for feature in FEATURE_LIST for name in sorted(feature.adds - {SPECS, BUILD})),
)


def load(command: str | None = None) -> None:
    """Import the features ``command`` uses; every feature when it is None (``--help``)."""
    for feature in FEATURE_LIST:
        if command is None or command in feature.adds or feature.adds & USES.get(command, frozenset()):
            importlib.import_module(f"specsite.{feature.module}")


def command_of(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs, as ``engine.commands`` reads it; None when all are wanted (help).

    The command is the first argument that names one (the options before it
    take no values); without one, ``build`` is meant. Help or the version
    asked for before any command lists every command.
    """
    for arg in argv:
        if arg in COMMAND_NAMES:
            return arg
        if arg in ("-h", "--help", "--version"):
            return None
    return "build"
