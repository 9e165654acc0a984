"""The parameters of a boto3 client method: the input members as botocore documents them.

botocore's documentation handlers (listed in ``sdkrules``) rename a few
parameters, hide some that S3 computes itself, and drop the required mark
from parameters botocore fills in; boto3's reference shows the result, and
so do these pages.
"""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup

from . import sdkrules
from .model import Member, Operation, Service
from .tree import Node

AUTO_NOTE = Markup("filled in by botocore when left out, so never required")
BASE64_NOTE = Markup("boto3 base64-encodes the value for you: pass it as it is")


def _rule(service: Service, op: Operation, name: str) -> tuple[bool, str, bool, bool]:
    """``(hidden, name, auto_populated, base64)`` of one input member."""
    hidden = op.name in sdkrules.BOTO3_HIDDEN_PARAMETERS.get((service.name, name), frozenset())
    alias = sdkrules.matches(sdkrules.BOTO3_PARAMETER_ALIASES, service.name, op.name, name) or name
    auto = {(service.name, op.name, name), (service.name, "*", name)} & sdkrules.BOTO3_AUTO_POPULATED
    base64 = (service.name, op.name, name) in sdkrules.BOTO3_BASE64_ENCODED
    return hidden, alias, bool(auto), base64


def python_name(service: Service, op: Operation, name: str) -> str | None:
    """boto3's name for an input member, or ``None`` when boto3 hides it."""
    hidden, alias, _, _ = _rule(service, op, name)
    return None if hidden else alias


def members(service: Service, op: Operation) -> tuple[Member, ...]:
    """The method's keyword arguments, for its request syntax."""
    if op.input is None:
        return ()
    found = []
    for member in service.shape(op.input).members:
        hidden, name, auto, _ = _rule(service, op, member.name)
        if hidden:
            continue
        required = member.required and not auto
        # Most members keep their name and mark; copying them all was a visible share of a page.
        same = name == member.name and required == member.required
        found.append(member if same else replace(member, name=name, required=required))
    return tuple(found)


def nodes(service: Service, op: Operation, entries: tuple[Node, ...]) -> tuple[Node, ...]:
    """The top-level entries of the input, renamed, hidden and annotated the same way."""
    if service.origin == "yaml":
        return entries
    found = []
    for node in entries:
        hidden, name, auto, base64 = _rule(service, op, node.name)
        if hidden:
            continue
        required = node.required and not auto
        if name == node.name and required == node.required and not (auto or base64):
            found.append(node)
            continue
        notes = (AUTO_NOTE,) * auto + (BASE64_NOTE,) * base64
        found.append(replace(node, name=name, required=required, facts=node.facts + notes))
    return tuple(found)
