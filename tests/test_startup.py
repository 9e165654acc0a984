"""Fixed costs (issue 15): a build loads only what its project uses.

A project without AWS services, a dev server or event data to validate must
build without importing botocore, jsonschema, tornado, livereload or asyncio:
each adds a twentieth of a second or more to every build. The spec check of
``example:`` values that replaced jsonschema at load time must say exactly
what jsonschema says.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from specsite.model.eventtypes import SCALARS, accepts, make_validator, parse_type
from specsite.publish import pagefind_lookup

REPO = Path(__file__).resolve().parent.parent
NOT_FOR_A_PLAIN_BUILD = ("botocore", "jsonschema", "tornado", "livereload", "asyncio", "pagefind.service")

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

# The build runs in a fresh interpreter, which then names the modules it loaded.
BUILD_THEN_LIST = (
    "import json, sys\n"
    "from specsite.cli import main\n"
    "code = main(sys.argv[1:])\n"
    f"print(json.dumps([name for name in {NOT_FOR_A_PLAIN_BUILD!r} if name in sys.modules]))\n"
    "sys.exit(code)\n"
)


def loaded_by_build(root: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", BUILD_THEN_LIST, "build", "--root", str(root), "-q"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_a_build_without_aws_services_loads_no_botocore_jsonschema_or_tornado(make_project):
    root = make_project(PROJECT)
    assert loaded_by_build(root) == []
    page = (root / "_site" / "index.html").read_text(encoding="utf-8")
    assert "1 event types." in page
    assert 'id="opt-call-retries"' in page
    assert 'class="highlight"' in page


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


def test_without_the_binary_packages_pagefind_is_looked_for_on_the_path(monkeypatch, tmp_path):
    binary = tmp_path / "pagefind"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    monkeypatch.setattr(pagefind_lookup, "BINARY_PACKAGES", ("no_such_pagefind_package",))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pagefind_lookup.get_executable() == binary
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert pagefind_lookup.get_executable() is None
