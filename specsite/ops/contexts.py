"""The three views of an operation: what each page shows, computed from the model.

Each function returns the template context of one page kind. Templates
only lay these values out; the decisions (names, trees, syntax) are made here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from . import callexamples, cliargs, cliopts, pagers, pyargs, sdkrules
from .model import COMPOSITE, Doc, Operation, Service, Shape
from .naming import kebab, lower_camel, slug, snake, xform
from .resolve import ShapeSource
from .syntax import JsonSyntax, JsSyntax, PythonSyntax, Shorthand
from .tree import Node, PageTrees

VIEWS = ("js", "cli", "python")
VIEW_LABELS = {"js": "JavaScript", "cli": "Command line", "python": "Python"}


def is_aws(service: Service) -> bool:
    return service.origin != "yaml"


def call_name(service: Service, op: Operation, view: str) -> str:
    """The operation as each SDK spells it."""
    if not is_aws(service):
        parts = op.name.split(".")
        if view == "cli":
            return " ".join(kebab(part) for part in parts)
        return ".".join(snake(part) for part in parts) if view == "python" else op.name
    if view == "cli":
        return xform(op.name, "-")
    return xform(op.name, "_") if view == "python" else lower_camel(op.name)


def op_slug(service: Service, op: Operation, view: str) -> str:
    return slug(call_name(service, op, view).replace(" ", "-"))


def service_url(service: Service) -> str:
    return f"/reference/{slug(service.name)}/"


def op_url(service: Service, op: Operation, view: str) -> str:
    return f"{service_url(service)}{view}/{op_slug(service, op, view)}/"


@dataclass(frozen=True)
class Tab:
    view: str
    label: str
    url: str
    current: bool


def has_view(service: Service, op: Operation, view: str) -> bool:
    """Whether the SDK of a view has the call: the CLI and boto3 drop a few (see ``sdkrules``)."""
    if not is_aws(service):
        return True
    if view == "cli":
        removed = sdkrules.CLI_REMOVED_COMMANDS.get(cliargs.service_command(service), ())
        return call_name(service, op, "cli") not in removed
    if view == "python":
        return call_name(service, op, "python") not in sdkrules.BOTO3_REMOVED_METHODS.get(service.name, ())
    return True


def views_of(service: Service, op: Operation, views: Iterable[str] = VIEWS) -> tuple[str, ...]:
    return tuple(view for view in views if has_view(service, op, view))


def tabs(service: Service, op: Operation, view: str, views: Iterable[str] = VIEWS) -> tuple[Tab, ...]:
    return tuple(
        Tab(v, VIEW_LABELS[v], op_url(service, op, v), v == view) for v in views_of(service, op, views)
    )


def _errors(source: ShapeSource, op: Operation) -> tuple[tuple[str, Doc | None], ...]:
    return tuple((name, source.shape(name).doc) for name in op.errors)


# --- command line ------------------------------------------------------------------------


@dataclass(frozen=True)
class CliParam:
    """One option of a command: a member's entry, or one of the CLI's own (``option``)."""

    flags: tuple[str, ...]
    node: Node | None
    required: bool = False
    option: cliopts.CliOption | None = None
    syntax_label: str = ""
    syntax: str = ""
    json: Markup | None = None

    @property
    def flag(self) -> str:
        return " | ".join(self.flags)

    @property
    def positional(self) -> bool:
        return not self.flags[0].startswith("-")


@dataclass(frozen=True)
class OperationTrees:
    """The request and response entries of an operation's page, with the anchors they gave out.

    The command-line and Python pages walk the same shapes in the same order,
    so they get the same trees: built once for the pair. ``anchors`` is only
    read once the trees are made.
    """

    request: tuple[Node, ...]
    response: tuple[Node, ...]
    anchors: dict[str, str]
    trimmed: bool


# The trees of the operations of the service rendered last. A service's
# command-line pages come before its Python pages (they are planned in URL
# order, and one worker renders a service whole), so the cache must hold a
# service's worth; it is dropped when the next service starts.
_trees: dict[str, OperationTrees] = {}
_trees_source: list[ShapeSource] = []


def operation_trees(source: ShapeSource, op: Operation) -> OperationTrees:
    if not _trees_source or _trees_source[0] is not source:
        _trees.clear()
        _trees_source[:] = [source]
    found = _trees.get(op.name)
    if found is None:
        trees = PageTrees(source)
        request = trees.members(op.input)
        response = trees.members(op.output, response=True)
        found = _trees[op.name] = OperationTrees(request, response, trees.anchors, trees.trimmed)
    return found


def cli_context(service: Service, op: Operation, source: ShapeSource) -> dict[str, Any]:
    trees = operation_trees(source, op)
    nodes, output = trees.request, trees.response
    if is_aws(service):
        cmd = cliargs.command(service, op)
        params = _aws_params(cmd, nodes, source, trees.anchors)
        hidden = tuple(f"--{arg.name}" for arg in cmd.hidden)
    else:
        cmd, hidden = None, ()
        params = tuple(_yaml_param(node, source, trees.anchors) for node in nodes)
    return {
        "command": call_name(service, op, "cli"),
        "program": service.naming.cli_command,
        "synopsis": _synopsis(service, op, params),
        "params": params,
        "hidden_params": hidden,
        "paginator": cmd.paginator if cmd else None,
        "output": output,
        "aws_options": is_aws(service),
        "input_options": is_aws(service) and not any(p.positional for p in params),
        "call_examples": callexamples.for_view(service, op, "cli"),
        "errors": _errors(source, op),
        "trimmed": trees.trimmed,
    }


def _aws_params(
    cmd: cliargs.CliCommand, nodes: tuple[Node, ...], source: ShapeSource, anchors: dict[str, str]
) -> tuple[CliParam, ...]:
    """The documented arguments of the command, as the CLI's help lists them (not its input options)."""
    by_member = {node.name: node for node in nodes}
    params = []
    for arg in cmd.shown:
        if arg.kind == "member":
            node = by_member[arg.member]
            if node.required != arg.required:
                node = replace(node, required=arg.required)
            param = CliParam(arg.flags, node, arg.required)
            params.append(_with_syntax(param, source, anchors, arg.without))
        elif arg.kind == "nested":
            inner = next(child for child in by_member[arg.member].children if child.name == arg.nested)
            node = replace(inner, required=False)
            params.append(_with_syntax(CliParam(arg.flags, node, False), source, anchors))
        elif arg.kind == "paging":
            params.append(CliParam(arg.flags, None, False, cliopts.PAGING_OPTIONS[arg.name]))
        elif arg.kind == "outfile":
            params.append(CliParam(arg.flags, None, True, cliopts.OUTFILE))
        elif arg.kind == "file":
            option = cliopts.file_option(arg.name, xform(arg.member or "", "-"))
            params.append(CliParam(arg.flags, None, False, option))
    return tuple(params)


