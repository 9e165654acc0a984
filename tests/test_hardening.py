"""Bad input the file dictionaries of ``test_bad_input`` cannot express: symlinks, and
builds in a hostile environment (read-only, full disk, mount points).

Each case keeps that suite's promises: exit 1 with the exact located lines,
no traceback, the previous site byte for byte as it was, no staging folder.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from .conftest import REPO, copy_demo, run_cli, tree, write_files
from .test_bad_input import GOOD

BASE = ("--base-url", "https://shop.example/docs/")


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_files(tmp_path_factory.mktemp("good"), GOOD)
    result = run_cli("build", "--root", str(root), *BASE, "-q")
    assert result.code == 0, result.err
    return root / "_site"


@pytest.fixture
def project(tmp_path: Path, previous_site: Path) -> Path:
    """The good project with its site already built."""
    root = write_files(tmp_path / "project", GOOD)
    shutil.copytree(previous_site, root / "_site")
    return root


def refused(root: Path, expected: list[str], *args: str, out: Path | None = None) -> None:
    """Build ``root``; assert the exact error lines and that nothing was touched."""
    out = out or root / "_site"
    before = tree(out)
    result = run_cli("build", "--root", str(root), *BASE, *args)
    assert result.code == 1, result.err
    assert result.error_lines == expected, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert tree(out) == before
    assert not [p.name for p in out.parent.iterdir() if "specsite-" in p.name and p.name != ".specsite-cache"]


# --- symlinks ---------------------------------------------------------------------------------

SECRET = "root:x:0:0:the build machine's secret\n"


def link_out(root: Path, tmp_path: Path) -> None:
    secret = write_files(tmp_path / "elsewhere", {"passwd": SECRET}) / "passwd"
    (root / "site_src/leak.txt").symlink_to(secret)


def test_a_symlink_out_of_the_project_is_a_warning_and_strict_refuses_it(
    project: Path, tmp_path: Path
) -> None:
    link_out(project, tmp_path)
    secret = (tmp_path / "elsewhere/passwd").resolve()
    refused(
        project,
        [
            f"site_src/leak.txt: error: symlink to {secret}, outside the project: what it points to is read and published"
        ],
        "--strict",
    )
    result = run_cli("build", "--root", str(project), *BASE)
    assert result.code == 0, result.err
    warning = f"site_src/leak.txt: warning: symlink to {secret}, outside the project"
    assert warning in result.err


def test_sandbox_refuses_a_symlink_out_of_the_project(project: Path, tmp_path: Path) -> None:
    link_out(project, tmp_path)
    (project / "specs/shared.yml").symlink_to(tmp_path / "elsewhere/passwd")
    secret = (tmp_path / "elsewhere/passwd").resolve()
    why = "outside the project; --sandbox reads only the project's files"
    refused(
        project,
        [
            f"site_src/leak.txt: error: symlink to {secret}, {why}",
            f"specs/shared.yml: error: symlink to {secret}, {why}",
        ],
        "--sandbox",
    )


def test_a_symlink_inside_the_project_is_fine(project: Path) -> None:
    (project / "site_src/notes.txt").write_text("notes\n")
    (project / "site_src/same-notes.txt").symlink_to("notes.txt")
    result = run_cli("build", "--root", str(project), *BASE, "--strict", "--sandbox")
    assert result.code == 0, result.err
    assert (project / "_site/same-notes.txt").read_text() == "notes\n"


@pytest.mark.parametrize(
    "where", ["specs/loop.yml", "specs/event/loop.yml", "site_src/loop.md", "templates/loop"]
)
def test_a_symlink_loop_is_a_located_error(project: Path, where: str) -> None:
    (project / where).parent.mkdir(exist_ok=True)
    (project / where).symlink_to(Path(where).name)
    refused(project, [f"{where}: error: symlink loop: the link leads back to itself"])


def test_two_symlinks_pointing_at_each_other_are_a_loop(project: Path) -> None:
    (project / "specs/a.yml").symlink_to("b.yml")
    (project / "specs/b.yml").symlink_to("a.yml")
    refused(
        project,
        [
            "specs/a.yml: error: symlink loop: the link leads back to itself",
            "specs/b.yml: error: symlink loop: the link leads back to itself",
        ],
    )


# --- the environment: a full disk, a read-only folder, a mount point -------------------------

# Runs inside a private mount namespace (``unshare``), as root of a user namespace, so a test
# can mount a tiny or read-only file system without privileges. Prints what it saw as JSON.
NAMESPACE_DRIVER = """
import json, subprocess, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.conftest import run_cli, tree

root, mount, options, then = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], sys.argv[5]
out = mount / sys.argv[6]
subprocess.run(["mount", "-t", "tmpfs", "-o", options, "none", str(mount)], check=True)
args = ("build", "--root", str(root), "--out", str(out), "--base-url", "https://shop.example/docs/")
first = run_cli(*args)
before = tree(out)
if then == "remount-ro":
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    # A source changes, so the build has something to write (else it keeps the output as it is).
    (root / "site_src/changed.md").write_text("# Changed\\n")
