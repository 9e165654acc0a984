"""The compiled event checks agree with ``jsonschema``, and the quick reader with the careful one.

``specsite validate`` answers most events with a check compiled per event
type and reads most JSON Lines values in a quick loop; both are shortcuts
in front of the full paths, so these tests compare each shortcut with the
path it skips, on generated events and on the edges where JSON Schema is
subtle (``true`` is not an integer, ``1.0`` is, timestamps on the 29th).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import specsite.events.compiledcheck as compiledcheck
import specsite.events.jsonstream as jsonstream
from specsite.events.compiledcheck import CompiledChecker, compile_check, compile_type
from specsite.events.eventcheck import EventChecker, check_stream
from specsite.events.eventschema import type_schema
from specsite.events.jsonstream import read_events
from specsite.events.schemaerrors import schema_errors
from specsite.model import load_specs
from specsite.model.eventtypes import make_validator

from .conftest import write_files
from .test_validate_fuzz import JSONISH, MUTATED

GROUPS = """\
- title: All
  events:
    - value: a
      desc: A.
    - value: b
      desc: B.
    - value: c
      desc: C.
"""
# One prop of every type the spec language has, some on every event type, some on a few.
TYPES = {
    "s": "string",
    "n": "number",
    "i": "integer",
    "flag": "boolean",
    "obj": "object",
    "at": "timestamp",
    "pi": "positive integer",
    "nn": "non-negative integer",
    "pn": "positive number",
    "any": "array",
    "names": "array of strings",
    "counts": "array of positive integers",
    "grid": "array of arrays of numbers",
    "times": "array of timestamps",
}
PROPS = "- name: type\n  type: string\n  required: true\n  desc: t.\n" + "".join(
    f"- name: {name}\n  type: {kind}\n  desc: d.\n" for name, kind in TYPES.items()
)
PROPS += "- name: only_c\n  type: string\n  used_by: [c]\n  desc: d.\n"
PROPS += "- name: need_b\n  type: integer\n  used_by: [a, b]\n  required_by: [b]\n  desc: d.\n"

TIMESTAMPS = [
    "2024-05-01T09:30:00Z",
    "2024-02-29T23:59:59Z",
    "2023-02-29T00:00:00Z",
    "2024-04-31T00:00:00Z",
    "2024-05-01T24:00:00Z",
    "2024-05-01T23:59:60Z",
    "2024-13-01T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2024-05-01t09:30:00z",
    "2024-05-01T09:30:00.123456+02:00",
    "2024-05-01T09:30:00",
    "2024-05-01 09:30:00Z",
    "\u0662\u0660\u0662\u0664-05-01T09:30:00Z",
    "yesterday",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.sampled_from([0, 1, -1, 2, 10**30, -(10**30), 1.0, 0.5, -0.0, 2.0, 1e300, -1e300, 0.0])
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(TIMESTAMPS)
    | st.text(max_size=8)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)
# Values at the edges of the types above, so that generated events are often valid and often
# only just not.
EDGES = [
    *[0, 1, -1, 2, 10**30, 1.0, 2.0, 0.5, -0.0, 1e-300, 1e300, True, False, None, "", "x"],
    *TIMESTAMPS[:4],
    *[[], [1], [1, 2], [1, 0], [2.0], [True], ["x"], [None], [[1.5, 2]], [[True]], [[]], {}, {"k": [1]}],
    *[["2024-05-01T09:30:00Z"], ["2023-02-29T00:00:00Z", "2024-05-01T09:30:00Z"]],
]
NUMBERS = st.integers() | st.floats(allow_nan=False, allow_infinity=False)
GOOD_TIMES = st.sampled_from(TIMESTAMPS[:2] + TIMESTAMPS[8:10])
# Values each prop's type takes, so that most generated events are valid but for one edge.
GOOD = {
    "string": st.text(max_size=5),
    "number": NUMBERS,
    "integer": st.integers() | st.sampled_from([1.0, -2.0, 1e20]),
    "boolean": st.booleans(),
    "object": st.dictionaries(st.text(max_size=3), JSON, max_size=2),
    "timestamp": GOOD_TIMES,
    "positive integer": st.integers(min_value=1),
    "non-negative integer": st.integers(min_value=0) | st.just(-0.0),
    "positive number": st.integers(min_value=1) | st.floats(min_value=1e-300, allow_infinity=False),
    "array": st.lists(JSON, max_size=3),
    "array of strings": st.lists(st.text(max_size=3), max_size=3),
    "array of positive integers": st.lists(st.integers(min_value=1), max_size=3),
    "array of arrays of numbers": st.lists(st.lists(NUMBERS, max_size=2), max_size=2),
    "array of timestamps": st.lists(GOOD_TIMES, max_size=2),
}
# A value of one JSON type where another is expected.
CONFUSED = [True, False, None, 0, 1, 1.0, 0.5, "1", "", [], [1], {}]
KINDS = st.one_of(st.sampled_from(["a", "b", "c"]), st.sampled_from(["a", "b", "c", "d", 1, None, ["a"]]))


def value_of(key: str) -> st.SearchStrategy:
    kind = {**TYPES, "only_c": "string", "need_b": "integer"}.get(key, "string")
    return st.one_of(GOOD[kind], GOOD[kind], st.sampled_from(CONFUSED), st.sampled_from(EDGES))


@st.composite
def events(draw: st.DrawFn) -> dict:
    keys = draw(st.lists(st.sampled_from([*TYPES, "only_c", "need_b", "urll"]), max_size=4, unique=True))
    event = {key: draw(value_of(key)) for key in keys}
    if draw(st.integers(0, 9)):  # now and then the type is missing
        event["type"] = draw(KINDS)
    if draw(st.integers(0, 9)) == 0:  # now and then it is not first
        event = dict(reversed(event.items()))
    return event


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory):
    root = write_files(
        tmp_path_factory.mktemp("compiled"),
        {"specs/event/groups.yml": GROUPS, "specs/event/props.yml": PROPS},
    )
    specs, diagnostics = load_specs(root / "specs", root)
    assert not any(d.is_error for d in diagnostics), diagnostics
    return specs.event


SETTINGS = settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(event=events())
def test_compiled_check_says_what_jsonschema_says(catalog, event: dict) -> None:
    for kind in ("a", "b", "c"):
        schema = type_schema(catalog, kind)
        check = compile_check(schema)
        assert check is not None, "the published schemas are all compiled"
        assert check(event) == make_validator(schema).is_valid(event), (kind, event)


@SETTINGS
@given(event=events())
def test_errors_found_without_jsonschema_are_the_ones_it_finds(catalog, event: dict) -> None:
    """Failed events are worded from these errors: the same keywords, places and values, in order."""
    for kind in ("a", "b", "c"):
        schema = type_schema(catalog, kind)
        ours = [(e.validator, list(e.path), e.instance) for e in schema_errors(schema, event)]
        theirs = [(e.validator, list(e.path), e.instance) for e in make_validator(schema).iter_errors(event)]
        assert ours == theirs, (kind, event)


@SETTINGS
@given(event=events())
def test_props_that_pass_their_own_test_are_not_walked_and_change_nothing(catalog, event: dict) -> None:
    """The errors found when skipping the props whose compiled test passes are jsonschema's too."""
    for kind in ("a", "b", "c"):
        schema = type_schema(catalog, kind)
        compiled = compile_type(schema)
        assert compiled is not None
        ours = [
            (e.validator, list(e.path), e.instance)
            for e in schema_errors(schema, event, compiled.value_checks())
        ]
        theirs = [(e.validator, list(e.path), e.instance) for e in make_validator(schema).iter_errors(event)]
        assert ours == theirs, (kind, event)


