"""The JSON Lines reader's quick loop against its careful path, on what decoders get wrong.

Most values are read in a quick loop (``jsonstream._whole_values``) that
skips the bookkeeping of the careful path. Duplicate keys, spaces before a
colon, strings that start with ':', escapes, nested objects and broken
lines must come out with the places and messages the careful reader
gives (the expected lines below are what ``specsite validate`` printed
before this round's changes), wherever among valid values they sit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specsite.events import jsonstream

from .test_compiledcheck import read_both
from .test_validate_events import GROUPS, PROPS

OK = '{"type": "page_view", "url": "/a"}'
BAD = '{"type": "checkout", "product_ids": ["p1"], "quantities": [1, 0]}'
QUANTITIES = "'quantities' must be an array of positive integers; item 2 is 0"
DUPLICATE = "invalid JSON: duplicate key"


def ok_lines(count: int) -> str:
    return (OK + "\n") * count


CASES = [
    (
        "dup_first.jsonl",
        '{"type": "page_view", "url": "/a", "url": "/b"}\n' + ok_lines(300),
        [f'1:36: event #1: {DUPLICATE} "url" in one object'],
    ),
    (
        "dup_mid.jsonl",
        ok_lines(200) + '{"type": "page_view", "url": "/a", "type": "page_view"}\n' + ok_lines(200) + BAD,
        [
            f'201:36: event #201: {DUPLICATE} "type" in one object',
            f"402:45: event #402 (type 'checkout'): {QUANTITIES}",
        ],
    ),
    (
        "dup_run_end.jsonl",  # the last value of a run
        ok_lines(127) + '{"type": "page_view","url":"/a","url":"/a"}\n' + ok_lines(5),
        [f'128:33: event #128: {DUPLICATE} "url" in one object'],
    ),
    (
        "dup_cancel.jsonl",  # a space before a colon and a string starting with ':' must not cancel out
        ok_lines(50) + '{"type": "page_view", "url" :1,"url" :2,"at":":"}\n' + ok_lines(50),
        [f'51:32: event #51: {DUPLICATE} "url" in one object'],
    ),
    (
        "dup_cancel_lines.jsonl",
        ok_lines(50)
        + '{"type": "page_view", "url" :"/","url":":x"}\n{"type": "page_view","url"\n:"/a", "url": ":"}\n'
        + ok_lines(50),
        [
            f'51:34: event #51: {DUPLICATE} "url" in one object',
            '53:8: event #52: invalid JSON in the value that starts on line 52: duplicate key "url" in one object',
        ],
    ),
    (
        "space_colon.jsonl",
        ok_lines(100)
        + '{"type" : "page_view", "url"\t: "/a"}\n{"type"\r\n: "page_view"}\n'
        + ok_lines(10)
        + BAD,
        [f"114:45: event #113 (type 'checkout'): {QUANTITIES}"],
    ),
    (
        "colon_strings.jsonl",
        ok_lines(100) + '{"type": "page_view", "url": ":a:"}\n{":type": "page_view"}\n' + ok_lines(10) + BAD,
        [
            "102:1: event #102: 'type' is missing; it names the event type, such as 'add_to_cart'",
            f"113:45: event #113 (type 'checkout'): {QUANTITIES}",
        ],
    ),
    (
        "nested_dup.jsonl",
        ok_lines(100)
        + '{"type": "page_view", "url": "/", "x": {"a": 1, "a": 2}}\n'
        + '{"type": "page_view", "x": [{"b": 1}, {"b": 1, "b": 2}]}\n'
        + ok_lines(10),
        [
            f'101:49: event #101: {DUPLICATE} "a" in one object',
            f'102:48: event #102: {DUPLICATE} "b" in one object',
        ],
    ),
    (
        "backslash_dup.jsonl",
        ok_lines(100)
        + '{"type": "page_view", "url": "a\\"b", "url": "c"}\n'
        + '{"type": "page_view", "u\\u0072l": "a", "url": "c"}\n'
        + ok_lines(10),
        [
            f'101:38: event #101: {DUPLICATE} "url" in one object',
            f'102:40: event #102: {DUPLICATE} "url" in one object',
        ],
    ),
    (
        "not_objects.jsonl",
        ok_lines(100) + '[{"type": "page_view"}]\n"x"\n3\nnull\n{"type": "page_view"}\n' + ok_lines(10),
        [
            "101:1: event #101: must be a JSON object, not an array",
            "102:1: event #102: must be a JSON object, not a string",
            "103:1: event #103: must be a JSON object, not a number",
            "104:1: event #104: must be a JSON object, not null",
        ],
    ),
    (
        "nan.jsonl",
        ok_lines(100) + '{"type": "page_view", "url": NaN}\n' + ok_lines(10),
        ["101:30: event #101: invalid JSON: NaN is not a JSON number"],
    ),
    (
        "many_errors.jsonl",  # reading stops after 20 broken lines, as before
        ok_lines(100) + "{oops}\n" * 25 + ok_lines(10) + BAD,
        [
            *(
                f"{n}:2: event #{n}: invalid JSON: Expecting property name enclosed in double quotes"
                for n in range(101, 121)
            ),
            "120:1: event #120: invalid JSON: stopped reading after 20 errors",
        ],
    ),
]


@pytest.fixture
def project(make_project) -> Path:
    return make_project({"specs/event/groups.yml": GROUPS, "specs/event/props.yml": PROPS})


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[case[0] for case in CASES])
def test_problems_among_valid_values_keep_their_messages_and_places(
    project: Path, cli, tmp_path: Path, name: str, text: str, expected: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = cli("validate", str(path), "--root", str(project), "-q")
    assert result.code == 1
    assert [line.replace(str(path), name) for line in result.out.splitlines()] == [
        f"{name}:{line}" for line in expected
    ]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[case[0] for case in CASES])
def test_the_quick_loop_reads_what_careful_reading_reads(
    monkeypatch: pytest.MonkeyPatch, name: str, text: str, expected: list[str]
) -> None:
    quick, careful = read_both(text, monkeypatch)
    assert quick == careful


# Objects built to stress the reader: few key names (so duplicates are common), every kind of
# space before a colon, strings that start with ':' or hold '":', escapes and nested objects.
KEYS = st.sampled_from(['"a"', '"b"', '":"', '":a"', '"a\\"b"', '"\\u0061"'])
COLONS = st.sampled_from([":", ": ", " :", "\t:", "\n:", "\r\n:", " : "])
SCALARS = st.sampled_from(['":"', '":x"', '"\\":"', '"y"', "1", "null", '""', '" :"', '"{"'])


@st.composite
def objects(draw: st.DrawFn, depth: int = 0) -> str:
    members = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 2 and draw(st.integers(0, 5)) == 0:
            value = draw(objects(depth + 1))
        elif draw(st.integers(0, 6)) == 0:
            value = "[" + ",".join(draw(st.lists(SCALARS, max_size=3))) + "]"
        else:
            value = draw(SCALARS)
        members.append(draw(KEYS) + draw(COLONS) + value)
    return "{" + ",".join(members) + "}"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(objects() | st.sampled_from([OK, "3", '"s"', "[]", "{oops}", ""]), max_size=40),
    separator=st.sampled_from(["\n", "\r\n", " ", "\n\n"]),
    chunk=st.sampled_from([64, 1 << 16]),
)
def test_the_quick_loop_never_lets_a_duplicate_key_through(
    monkeypatch: pytest.MonkeyPatch, lines: list[str], separator: str, chunk: int
) -> None:
    monkeypatch.setattr(jsonstream, "CHUNK", chunk)
    quick, careful = read_both(separator.join(lines) + separator, monkeypatch)
    assert quick == careful


# --- where a key is ----------------------------------------------------------------------------

NAMES = st.sampled_from(
    ["a", "b", "type", "{", "[a]", ":", ", ", ",", ": ", "a b", "é", " a", '"', "\\", "\n"]
)
JSON_VALUES = st.recursive(
    st.none() | st.integers() | NAMES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=500, deadline=None)
@given(
    event=st.dictionaries(NAMES, JSON_VALUES, max_size=5),
    key=NAMES,
    indent=st.sampled_from([None, 1]),
    separators=st.sampled_from([(", ", ": "), (",", ":"), (",", " : ")]),
)
def test_a_key_is_found_where_the_token_scan_finds_it(
    event: dict, key: str, indent: int | None, separators: tuple[str, str]
) -> None:
    text = json.dumps(event, indent=indent, separators=separators, ensure_ascii=False)
    assert jsonstream.key_position(text, key) == jsonstream._scanned_key_position(text, key)


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ('{"a": {"b": 1}, "b": 2}', "b", (0, 16)),  # the inner object's key is not the one
        ('{"x": "\\"b\\"", "b": 2}', "b", (0, 15)),  # an escaped quote: the token scan decides
        ('{"x": "\\"b\\":", "b": 2}', "b", (0, 16)),
        ('[{"b": 1}]', "b", None),  # not an object: no top-level key
        ('{"a": "x", ":": 1}', ", ", None),  # '", "' closes "x" and opens ":", followed by a colon
        ('{"x": "b", "y": "\\"b\\""}', "b", None),
        ('{"x": ["{", "b"],\n  "b": 1}', "b", (1, 2)),
    ],
)
def test_key_positions_in_awkward_objects(text: str, key: str, expected: tuple[int, int] | None) -> None:
    assert jsonstream.key_position(text, key) == expected == jsonstream._scanned_key_position(text, key)
