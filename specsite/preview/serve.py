"""``specsite serve``: build, serve the site, rebuild on every change, reload the browser.

Three parts run together: a ``Session`` rebuilds what a change touches
(``session.py``), a ``Watcher`` notices changes to the sources (``watch.py``)
and the web server serves the site and the reload socket (``devserver.py``,
imported only here so that ``specsite build`` does not load tornado).

The web server runs an event loop on one thread; the watcher and the builds
run on another, so pages keep loading during a build. The reload is sent
after a build's files are on disk, once per build that changed what the
browser shows (new files, an error page, or the way back from one). A user's
mistake never stops the server: a failed build shows its errors in the
browser and the terminal, and the next good build replaces them.
"""

from __future__ import annotations

import argparse
import errno
import socket
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..engine import commands
from ..engine.builder import BuildOptions
from ..engine.config import load_config
from ..engine.errors import Diagnostic, UsageError
from .session import Outcome, Session
from .watch import WATCHED, Changes, Watcher

if TYPE_CHECKING:
    # Only `serve` runs an event loop: asyncio is imported there, not by every command.
    import asyncio

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
WAKE_EVERY = 0.2  # how often the watcher thread checks whether it should stop


def watch_targets(root: Path) -> tuple[str, ...]:
    """The sources to watch: the usual ones and the top folder (or file) of each hook file in site.yml."""
    config, _ = load_config(root)
    hooks = (rel.strip("/").split("/")[0] for rel, _ in config.hooks)
    # Modules a hook imports usually sit beside it, at the root.
    modules = sorted(path.name for path in root.glob("*.py"))
    names = (*WATCHED, *modules, *(name for name in hooks if name not in ("", ".", "..")))
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class ServeOptions:
    build: BuildOptions
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    quiet: bool = False


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets, or a ``UsageError`` that says what to do instead."""
    from tornado.netutil import bind_sockets

    if not 0 <= port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, not {port}")
    try:
        return bind_sockets(port, host)
    except socket.gaierror as exc:
        raise UsageError(f"cannot listen on --host {host}: {exc.strerror}") from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} on {host} is already in use; stop the other server, or choose another"
                " port with --port (--port 0 picks a free one)"
            ) from None
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def site_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


class Preview:
    """One preview server: session, watcher and web server, started and stopped together."""

    def __init__(self, options: ServeOptions, out: TextIO | None = None, err: TextIO | None = None):
        from . import devserver

        self.options = options
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.session = Session(options.build)
        if not self.session.project.root.is_dir():
            raise UsageError(f"--root {options.build.root}: no such folder")
        self.sockets = bind(options.host, options.port)
        self.port = self.sockets[0].getsockname()[1]
        self.state = devserver.SiteState(self.session.project.out)
        self.hub = devserver.ReloadHub()
        self.access = devserver.Access.for_address(options.host)
        self.app = devserver.make_app(self.state, self.hub, self.access)
        self.watcher: Watcher | None = None
        self.reloads = 0  # reloads sent: one per build that changed what the browser shows
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return site_url(self.options.host, self.port)

    def watched(self) -> str:
        """``specs/, templates/, site_src/, site.yml`` (as the start line shows them)."""
        config = self.session.project.config_path
        data = ["data/"] if self.session.project.data_dir.is_dir() else []
        names = ["specs/", "templates/", "site_src/", *data, *([config.name] if config else [])]
        polling = "" if self.watcher is None or self.watcher.kind == "inotify" else f" ({self.watcher.kind})"
        return ", ".join(names) + polling

    # --- building ---------------------------------------------------------------------

    def build_first(self) -> Outcome:
        """Start watching, then build everything (changes made during the build are not lost)."""
        self.watcher = Watcher(self.session.project.root, watch_targets(self.session.project.root))
        return self._run_build(None)

    def rebuild(self, changes: Changes) -> Outcome:
        return self._run_build(changes)

    def _run_build(self, changes: Changes | None) -> Outcome:
        start = time.perf_counter()
        had_errors = bool(self.state.errors)
        try:
            outcome = self.session.build(changes.paths if changes else ())
        except Exception:
            outcome = _internal_error(time.perf_counter() - start, self.options.build.debug)
        self.state.errors = outcome.diagnostics if not outcome.ok else ()
        if self.session.built is not None:
            config = self.session.built.inputs.config
            self.state.base_path = config.base_path if config.base_url else "/"
        self._report(outcome, changes)
        if changes is not None and (outcome.changed or not outcome.ok or had_errors):
            self.reload_pages()
        return outcome

    def _report(self, outcome: Outcome, changes: Changes | None) -> None:
        for diagnostic in outcome.diagnostics:
            print(diagnostic.format(), file=self.err, flush=True)
        if self.options.quiet and outcome.ok:
            return
        what = changes.describe() + " changed: " if changes else ""
        hint = "; the browser shows the errors until they are fixed" if not outcome.ok else ""
        print(f"{time.strftime('%H:%M:%S')} {what}{outcome.summary()}{hint}", file=self.out, flush=True)

    # --- serving ---------------------------------------------------------------------

    def serve_forever(self) -> None:
        """Run the web server in this thread until ``stop()`` (or Ctrl-C in the main thread)."""
        import asyncio

        asyncio.run(self._serve())

    async def _serve(self) -> None:
        import asyncio

        from tornado.httpserver import HTTPServer

        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = HTTPServer(self.app)
        server.add_sockets(self.sockets)
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            server.stop()
            self.hub.close()
            await server.close_all_connections()

    def reload_pages(self) -> None:
        """Tell every open page to reload (from any thread): the reload runs on the event loop."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._reload)

    def _reload(self) -> None:
        self.hub.reload()
        self.reloads += 1

    def start_watching(self) -> None:
        thread = threading.Thread(target=self._watch, name="specsite-watch", daemon=True)
        thread.start()
        self._threads.append(thread)

    def _watch(self) -> None:
        assert self.watcher is not None
        while not self._stopping.is_set():
            try:
                changes = self.watcher.wait(WAKE_EVERY)
            except OSError as exc:  # the file system moved under us: say so, keep watching
                print(f"specsite: watching failed for a moment: {exc}", file=self.err, flush=True)
                self._stopping.wait(1)
                continue
            if changes and not self._stopping.is_set():
                self.rebuild(changes)

    def start_in_background(self) -> None:
        """Serve from a thread of its own (tests and benchmarks); returns once it accepts requests."""
        thread = threading.Thread(target=self.serve_forever, name="specsite-serve", daemon=True)
        thread.start()
        self._threads.append(thread)
        self._ready.wait(10)

    def stop(self) -> None:
        self._stopping.set()
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stop.set)
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(10)
        if self.watcher is not None:
            self.watcher.close()
        for sock in self.sockets:
            sock.close()