def _yaml_param(node: Node, source: ShapeSource, anchors: dict[str, str]) -> CliParam:
    flags = ("--" + kebab(node.name),)
    if node.shape.kind == "boolean":
        flags += ("--no-" + kebab(node.name),)
    return _with_syntax(CliParam(flags, node, node.required), source, anchors)


def _with_syntax(
    param: CliParam, source: ShapeSource, anchors: dict[str, str], without: str = ""
) -> CliParam:
    shape = param.node.shape if param.node else None
    if shape is None or shape.kind not in COMPOSITE:
        return param
    if without:
        shape = replace(shape, members=tuple(m for m in shape.members if m.name != without))
    example = Shorthand(source).example(shape)
    label, text = example if example else ("", "")
    return replace(
        param, syntax_label=label, syntax=text, json=JsonSyntax(source, anchors).block(shape).html()
    )


def _synopsis(service: Service, op: Operation, params: tuple[CliParam, ...]) -> str:
    """The command, its options one per line (optional ones in brackets), then the common ones."""
    lines = [call_name(service, op, "cli")]
    for param in params:
        if param.positional:
            text = f"<{param.flag}>"
        elif len(param.flags) > 1 or (param.option and param.option.type == "boolean"):
            text = param.flag
        else:
            text = f"{param.flag} <value>"
        lines.append(text if param.required else f"[{text}]")
    if is_aws(service):
        if not any(param.positional for param in params):
            lines += [cliopts.synopsis_of(option) for option in cliopts.INPUT_OPTIONS]
        lines += [cliopts.synopsis_of(option) for option in cliopts.GLOBAL_OPTIONS]
    return "\n".join(lines)


# --- Python ------------------------------------------------------------------------------


def python_context(service: Service, op: Operation, source: ShapeSource) -> dict[str, Any]:
    trees = operation_trees(source, op)
    params = pyargs.nodes(service, op, trees.request)
    response = trees.response if op.output else None
    method = call_name(service, op, "python")
    client = service.naming.python_client
    kwargs = pyargs.members(service, op) if is_aws(service) else None
    request = PythonSyntax(source, trees.anchors).request(client, method, op.input, kwargs)
    response_syntax = None
    if op.output is not None:
        response_syntax = PythonSyntax(source, trees.anchors, response=True).structure(op.output).html()
    return {
        "method": method,
        "class_name": service.naming.python_class,
        "request": request.html(),
        "params": params,
        "response": response,
        "response_syntax": response_syntax,
        "call_examples": callexamples.for_view(service, op, "python"),
        "paginator_url": pagers.paginator_url(service_url(service), op)
        if op.name in service.paginators
        else "",
        "waiters": tuple(
            (waiter.name, pagers.waiter_url(service_url(service), waiter))
            for waiter in service.waiters
            if waiter.operation == op.name
        ),
        "errors": _errors(source, op),
        "trimmed": trees.trimmed,
    }


