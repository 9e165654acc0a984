"""Operation reference pages: one operation model, three views (JavaScript, command line, Python).

Importing this package (it is listed in ``features.FEATURES``) registers the
two spec formats (YAML ``operations`` namespaces and JSON service models) and
the cross-namespace check of their references: what reading a project's specs
needs, and all that ``specsite validate`` loads. ``ops.reference`` adds the
reference routes, their renderer and the template filters, for builds.
The package may import the engine and the model; never another feature package.
"""

from __future__ import annotations

from pathlib import Path

from .. import model as spec_model
from ..engine.errors import Pos, Report
from ..model import FileReader, Part
from .awsjson import JSON_SUFFIXES, namespace_of, read_json, service_from_json, text_locator
from .model import KIND, Service
from .resolve import check_references
from .yamlspec import build_yaml_service

JSON_PART = "service_model"


def _read_json_parts(path: Path, report: Report) -> dict[str, Part]:
    found = read_json(path, report)
    return {JSON_PART: Part(report, found, Pos(1, 1))} if found is not None else {}


def _build_json_service(name: str, parts: dict[str, Part], report: Report) -> Service | None:
    data, text = parts[JSON_PART].data
    return service_from_json(name, data, parts[JSON_PART].report, text_locator(text))


def _register() -> None:
    spec_model.FILE_READERS.append(FileReader(JSON_SUFFIXES, namespace_of, _read_json_parts))
    spec_model.DETECTORS[:0] = [
        ("aws-json", lambda name, parts: JSON_PART in parts),
        (KIND, lambda name, parts: "operations" in parts),
    ]
    spec_model.BUILDERS["aws-json"] = _build_json_service
    spec_model.BUILDERS[KIND] = build_yaml_service
    spec_model.CHECKS.append(check_references)


_register()
