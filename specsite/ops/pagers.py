"""boto3's paginator and waiter pages: one per paginator and per waiter of a service.

``client.get_paginator(name).paginate(...)`` takes the operation's parameters
without its paging tokens and limit (boto3 pages for you) plus a
``PaginationConfig``, and yields the operation's responses with the output
tokens replaced by one ``NextToken``. ``client.get_waiter(name).wait(...)``
takes the operation's parameters plus a ``WaiterConfig`` and returns nothing.
This is how botocore's documenters (botocore/docs/paginator.py, waiter.py)
describe them; the settings' descriptions here are our own words.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from markupsafe import Markup

from . import pyargs
from .model import Doc, Member, Operation, Paginator, Service, Shape, Waiter
from .naming import xform
from .resolve import ShapeSource
from .syntax import PythonSyntax
from .tree import PageTrees

_PREFIX = "specsite#"


def _setting(name: str, kind: str, text: str) -> tuple[Member, Shape]:
    shape = Shape(f"{_PREFIX}{kind}", kind)
    return Member(name, shape.name, Doc(text, "text")), shape


PAGINATION_SETTINGS = (
    ("MaxItems", "integer", "The most items to return in all; past it, the last page carries a NextToken."),
    ("PageSize", "integer", "How many items each call to the service asks for."),
    ("StartingToken", "string", "Where to start: the NextToken of an earlier paginate() that stopped."),
)
WAITER_SETTINGS = (
    ("Delay", "integer", "Seconds between two checks."),
    ("MaxAttempts", "integer", "How many checks to make before giving up with a WaiterError."),
)


def paginator_url(base: str, op: Operation) -> str:
    return f"{base}python/paginators/{op.name}/"


def waiter_url(base: str, waiter: Waiter) -> str:
    return f"{base}python/waiters/{waiter.name}/"


def _config(
    source: ShapeSource, owner: str, name: str, settings: tuple, keep: set[str] | None = None
) -> Member:
    members = []
    for key, kind, text in settings:
        if keep is None or key in keep:
            member, shape = _setting(key, kind, text)
            source.add(shape)
            members.append(member)
    config = Shape(f"{_PREFIX}{owner}.{name}", "structure", members=tuple(members))
    source.add(config)
    return Member(
        name, config.name, Doc(f"How {name.removesuffix('Config').lower()} works for this call.", "text")
    )


def _structure(source: ShapeSource, name: str, members: tuple[Member, ...], base: Shape | None) -> str:
    shape = replace(base, name=name, members=members) if base else Shape(name, "structure", members=members)
    return source.add(shape)


def paginator_context(service: Service, paginator: Paginator, source: ShapeSource) -> dict[str, Any]:
    op = service.operation(paginator.operation)
    hidden = set(paginator.input_tokens) | ({paginator.limit_key} if paginator.limit_key else set())
    keep = {"MaxItems", "StartingToken"} | ({"PageSize"} if paginator.limit_key else set())
    config = _config(source, f"{op.name}.paginator", "PaginationConfig", PAGINATION_SETTINGS, keep)
    params = (*tuple(m for m in pyargs.members(service, op) if m.name not in hidden), config)
    base_in = source.shape(op.input) if op.input else None
    request_shape = _structure(source, f"{_PREFIX}{op.name}.paginate", params, base_in)
    response_shape = None
    if op.output:
        output = source.shape(op.output)
        token, token_shape = _setting("NextToken", "string", "Give it as StartingToken to carry on.")
        source.add(token_shape)
        kept = (*tuple(m for m in output.members if m.name not in paginator.output_tokens), token)
        response_shape = _structure(source, f"{_PREFIX}{op.name}.page", kept, output)
    trees = PageTrees(source)
    nodes = trees.members(request_shape)
    call = PythonSyntax(source, trees.anchors).request("paginator", "paginate", request_shape)
    syntax = _rename_result(call.html(), "response_iterator")
    response = trees.members(response_shape, response=True) if response_shape else None
    response_syntax = None
    if response_shape:
        response_syntax = PythonSyntax(source, trees.anchors, response=True).structure(response_shape).html()
    return {
        "kind": "paginator",
        "name": op.name,
        "operation": op,
        "getter": f"paginator = client.get_paginator('{xform(op.name, '_')}')",
        "request": syntax,
        "params": nodes,
        "response": response,
        "response_syntax": response_syntax,
        "result_keys": paginator.result_keys,
    }


def waiter_context(service: Service, waiter: Waiter, source: ShapeSource) -> dict[str, Any]:
    op = service.operation(waiter.operation)
    config = _config(source, f"{waiter.name}.waiter", "WaiterConfig", WAITER_SETTINGS)
    params = (*pyargs.members(service, op), config)
    base_in = source.shape(op.input) if op.input else None
    request_shape = _structure(source, f"{_PREFIX}{waiter.name}.wait", params, base_in)
    trees = PageTrees(source)
    nodes = trees.members(request_shape)
    call = PythonSyntax(source, trees.anchors).request("waiter", "wait", request_shape)
    return {
        "kind": "waiter",
        "name": waiter.name,
        "operation": op,
        "waiter": waiter,
        "getter": f"waiter = client.get_waiter('{xform(waiter.name, '_')}')",
        "request": _rename_result(call.html(), None),
        "params": nodes,
        "response": None,
        "response_syntax": None,
    }


def _rename_result(html: Markup, name: str | None) -> Markup:
    """``response = …`` becomes ``response_iterator = …``, or just the call when nothing is returned."""
    text = str(html)
    head = '<span class="n">response</span> <span class="o">=</span> '
    if not text.startswith(head):
        return html
    rest = text[len(head) :]
    return Markup(f'<span class="n">{name}</span> <span class="o">=</span> {rest}' if name else rest)
