"""The per-user store of specsite's compiled built-in templates: a new project's first build
compiles only its own pages, with the same output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from specsite.engine import builder, themecode
from specsite.engine.buildcache import CACHE_DIR, MAGIC

from .conftest import REPO, run_cli, tree, write_files

PAGES = {
    "site.yml": "title: Themed\nsearch: false\nbase_url: https://docs.example.com/\n",
    "site_src/index.md": "---\ntitle: Home\n---\n# Home\n\n{{ site.title }} and [a guide](guide.md).\n",
    "site_src/guide.md": "---\ntitle: Guide\n---\n## Steps\n\nOne, two.\n",
}
HOOKS = "def setup(site):\n    site.add_filter('shout', lambda text: str(text).upper())\n"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("SPECSITE_CACHE_HOME", str(folder))
    return folder / themecode.STORE_FILE


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The file names of the templates Jinja compiles (None for page bodies) while the test runs."""
    names: list[str] = []
    compile = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        names.append(filename)
        return compile(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    yield names


def builtin(names: list[str]) -> list[str]:
    return [name for name in names if themecode.is_builtin(name)]


def build(root: Path, out: str = "_site", cache: bool = True) -> builder.BuildResult:
    return builder.build(builder.BuildOptions(str(root), str(root / out), check_links=False, cache=cache))


def project(where: Path, **more: str) -> Path:
    return write_files(where, {**PAGES, **more})


def test_a_new_project_finds_the_theme_another_project_compiled(
    tmp_path: Path, store: Path, compiled
) -> None:
    first = project(tmp_path / "first")
    build(first)
    assert builtin(compiled) and store.read_bytes().startswith(MAGIC)
    compiled.clear()
    second = project(tmp_path / "second", **{"site_src/extra.md": "---\ntitle: Extra\n---\nMore text.\n"})
    build(second)
    # Its own page bodies compile; the layout, partials and macros come from the store.
    assert compiled and not builtin(compiled)
    build(second, "plain", cache=False)
    assert tree(second / "_site") == tree(second / "plain")


def test_the_store_keeps_what_other_environments_compiled(tmp_path: Path, store: Path, compiled) -> None:
    # A hook's filter is part of the key: that project compiles the theme for itself.
    hooked = project(
        tmp_path / "hooked", **{"site.yml": PAGES["site.yml"] + "hooks: [hooks.py]\n", "hooks.py": HOOKS}
    )
    build(hooked)
    build(project(tmp_path / "plain"))  # saved after the hooked project's code
    shutil.rmtree(hooked / CACHE_DIR)
    compiled.clear()
    build(hooked)
    assert compiled and not builtin(compiled)


@pytest.mark.parametrize(
    "damage", [b"not a store", MAGIC + b"{}\n" + bytes(40)], ids=["garbage", "another-version"]
)
def test_a_damaged_store_is_ignored_silently_and_rewritten(
    tmp_path: Path, store: Path, compiled, damage: bytes
) -> None:
    root = project(tmp_path / "site")
    store.parent.mkdir(parents=True)
    store.write_bytes(damage)
    result = run_cli("build", "--root", str(root), "--strict", "-q")
    assert result.code == 0 and result.err == ""
    assert store.read_bytes().startswith(MAGIC) and store.read_bytes() != damage
    compiled.clear()
    build(project(tmp_path / "next"))
    assert compiled and not builtin(compiled)


def test_no_cache_check_and_sandbox_leave_the_store_alone(tmp_path: Path, store: Path) -> None:
    root = project(tmp_path / "site")
    assert run_cli("build", "--root", str(root), "--no-cache", "-q").code == 0
    assert run_cli("check", "--root", str(root), "-q").code == 0
    assert run_cli("build", "--root", str(root), "--sandbox", "-q").code == 0
    assert not store.parent.exists()


def test_an_empty_cache_home_turns_the_store_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled
) -> None:
    monkeypatch.setenv("SPECSITE_CACHE_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    build(project(tmp_path / "first"))
    compiled.clear()
    build(project(tmp_path / "second"))
    assert builtin(compiled)  # compiled again: there is no store to find it in
    assert not (tmp_path / "home").exists() and not (tmp_path / "xdg").exists()


def test_the_store_lives_in_the_user_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPECSITE_CACHE_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert themecode.store_folder() == tmp_path / "xdg" / "specsite"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert themecode.store_folder() == tmp_path / "home" / ".cache" / "specsite"


PARALLEL = """
import sys
from specsite import features
from specsite.engine import builder, render
features.load()
builder.PARALLEL_MIN_ROUTES = 1
render.CHUNK_ROUTES = 2
builder.build(builder.BuildOptions(sys.argv[1], sys.argv[2], check_links=False))
print(builder.worker_count())
"""


def test_workers_hand_back_the_theme_they_compiled(tmp_path: Path, store: Path, compiled) -> None:
    root = project(tmp_path / "parallel")
    for n in range(6):
        write_files(root, {f"site_src/more/p{n}.md": f"---\ntitle: P{n}\n---\nPart {n}.\n"})
    ran = subprocess.run(
        [sys.executable, "-c", PARALLEL, str(root), str(root / "_site")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    if int(ran.stdout.split()[-1]) < 2:
        pytest.skip("this machine has one core: no worker processes")
    assert not list(store.parent.glob("shard-*"))  # folded into the store
    build(project(tmp_path / "serial"))
    assert compiled and not builtin(compiled)