@SETTINGS
@given(batch=st.lists(events(), min_size=1, max_size=6), room=st.sampled_from([0, 2, 512]))
def test_checks_made_per_shape_of_keys_say_what_jsonschema_says(
    monkeypatch: pytest.MonkeyPatch, catalog, batch: list, room: int
) -> None:
    """One checker over many events: each shape of keys gets its own check, until there is no room."""
    monkeypatch.setattr(compiledcheck, "MAX_SHAPES", room)
    quick = CompiledChecker(catalog).quick()
    validators = {kind: make_validator(type_schema(catalog, kind)) for kind in ("a", "b", "c")}
    for event in batch + batch:  # the second time, each shape's check is already made
        kind = event.get("type")
        expected = isinstance(kind, str) and kind in validators and validators[kind].is_valid(event)
        assert quick(event) == expected, event


def problems(text: str, checker: EventChecker) -> list:
    return list(check_stream(io.StringIO(text), checker))


@SETTINGS
@given(batch=st.lists(events(), max_size=8), indent=st.sampled_from([None, 2]))
def test_validate_reports_the_same_problems_at_the_same_places(
    catalog, batch: list, indent: int | None
) -> None:
    lines = "".join(json.dumps(event, indent=indent) + "\n" for event in batch)
    array = json.dumps(batch, indent=indent)
    for text in (lines, array):
        assert problems(text, CompiledChecker(catalog)) == problems(text, EventChecker(catalog))


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ('{"type": "b", "need_b": 3}', []),
        ('{"type": "b", "need_b": 3.0}', []),  # a float with no fraction is an integer
        ('{"type": "b", "need_b": 123456789012345678901234567890}', []),
        ('{"type": "b", "need_b": true}', ["'need_b' must be an integer, not true"]),
        ('{"type": "b", "need_b": 1e999}', ["'need_b' must be an integer, not Infinity"]),
        ('{"type": "a", "n": 1e999, "pn": 1e-300}', []),
        ('{"type": "a", "pn": 0}', ["'pn' must be a positive number, not 0"]),
        ('{"type": "a", "nn": -0.0, "pi": 1}', []),
        ('{"type": "a", "flag": 1}', ["'flag' must be a boolean, not 1"]),
        (
            '{"type": "a", "counts": [1, true]}',
            ["'counts' must be an array of positive integers; item 2 is true"],
        ),
        (
            '{"type": "a", "at": "2024-02-29T12:00:00Z", "times": ["2023-02-29T12:00:00Z"]}',
            ["'times' must be an array of timestamps; item 1 is \"2023-02-29T12:00:00Z\""],
        ),
        ('{"type": "a", "only_c": "x"}', ["'only_c' does not apply to 'a' events"]),
        ('{"type": "b"}', ["'need_b' is required"]),
        ('{"type": "d"}', ["unknown event type 'd'"]),
    ],
)
def test_edges_of_json_schema(catalog, event: str, expected: list[str]) -> None:
    found = problems(event + "\n", CompiledChecker(catalog))
    kind = json.loads(event)["type"]
    assert [p.message.removeprefix(f"event #1 (type '{kind}'): ") for p in found[:-1]] == expected
    assert found == problems(event + "\n", EventChecker(catalog))


