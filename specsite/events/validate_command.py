"""``specsite validate EVENTS_FILE``: check a file of events against the project's event spec.

    events.jsonl:12:44: event #12 (type 'checkout'): 'quantities' must be an array of positive integers; ...

Kept apart from the build (``validate_events`` registers it), so the
command reads the specs and the events without loading the site pipeline.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ..engine.errors import ProjectError, UsageError, did_you_mean
from ..model import load_specs
from ..model.events import KIND, EventCatalog
from .compiledcheck import CompiledChecker
from .eventcheck import EventChecker, Summary, check_stream
from .jsonstream import BadUtf8, Utf8Reader

HELP = "check a file of events (JSON or JSON Lines) against the event spec"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "events_file", metavar="EVENTS_FILE", help="a JSON object, a JSON array, or JSON Lines ('-': stdin)"
    )
    parser.add_argument("--root", default=".", metavar="DIR", help="project folder (default: .)")
    parser.add_argument("--namespace", metavar="NAME", help="event catalog to check against (default: event)")


def run(args: argparse.Namespace) -> int:
    catalog = _catalog(Path(args.root).resolve(), args.namespace)
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


def _catalog(root: Path, namespace: str | None) -> EventCatalog:
    # The specs folder of a project (``Project.specs_dir``), found without loading the rest of it.
    specs_dir = root / "specs"
    specs, diagnostics = load_specs(specs_dir, root)
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
        raise UsageError(f"no event catalog '{namespace}' in {specs_dir}{hint} (found: {known})")
    return catalogs[namespace]
