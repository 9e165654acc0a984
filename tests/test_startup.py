"""Fixed costs (issue 15): a build loads only what its project uses.

A project without AWS services, a dev server or event data to validate must
build without importing botocore, jsonschema, tornado, livereload or asyncio:
each adds a twentieth of a second or more to every build. A command imports
only the features it uses, and every command still answers ``--help`` in a
fresh process. The spec check of ``example:`` values that replaced
jsonschema at load time must say exactly what jsonschema says.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specsite import features
from specsite.engine import commands, render
from specsite.model.eventtypes import SCALARS, accepts, make_validator, parse_type
from specsite.publish import pagefind_lookup

from .conftest import copy_demo, write_files

REPO = Path(__file__).resolve().parent.parent
VERSION_MACHINERY = (
    "specsite.history.setting",
    "specsite.history.versions",
    "specsite.history.switcher",
    "specsite.history.changelog",
    "specsite.history.combine",
)
NOT_FOR_A_PLAIN_BUILD = (
    "botocore",
    "jsonschema",
    "tornado",
    "livereload",
    "asyncio",
    "pagefind.service",
    # Worker processes: a site this small renders in one.
    "multiprocessing",
    "concurrent.futures.process",
    # Python-Markdown's extensions named by string are looked up among all installed packages' metadata.
    "importlib.metadata",
    # Features that only add a command a build does not run.
    "specsite.preview.serve",
    "specsite.scaffold",
    "specsite.compat.eleventy_import",
    # The spec history's diff machinery: only a site with ``versions:`` (or ``specsite diff``) uses it.
    "specsite.history.diff",
    "specsite.history.timeline",
    "specsite.history.revisions",
    # Nor the rest of the version machinery: a site without versions meets only ``history.plug``.
    *VERSION_MACHINERY,
    # The event checker: only a page with an event example is checked at build time.
    "specsite.events.compiledcheck",
    "specsite.events.eventcheck",
    # Close matches, for the "did you mean" of a mistake.
    "difflib",
    # Eleventy's pagination: no page here has any.
    "specsite.engine.paging",
)

PROJECT = {
    "site.yml": "title: Plain\nsearch: false\n",
    "specs/event/groups.yml": "- title: Cart\n  events:\n    - value: add_to_cart\n      desc: Added.\n",
    "specs/event/props.yml": (
        "- name: type\n  type: string\n  required: true\n  desc: The event type.\n"
        "- name: quantities\n  type: array of positive integers\n  example: [1, 3]\n  desc: How many.\n"
        "- name: at\n  type: timestamp\n  example: '2024-05-01T09:30:00Z'\n  desc: When.\n"
    ),
    "specs/opts/props.yml": "- key: retries\n  type: integer\n  default: 3\n  desc: How often.\n",
    "specs/opts/groups.yml": "- key: call\n  props: [retries]\n",
    "site_src/index.md": (
        "---\ntitle: Home\n---\n\n{{ specs.event.events | length }} event types.\n\n"
        "{{ proptable('opts', 'call') }}\n\n```python\nprint('hello')\n```\n"
    ),
}

# The command runs in a fresh interpreter, which then names the modules it loaded (of NAMES).
RUN_THEN_LIST = (
    "import json, os, sys\n"
    "from specsite.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "names = json.loads(os.environ['NAMES'])\n"
    "print(json.dumps([name for name in names if name in sys.modules]))\n"
    "sys.exit(code)\n"
)


def loaded_by(args: list[str], names: tuple[str, ...], code: int = 0) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", RUN_THEN_LIST, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "NAMES": json.dumps(names)},
    )
    assert done.returncode == code, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def loaded_by_build(root: Path) -> list[str]:
    return loaded_by(["build", "--root", str(root), "-q"], NOT_FOR_A_PLAIN_BUILD)


def test_a_build_without_aws_services_loads_no_botocore_jsonschema_or_tornado(make_project):
    root = make_project(PROJECT)
    assert loaded_by_build(root) == []
    page = (root / "_site" / "index.html").read_text(encoding="utf-8")
    assert "1 event types." in page
    assert 'id="opt-call-retries"' in page
    assert 'class="highlight"' in page


WORKERS = ("multiprocessing", "concurrent.futures.process")


def test_the_demo_renders_in_one_process_and_a_larger_site_in_workers(tmp_path):
    """The demo's 60 pages cost more CPU in two workers than in one process (and took no less
    time): worker processes start from ``PARALLEL_MIN_ROUTES`` HTML pages, its copies and assets
    do not count."""
    demo = copy_demo(tmp_path / "demo")
    assert loaded_by(["build", "--root", str(demo), "-q"], WORKERS) == []
    pages = [path for path in (demo / "_site").rglob("*.html") if "pagefind" not in path.parts]
    assert len(pages) < render.PARALLEL_MIN_ROUTES
    more = render.PARALLEL_MIN_ROUTES - len(pages)
    write_files(demo, {f"site_src/more/p{n}.md": f"# Page {n}\n\nText.\n" for n in range(more)})
    if worker_count_in_a_fresh_process() < 2:
        pytest.skip("needs two cores to render in worker processes")
    assert loaded_by(["build", "--root", str(demo), "-q"], WORKERS) == list(WORKERS)
    assert (demo / "_site/more/p0/index.html").is_file()


def test_the_demo_loads_no_version_machinery_and_finds_pagefind_without_importing_it(tmp_path):
    """The demo has no ``versions:``; its search index is made by the binary of ``pagefind_bin``,
    found without importing that package (which imports ``platform``)."""
    demo = copy_demo(tmp_path / "demo")
    names = (*VERSION_MACHINERY, "pagefind_bin", "platform")
    assert loaded_by(["build", "--root", str(demo), "-q"], names) == []
    assert (demo / "_site/pagefind/pagefind.js").is_file()
    assert (demo / "_site/index.html").is_file()


def worker_count_in_a_fresh_process() -> int:
    code = "from specsite.engine.workers import worker_count; print(worker_count())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    return int(done.stdout)


def test_a_bad_example_is_still_an_error_at_its_line(make_project, cli):
    props = PROJECT["specs/event/props.yml"].replace("example: [1, 3]", "example: [1, 0]")
    root = make_project({**PROJECT, "specs/event/props.yml": props})
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == [
        "specs/event/props.yml:7:12: error: 'example' of 'quantities' must be "
        "an array of positive integers (its type), not [1, 0]"
    ]
    assert not (root / "_site").exists()


def test_a_site_with_an_aws_service_reads_botocores_data_without_its_loader(make_project):
    pytest.importorskip("botocore")
    root = make_project(
        {
            "site.yml": "title: AWS\nsearch: false\naws_services: [personalize-events]\n",
            "site_src/index.md": "# Hi\n",
        }
    )
    heavy = ("botocore.loaders", "botocore.session", "urllib3", "http.client", "ssl", "dateutil")
    assert loaded_by(["build", "--root", str(root), "-q"], heavy) == []
    assert (root / "_site/reference/personalize-events/python/put_events/index.html").is_file()


def test_validate_loads_no_page_search_preview_or_history_feature(make_project, tmp_path):
    root = make_project(PROJECT)
    events = tmp_path / "events.jsonl"
    # Valid events: only an invalid one needs jsonschema, for its messages.
    events.write_text('{"type": "add_to_cart", "quantities": [2]}\n{"type": "add_to_cart"}\n')
    unrelated = (
        "specsite.publish",
        "specsite.preview",
        "specsite.history",
        "specsite.scaffold",
        "specsite.compat",
        "specsite.events.catalog",
        "specsite.events.explorer",
        "tornado",
        "jsonschema",
    )
    assert loaded_by(["validate", str(events), "--root", str(root), "-q"], unrelated) == []


def test_every_command_answers_help_in_a_fresh_process():
    for name in features.COMMAND_NAMES:
        done = subprocess.run(
            [sys.executable, "-m", "specsite", name, "--help"], capture_output=True, text=True, cwd=REPO
        )
        assert done.returncode == 0, (name, done.stderr)
        assert done.stdout.startswith(f"usage: specsite {name} "), name
        assert done.stdout.count("usage:") == 1, name  # answered once, not by the up-to-date check too
    done = subprocess.run(
        [sys.executable, "-m", "specsite", "--help"], capture_output=True, text=True, cwd=REPO
    )
    assert done.returncode == 0
    assert done.stdout.count("usage:") == 1
    version = subprocess.run(
        [sys.executable, "-m", "specsite", "--version"], capture_output=True, text=True, cwd=REPO
    )
    assert version.stdout.count("specsite ") == 1, version.stdout
    listed = re.findall(r"^ {4}(\S+)", done.stdout, re.MULTILINE)
    assert listed[: len(features.COMMAND_NAMES)] == [command.name for command in commands.COMMANDS]


def test_the_feature_table_names_every_command_the_features_add():
    features.load()
    assert sorted(command.name for command in commands.COMMANDS) == sorted(features.COMMAND_NAMES)
    assert features.command_of(["-q", "serve", "--root", "new"]) == "serve"
    assert features.command_of(["--root", "docs"]) == "build"
    assert features.command_of(["--help"]) is None


def type_strings() -> list[str]:
    plain = [s.singular for s in SCALARS] + ["array"]
    arrays = [f"array of {s.plural}" for s in SCALARS] + ["array of arrays"]
    nested = [f"array of arrays of {s.plural}" for s in SCALARS]
    return plain + arrays + nested


SCALAR_VALUES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-3, max_value=3)
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([0.0, 1.0, 2.0, -1.0, 0.5, 1.5, math.inf, -0.0])
    | st.text(max_size=8)
    | st.sampled_from(["2024-05-01T09:30:00Z", "2024-02-30T09:30:00Z", "2024-05-01 09:30:00", "2024-05-01"])
)
JSON_VALUES = st.recursive(
    SCALAR_VALUES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None)
@given(type_text=st.sampled_from(type_strings()), value=JSON_VALUES)
def test_example_check_says_what_jsonschema_says(type_text, value):
    value_type = parse_type(type_text)
    assert accepts(value_type, value) == make_validator(value_type.schema()).is_valid(value)


def test_pagefind_is_found_where_the_pagefind_package_finds_it(monkeypatch, tmp_path):
    from pagefind.service import get_executable

    assert pagefind_lookup.get_executable() == get_executable()
    assert pagefind_lookup.get_executable().is_file()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "my-pagefind"))
    assert pagefind_lookup.get_executable() == get_executable() == tmp_path / "my-pagefind"


def test_a_binary_package_is_asked_only_when_its_binary_is_not_beside_it(monkeypatch, tmp_path):
    package = tmp_path / "fake_pagefind_bin"
    package.mkdir()
    (package / "__init__.py").write_text(
        "def get_executable():\n    raise FileNotFoundError('no binary in fake_pagefind_bin')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(pagefind_lookup, "BINARY_PACKAGES", ("fake_pagefind_bin",))
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    with pytest.raises(FileNotFoundError, match="no binary in fake_pagefind_bin"):
        pagefind_lookup.get_executable()
    monkeypatch.delitem(sys.modules, "fake_pagefind_bin")
    (package / "pagefind").write_text("#!/bin/sh\n")
    assert pagefind_lookup.get_executable() == package / "pagefind"
    assert "fake_pagefind_bin" not in sys.modules
    (package / "pagefind_extended").write_text("#!/bin/sh\n")
    assert pagefind_lookup.get_executable() == package / "pagefind_extended"


def test_without_the_binary_packages_pagefind_is_looked_for_on_the_path(monkeypatch, tmp_path):
    binary = tmp_path / "pagefind"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    monkeypatch.setattr(pagefind_lookup, "BINARY_PACKAGES", ("no_such_pagefind_package",))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pagefind_lookup.get_executable() == binary
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert pagefind_lookup.get_executable() is None
