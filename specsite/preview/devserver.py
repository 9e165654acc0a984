"""The preview's web server: the built site, the reload socket, and the error page.

The reload protocol is livereload's (the package): its ``livereload.js`` and
the WebSocket handshake of ``LiveReloadHandler``. Its known defects are
contained here and in ``serve.py``:

(a) ``LiveReloadHandler.poll_tasks`` drops a reload that comes within
    ``DEFAULT_RELOAD_TIME`` (3 s) of the previous one. ``ReloadHub.reload``
    writes to the sockets itself and never looks at that throttle.
(b) Its watcher polls every 800 ms without pyinotify: it is not used (``watch.py``).
(c) Its ``check_origin`` accepts any origin, so any web page could connect:
    ``ReloadSocket`` accepts only the origin of the page's own server, and
    every request must name this machine in its ``Host`` header (a DNS
    rebinding attack names another).
(d) Its watcher can reload while output files are being written: the
    reload is sent by ``serve.py`` only after a build's files are on disk.

One more gap is closed: a page that is reloading has no socket open, so a
build that finishes in that moment would leave it stale. Each page carries
the number of the build it was served from (a livereload.js plugin reports
it in the ``info`` message), and a page older than the latest build is told
to reload as soon as it connects. Numbers start from the server's start
time, so a tab left open across a restart reloads when it reconnects.
"""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
import livereload
from livereload.handlers import LiveReloadHandler
from markupsafe import Markup
from tornado import web
from tornado.websocket import WebSocketClosedError

from ..engine.errors import Diagnostic
from ..engine.templating import BUILTIN_TEMPLATES

LIVERELOAD_JS = Path(livereload.__file__).parent / "vendors" / "livereload.js"
SCRIPT_PATH = "/livereload.js"
SOCKET_PATH = "/livereload"
RELOAD = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})

# Appended to livereload.js: report the build a page was served from (see above).
BUILD_PLUGIN = b"""
;(function (script) {
  if (!script || !window.LiveReload) return;
  function SpecsiteBuild() {}
  SpecsiteBuild.identifier = "specsite";
  SpecsiteBuild.version = "1";
  SpecsiteBuild.prototype.analyze = function () {
    return { build: Number(script.getAttribute("data-build")) };
  };
  window.LiveReload.addPlugin(SpecsiteBuild);
})(document.currentScript);
"""

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".wasm": "application/wasm",
}
PAGE_SUFFIXES = frozenset({"", ".html", ".htm"})


class SiteState:
    """What the handlers serve: the output folder, and the diagnostics of a failed last build.

    The build thread replaces ``errors`` (one assignment, atomic); handlers only read it.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.errors: tuple[Diagnostic, ...] = ()
        # With a base URL, ``| url`` links carry its path (``/v1/guide/``); served here at ``/guide/`` too.
        self.base_path = "/"


@dataclass(frozen=True)
class Access:
    """The Host names the server answers to; ``None`` means any (it was bound to the network)."""

    hosts: frozenset[str] | None

    @classmethod
    def for_address(cls, host: str) -> Access:
        if host in LOOPBACK_NAMES or _is_loopback(host):
            return cls(LOOPBACK_NAMES | {host.lower()})
        return cls(None)

    def host_allowed(self, host_name: str) -> bool:
        if self.hosts is None:
            return True
        return host_name in self.hosts or host_name.endswith(".localhost")

    def origin_allowed(self, origin: str, host: str, host_name: str) -> bool:
        """Only pages of this server: the origin must be this very host and port."""
        parts = urlsplit(origin)
        same = parts.scheme == "http" and parts.netloc.lower() == host.lower()
        return same and self.host_allowed(host_name)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# --- finding the file for a URL -----------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    location: str


def locate(folder: Path, raw_path: str) -> Path | Redirect | None:
    """The file inside ``folder`` that the (percent-encoded) URL path names, if there is one.

    Dot segments, encoded or not, are refused rather than resolved, and a
    symlink that leads outside the folder is treated as missing.
    """
    try:
        path = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        return None
    parts = path.split("/")
    if "\x00" in path or "\\" in path or any(part in (".", "..") for part in parts):
        return None
    base = folder.resolve()
    target = _inside(base, base.joinpath(*[part for part in parts if part]))
    if target is None or not target.is_dir():
        return target if target is not None and target.is_file() else None
    if not raw_path.endswith("/"):
        return Redirect(raw_path + "/")
    index = _inside(base, target / "index.html")
    return index if index is not None and index.is_file() else None


def _inside(base: Path, path: Path) -> Path | None:
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real == base or base in real.parents else None


# --- what pages are served with ------------------------------------------------------------


def reload_tag(build: int) -> Markup:
    """The script every served page gets; livereload.js finds the server from its ``src``."""
    return Markup(f'<script src="{SCRIPT_PATH}" data-build="{int(build)}"></script>')


def with_reload(html: bytes, tag: str) -> bytes:
    """``html`` with the reload script before ``</body>`` (or at the end)."""
    lower = html.lower()
    index = lower.rfind(b"</body>")
    if index < 0:
        index = lower.rfind(b"</html>")
    if index < 0:
        return html + tag.encode()
    return html[:index] + tag.encode() + html[index:]


@cache
def _error_template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES)), autoescape=True)
    return env.get_template("error.html")


def error_page(diagnostics: tuple[Diagnostic, ...], build: int) -> bytes:
    """The page shown in place of every page while the build fails: the terminal's lines, escaped."""
    errors = sum(d.is_error for d in diagnostics)
    summary = f"{errors} error{'s' if errors != 1 else ''}; the last good site is on disk but not shown."
    lines = [d.format() for d in diagnostics]
    return _error_template().render(lines=lines, summary=summary, reload_script=reload_tag(build)).encode()


