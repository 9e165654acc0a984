"""Services taken by name from botocore's data (``aws_services:`` in ``site.yml``).

botocore is an optional extra: without it, naming services is an error at
the line of ``site.yml`` that names them. Models are read from botocore's
files as they are (the same conversion as a ``.json`` file under ``specs/``)
and kept for the life of the process, since they do not change under it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..engine.config import SiteConfig
from ..engine.errors import Diagnostic, Pos, ProjectError, Report, did_you_mean
from ..engine.sources import SourceError, read_text
from ..engine.yamlsrc import YamlError, YMap, parse
from .awsextras import with_extras
from .awsjson import read_json, service_from_json, text_locator
from .botodata import BotoData, botocore_data
from .model import Service

INSTALL_HINT = "pip install 'specsite[aws]'"


def aws_services(config: SiteConfig, config_path: Path | None) -> list[Service]:
    """The services ``site.yml`` names, loaded; errors are raised located at ``site.yml``."""
    wanted = config.aws_services
    if not wanted:
        return []
    loader = _loader()
    if loader is None:
        pos = _config_positions(config_path)[0]
        raise ProjectError(
            [_at(config, pos, f"aws_services needs botocore, which is not installed: {INSTALL_HINT}")]
        )
    # Listing every service walks botocore's whole data folder: only for "all" or a misspelt name.
    names = available_services() if wanted == "all" else tuple(wanted)
    unknown = [(index, name) for index, name in enumerate(names) if not _known(name)]
    if unknown:
        available = available_services()
        positions = _config_positions(config_path)
        raise ProjectError(
            [
                _at(
                    config,
                    _item(positions, index),
                    f"unknown AWS service '{name}'{did_you_mean(name, available)}",
                )
                for index, name in unknown
            ]
        )
    return [load_service(name) for name in dict.fromkeys(names)]


def _loader() -> BotoData | None:
    return botocore_data()


def _known(name: str) -> bool:
    return _loader().latest_version(name, "service-2") is not None


@cache
def available_services() -> tuple[str, ...]:
    return _loader().available_services("service-2")


def _model_path(name: str, loader: BotoData) -> Path:
    """The newest ``service-2`` file of a service, where botocore itself would find it."""
    version = loader.latest_version(name, "service-2")
    path = loader.find(name, version, "service-2") if version else None
    if path is None:
        raise LookupError(f"no service model for '{name}' in botocore's data")
    return path


@cache
def load_service(name: str) -> Service:
    # One search path for the model and the files beside it: finding it is a scan of sys.path.
    loader = _loader()
    path = _model_path(name, loader)
    report = Report(str(path))
    found = read_json(path, report)
    service = None
    if found is not None:
        data, text = found
        service = service_from_json(name, data, report, text_locator(text), origin="botocore")
    if service is None:
        raise ProjectError(report.items)
    return with_extras(service, loader, path.parent.name)


def _at(config: SiteConfig, pos: Pos | None, message: str) -> Diagnostic:
    line, col = (pos.line, pos.col) if pos else (0, 0)
    return Diagnostic(config.source or "site.yml", line, col, message)


def _config_positions(config_path: Path | None) -> tuple[Pos | None, list[Pos]]:
    """Where ``aws_services`` and each of its items are written (``SiteConfig`` keeps values only)."""
    if config_path is None:
        return None, []
    try:
        data = parse(read_text(config_path))
    except (SourceError, YamlError, OSError):
        return None, []
    if not isinstance(data, YMap) or "aws_services" not in data:
        return None, []
    value = data["aws_services"]
    return data.key_pos["aws_services"], list(getattr(value, "item_pos", []))


def _item(positions: tuple[Pos | None, list[Pos]], index: int) -> Pos | None:
    key, items = positions
    return items[index] if index < len(items) else key
