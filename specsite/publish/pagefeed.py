"""A running ``pagefind --service``, fed pages while the rest of the site still renders.

Pagefind's service reads requests on stdin and answers on stdout, each a
base64-encoded JSON message followed by a comma. Pagefind's own Python client
polls for answers every tenth of a second, one answer per poll, which would
make a site of 40,000 pages wait over an hour; this one writes and reads
without waiting, from the build's own thread (a helper thread would keep the
build from forking its render workers; see ``engine.workers``).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import selectors
import subprocess
import time
from pathlib import Path
from typing import Any

# Requests waiting to be written are capped, so that a Pagefind slower than
# the renderers does not hold the whole site in memory: the build waits instead.
MAX_PENDING = 8 << 20
READ_SIZE = 1 << 16
PIPE_SIZE = 1 << 20  # Linux's default limit for an unprivileged process


class PagefindFailed(Exception):
    """The service died or answered with an error; the message is the detail to show."""


def _widen(pipe: int) -> None:
    """Let the pipe to Pagefind hold a whole large page.

    Pagefind reads a request only when all of it has come, and the build
    writes only between pages: through a pipe of 64 KiB, a 150 KB page
    waited for the next pages to render before Pagefind could start on it.
    """
    # Not on every system (Linux only), nor above the system's limit: then the pipe stays as it is.
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_SIZE)


class PagefindService:
    """One ``pagefind --service`` process holding one index."""

    def __init__(self, binary: Path, workdir: Path):
        # Pagefind's complaints go to a file, not a pipe: nothing has to drain it.
        self._log = workdir / "pagefind.log"
        with open(self._log, "wb") as log:
            self._process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                # Pagefind reads pagefind.yml/.toml/.json from its working folder: an empty one.
                cwd=workdir,
            )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._stdin, self._stdout = self._process.stdin.fileno(), self._process.stdout.fileno()
        _widen(self._stdin)
        os.set_blocking(self._stdin, False)
        os.set_blocking(self._stdout, False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._stdout, selectors.EVENT_READ)
        self._outbox = bytearray()
        self._inbox = bytearray()
        self._scanned = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._kept: set[int] = set()
        self._last_id = 0
        self._ended = False

    def send(self, payload: dict[str, Any], keep_answer: bool = False) -> int:
        """Queue a request and return its id; an answer not kept is only checked for an error."""
        self._last_id += 1
        if keep_answer:
            self._kept.add(self._last_id)
        message = {"message_id": self._last_id, "payload": payload}
        self._outbox += base64.b64encode(json.dumps(message).encode()) + b","
        self._pump(0)
        while len(self._outbox) > MAX_PENDING:
            self._pump(None)
        return self._last_id

    def answer(self, message_id: int, timeout: float) -> dict[str, Any]:
        """Wait for the answer to a request sent with ``keep_answer``."""
        deadline = time.monotonic() + timeout
        while message_id not in self._answers:
            left = deadline - time.monotonic()
            if left <= 0:
                raise PagefindFailed(f"no answer in {timeout:.0f} seconds")
            self._pump(left)
        self._kept.discard(message_id)
        return self._answers.pop(message_id)

    def close(self) -> None:
        """Stop the process (it also ends by itself when a killed build's pipe closes)."""
        self._selector.close()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            # A request may still wait to be written to a process that is gone.
            with contextlib.suppress(OSError):
                stream.close()  # type: ignore[union-attr]

    def _pump(self, timeout: float | None) -> None:
        """Write what the pipe takes and read what has come, waiting at most ``timeout`` seconds."""
        if self._ended:
            raise PagefindFailed(self._last_words())
        if self._outbox:
            try:
                del self._outbox[: os.write(self._stdin, self._outbox)]
            except BlockingIOError:
                pass
            except BrokenPipeError:
                self._ended = True
                raise PagefindFailed(self._last_words()) from None
        # Waiting for the pipe to take more only makes sense with more to write.
        watching = self._stdin in self._selector.get_map()
        if self._outbox and not watching:
            self._selector.register(self._stdin, selectors.EVENT_WRITE)
        elif watching and not self._outbox:
            self._selector.unregister(self._stdin)
        for key, _ in self._selector.select(timeout):
            if key.fd == self._stdout:
                self._read()

    def _read(self) -> None:
        try:
            chunk = os.read(self._stdout, READ_SIZE)
        except BlockingIOError:
            return
        if not chunk:
            self._ended = True
            raise PagefindFailed(self._last_words())
        self._inbox += chunk
        # An answer may be megabytes (the whole index): search only what came since the last look.
        while (end := self._inbox.find(b",", self._scanned)) >= 0:
            message = json.loads(base64.b64decode(bytes(self._inbox[:end])))
            del self._inbox[: end + 1]
            self._scanned = 0
            payload = message.get("payload") or {}
            if payload.get("type") == "Error":
                raise PagefindFailed(str(payload.get("message") or "an error without a message"))
            if message.get("message_id") in self._kept:
                self._answers[message["message_id"]] = payload
        self._scanned = len(self._inbox)

    def _last_words(self) -> str:
        """The last line Pagefind wrote before it stopped, as the CLI's failure showed it."""
        try:
            lines = self._log.read_text(errors="replace").strip().splitlines()
        except OSError:
            lines = []
        return lines[-1] if lines else "no output"