def content_type(path: Path) -> str:
    known = CONTENT_TYPES.get(path.suffix.lower())
    return known or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


# --- the reload socket ------------------------------------------------------------------------


class ReloadHub:
    """The open pages of one server and the number of the latest build; used on the event loop only."""

    def __init__(self) -> None:
        # Counting from the start time makes a page left open from an earlier run of the
        # server older than any build of this one: it reloads when livereload.js reconnects.
        self.build = time.time_ns() // 1_000_000

    def sockets(self) -> list[ReloadSocket]:
        # livereload keeps every connected page of every server in one class-wide set.
        return [w for w in list(LiveReloadHandler.waiters) if getattr(w, "hub", None) is self]

    def reload(self) -> int:
        """A build finished: tell every open page to reload, every time; returns how many were told."""
        self.build += 1
        return sum(socket.reload() for socket in self.sockets())

    def close(self) -> None:
        for socket in self.sockets():
            LiveReloadHandler.waiters.discard(socket)
            socket.close()


class _Guarded:
    """Answer only requests that name this machine (when bound to it)."""

    access: Access

    def prepare(self) -> None:
        if not self.access.host_allowed(self.request.host_name):  # type: ignore[attr-defined]
            raise web.HTTPError(403, "Host not allowed")


class ReloadSocket(_Guarded, LiveReloadHandler):
    """livereload's handshake, with the origin checked and a catch-up reload for late pages."""

    def initialize(self, hub: ReloadHub, access: Access) -> None:
        self.hub = hub
        self.access = access

    def check_origin(self, origin: str) -> bool:
        return self.access.origin_allowed(origin, self.request.host, self.request.host_name)

    def on_message(self, message: str | bytes) -> None:
        try:
            data = json.loads(message)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            self.close(1003, "expected a JSON object")
            return
        super().on_message(message)
        if data.get("command") == "info" and _served_build(data) < self.hub.build:
            self.reload()

    def reload(self) -> bool:
        try:
            self.write_message(RELOAD)
        except WebSocketClosedError:
            LiveReloadHandler.waiters.discard(self)
            return False
        return True


def _served_build(info: dict[str, Any]) -> int:
    plugin = (info.get("plugins") or {}).get("specsite") or {}
    build = plugin.get("build") if isinstance(plugin, dict) else None
    return build if isinstance(build, int) else 1 << 62  # unknown: never force a reload


class ScriptHandler(_Guarded, web.RequestHandler):
    def initialize(self, access: Access) -> None:
        self.access = access

    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(_livereload_js())


@cache
def _livereload_js() -> bytes:
    return LIVERELOAD_JS.read_bytes() + BUILD_PLUGIN


# --- the site ----------------------------------------------------------------------------------


class SiteHandler(_Guarded, web.RequestHandler):
    def initialize(self, state: SiteState, hub: ReloadHub, access: Access) -> None:
        self.state = state
        self.hub = hub
        self.access = access

    def get(self) -> None:
        self._respond()

    def head(self) -> None:
        self._respond()

    def _respond(self) -> None:
        self.set_header("Cache-Control", "no-store")
        raw = self.request.path
        base = self.state.base_path
        if base != "/" and raw.startswith(base):
            raw = "/" + raw[len(base) :]
        found = locate(self.state.folder, raw)
        if isinstance(found, Redirect):
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(found.location + query)
            return
        errors = self.state.errors
        if errors and _is_page(found, raw):
            self._send(500, "text/html; charset=utf-8", error_page(errors, self.hub.build))
        elif found is None:
            self._not_found()
        else:
            self._send_file(200, found)

    def _send_file(self, status: int, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError:  # replaced or deleted by a rebuild since it was found
            self._send(404, "text/plain; charset=utf-8", b"Not found\n")
            return
        kind = content_type(path)
        if kind.startswith("text/html"):
            data = with_reload(data, reload_tag(self.hub.build))
        self._send(status, kind, data)

    def _not_found(self) -> None:
        page = _inside(self.state.folder.resolve(), self.state.folder / "404.html")
        if page is not None and page.is_file():
            self._send_file(404, page)
        else:
            self._send(404, "text/plain; charset=utf-8", b"Not found\n")

    def _send(self, status: int, kind: str, data: bytes) -> None:
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.set_header("X-Content-Type-Options", "nosniff")
        if self.request.method == "HEAD":
            self.set_header("Content-Length", str(len(data)))
            self.finish()
        else:
            self.finish(data)


def _is_page(found: Path | None, raw_path: str) -> bool:
    """HTML pages get the error page while the build fails; styles, scripts and images do not."""
    if found is not None:
        return found.suffix.lower() in (".html", ".htm")
    return Path(unquote(raw_path)).suffix.lower() in PAGE_SUFFIXES


def make_app(state: SiteState, hub: ReloadHub, access: Access) -> web.Application:
    return web.Application(
        [
            (SOCKET_PATH, ReloadSocket, {"hub": hub, "access": access}),
            (SCRIPT_PATH.replace(".", r"\."), ScriptHandler, {"access": access}),
            (r"/.*", SiteHandler, {"state": state, "hub": hub, "access": access}),
        ],
        log_function=lambda handler: None,  # one line per rebuild is what the terminal shows
    )
