"""Publishing: the built site works under any path prefix, from file://, and as GitHub Pages builds it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shlex
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from .conftest import REPO, copy_demo

WORKFLOW = REPO / "examples" / "github-pages.yml"
OWNER, REPO_NAME = "octo-org", "lumen-docs"


# --- the GitHub Pages workflow users copy ------------------------------------------------------


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def build_step_command() -> str:
    steps = workflow()["jobs"]["build"]["steps"]
    (step,) = [s for s in steps if s.get("name") == "Build the site"]
    return step["run"]


def test_the_workflow_is_valid_yaml_with_the_steps_pages_needs() -> None:
    data = workflow()
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` key as true
    assert triggers["push"]["branches"] == ["main"]
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = [s.get("uses", s.get("run", "")) for s in data["jobs"]["build"]["steps"]]
    assert build[0].startswith("actions/checkout@")
    assert build[1].startswith("actions/setup-python@")
    assert "pip install" in build[2] and '"specsite"' in build[2]
    assert build[4].startswith("actions/upload-pages-artifact@")
    assert data["jobs"]["build"]["steps"][4]["with"]["path"] == "_site"
    command = build_step_command()
    assert "--strict" in command
    assert (
        '--base-url "https://${{ github.repository_owner }}.github.io/${{ github.event.repository.name }}/"'
        in command
    )
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


@pytest.fixture(scope="module")
def pages_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built with the workflow's own build command, for OWNER/REPO."""
    root = copy_demo(tmp_path_factory.mktemp("pages") / "repo")
    command = build_step_command()
    command = command.replace("${{ github.repository_owner }}", OWNER)
    command = command.replace("${{ github.event.repository.name }}", REPO_NAME)
    args = shlex.split(command)
    assert args[0] == "specsite"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "specsite", *args[1:]], cwd=root, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return root / "_site"


def test_the_workflow_build_writes_a_sitemap_for_the_project_site(pages_site: Path) -> None:
    sitemap = (pages_site / "sitemap.xml").read_text()
    assert f"<loc>https://{OWNER}.github.io/{REPO_NAME}/sdk/upload/</loc>" in sitemap
    assert (pages_site / ".nojekyll").is_file()


# --- clicking through the navigation -----------------------------------------------------------


def check_page(page) -> None:
    """The page rendered with its stylesheet (the sticky header) and has a heading."""
    assert page.eval_on_selector(".site-header", "e => getComputedStyle(e).position") == "sticky", page.url
    assert page.locator("main h1").count() >= 1, page.url


def click_through_nav(page, start: str) -> list[str]:
    """Visit every page the sidebar reaches by clicking its links; the URLs, in visiting order."""
    page.goto(start)
    check_page(page)
    visited = [_here(page)]
    links = {visited[0]: _sidebar_links(page)}
    for _ in range(200):
        pending = [(at, url) for at in visited for url in links[at] if url.split("#")[0] not in visited]
        if not pending:
            return visited
        at, url = pending[0]
        if _here(page) != at:
            page.goto(at)
        page.click(f"#sidebar a[href='{links[at][url]}']")
        page.wait_for_load_state()
        check_page(page)
        assert _here(page) == url.split("#")[0]
        visited.append(_here(page))
        links[_here(page)] = _sidebar_links(page)
    raise AssertionError("the navigation did not settle")


def _here(page) -> str:
    return page.url.split("#")[0]


def _sidebar_links(page) -> dict[str, str]:
    """The sidebar's links: resolved URL -> the href as written."""
    pairs = page.eval_on_selector_all(
        "#sidebar a[href]", "links => links.map(a => [a.href, a.getAttribute('href')])"
    )
    return dict(pairs)


def failed_requests(page, prefix: str) -> list[str]:
    failed: list[str] = []
    page.on(
        "response", lambda r: failed.append(r.url) if r.status >= 400 and r.url.startswith(prefix) else None
    )
    # A request the browser gave up because the test clicked on (the favicon of a page
    # left at once, on a busy machine) is not a broken link: only other failures count.
    page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED" else failed.append(r.url))
    return failed


def test_clicking_through_the_navigation_under_a_path_prefix(built_demo: Path, page, serve) -> None:
    """The demo, built without a base URL, served under /docs/v1/."""
    with serve(built_demo, "/docs/v1/") as base:
        failed = failed_requests(page, base)
        visited = click_through_nav(page, base)
    assert base + "sdk/upload/" in visited and base + "sdk/request-options/" in visited
    assert all(url.startswith(base) for url in visited)
    assert failed == []


def test_clicking_through_the_github_pages_build(pages_site: Path, page, serve) -> None:
    with pages_like_server(pages_site, f"/{REPO_NAME}/") as base:
        failed = failed_requests(page, base)
        visited = click_through_nav(page, base)
    assert base + "sdk/upload/" in visited
    assert failed == []


def test_clicking_through_the_navigation_from_file_urls(built_demo: Path, page) -> None:
    failed = failed_requests(page, "file://")
    visited = click_through_nav(page, (built_demo / "index.html").as_uri())
    # Folder links were pointed at index.html, so every page opened as a file, not a folder listing.
    assert (built_demo / "sdk/upload/index.html").as_uri() in visited
    assert all(url.endswith(".html") for url in visited)
    assert failed == []


# --- the 404 page at any depth -----------------------------------------------------------------


@contextlib.contextmanager
def pages_like_server(folder: Path, prefix: str) -> Iterator[str]:
    """Serve ``folder`` under ``prefix`` and answer missing paths with its 404.html, as GitHub Pages does."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def translate_path(self, path: str) -> str:
            rel = path[len(prefix) :] if path.startswith(prefix) else "__outside__"
            return super().translate_path("/" + rel)

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            if code != 404:
                super().send_error(code, message, explain)
                return
            body = (folder / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("missing", ["nope", "sdk/nope/", "a/b/c/d/nope.html"])
def test_the_404_page_works_at_any_depth(pages_site: Path, page, missing: str) -> None:
    with pages_like_server(pages_site, f"/{REPO_NAME}/") as base:
        response = page.goto(base + missing)
        assert response.status == 404
        assert page.locator("main h1").inner_text() == "Page not found"
        check_page(page)
        page.click("main a")
        page.wait_for_load_state()
        assert page.url == base
        check_page(page)
