"""The files botocore ships beside a service model: paginators, waiters and worked examples.

``paginators-1.json`` says which operations page and by which tokens,
``waiters-2.json`` which operations can be polled until a state is reached,
and ``examples-1.json`` holds calls with their parameters and responses.
They are read as botocore reads them (its loader also merges the
``.sdk-extras`` files), and anything malformed in them is skipped rather than
failing a build: they are botocore's data, not the user's.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .model import Acceptor, CallExample, Paginator, Service, Waiter


def with_extras(service: Service, loader: Any, api_version: str) -> Service:
    """The service with its paginators, waiters and examples filled in, where botocore has them."""
    return replace(
        service,
        paginators=paginators(_load(loader, service.name, "paginators-1", api_version)),
        waiters=waiters(_load(loader, service.name, "waiters-2", api_version)),
        call_examples=call_examples(_load(loader, service.name, "examples-1", api_version)),
    )


def _load(loader: Any, name: str, kind: str, api_version: str) -> dict:
    try:
        found = loader.load_service_model(name, kind, api_version)
    except Exception:  # botocore raises DataNotFoundError (and others) for files a service lacks
        return {}
    return found if isinstance(found, dict) else {}


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def paginators(data: dict) -> dict[str, Paginator]:
    found = {}
    for operation, raw in (data.get("pagination") or {}).items():
        if not isinstance(raw, dict) or not _names(raw.get("input_token")):
            continue
        limit = raw.get("limit_key")
        more = raw.get("more_results")
        found[operation] = Paginator(
            operation,
            _names(raw.get("input_token")),
            _names(raw.get("output_token")),
            limit if isinstance(limit, str) else None,
            _names(raw.get("result_key")),
            more if isinstance(more, str) else None,
        )
    return found


def waiters(data: dict) -> tuple[Waiter, ...]:
    found = []
    for name, raw in sorted((data.get("waiters") or {}).items()):
        if not isinstance(raw, dict) or not isinstance(raw.get("operation"), str):
            continue
        acceptors = tuple(
            Acceptor(
                str(acc.get("state", "")),
                str(acc.get("matcher", "")),
                acc.get("expected"),
                str(acc.get("argument", "")),
            )
            for acc in raw.get("acceptors", ())
            if isinstance(acc, dict)
        )
        found.append(
            Waiter(
                name,
                raw["operation"],
                _int(raw.get("delay"), 15),
                _int(raw.get("maxAttempts"), 40),
                acceptors,
                raw.get("description") if isinstance(raw.get("description"), str) else "",
            )
        )
    return tuple(found)


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def call_examples(data: dict) -> dict[str, tuple[CallExample, ...]]:
    found = {}
    for operation, raw in (data.get("examples") or {}).items():
        examples = tuple(
            CallExample(
                str(item.get("title") or ""),
                str(item.get("description") or ""),
                item.get("input"),
                item.get("output"),
                item.get("comments") if isinstance(item.get("comments"), dict) else {},
            )
            for item in raw
            if isinstance(item, dict) and item.get("title")
        )
        if examples:
            found[operation] = examples
    return found