elif then.startswith("add:"):
    name, size = then[4:].split("=")
    (root / name).write_bytes(b"x" * int(size))
second = run_cli(*args)
print(json.dumps({
    "first": [first.code, first.err], "second": [second.code, second.err],
    "kept": tree(out) == before, "files": sorted(tree(out)),
    "left": sorted(p.name for p in [*mount.iterdir(), *out.iterdir()] if "specsite-" in p.name and p.name != ".specsite-cache"),
}))
"""


def _namespaces_work() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = ["unshare", "--user", "--map-root-user", "--mount", "true"]
    return subprocess.run(probe, capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def in_namespace() -> Callable[..., dict]:
    if not _namespaces_work():
        pytest.skip(
            "needs 'unshare --user --mount' (unprivileged user namespaces) to mount test file systems"
        )

    def run(root: Path, mount: Path, options: str, then: str, out: str = "site") -> dict:
        mount.mkdir()
        command = ["unshare", "--user", "--map-root-user", "--mount", sys.executable, "-c", NAMESPACE_DRIVER]
        command += [str(REPO), str(root), str(mount), options, then, out]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return run


def test_a_full_disk_is_a_one_line_error_and_the_old_site_stays(
    in_namespace: Callable[..., dict], tmp_path: Path
) -> None:
    root = write_files(tmp_path / "project", GOOD)
    seen = in_namespace(root, tmp_path / "disk", "size=2m", "add:site_src/big.bin=1500000")
    assert seen["first"][0] == 0, seen["first"][1]
    out = tmp_path / "disk/site"
    assert seen["second"] == [
        1,
        f"{out}: error: cannot write the site: No space left on device; the previous site is unchanged\n"
        "specsite: 1 error; nothing was written\n",
    ]
    assert seen["kept"] and seen["left"] == []


def test_a_read_only_output_is_a_one_line_error(in_namespace: Callable[..., dict], tmp_path: Path) -> None:
    root = write_files(tmp_path / "project", GOOD)
    seen = in_namespace(root, tmp_path / "disk", "size=8m", "remount-ro")
    assert seen["first"][0] == 0, seen["first"][1]
    out = tmp_path / "disk/site"
    assert seen["second"] == [
        1,
        f"{out}: error: cannot write the site: Read-only file system; the previous site is unchanged\n"
        "specsite: 1 error; nothing was written\n",
    ]
    assert seen["kept"] and seen["left"] == []


def test_an_output_folder_that_is_a_mount_point_is_filled_in_place(
    in_namespace: Callable[..., dict], tmp_path: Path
) -> None:
    """A Docker or CI volume cannot be renamed: its contents are swapped instead."""
    root = write_files(tmp_path / "project", GOOD)
    seen = in_namespace(root, tmp_path / "volume", "size=8m", "add:site_src/notes.txt=12", out="")
    assert seen["first"][0] == 0, seen["first"][1]
    assert seen["second"][0] == 0, seen["second"][1]
    assert not seen["kept"] and "notes.txt" in seen["files"] and ".specsite" in seen["files"]
    assert seen["left"] == []


def test_an_output_below_a_regular_file_is_refused(project: Path, tmp_path: Path) -> None:
    blocker = write_files(tmp_path, {"notes.txt": "mine\n"}) / "notes.txt"
    result = run_cli("build", "--root", str(project), "--out", str(blocker / "site"))
    assert result.code == 1
    assert result.error_lines == [
        f"{blocker}/site: error: {blocker} is a file, so no folder can be made inside it; choose another --out"
    ]
    assert blocker.read_text() == "mine\n"


# --- --sandbox: building an untrusted contribution ----------------------------------------------

# Jinja's classic escape from a template to the machine (here only reading the working folder).
ESCAPE = "{{ cycler.__init__.__globals__.os.getcwd() }}"
HOSTILE_DESC = "<img src=x onerror=alert(document.domain)>"


def test_sandbox_refuses_template_code_that_reaches_python(project: Path) -> None:
    write_files(project, {"site_src/guide.md": f"---\ntitle: Guide\n---\nBuilt in {ESCAPE}.\n"})
    refused(
        project,
        ["site_src/guide.md:4: error: access to attribute '__init__' of 'type' object is unsafe."],
        "--sandbox",
    )
    # Without --sandbox templates are trusted code, as the README's Security section says.
    trusted = run_cli("build", "--root", str(project), *BASE)
    assert trusted.code == 0, trusted.err
    assert f"Built in {os.getcwd()}." in (project / "_site/guide/index.html").read_text()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{{ page.path.parent.joinpath('notes.txt').write_text('x') }}", "'parent' of 'PosixPath'"),
        ("{{ page.path.read_text() }}", "'read_text' of 'PosixPath'"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "'__class__' of 'str'"),
        ("{{ lipsum.__globals__['os'].getcwd() }}", "'__globals__' of 'function'"),
    ],
    ids=["write-through-page-path", "read-page-path", "mro", "globals"],
)
def test_sandbox_refuses_reaching_files_and_python(project: Path, payload: str, message: str) -> None:
    write_files(project, {"site_src/guide.md": f"---\ntitle: Guide\n---\n{payload}\n"})
    refused(
        project, [f"site_src/guide.md:4: error: access to attribute {message} object is unsafe."], "--sandbox"
    )
    assert not (project / "site_src/notes.txt").exists()
    assert (project / "_site/guide/index.html").is_file()  # the old site


def test_sandbox_never_marks_spec_text_safe(project: Path) -> None:
    props = GOOD["specs/event/props.yml"].replace("How many items.", HOSTILE_DESC)
    page = (
        "---\ntitle: Guide\n---\n{{ specs.event.props[1].desc | safe }} {{ '<b>template text</b>' | safe }}\n"
    )
    write_files(project, {"specs/event/props.yml": props, "site_src/guide.md": page})
    result = run_cli("build", "--root", str(project), *BASE, "--sandbox")
    assert result.code == 0, result.err
    html = (project / "_site/guide/index.html").read_text()
    assert "&lt;img src=x onerror=alert(document.domain)&gt;" in html and "<img src=x" not in html
    assert "<b>template text</b>" in html  # the template's own markup is the template's to trust


PR_WORKFLOW = REPO / "examples" / "pull-request.yml"


def test_the_pull_request_workflow_builds_in_the_sandbox_with_a_read_only_token(tmp_path: Path) -> None:
    data = yaml.safe_load(PR_WORKFLOW.read_text(encoding="utf-8"))
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` key as true
    assert list(triggers) == ["pull_request"]
    assert data["permissions"] == {"contents": "read"}
    assert list(data["jobs"]) == ["build"]  # nothing is deployed
    steps = data["jobs"]["build"]["steps"]
    assert steps[0]["with"]["persist-credentials"] is False
    (build,) = [step["run"] for step in steps if step.get("name") == "Build the site"]
    args = shlex.split(build)
    assert args[:2] == ["specsite", "build"] and "--sandbox" in args and "--strict" in args
    root = copy_demo(tmp_path / "demo")
    done = subprocess.run(
        [sys.executable, "-m", "specsite", *args[1:]],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr
    assert (root / "_site/index.html").is_file()


# --- template loops: located errors, never "a bug in specsite" ---------------------------------


@pytest.mark.parametrize(
    ("files", "where"),
    [
        (
            {
                "templates/a.html": "{% include 'b.html' %}",
                "templates/b.html": "{% include 'a.html' %}",
                "site_src/guide.md": "---\ntitle: Guide\n---\n{% include 'a.html' %}\n",
            },
            ("templates/", "site_src/guide.md"),
        ),
        (
            {
                "templates/loop.html": "{% extends 'loop.html' %}",
                "site_src/guide.md": "---\ntitle: Guide\nlayout: loop.html\n---\nText.\n",
            },
            ("templates/loop.html", "site_src/guide.md"),
        ),
        (
            {
                "site_src/guide.md": "---\ntitle: Guide\n---\n{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n"
            },
            ("site_src/guide.md:4",),
        ),
    ],
    ids=["include-loop", "extends-itself", "macro-calls-itself"],
)
def test_template_loops_are_located_errors(
    project: Path, files: dict[str, str], where: tuple[str, ...]
) -> None:
    """The words are render.py's (issue 9 names the loop); the exit code and the place are checked here."""
    write_files(project, files)
    before = tree(project / "_site")
    result = run_cli("build", "--root", str(project), *BASE)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    # At the template or the page (issue 9 may name the loop at either): a file of the project.
    assert result.error_lines and all(line.startswith(where) for line in result.error_lines), result.err
    assert tree(project / "_site") == before
    assert not [p.name for p in project.iterdir() if "specsite-" in p.name and p.name != ".specsite-cache"]


def test_sandbox_runs_no_hooks(project: Path) -> None:
    site = (project / "site.yml").read_text() + "hooks: hooks.py\n"
    hooks = "import os\n\ndef setup(site):\n    os.mkdir('ran')\n    site.add_global('x', 1)\n"
    write_files(project, {"site.yml": site, "hooks.py": hooks})
    refused(
        project,
        ["site.yml:5:8: error: hooks are Python, so --sandbox does not run them ('hooks.py')"],
        "--sandbox",
    )
    assert not (project / "ran").exists() and not Path("ran").exists()


def test_sandbox_includes_no_file_through_a_symlink_out_of_the_project(project: Path, tmp_path: Path) -> None:
    secret = write_files(tmp_path / "elsewhere", {"passwd": SECRET}) / "passwd"
    (project / "notes.txt").symlink_to(secret)  # in the project folder, which includes search last
    write_files(project, {"site_src/guide.md": "---\ntitle: Guide\n---\n{% include 'notes.txt' %}\n"})
    refused(
        project,
        [
            "site_src/guide.md:4: error: template 'notes.txt' not found "
            "(looked in templates/, the built-in templates and the project folder)"
        ],
        "--sandbox",
    )