def _internal_error(seconds: float, debug: bool) -> Outcome:
    """A bug in specsite during a rebuild: say so, keep serving, show it in the browser."""
    if debug:
        traceback.print_exc()
    last = traceback.format_exc().strip().splitlines()[-1]
    message = f"internal error (a bug in specsite, not in your files): {last}; run with --debug for details"
    return Outcome(False, False, seconds=seconds, diagnostics=(Diagnostic("specsite", 0, 0, message),))


@contextmanager
def running(options: ServeOptions, out: TextIO | None = None, err: TextIO | None = None) -> Iterator[Preview]:
    """A preview server on background threads, for tests and benchmarks."""
    preview = Preview(options, out, err)
    try:
        preview.build_first()
        preview.start_in_background()
        preview.start_watching()
        yield preview
    finally:
        preview.stop()


# --- the command ---------------------------------------------------------------------


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    commands.add_project_options(parser)
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="address to listen on (default: 127.0.0.1, reachable from this machine only)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port (default: 8000; 0 picks a free one)"
    )
    parser.add_argument("--open", action="store_true", help="open the site in the web browser")


def run_serve(args: argparse.Namespace) -> int:
    options = ServeOptions(commands.build_options(args), args.host, args.port, args.quiet)
    preview = Preview(options)
    try:
        preview.build_first()
        print(f"Serving {preview.url} — watching {preview.watched()} (Ctrl-C to stop)", flush=True)
        if preview.access.hosts is None:
            print(f"Listening on {args.host}: other machines on your network can open this site", flush=True)
        preview.start_watching()
        if args.open:
            import webbrowser

            webbrowser.open(preview.url)
        preview.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
    print("Stopped.", flush=True)
    return 0


commands.COMMANDS.append(
    commands.Command(
        "serve",
        "build, serve on 127.0.0.1 and rebuild and reload the browser on every change",
        add_serve_arguments,
        run_serve,
    )
)
