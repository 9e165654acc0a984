"""``specsite validate EVENTS_FILE``, and the build-time check of event examples in pages.

Both run the same checker (``eventcheck``) against the project's event spec:

    events.jsonl:12: event #12 (type 'checkout'): 'quantities' must be an array of positive integers; ...
    site_src/guide.md:40: error: event example: event #1 (type 'checkout'): 'revenue' is required
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..engine import builder, commands
from ..engine.builder import Finished
from ..engine.errors import Diagnostic, ProjectError, UsageError, did_you_mean
from ..engine.project import Project
from ..model import load_specs
from ..model.events import KIND, EventCatalog
from .compiledcheck import CompiledChecker
from .event_examples import ExampleBlock, find_examples
from .eventcheck import EventChecker, Summary, check_stream
from .jsonstream import BadUtf8, Utf8Reader

# --- event examples in pages, at build time -----------------------------------


def check_page_examples(finished: Finished) -> list[Diagnostic]:
    """Check every ```` ```json event ```` block of every Markdown page against its catalog."""
    found: list[Diagnostic] = []
    for page in finished.inputs.pages:
        if page.kind == "md":
            for block in find_examples(page.body, page.body_line):
                found.extend(_check_block(page.source, block, finished.inputs.specs))
    return found


def _check_block(source: str, block: ExampleBlock, specs: Any) -> list[Diagnostic]:
    def at(line: int, message: str, severity: str = "error", col: int = 0) -> Diagnostic:
        return Diagnostic(source, line, col, f"event example: {message}", severity)

    if "{{" in block.text or "{%" in block.text:
        return [at(block.line, "contains template code, so it is not checked", "warning")]
    catalog = specs.get(block.namespace)
    if getattr(catalog, "kind", None) != KIND:
        hint = did_you_mean(block.namespace, [c.namespace for c in specs.of_kind(KIND)])
        return [at(block.line, f"no event catalog '{block.namespace}'{hint}")]
    offset = block.first_line - 1
    problems = [item for item in check_stream(io.StringIO(block.text), CompiledChecker(catalog))]
    summary = problems.pop()
    if not summary.events and not problems:
        return [at(block.line, "the block is empty; write one event or an array of events")]
    return [at(offset + p.line, p.message, col=p.col) for p in problems]


builder.FINISHERS.append(check_page_examples)


# --- the command ------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "events_file", metavar="EVENTS_FILE", help="a JSON object, a JSON array, or JSON Lines ('-': stdin)"
    )
    parser.add_argument("--root", default=".", metavar="DIR", help="project folder (default: .)")
    parser.add_argument("--namespace", metavar="NAME", help="event catalog to check against (default: event)")


def run(args: argparse.Namespace) -> int:
    catalog = _catalog(Project.at(args.root), args.namespace)
    shown = STDIN_NAME if args.events_file == "-" else args.events_file
    try:
        with _open(args.events_file) as stream:
            summary = _print_problems(stream, shown, CompiledChecker(catalog))
    except OSError as exc:
        raise UsageError(f"cannot read {shown}: {exc.strerror}") from None
    except BadUtf8 as exc:
        print(f"{shown}:{exc.line}:{exc.col}: {exc}")
        return 1
    if not args.quiet:
        print(_summary_line(shown, summary), file=sys.stderr)
    return 1 if summary.invalid else 0


STDIN_NAME = "<stdin>"


@contextlib.contextmanager
def _open(name: str) -> Iterator[Utf8Reader]:
    """The events file as text (``-`` is standard input), decoded as UTF-8 as it is read."""
    if name == "-":
        yield Utf8Reader(sys.stdin.buffer)
        return
    with Path(name).open("rb") as raw:
        yield Utf8Reader(raw)


def _print_problems(stream: TextIO, shown: str, checker: EventChecker) -> Summary:
    summary = Summary(0, 0, 0)
    for item in check_stream(stream, checker):
        if isinstance(item, Summary):
            summary = item
        else:
            print(item.format(shown))
    return summary


def _summary_line(path: str, summary: Summary) -> str:
    events = f"{summary.events} event{'s' if summary.events != 1 else ''}"
    if not summary.invalid:
        return f"{path}: {events}, all valid"
    return f"{path}: {events}, {summary.invalid} with problems ({summary.problems} in all)"


def _catalog(project: Project, namespace: str | None) -> EventCatalog:
    specs, diagnostics = load_specs(project.specs_dir, project.root)
    if any(d.is_error for d in diagnostics):
        raise ProjectError(diagnostics)
    catalogs = {catalog.namespace: catalog for catalog in specs.of_kind(KIND)}
    if namespace is None:
        namespace = "event" if "event" in catalogs or not catalogs else sorted(catalogs)[0]
        if len(catalogs) > 1 and "event" not in catalogs:
            raise UsageError(
                f"several event catalogs ({', '.join(sorted(catalogs))}); pick one with --namespace"
            )
    if namespace not in catalogs:
        known = ", ".join(sorted(catalogs)) or "none"
        hint = did_you_mean(namespace, catalogs)
        raise UsageError(f"no event catalog '{namespace}' in {project.specs_dir}{hint} (found: {known})")
    return catalogs[namespace]


commands.COMMANDS.append(
    commands.Command(
        "validate", "check a file of events (JSON or JSON Lines) against the event spec", add_arguments, run
    )
)
