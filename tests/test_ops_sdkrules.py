"""specsite's tables of AWS CLI and boto3 rules (ops/sdkrules.py) equal the rules in the installed tools.

The tables are data copied from awscli's and botocore's source so that the
pages never import awscli; these tests read the same rules from the tools
themselves, so a new release that changes them fails here.
"""

from __future__ import annotations

import functools

import pytest

from specsite.ops import sdkrules

argrename = pytest.importorskip("awscli.customizations.argrename", reason="awscli is not installed")
handlers = pytest.importorskip("botocore.handlers", reason="botocore is not installed")


class Recorder:
    """Stands in for the CLI's event system: keeps what each customization registers."""

    def __init__(self) -> None:
        self.registered: list[tuple[str, object]] = []

    def register(self, event: str, handler: object, *args: object, **kwargs: object) -> None:
        self.registered.append((event, handler))

    register_last = register_first = register


def test_argument_renames_and_hidden_aliases_are_awscli_s() -> None:
    assert sdkrules.CLI_ARGUMENT_RENAMES == argrename.ARGUMENT_RENAMES
    assert sdkrules.CLI_HIDDEN_ALIASES == argrename.HIDDEN_ALIASES


def test_removed_commands_are_awscli_s() -> None:
    from awscli.customizations.removals import register_removals

    events = Recorder()
    register_removals(events)
    removed = {
        event.removeprefix("building-command-table."): tuple(handler.keywords["commands_to_remove"])
        for event, handler in events.registered
    }
    assert removed == sdkrules.CLI_REMOVED_COMMANDS


def test_service_command_names_are_the_cli_s() -> None:
    from awscli.clidriver import ServiceCommand, create_clidriver

    renamed = {
        command._service_name: name
        for name, command in create_clidriver()._get_command_table().items()
        if isinstance(command, ServiceCommand)
        and command._service_name != name
        and not getattr(command, "_UNDOCUMENTED", False)
    }
    assert renamed == sdkrules.CLI_SERVICE_NAMES


@functools.cache
def _model(service: str) -> dict:
    from botocore.loaders import create_loader

    return create_loader().load_service_model(service, "service-2")


def _service_id(service: str) -> str:
    """The hyphenated service id that client events name (``lex-runtime-v2`` for lexv2-runtime)."""
    return _model(service)["metadata"]["serviceId"].replace(" ", "-").lower()


def test_methods_boto3_removes_are_botocore_s() -> None:
    from botocore import xform_name

    by_id = {_service_id(service): service for service in sdkrules.BOTO3_REMOVED_METHODS}
    removed: dict[str, tuple[str, ...]] = {}
    for event, handler, *_ in handlers.BUILTIN_HANDLERS:
        if event.startswith("creating-client-class.") and handler.__name__.startswith("remove_"):
            service_id = event.removeprefix("creating-client-class.")
            assert service_id in by_id, f"botocore removes methods of {service_id}, missing from sdkrules"
            service = by_id[service_id]
            methods = [xform_name(op) for op in _model(service)["operations"]]
            attributes = dict.fromkeys(methods)
            handler(class_attributes=attributes)
            removed[service] = tuple(sorted(set(methods) - set(attributes)))
    assert removed == sdkrules.BOTO3_REMOVED_METHODS


def _owned(kind: str) -> list[tuple[str, object]]:
    return [
        (event, handler.__self__)
        for event, handler, *_ in handlers.BUILTIN_HANDLERS
        if type(getattr(handler, "__self__", None)).__name__ == kind
    ]


def test_parameter_rules_are_botocore_s() -> None:
    aliases = {}
    for event, alias in _owned("ParameterAlias"):
        if event.startswith("docs."):
            _, _, service, operation = event.split(".")[:4]
            aliases[f"{service}.{operation}.{alias._original_name}"] = alias._alias_name
    assert aliases == sdkrules.BOTO3_PARAMETER_ALIASES
    auto = {(*tuple(event.split(".")[2:4]), param.name) for event, param in _owned("AutoPopulatedParam")}
    assert auto == sdkrules.BOTO3_AUTO_POPULATED
    hidden = {}
    for _, hider in _owned("HideParamFromOperations"):
        operations = {event.split(".")[3] for event in hider._params_events}
        service = next(iter(hider._params_events)).split(".")[2]
        hidden[(service, hider._parameter_name)] = frozenset(operations)
    assert hidden == sdkrules.BOTO3_HIDDEN_PARAMETERS