def test_a_schema_the_compiler_does_not_know_goes_to_jsonschema(catalog) -> None:
    schema = {"type": "object", "properties": {"code": {"type": "string", "pattern": "^[A-Z]+$"}}}
    assert compile_check(schema) is None
    assert compile_check({**schema, "properties": {"code": {"type": ["string", "null"]}}}) is None
    assert (
        compile_check({"type": "object", "properties": {"n": {"type": "integer", "minimum": 1}}}) is not None
    )


# --- the quick reader against the careful one -----------------------------------------------


def careful_only(buffer: object, index: int, accept: object = None):
    """Stands in for the quick loop: gives no value, so every value takes the careful path."""
    return index
    yield


def read_all(text: str) -> list:
    """What the reader gives, and the count of values it returns at the end."""
    items = read_events(io.StringIO(text))
    found = []
    while True:
        try:
            found.append(next(items))
        except StopIteration as done:
            return [*found, ("read", done.value)]


def read_both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    quick = read_all(text)
    with monkeypatch.context() as patch:
        patch.setattr(jsonstream, "_whole_values", careful_only)
        patch.setattr(jsonstream, "_whole_items", careful_only)
        careful = read_all(text)
    return quick, careful


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pieces=st.lists(JSONISH | MUTATED | st.builds(json.dumps, JSON), max_size=12),
    separator=st.sampled_from(["\n", "\r\n", " ", "\n\n  ", ""]),
    chunk=st.sampled_from([7, 64, 1 << 16]),
)
def test_quick_reading_gives_what_careful_reading_gives(
    monkeypatch: pytest.MonkeyPatch, pieces: list[str], separator: str, chunk: int
) -> None:
    monkeypatch.setattr(jsonstream, "CHUNK", chunk)
    quick, careful = read_both(separator.join(pieces) + separator, monkeypatch)
    assert quick == careful


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pieces=st.lists(JSONISH | MUTATED | st.builds(json.dumps, JSON), max_size=12),
    separator=st.sampled_from([",\n", ",\r\n  ", ", ", ",", " ,\n", "\n"]),
    end=st.sampled_from(["]", "\n]\n", "", ",]", "] x"]),
    chunk=st.sampled_from([7, 64, 1 << 16]),
)
def test_quick_reading_of_arrays_gives_what_careful_reading_gives(
    monkeypatch: pytest.MonkeyPatch, pieces: list[str], separator: str, end: str, chunk: int
) -> None:
    monkeypatch.setattr(jsonstream, "CHUNK", chunk)
    quick, careful = read_both("[" + separator.join(pieces) + end, monkeypatch)
    assert quick == careful


def test_quick_reading_keeps_lines_and_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    text = '{"type": "a"}\n\n  {"type":\n "b"}  {"type": "c"}\r\n{"u": "\\ud83d\\ude00"}\n{"u": "\\ud800"}\n'
    quick, careful = read_both(text, monkeypatch)
    assert quick == careful
    assert quick[-1] == ("read", 5)
    assert [(v.index, v.line, v.col) for v in quick[:-1]] == [
        (1, 1, 1),
        (2, 3, 3),
        (3, 4, 8),
        (4, 5, 1),
        (5, 6, 8),  # the lone half of a pair: refused where it is
    ]


def test_a_long_json_lines_file_reads_the_same_both_ways(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    lines = [
        json.dumps({"type": "a", "n": n, "s": "é" * (n % 5), "at": TIMESTAMPS[n % 16]}) for n in range(3000)
    ]
    quick, careful = read_both("\n".join(lines) + "\n", monkeypatch)
    assert quick == careful and quick[-1] == ("read", 3000) and len(quick) == 3001
