"""The command registry and runner: ``specsite [build|serve|check|validate] [options]``.

Features add their commands to ``COMMANDS``. Exit codes: 0 success, 1 the
project has errors (printed as ``path:line:col: error: message``), 2 bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import __version__
from .errors import Diagnostic, ProjectError, UsageError

if TYPE_CHECKING:
    from .buildoptions import BuildOptions


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def add_project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", metavar="DIR", help="project folder (default: .)")
    parser.add_argument("--out", metavar="DIR", help="output folder (default: ROOT/_site)")
    parser.add_argument("--base-url", metavar="URL", help="absolute URL the site is published at")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="build an untrusted contribution: sandboxed templates, no hooks, no symlinks out of the project",
    )
    add_cache_option(parser)


def add_cache_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="neither read nor write the build cache (.specsite-cache/)",
    )


def build_options(args: argparse.Namespace) -> BuildOptions:
    # The builder (and with it Jinja, Markdown, Pygments) loads only for a command that builds:
    # ``validate`` and ``diff`` start faster without it.
    from .buildoptions import BuildOptions

    return BuildOptions(
        args.root, args.out, args.base_url, args.strict, args.debug, sandbox=args.sandbox, cache=args.cache
    )


def run_build(args: argparse.Namespace) -> int:
    from . import uptodate
    from .builder import build

    # (``specsite.cli`` has already asked ``kept_build`` whether there is anything to do.)
    options = build_options(args)
    key = uptodate.inputs_key(options)
    result = build(options)
    uptodate.remember_build(key, result)
    print_diagnostics(result.warnings)
    if not args.quiet:
        out = os.path.relpath(result.project.out)
        print(f"Built {result.pages} pages ({result.files} files) into {out}/ in {result.seconds:.2f} s")
    return 0


def _kept(args: argparse.Namespace, started: float) -> int | None:
    """0 after saying so when the last build's output is up to date; None when the site must be built."""
    from . import uptodate

    previous = uptodate.previous_build(build_options(args))
    if previous is None:
        return None
    print_diagnostics(previous.warnings)
    if not args.quiet:
        out = os.path.relpath(previous.out)
        seconds = time.perf_counter() - started
        print(
            f"Built {previous.pages} pages ({previous.files} files) into {out}/ in {seconds:.2f} s:"
            " nothing it reads changed since the last build, so the output was kept as it is"
        )
    return 0


def kept_build(argv: Sequence[str]) -> int | None:
    """Before any feature loads: the exit code of a ``build`` whose output is already up to date.

    None when ``argv`` is another command, or the site must be built, or
    anything is unusual (the full command line then handles it).
    """
    started = time.perf_counter()
    try:
        # A mistake on the command line, ``--help`` and ``--version`` are answered once, by the full
        # command line: this early look prints nothing.
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            args, unknown = make_parser().parse_known_args(_with_default_command(list(argv)))
    except SystemExit:
        return None
    if unknown or getattr(args, "run", None) is not run_build:
        return None
    try:
        return _kept(args, started)
    except Exception:  # the build itself reports whatever this ran into
        return None


COMMANDS: list[Command] = [
    Command("build", "build the site (the default command)", add_project_options, run_build),
]


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def make_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show Python tracebacks")
    common.add_argument("-q", "--quiet", action="store_true", help="print only errors and warnings")
    parser = argparse.ArgumentParser(
        prog="specsite",
        description="Build documentation sites from YAML specs, Markdown pages and Jinja templates.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"specsite {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        sub_parser = sub.add_parser(command.name, help=command.help, parents=[common])
        command.add_arguments(sub_parser)
        sub_parser.set_defaults(run=command.run)
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    """``specsite --root x`` means ``specsite build --root x``."""
    names = {command.name for command in COMMANDS}
    if any(arg in names for arg in argv):
        return argv
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return argv
    return ["build", *argv]


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Let SIGTERM (``timeout``, a cancelled CI job) unwind like Ctrl-C, so staging folders go.

    Python's default for SIGTERM ends the process without running ``finally``.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class Terminated(KeyboardInterrupt):
    """SIGTERM, unwinding like Ctrl-C (exit code 143, as the shell reports a terminated process)."""


def _raise_interrupt(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the features must be loaded (``specsite.cli.main`` does that)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser()
    args = parser.parse_args(_with_default_command(args_list))
    try:
        with _terminate_cleanly():
            return args.run(args)
    except ProjectError as exc:
        print_diagnostics(exc.diagnostics)
        errors = sum(d.is_error for d in exc.diagnostics)
        print(f"specsite: {errors} error{'s' if errors != 1 else ''}; nothing was written", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"specsite: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        return 143 if isinstance(exc, Terminated) else 130
    except OSError as exc:
        # The machine, not specsite: a full disk, a read-only folder, a missing permission.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"specsite: error: {where}{exc.strerror or exc}", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 1
    except Exception:
        if args.debug:
            raise
        print("specsite: internal error (this is a bug in specsite, not in your files):", file=sys.stderr)
        print("".join(traceback.format_exc().splitlines(True)[-1:]).rstrip(), file=sys.stderr)
        print("specsite: run again with --debug for the full traceback", file=sys.stderr)
        return 3
