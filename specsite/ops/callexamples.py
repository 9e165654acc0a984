"""Worked examples (botocore's ``examples-1.json``) written in each view's own syntax.

An example is a call with its parameters and the response, in the model's
names. Each view writes it the way its SDK is used: a command with its
options (JSON for structured values, as the CLI reads them), a boto3 call
with keyword arguments, and an AWS SDK for JavaScript command. Values are
the example's own; only the names change (CLI argument names and renames
from ``cliargs``, boto3's parameter aliases from ``pyargs``).
"""

from __future__ import annotations

import json
import keyword
import re
from dataclasses import dataclass
from typing import Any

from . import cliargs, pyargs
from .model import CallExample, Operation, Service
from .naming import xform

_SHELL_SAFE = re.compile(r"^[A-Za-z0-9_./:@%+=,-]+$")
_PY_INDENT = "    "


@dataclass(frozen=True)
class WrittenExample:
    title: str
    description: str
    language: str  # "shell", "python" or "javascript"
    code: str
    output_language: str = ""
    output: str = ""


def for_view(service: Service, op: Operation, view: str) -> tuple[WrittenExample, ...]:
    writer = {"cli": _cli, "python": _python, "js": _js}[view]
    return tuple(writer(service, op, example) for example in service.call_examples.get(op.name, ()))


def _params(example: CallExample) -> dict[str, Any]:
    return example.input if isinstance(example.input, dict) else {}


def _has_output(example: CallExample) -> bool:
    return isinstance(example.output, dict) and bool(example.output)


# --- command line ------------------------------------------------------------------------


def _cli(service: Service, op: Operation, example: CallExample) -> WrittenExample:
    command = cliargs.command(service, op)
    by_member = {arg.member: arg for arg in command.args if arg.kind == "member" and arg.member}
    lines = [f"{command.program} {command.name}"]
    for name, value in _params(example).items():
        arg = by_member.get(name)
        if arg is None:
            continue  # not an argument of the command (the model's example names a member it lacks)
        if arg.negative and isinstance(value, bool):
            lines.append(f"--{arg.name}" if value else f"--{arg.negative}")
        else:
            lines.append(f"--{arg.name} {_shell_value(value)}")
    if any(arg.kind == "outfile" for arg in command.args):
        lines.append("outfile")
    code = " \\\n    ".join(lines)
    output = json.dumps(example.output, indent=4, ensure_ascii=False) if _has_output(example) else ""
    return WrittenExample(example.title, example.description, "shell", code, "json", output)


def _shell_value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        text = "true" if value else "false"
    if _SHELL_SAFE.match(text):
        return text
    return "'" + text.replace("'", "'\\''") + "'"


# --- Python ------------------------------------------------------------------------------


def _python(service: Service, op: Operation, example: CallExample) -> WrittenExample:
    lines = [f"response = {service.naming.python_client}.{xform(op.name, '_')}("]
    for name, value in _params(example).items():
        key = pyargs.python_name(service, op, name)
        if key is None:
            continue
        if key.isidentifier() and not keyword.iskeyword(key):
            lines.append(f"{_PY_INDENT}{key}={py_literal(value, 1)},")
        else:
            lines.append(f"{_PY_INDENT}**{{{py_literal(key, 1)}: {py_literal(value, 1)}}},")
    code = "\n".join(lines) + "\n)" if len(lines) > 1 else lines[0] + ")"
    code += "\n\nprint(response)"
    output = py_literal(example.output, 0) if _has_output(example) else ""
    return WrittenExample(example.title, example.description, "python", code, "python", output)


def py_literal(value: Any, depth: int) -> str:
    """A JSON value as Python source, indented like boto3's examples."""
    pad, inner = _PY_INDENT * depth, _PY_INDENT * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{inner}{py_literal(str(k), depth + 1)}: {py_literal(v, depth + 1)}," for k, v in value.items()
        ]
        return "{\n" + "\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [f"{inner}{py_literal(v, depth + 1)}," for v in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float):
        return repr(value)
    return repr(str(value))


# --- JavaScript --------------------------------------------------------------------------


def _js(service: Service, op: Operation, example: CallExample) -> WrittenExample:
    params = json.dumps(_params(example), indent=2, ensure_ascii=False)
    code = "\n".join(
        (
            f"const input = {params};",
            f"const command = new {op.name}Command(input);",
            "const response = await client.send(command);",
        )
    )
    output = json.dumps(example.output, indent=2, ensure_ascii=False) if _has_output(example) else ""
    return WrittenExample(example.title, example.description, "javascript", code, "javascript", output)
