"""Shared fixtures: scratch projects, the CLI, a static file server, and Chromium."""

from __future__ import annotations

import atexit
import contextlib
import functools
import http.server
import io
import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from specsite import features
from specsite.cli import main

# specsite keeps its compiled theme per user (``engine/themecode.py``): the tests keep theirs in
# a folder of their own, not in the home folder of whoever runs them.
os.environ["SPECSITE_CACHE_HOME"] = tempfile.mkdtemp(prefix="specsite-tests-cache-")
atexit.register(shutil.rmtree, os.environ["SPECSITE_CACHE_HOME"], ignore_errors=True)

# Tests that call the engine directly (not through the command line) see every
# feature switched on, as the command line does before it runs.
features.load()

# Hypothesis fails an example that takes over 200 ms; on a shared 2-core machine that is a
# timing assertion about the machine, not about specsite.
settings.register_profile("specsite", deadline=None)
settings.load_profile("specsite")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
SEED_PAGE = SEEDS / "000_80b374c160ebc09f.txt"
CHROMIUM = Path(os.environ.get("SPECSITE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DEMO_PARTS = ("specs", "site_src", "templates", "site.yml")


# --- scratch projects ---------------------------------------------------------


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """``make_project({"specs/event.yml": ..., "site_src/index.md": ...})`` → project root."""
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes]) -> Path:
        return write_files(tmp_path / f"project{next(counter)}", files)

    return make


def copy_demo(dest: Path) -> Path:
    """A copy of this repository's demo project, to build or modify in a test."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in DEMO_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            shutil.copy(source, dest / name)
    return dest


@pytest.fixture
def demo_project(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "demo")


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site built once per test session (read-only for tests)."""
    root = copy_demo(tmp_path_factory.mktemp("built-demo"))
    result = run_cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    return root / "_site"


@pytest.fixture(scope="session")
def seed_page() -> str:
    if not SEED_PAGE.is_file():
        pytest.skip(f"seed page not found at {SEED_PAGE} (the shared/ folder is not beside the checkout)")
    return SEED_PAGE.read_text(encoding="utf-8")


# --- running the command line --------------------------------------------------


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if ": error: " in line]


def run_cli(*args: str) -> CliResult:
    """Run ``specsite`` in this process, capturing its output."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse exits for usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    return run_cli


def tree(path: Path) -> dict[str, bytes]:
    """Every file under ``path`` with its bytes, to compare whole outputs."""
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


# --- a static file server -------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def static_server(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``folder`` at ``http://127.0.0.1:PORT{prefix}``; yields that URL."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"

    class Handler(_QuietHandler):
        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(folder / "__outside_prefix__")
            return super().translate_path("/" + path[len(prefix) :])

    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def serve() -> Callable[..., contextlib.AbstractContextManager[str]]:
    return static_server


# --- Chromium -------------------------------------------------------------------


def _browser_missing_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (install Debian's chromium package)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("SPECSITE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SPECSITE_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser page; JavaScript errors on the page fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page_no_js(browser: object) -> Iterator[object]:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if {"browser", "page", "page_no_js"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
