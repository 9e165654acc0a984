"""botocore's data files, found and read as its ``Loader`` does, without importing botocore.

``botocore.loaders`` brings ``botocore.compat`` and ``botocore.utils`` with it,
and they import urllib3, ``http.client``, ssl and dateutil: a tenth of a
second of CPU at the start of every build that documents one AWS service,
which needs only three or four JSON files. The rules here are the ones of
``botocore.loaders.create_loader()`` (botocore 1.x): the search path is
``~/.aws/models`` then botocore's own ``data/`` folder, a file is
``NAME.json`` or else ``NAME.json.gz``, the newest API version of a
service is the greatest folder name that holds the file, and
``TYPE.sdk-extras.json`` is merged over the model it sits beside. The files
and their version are still botocore's; a test checks this reader against
botocore's loader.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUFFIXES = (".json", ".json.gz")
EXTRAS_TYPES = ("sdk",)


@dataclass(frozen=True)
class BotoData:
    """The folders botocore looks for service models in, first match first."""

    search_paths: tuple[Path, ...]

    def _bases(self) -> Iterator[Path]:
        return (base for base in self.search_paths if base.is_dir())

    def find(self, name: str, api_version: str, type_name: str) -> Path | None:
        """The file of one model, where the loader would take it from."""
        for base in self._bases():
            for suffix in SUFFIXES:
                path = base / name / api_version / (type_name + suffix)
                if path.is_file():
                    return path
        return None

    def api_versions(self, name: str, type_name: str) -> list[str]:
        found = set()
        for base in self._bases():
            folder = base / name
            if not folder.is_dir():
                continue
            for version in os.listdir(folder):
                if any((folder / version / (type_name + suffix)).is_file() for suffix in SUFFIXES):
                    found.add(version)
        return sorted(found)

    def latest_version(self, name: str, type_name: str) -> str | None:
        versions = self.api_versions(name, type_name)
        return versions[-1] if versions else None

    def available_services(self, type_name: str) -> tuple[str, ...]:
        """Every service with a ``type_name`` file in some version (a walk of about 400 folders)."""
        found = set()
        for base in self._bases():
            for name in os.listdir(base):
                folder = base / name
                if folder.is_dir() and any(
                    (folder / version / (type_name + suffix)).is_file()
                    for version in os.listdir(folder)
                    for suffix in SUFFIXES
                ):
                    found.add(name)
        return tuple(sorted(found))

    def load_service_model(self, name: str, type_name: str, api_version: str) -> Any:
        """A model with its ``sdk-extras`` merged in (botocore's ``Loader`` method of that name).

        Raises ``LookupError`` when the service has no such file, and what reading
        a damaged one raises (``OSError``, ``ValueError``, ``EOFError``).
        """
        path = self.find(name, api_version, type_name)
        if path is None:
            raise LookupError(f"botocore has no {type_name} for {name} {api_version}")
        model = read(path)
        for extras_type in EXTRAS_TYPES:
            extras_path = self.find(name, api_version, f"{type_name}.{extras_type}-extras")
            if extras_path is not None:
                extras = read(extras_path)
                merge = extras.get("merge") if isinstance(extras, dict) else None
                if isinstance(model, dict) and isinstance(merge, dict):
                    deep_merge(model, merge)
        return model


def read(path: Path) -> Any:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as file:
        return json.loads(file.read().decode("utf-8"))


def deep_merge(base: dict, extra: dict) -> None:
    """``extra`` over ``base`` in place: dictionaries on both sides merge, anything else replaces."""
    for key, value in extra.items():
        if isinstance(base.get(key), dict) and isinstance(value, dict):
            deep_merge(base[key], value)
        else:
            base[key] = value


def botocore_data() -> BotoData | None:
    """botocore's search path, or None when botocore is not installed (nothing is imported).

    Not cached: finding the package is a lookup in ``sys.modules`` or one path scan.
    """
    spec = importlib.util.find_spec("botocore")
    if spec is None or spec.origin is None:
        return None
    builtin = Path(os.path.abspath(spec.origin)).parent / "data"
    customer = Path(os.path.expanduser("~"), ".aws", "models")
    return BotoData((customer, builtin))
