"""The preview server, started for real on a free port: pages, rebuilds, errors, reloads, safety.

Nothing sleeps blindly: every wait polls with a deadline. One server runs as
a subprocess (``python build.py serve``), as an author starts it; the tests
that count reload messages run one on background threads of this process.
"""

from __future__ import annotations

import base64
import contextlib
import html
import http.client
import io
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest
from livereload.handlers import LiveReloadHandler

from specsite.engine.builder import BuildOptions
from specsite.preview.devserver import Access, Redirect, locate, with_reload
from specsite.preview.serve import Preview, ServeOptions, running

from .conftest import REPO, copy_demo, free_port, run_cli, write_files

T = TypeVar("T")
DEADLINE = 20.0
UPLOAD = "sdk/upload/"
SPEC_TEXT = "Validate the payload and report any errors without storing anything."


def wait_for(probe: Callable[[], T | None], what: str, deadline: float = DEADLINE) -> T:
    """Poll ``probe`` until it returns something truthy; fail after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def save(path: Path, text: str) -> None:
    """Save as editors do: a temporary file renamed over the original (one change, never half a file)."""
    temp = path.with_name(f".{path.name}.saving")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def replace_in(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    save(path, text.replace(old, new, 1))
    return text


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


def fetch(base: str, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> Response:
    """A request with ``path`` sent exactly as written (no client-side normalisation)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        reply = conn.getresponse()
        body = reply.read().decode("utf-8", "replace")
        return Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, body)
    finally:
        conn.close()


class SocketClient:
    """A minimal WebSocket client speaking livereload's protocol, as livereload.js does."""

    def __init__(self, base: str, origin: str | None):
        parts = urlsplit(base)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=DEADLINE)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            "GET /livereload HTTP/1.1",
            f"Host: {parts.netloc}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
            *([f"Origin: {origin}"] if origin else []),
        ]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self._recv()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        self.status = int(head.split()[1])

    def _recv(self) -> bytes:
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("the server closed the connection")
        return data

    def _take(self, count: int) -> bytes:
        while len(self.buffer) < count:
            self.buffer += self._recv()
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def send(self, message: dict[str, Any]) -> None:
        payload = json.dumps(message).encode()
        mask = os.urandom(4)
        size = len(payload)
        header = (
            bytes([0x81, 0x80 | size]) if size < 126 else bytes([0x81, 0x80 | 126]) + size.to_bytes(2, "big")
        )
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def receive(self) -> dict[str, Any]:
        first, second = self._take(2)
        size = second & 0x7F
        if size == 126:
            size = int.from_bytes(self._take(2), "big")
        elif size == 127:
            size = int.from_bytes(self._take(8), "big")
        payload = self._take(size)
        if first & 0x0F == 0x8:
            raise ConnectionError("the server closed the socket")
        return json.loads(payload)

    def handshake(self, build: int | None) -> None:
        """hello, then info with the build the page was served from (what our plugin reports)."""
        self.send({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})
        assert self.receive()["command"] == "hello"
        plugins = {"specsite": {"build": build, "version": "1"}} if build is not None else {}
        self.send({"command": "info", "url": "http://page/", "plugins": plugins})

    def assert_nothing_queued(self) -> None:
        """Messages arrive in order: if hello is answered first, no reload was waiting before it."""
        self.send({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})
        assert self.receive()["command"] == "hello"

    def close(self) -> None:
        self.sock.close()


# --- one server started from the command line ------------------------------------------------


@dataclass
class Served:
    proc: subprocess.Popen[str]
    root: Path
    url: str = ""
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)

    def follow(self) -> None:
        for stream, lines in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=lambda s=stream, keep=lines: keep.extend(s), daemon=True).start()


