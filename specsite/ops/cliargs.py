"""The arguments of one AWS CLI (v1) command, worked out from the model and the CLI's rules.

The CLI builds a command's argument table from the input structure's members
(``xform_name(member, '-')``; a boolean gives a ``--x`` / ``--no-x`` pair;
idempotency tokens are never required) and then lets customizations change
it. The ones that apply to every service are reproduced here:

- paging (awscli/customizations/paginate.py): the raw token and limit
  arguments are hidden and ``--starting-token``, ``--page-size`` (when the
  paginator has a limit key) and ``--max-items`` are added;
- a streaming output body (customizations/streamingoutputarg.py) becomes a
  required positional ``outfile``; such commands take no
  ``--cli-input-json`` or ``--generate-cli-skeleton`` (cliinputjson.py,
  generatecliskeleton.py);
- renames, hidden aliases, removed commands and the rest come from the
  tables in ``sdkrules``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import sdkrules
from .model import Member, Operation, Paginator, Service, Shape
from .naming import xform


@dataclass(frozen=True, slots=True)
class CliArg:
    """One option (or positional argument) of a command.

    ``kind`` is ``member`` (sets ``member``), ``file`` (a blob inside
    ``member``, read from a file), ``nested`` (a member of ``member``),
    ``paging``, ``outfile``,
    ``input-json`` or ``skeleton``. A boolean member is one argument with
    its ``negative`` spelling beside it, as the CLI's help shows them.
    """

    name: str
    kind: str
    member: str | None = None
    required: bool = False
    hidden: bool = False
    negative: str = ""
    without: str = ""  # a member of the structure taken out into an argument of its own
    nested: str = ""  # for ``kind == "nested"``: the member of ``member`` this argument sets

    @property
    def flags(self) -> tuple[str, ...]:
        """As typed: ``("--fetch-owner", "--no-fetch-owner")``, or ``("outfile",)``."""
        if self.kind == "outfile":
            return (self.name,)
        return (f"--{self.name}", f"--{self.negative}") if self.negative else (f"--{self.name}",)


@dataclass(frozen=True, slots=True)
class CliCommand:
    program: str  # ``aws s3api``
    name: str  # ``get-object``
    args: tuple[CliArg, ...]
    paginator: Paginator | None = None
    removed: bool = False

    @property
    def shown(self) -> tuple[CliArg, ...]:
        return tuple(arg for arg in self.args if not arg.hidden)

    @property
    def hidden(self) -> tuple[CliArg, ...]:
        return tuple(arg for arg in self.args if arg.hidden)


def service_command(service: Service) -> str:
    """``s3`` → ``s3api``: the name after ``aws``."""
    return sdkrules.CLI_SERVICE_NAMES.get(service.name, service.name)


def command(service: Service, op: Operation) -> CliCommand:
    program = service_command(service)
    name = xform(op.name, "-")
    removed = name in sdkrules.CLI_REMOVED_COMMANDS.get(program, ())
    paginator = service.paginators.get(op.name)
    args = _member_args(service, op, program, name)
    if _writes_outfile(service, op, program, name):
        args.append(CliArg("outfile", "outfile", required=True))
    if paginator is not None:
        args = _paged(args, paginator, service, op)
    if not any(arg.kind == "outfile" for arg in args):
        args.append(CliArg("cli-input-json", "input-json"))
        args.append(CliArg("generate-cli-skeleton", "skeleton"))
    return CliCommand(f"aws {program}", name, tuple(args), paginator, removed)


def _member_args(service: Service, op: Operation, program: str, command_name: str) -> list[CliArg]:
    if op.input is None:
        return []
    args: list[CliArg] = []
    for member in service.shape(op.input).members:
        name = _renamed(program, command_name, xform(member.name, "-"))
        required = member.required and not member.idempotency_token
        negative = ""
        if _is_flag(service, program, member):
            negative = _renamed(program, command_name, f"no-{xform(member.name, '-')}")
        hidden = f"{program}.{command_name}.{name}" in sdkrules.CLI_UNDOCUMENTED_ARGS
        alias = sdkrules.matches(sdkrules.CLI_HIDDEN_ALIASES, program, command_name, name)
        hoisted = sdkrules.matches(sdkrules.CLI_HOISTED_BLOBS, program, command_name, name)
        extracted = sdkrules.matches(sdkrules.CLI_EXTRACTED_MEMBERS, program, command_name, name)
        # Either spelling may be given, so neither is required (awscli's make_hidden_alias).
        required = required and not alias and not hoisted
        without = hoisted[1] if hoisted else extracted[1] if extracted else ""
        args.append(CliArg(name, "member", member.name, required, hidden, negative, without))
        if alias:
            args.append(CliArg(alias, "member", member.name, False, True))
        if hoisted:
            args.append(CliArg(hoisted[0], "file", member.name))
        if extracted:
            args.append(CliArg(extracted[0], "nested", member.name, nested=extracted[1]))
    return args


def _renamed(program: str, command_name: str, name: str) -> str:
    return sdkrules.matches(sdkrules.CLI_ARGUMENT_RENAMES, program, command_name, name) or name


def _is_flag(service: Service, program: str, member: Member) -> bool:
    shape = service.shape(member.shape)
    if shape.kind == "boolean":
        return True
    return program in sdkrules.CLI_PULLED_UP_BOOLEANS and _single_boolean(service, shape)


def _single_boolean(service: Service, shape: Shape) -> bool:
    """A structure of one boolean ``Value``, which awscli's toplevelbool turns into a flag pair."""
    if shape.kind != "structure" or len(shape.members) != 1:
        return False
    only = shape.members[0]
    return only.name == "Value" and service.shape(only.shape).kind == "boolean"


def _writes_outfile(service: Service, op: Operation, program: str, command_name: str) -> bool:
    if (program, command_name) in sdkrules.CLI_EVENT_STREAM_OUTFILE:
        return True
    return streaming_output(service, op) is not None


def streaming_output(service: Service, op: Operation) -> Member | None:
    """The output's body when it is a stream of bytes (botocore's ``has_streaming_output``)."""
    return _payload(service, op.output, op.output_payload, "blob")


def event_stream(service: Service, shape_name: str | None, payload: str | None) -> Member | None:
    """The member of an input or output that is an event stream."""
    member = _payload(service, shape_name, payload, "structure")
    return member if member is not None and service.shape(member.shape).eventstream else None


def _payload(service: Service, shape_name: str | None, payload: str | None, kind: str) -> Member | None:
    if shape_name is None or payload is None:
        return None
    for member in service.shape(shape_name).members:
        if member.name == payload:
            return member if service.shape(member.shape).kind == kind else None
    return None


def _paged(args: list[CliArg], paginator: Paginator, service: Service, op: Operation) -> list[CliArg]:
    """Hide the raw tokens and add the CLI's own paging arguments, which shadow same-named members."""
    raw = {xform(token, "-") for token in paginator.input_tokens}
    if paginator.limit_key:
        raw.add(xform(paginator.limit_key, "-"))
    added = ["starting-token"]
    if paginator.limit_key:
        added.append("page-size")
    added.append("max-items")
    kept = [replace(arg, hidden=True) if arg.name in raw else arg for arg in args if arg.name not in added]
    return kept + [CliArg(name, "paging") for name in added]
