"""Random spec structures never crash the build: it succeeds or reports located errors."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import run_cli, write_files

PAGE = """\
---
title: Reference
---
{% if specs.event is defined and specs.event.kind == 'events' %}{{ event_explorer('event') }}{% endif %}
{% if specs.data_api is defined and specs.data_api.kind == 'props' %}
{% for key in specs.data_api.groups %}{{ proptable('data_api', key) }}{% endfor %}
{% endif %}
"""
FIELDS = [
    "title",
    "events",
    "value",
    "desc",
    "tier",
    "name",
    "type",
    "required",
    "required_by",
    "used_by",
    "used_by_except",
    "example",
    "key",
    "keys",
    "props",
    "default",
    "groups",
]
IDENTS = st.sampled_from(["add_to_cart", "checkout", "type", "qty", "dry_run", "_mix", "upload.options"])
ODD_TEXT = st.sampled_from(
    ["<script>alert(1)</script>", "\"'><", "{{ 7*7 }}", "", " ", "\u202e", "a b", "x" * 200]
)
TEXT = st.one_of(IDENTS, ODD_TEXT, st.text(max_size=12))
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXT)
KEYS = st.one_of(st.sampled_from(FIELDS), st.text(max_size=8), st.integers(0, 3))
ANY_VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)
MAYBE_IDENTS = st.one_of(st.lists(IDENTS, max_size=3), st.lists(IDENTS, max_size=3), ANY_VALUE)
TYPES = st.one_of(
    st.sampled_from(["string", "number", "integer", "boolean", "object", "array of strings"]), TEXT
)
NAME = st.one_of(IDENTS, IDENTS, IDENTS, SCALAR)

# Shapes close to valid specs, so that the model's own checks get exercised too.
EVENT = st.fixed_dictionaries({"value": NAME, "desc": TEXT}, optional={"tier": SCALAR})
EVENT_GROUP = st.fixed_dictionaries({"title": TEXT, "events": st.lists(EVENT, max_size=3)})
EVENT_PROP = st.fixed_dictionaries(
    {"name": NAME, "type": TYPES, "desc": TEXT},
    optional={
        "required": SCALAR,
        "used_by": MAYBE_IDENTS,
        "used_by_except": MAYBE_IDENTS,
        "required_by": MAYBE_IDENTS,
        "example": ANY_VALUE,
    },
)
OPTION_PROP = st.fixed_dictionaries(
    {"key": NAME, "type": TYPES, "desc": TEXT},
    optional={"name": TEXT, "default": ANY_VALUE, "required": SCALAR},
)
OPTION_GROUP = st.fixed_dictionaries({"props": MAYBE_IDENTS}, optional={"key": NAME, "keys": MAYBE_IDENTS})


def spec_file(plausible: st.SearchStrategy[Any]) -> st.SearchStrategy[str | bytes]:
    """A file's content: mostly dumped structures, sometimes raw text or bytes."""
    lists = st.lists(plausible, max_size=4)
    dumped = st.one_of(lists, lists, lists, ANY_VALUE).map(
        lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    )
    return st.one_of(dumped, dumped, dumped, dumped, st.text(max_size=60), st.binary(max_size=40))


PROJECTS = st.fixed_dictionaries(
    {
        "specs/event/groups.yml": spec_file(EVENT_GROUP),
        "specs/event/props.yml": spec_file(EVENT_PROP),
        "specs/data_api/props.yml": spec_file(OPTION_PROP),
        "specs/data_api/groups.yml": spec_file(OPTION_GROUP),
    }
)
DIAGNOSTIC = re.compile(r"^(?P<path>[^:]+)(:\d+(:\d+)?)?: (error|warning|note): \S.*$")
SUMMARY = re.compile(r"^specsite: \d+ errors?; nothing was written$")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=PROJECTS)
def test_random_specs_build_or_fail_with_located_errors(files: dict[str, str | bytes]) -> None:
    check_build(files)


def check_build(files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_files(Path(tmp), {**files, "site.yml": "search: false\n", "site_src/index.md": PAGE})
        result = run_cli("build", "--root", str(root), "-q")
        assert result.code in (0, 1), result.err
        assert "Traceback" not in result.err
        lines = result.err.splitlines()
        for line in lines:
            match = DIAGNOSTIC.match(line)
            assert match or SUMMARY.match(line), f"not a located diagnostic: {line!r}"
            if match:
                assert (root / match["path"]).exists(), f"no such file in the project: {line!r}"
        if result.code == 1:
            assert any(": error: " in line for line in lines), result.err