def start_cli_server(root: Path, *extra: str) -> Served:
    command = [sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port", "0", *extra]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    served = Served(proc, root)
    served.follow()

    def started() -> str | None:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited with {proc.returncode}: {''.join(served.err)}")
        return next((line for line in served.out if line.startswith("Serving ")), None)

    served.url = re.search(r"http://\S+", wait_for(started, "the start line", 60)).group(0)
    return served


def stop_cli_server(served: Served) -> int:
    served.proc.send_signal(signal.SIGINT)
    return served.proc.wait(20)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = copy_demo(tmp_path_factory.mktemp("served") / "demo")
    served = start_cli_server(root)
    yield served
    if served.proc.poll() is None:
        stop_cli_server(served)


def test_the_start_line_names_the_url_and_what_is_watched(served: Served) -> None:
    start = next(line for line in served.out if line.startswith("Serving "))
    assert re.fullmatch(
        r"Serving http://127\.0\.0\.1:\d+/ — watching specs/, templates/, site_src/, site\.yml \(Ctrl-C to stop\)\n",
        start,
    )


def test_pages_are_served_with_the_reload_script(served: Served) -> None:
    page = fetch(served.url, "/" + UPLOAD)
    assert page.status == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1" in page.body and SPEC_TEXT in page.body
    assert re.search(r'<script src="/livereload\.js" data-build="\d+"></script></body>', page.body)
    script = fetch(served.url, "/livereload.js")
    assert script.status == 200 and "LiveReload" in script.body and "SpecsiteBuild" in script.body
    assert fetch(served.url, "/assets/specsite.css").headers["content-type"].startswith("text/css")


def test_a_spec_edit_is_served_and_reported_in_one_line(served: Served) -> None:
    props = served.root / "specs/data_api/props.yml"
    original = replace_in(props, SPEC_TEXT, "Check the payload, store nothing.")
    try:
        wait_for(lambda: "Check the payload" in fetch(served.url, "/" + UPLOAD).body, "the new description")
        line = wait_for(
            lambda: next((x for x in served.out if "specs/data_api/props.yml changed: rebuilt" in x), None),
            "the rebuild line",
        )
        assert re.search(r"^\d\d:\d\d:\d\d specs/data_api/props.yml changed: rebuilt \d+ pages? \(", line)
    finally:
        save(props, original)
        wait_for(lambda: SPEC_TEXT in fetch(served.url, "/" + UPLOAD).body, "the original description")


def test_a_broken_spec_shows_its_error_on_every_page_until_fixed(served: Served) -> None:
    props = served.root / "specs/event/props.yml"
    original = replace_in(props, "- name: timestamp", "- name: [timestamp")
    try:
        error = wait_for(lambda: (r := fetch(served.url, "/")).status == 500 and r, "the error page")
        line = re.search(r"specs/event/props\.yml:(\d+):(\d+): error: [^\n<]+", error.body)
        assert line, error.body
        assert "The site did not build" in error.body and 'src="/livereload.js"' in error.body
        shown = html.unescape(line.group(0))
        wait_for(lambda: any(x.strip() == shown for x in served.err), "the same line in the terminal")
        assert fetch(served.url, "/" + UPLOAD).status == 500
        assert fetch(served.url, "/no/such/page/").status == 500
        assert fetch(served.url, "/assets/specsite.css").status == 200  # not a page
    finally:
        save(props, original)
    page = wait_for(lambda: (r := fetch(served.url, "/" + UPLOAD)).status == 200 and r, "the page again")
    assert SPEC_TEXT in page.body
    assert served.proc.poll() is None


TRAVERSALS = [
    "/../site.yml",
    "/../../../../etc/passwd",
    "/..%2fsite.yml",
    "/%2e%2e/site.yml",
    "/%2E%2E%2Fsite.yml",
    "/sdk/%2e%2e/%2e%2e/site.yml",
    "/sdk/..%2f..%2fsite.yml",
    "/%252e%252e/site.yml",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/assets/..%5c..%5csite.yml",
    "/%00",
    "/site.yml%00.html",
    "/escape.txt",
    "/escape-dir/event/props.yml",
]


def test_nothing_outside_the_output_folder_is_served(served: Served) -> None:
    site = served.root / "_site"
    (site / "escape.txt").symlink_to(served.root / "site.yml")
    (site / "escape-dir").symlink_to(served.root / "specs", target_is_directory=True)
    secret = (served.root / "site.yml").read_text().splitlines()[0]
    for path in TRAVERSALS:
        reply = fetch(served.url, path)
        assert reply.status == 404, f"{path} gave {reply.status}"
        assert secret not in reply.body and "root:" not in reply.body


def test_it_listens_on_127_0_0_1_only(served: Served) -> None:
    port = urlsplit(served.url).port
    listening = _listening_addresses(port)
    assert listening == {"127.0.0.1"}, listening
    other = _non_loopback_address()
    if other:
        with pytest.raises(OSError), socket.create_connection((other, port), timeout=2):
            pass


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of listening TCP sockets on ``port``, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            pytest.skip("no /proc/net/tcp on this system")
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:
                packed = bytes.fromhex(address)
                words = b"".join(packed[i : i + 4][::-1] for i in range(0, len(packed), 4))
                family = socket.AF_INET if len(packed) == 4 else socket.AF_INET6
                found.add(socket.inet_ntop(family, words))
    return found


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent; this only picks a route
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_ctrl_c_stops_the_server_cleanly(tmp_path: Path) -> None:
    served = start_cli_server(copy_demo(tmp_path / "demo"))
    assert fetch(served.url, "/").status == 200
    assert stop_cli_server(served) == 0
    wait_for(lambda: "Stopped.\n" in served.out, "the last line")
    assert not any("Traceback" in line for line in served.err), served.err


def test_a_port_in_use_is_a_clear_error(demo_project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--root", str(demo_project), "--port", str(port))
    assert result.code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.err
    assert "--port 0 picks a free one" in result.err
    assert not (demo_project / "_site").exists()


# --- servers on background threads, to count what they send ---------------------------------


def start_live(root: Path) -> contextlib.AbstractContextManager[Preview]:
    options = ServeOptions(BuildOptions(str(copy_demo(root))), port=free_port())
    return running(options, io.StringIO(), io.StringIO())


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """A server for the tests that change no file."""
    with start_live(tmp_path_factory.mktemp("shared") / "demo") as preview:
        yield preview


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Preview]:
    with start_live(tmp_path / "demo") as preview:
        yield preview


def connect(preview: Preview, origin: str | None = "own") -> SocketClient:
    own = preview.url.rstrip("/")
    return SocketClient(preview.url, own if origin == "own" else origin)


def test_the_socket_refuses_pages_of_other_origins(shared: Preview) -> None:
    """Regression for livereload's ``check_origin``, which accepts any web page."""
    assert LiveReloadHandler.check_origin(None, "http://evil.example") is True  # the defect upstream
    port = urlsplit(shared.url).port
    others = ("http://evil.example", f"http://127.0.0.1:{port + 1}", f"http://localhost:{port}", "null")
    for origin in others:  # a web site, another local server's page, another name, a file
        assert connect(shared, origin).status == 403, origin
    own = connect(shared)
    assert own.status == 101
    own.handshake(shared.hub.build)
    own.close()


def test_requests_must_name_this_machine(shared: Preview) -> None:
    """A DNS rebinding page reaches 127.0.0.1 under its own name; it gets nothing."""
    port = urlsplit(shared.url).port
    assert fetch(shared.url, "/", {"Host": f"evil.example:{port}"}).status == 403
    assert fetch(shared.url, "/", {"Host": f"localhost:{port}"}).status == 200
    assert Access.for_address("0.0.0.0").host_allowed("evil.example")  # --host opens it on purpose


def test_every_build_reloads_once_after_its_files_are_written(live: Preview) -> None:
    """Regressions for livereload dropping reloads within 3 s, and reloading mid-write."""
    root = live.session.project.root
    client = connect(live)
    client.handshake(live.hub.build)
    client.assert_nothing_queued()  # the server has read info: this page now hears every reload
    source, output = root / "site_src/sdk/upload.md", root / "_site/sdk/upload/index.html"
    text = source.read_text()
    for edition in range(3):  # in quick succession, well within livereload's throttle
        save(source, text.replace("sends interaction events", f"sends edition-{edition} events"))
        assert client.receive()["command"] == "reload"
        assert f"edition-{edition}".encode() in output.read_bytes()  # on disk before the reload
        assert f"edition-{edition}" in fetch(live.url, "/" + UPLOAD).body
    client.assert_nothing_queued()
    assert live.reloads == 3
    assert LiveReloadHandler.DEFAULT_RELOAD_TIME == 3  # still there upstream, and never consulted


def test_back_to_back_reloads_all_arrive(shared: Preview) -> None:
    client = connect(shared)
    client.handshake(shared.hub.build)
    # Without this, a reload can overtake the info message: the page is then caught up by one
    # reload instead of hearing two, which is right for a browser but not what is tested here.
    client.assert_nothing_queued()
    for _ in range(2):
        shared.reload_pages()
    assert [client.receive()["command"] for _ in range(2)] == ["reload", "reload"]


def test_a_page_that_missed_a_reload_catches_up(shared: Preview) -> None:
    """A page loading while a build finished reports an older build when it connects."""
    served_at = shared.hub.build
    assert f'data-build="{served_at}"' in fetch(shared.url, "/").body
    shared.reload_pages()  # a build finished while no socket was open
    wait_for(lambda: shared.hub.build == served_at + 1, "the build number to move on")
    late = connect(shared)
    late.handshake(served_at)
    assert late.receive()["command"] == "reload"
    current = connect(shared)
    current.handshake(shared.hub.build)
    current.assert_nothing_queued()
    earlier_run = connect(shared)  # a tab left open while the server was restarted
    earlier_run.handshake(1_000)
    assert earlier_run.receive()["command"] == "reload"


def test_a_failing_first_build_is_served_as_an_escaped_error_page(make_project: Callable[..., Path]) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    root = make_project({"site_src/index.md": f"# Home\n\n{{{{ proptable('{hostile}', 'g') }}}}\n"})
    with running(ServeOptions(BuildOptions(str(root)), port=0), io.StringIO(), io.StringIO()) as preview:
        page = fetch(preview.url, "/")
        assert page.status == 500
        assert "site_src/index.md:3: error: unknown spec namespace" in page.body
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.body and hostile not in page.body
        assert 'src="/livereload.js"' in page.body
        save(root / "site_src/index.md", "# Home\n\nAll good now.\n")
        back = wait_for(lambda: (r := fetch(preview.url, "/")).status == 200 and r, "the fixed page")
        assert "All good now." in back.body


def test_missing_pages_get_the_sites_404_and_folders_their_slash(shared: Preview) -> None:
    missing = fetch(shared.url, "/no/such/page/")
    assert missing.status == 404 and "data-build" in missing.body
    folder = fetch(shared.url, "/sdk/upload?x=1")
    assert folder.status == 302 and folder.headers["location"] == "/sdk/upload/?x=1"
    assert fetch(shared.url, "/" + UPLOAD, method="HEAD").status == 200


# --- pure helpers -------------------------------------------------------------------------------


def test_locate_refuses_dot_segments_and_escapes(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {"index.html": "home", "a/index.html": "a", "a/b.css": "b"})
    write_files(tmp_path, {"secret.txt": "secret"})
    (site / "link").symlink_to(tmp_path / "secret.txt")
    assert locate(site, "/") == (site / "index.html").resolve()
    assert locate(site, "/a/") == (site / "a/index.html").resolve()
    assert locate(site, "/a") == Redirect("/a/")
    assert locate(site, "/a/b.css") == (site / "a/b.css").resolve()
    for bad in ("/../secret.txt", "/a/%2e%2e/%2e%2e/secret.txt", "/link", "/a/./b.css", "/%ff", "/missing"):
        assert locate(site, bad) is None, bad


def test_the_reload_script_goes_before_the_end_of_the_body() -> None:
    assert with_reload(b"<html><body>x</body></html>", "<s>") == b"<html><body>x<s></body></html>"
    assert with_reload(b"<p>fragment</p>", "<s>") == b"<p>fragment</p><s>"
    assert with_reload(b"<BODY>x</BODY>", "<s>") == b"<BODY>x<s></BODY>"


def test_a_folder_asked_for_with_two_slashes_redirects_on_this_site(tmp_path: Path) -> None:
    """``Location: //assets/`` would send the browser to a host named 'assets'."""
    site = write_files(tmp_path / "site", {"assets/index.html": "a"})
    assert locate(site, "//assets") == Redirect("/assets/")
    assert locate(site, "///assets") == Redirect("/assets/")


@pytest.mark.parametrize("message", [{}, {"command": 5}, {"protocols": []}])
def test_a_socket_message_without_a_command_closes_the_socket_quietly(
    shared: Preview, message: dict, caplog: pytest.LogCaptureFixture
) -> None:
    client = connect(shared)
    client.send(message)
    with pytest.raises(ConnectionError):
        client.receive()  # the close frame
    client.close()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], caplog.text
