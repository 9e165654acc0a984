"""specsite reads botocore's data files itself (botocore's loader costs a tenth of a second to
import); it must find and read exactly what botocore's own loader does."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from specsite.ops.botodata import BotoData, botocore_data

loaders = pytest.importorskip("botocore.loaders", reason="botocore is not installed")

# Services with paginators, waiters, examples, gzipped models and sdk-extras files among them.
SERVICES = ("personalize-events", "ec2", "s3", "glue", "sagemaker", "dynamodb", "lambda", "sqs")
KINDS = ("service-2", "paginators-1", "waiters-2", "examples-1")


def loaded(loader, name: str, kind: str, version: str):
    try:
        return loader.load_service_model(name, kind, version)
    except Exception:  # botocore's DataNotFoundError, our LookupError
        return None


def test_the_same_services_versions_and_files_as_botocores_loader() -> None:
    loader, data = loaders.create_loader(), botocore_data()
    assert list(data.available_services("service-2")) == loader.list_available_services("service-2")
    for name in SERVICES:
        version = loader.determine_latest_version(name, "service-2")
        assert data.latest_version(name, "service-2") == version
        for kind in KINDS:
            assert loaded(data, name, kind, version) == loaded(loader, name, kind, version), (name, kind)


def write_json(path: Path, value: object, zipped: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(value).encode()
    path.write_bytes(gzip.compress(text) if zipped else text)


def test_a_users_models_folder_newer_versions_json_before_gz_and_extras_merged(tmp_path: Path) -> None:
    mine, builtin = tmp_path / "models", Path(loaders.Loader.BUILTIN_DATA_PATH)
    write_json(mine / "sqs/2099-01-01/service-2.json", {"metadata": {"apiVersion": "2099-01-01"}})
    write_json(mine / "sqs/2099-01-01/paginators-1.json", {"pagination": {"A": {"x": 1, "keep": 2}}})
    write_json(mine / "sqs/2099-01-01/paginators-1.json.gz", {"pagination": {}}, zipped=True)
    write_json(
        mine / "sqs/2099-01-01/paginators-1.sdk-extras.json",
        {"version": 1, "merge": {"pagination": {"A": {"x": 3, "more": [1]}, "B": {}}}},
    )
    write_json(mine / "nowhere/2000-01-01/waiters-2.json.gz", {"waiters": {"W": {}}}, zipped=True)
    write_json(mine / "nowhere/2000-01-01/service-2.json", {"metadata": {}})
    loader = loaders.Loader(extra_search_paths=[str(mine), str(builtin)], include_default_search_paths=False)
    data = BotoData((mine, builtin))
    assert list(data.available_services("service-2")) == loader.list_available_services("service-2")
    for name in ("sqs", "nowhere"):
        version = loader.determine_latest_version(name, "service-2")
        assert data.latest_version(name, "service-2") == version
        for kind in KINDS:
            assert loaded(data, name, kind, version) == loaded(loader, name, kind, version), (name, kind)
    assert loaded(data, "sqs", "paginators-1", "2099-01-01") == {
        "pagination": {"A": {"x": 3, "keep": 2, "more": [1]}, "B": {}}
    }
    assert data.find("sqs", "2099-01-01", "service-2") == mine / "sqs/2099-01-01/service-2.json"