# --- JavaScript --------------------------------------------------------------------------


@dataclass(frozen=True)
class JsParam:
    name: str
    node: Node
    explorer: str | None = None  # the event catalog to show, when the parameter takes its events
    props: tuple[str, str] | None = None  # the property group, when it is one


def js_context(service: Service, op: Operation, source: ShapeSource) -> dict[str, Any]:
    trees = PageTrees(source)
    nodes = trees.members(op.input)
    output = trees.members(op.output)
    method = call_name(service, op, "js")
    positional = not is_aws(service)
    return {
        "method": method,
        "positional": positional,
        "syntax": _js_syntax(service, op, method, nodes, positional),
        "params": tuple(_js_param(node, source) for node in nodes),
        "output": output,
        "has_output": op.output is not None,
        "example": _js_example(service, op, method, source, trees.anchors, positional),
        "examples": op.examples,
        "call_examples": callexamples.for_view(service, op, "js"),
        "errors": _errors(source, op),
        "command": f"{op.name}Command",
        "trimmed": trees.trimmed,
    }


def _js_syntax(
    service: Service, op: Operation, method: str, nodes: tuple[Node, ...], positional: bool
) -> tuple[str, ...]:
    if not positional:
        return (
            f"await client.send(new {op.name}Command(input))",
            f"await client.{method}(input)",
        )
    call = f"{service.naming.js_call}.{method}"
    required = [node.name for node in nodes if node.required]
    lines = [f"{call}({', '.join(required)})"]
    names = list(required)
    for node in nodes:
        if not node.required:
            names.append(node.name)
            lines.append(f"{call}({', '.join(names)})")
    return tuple(lines)


def _js_param(node: Node, source: ShapeSource) -> JsParam:
    shape = node.shape
    item = source.shape(shape.item.shape) if shape.kind == "list" and shape.item else shape
    return JsParam(node.name, node, item.catalog, shape.props)


def _js_example(
    service: Service,
    op: Operation,
    method: str,
    source: ShapeSource,
    anchors: dict[str, str],
    positional: bool,
) -> Markup:
    """A call with every parameter, each value a placeholder of its type (or its default)."""
    js = JsSyntax(source, anchors)
    shape: Shape | None = source.shape(op.input) if op.input else None
    if positional:
        _positional_call(js, f"{service.naming.js_call}.{method}", shape)
    else:
        _command_call(js, service, op, shape)
    return js.code.html()


def _positional_call(js: JsSyntax, call: str, shape: Shape | None) -> None:
    code = js.code.add("k", "await").text(" ").add("nx", call).add("p", "(").indent()
    for member in shape.members if shape else ():
        code.newline()
        js.value(js.source.shape(member.shape), member.default)
        code.add("p", ",")
    code.dedent().newline().add("p", ");")


def _command_call(js: JsSyntax, service: Service, op: Operation, shape: Shape | None) -> None:
    """The AWS SDK for JavaScript's style: import the client, build the input, call."""
    code, client = js.code, service.naming.js_client
    code.add("k", "import").text(" { ").add("nx", client).text(", ").add("nx", f"{op.name}Command")
    code.text(" } ").add("k", "from").text(" ").add("s2", f'"{service.naming.js_package}"').add(
        "p", ";"
    ).newline()
    code.add("k", "const").text(" ").add("nx", "client").text(" = ").add("k", "new").text(" ")
    code.add("nx", client).add("p", "({ ").add("nx", "region").add("p", ": ").add("s2", '"us-east-1"')
    code.add("p", " });").newline()
    code.add("k", "const").text(" ").add("nx", "input").text(" = ").add("p", "{")
    if shape is not None:
        code.comment(shape.name, marker="//")
    code.indent()
    for member in shape.members if shape else ():
        code.newline()
        js.member(member)
    code.dedent().newline().add("p", "};").newline()
    code.add("k", "const").text(" ").add("nx", "response").text(" = ").add("k", "await").text(" ")
    code.add("nx", "client.send").add("p", "(").add("k", "new").text(" ").add("nx", f"{op.name}Command")
    code.add("p", "(").add("nx", "input").add("p", "));")
