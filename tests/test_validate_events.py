"""``specsite validate``: JSON objects, arrays and JSON Lines, checked against the event spec."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest

from specsite.events.jsonstream import SyntaxProblem, Value, key_offset, read_events

GROUPS = """\
- title: Cart
  events:
    - value: add_to_cart
      desc: Added.
    - value: checkout
      desc: Checked out.
    - value: purchase
      desc: Paid.
- title: Views
  events:
    - value: page_view
      desc: Viewed.
"""
PROPS = """\
- name: type
  type: string
  required: true
  desc: The type.
- name: at
  type: timestamp
  desc: When.
- name: product_ids
  type: array of strings
  required: true
  used_by: [add_to_cart, checkout, purchase]
  desc: Items.
- name: quantities
  type: array of positive integers
  used_by: [add_to_cart, checkout, purchase]
  desc: How many.
- name: revenue
  type: number
  used_by: [checkout, purchase]
  required_by: [purchase]
  desc: Money.
- name: url
  type: string
  used_by: [page_view]
  desc: Where.
"""


@pytest.fixture
def project(make_project) -> Path:
    return make_project({"specs/event/groups.yml": GROUPS, "specs/event/props.yml": PROPS})


@pytest.fixture
def validate(project: Path, cli, tmp_path: Path):
    def run(name: str, text: str | bytes, *extra: str):
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        result = cli("validate", str(path), "--root", str(project), *extra)
        shown = [line.replace(str(path), name) for line in result.out.splitlines()]
        return result, shown

    return run


def jsonl(*events: object) -> str:
    return "".join(json.dumps(event) + "\n" for event in events)


GOOD = {"type": "checkout", "product_ids": ["a"], "quantities": [1, 2], "revenue": 9.5}


# --- valid files of each format -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "count"),
    [
        ("one.json", json.dumps(GOOD, indent=2), "1 event"),
        ("many.json", json.dumps([GOOD, {"type": "page_view", "url": "/"}], indent=2), "2 events"),
        ("empty.json", "[]", "0 events"),
        ("events.jsonl", jsonl(GOOD, {"type": "page_view"}) + "\n\n" + jsonl(GOOD), "3 events"),
    ],
)
def test_valid_files_exit_0(validate, name: str, text: str, count: str) -> None:
    result, lines = validate(name, text)
    assert result.code == 0, result.out + result.err
    assert lines == []
    assert result.err.strip().endswith(f"{name}: {count}, all valid")


# --- invalid files: one line per problem, at the right line ------------------------------


def test_json_lines_problems_name_file_line_event_and_type(validate) -> None:
    text = jsonl(
        GOOD,
        {**GOOD, "quantities": [1, 0]},
        {"type": "checkout", "product_ids": ["a"], "quantities": "3"},
        {"type": "purchase", "product_ids": ["a"]},
        {"type": "add_to_card"},
        {"product_ids": []},
        ["not", "an", "object"],
        {"type": "page_view", "url": "/", "revenue": 3, "urll": "/", "colour": "red"},
        {"type": "page_view", "at": "yesterday"},
    )
    result, lines = validate("events.jsonl", text)
    assert result.code == 1
    assert lines == [
        "events.jsonl:2:44: event #2 (type 'checkout'): 'quantities' must be an array of positive integers; item 2 is 0",
        "events.jsonl:3:44: event #3 (type 'checkout'): 'quantities' must be an array of positive integers, not \"3\"",
        "events.jsonl:4:1: event #4 (type 'purchase'): 'revenue' is required",
        "events.jsonl:5:2: event #5 (type 'add_to_card'): unknown event type 'add_to_card' (did you mean 'add_to_cart'?)",
        "events.jsonl:6:1: event #6: 'type' is missing; it names the event type, such as 'add_to_cart'",
        "events.jsonl:7:1: event #7: must be a JSON object, not an array",
        "events.jsonl:8:35: event #8 (type 'page_view'): 'revenue' does not apply to 'page_view' events",
        "events.jsonl:8:49: event #8 (type 'page_view'): unknown property 'urll' (did you mean 'url'?)",
        "events.jsonl:8:62: event #8 (type 'page_view'): unknown property 'colour'",
        "events.jsonl:9:23: event #9 (type 'page_view'): 'at' must be a timestamp, not \"yesterday\"",
    ]
    assert result.err.strip().endswith("events.jsonl: 9 events, 8 with problems (10 in all)")


def test_pretty_printed_array_problems_point_at_the_property(validate) -> None:
    events = [GOOD, {"type": "checkout", "product_ids": ["a"], "quantities": [3, -1]}, {"type": "purchase"}]
    text = json.dumps(events, indent=2)
    result, lines = validate("batch.json", text)
    source = text.splitlines()
    assert result.code == 1
    quantities = next(i for i, line in enumerate(source, 1) if '"quantities"' in line and i > 10)
    purchase = next(i for i, line in enumerate(source, 1) if '"purchase"' in line)
    assert lines == [
        f"batch.json:{quantities}:5: event #2 (type 'checkout'): "
        "'quantities' must be an array of positive integers; item 2 is -1",
        f"batch.json:{purchase - 1}:3: event #3 (type 'purchase'): 'product_ids' is required",
        f"batch.json:{purchase - 1}:3: event #3 (type 'purchase'): 'revenue' is required",
    ]


def test_single_object_file(validate) -> None:
    result, lines = validate("one.json", '{\n  "type": "checkout",\n  "product_ids": "a"\n}\n')
    assert result.code == 1
    assert lines == [
        "one.json:3:3: event #1 (type 'checkout'): 'product_ids' must be an array of strings, not \"a\""
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "broken.jsonl",
            jsonl(GOOD) + '{"type": "checkout", "product_ids": ["a"]\n' + jsonl(GOOD, {"type": "x"}),
            [
                "broken.jsonl:3:1: event #2: invalid JSON in the value that starts on line 2: Expecting ',' delimiter",
                "broken.jsonl:4:2: event #4 (type 'x'): unknown event type 'x'",
            ],
        ),
        (
            "broken.json",
            '[\n  {"type": "checkout", "product_ids": ["a"]},\n  {"type": "checkout" "product_ids": []}\n]',
            ["broken.json:3:23: event #2: invalid JSON: Expecting ',' delimiter"],
        ),
        (
            "unclosed.json",
            '[\n  {"type": "page_view"},\n',
            ["unclosed.json:3:1: event #2: invalid JSON: the array is not closed with ']'"],
        ),
        (
            "trailing.json",
            '[{"type": "page_view"}]\n[]\n',
            ["trailing.json:2:1: event #1: invalid JSON: extra data after the array"],
        ),
    ],
)
def test_json_syntax_errors_are_located(validate, name: str, text: str, expected: list[str]) -> None:
    result, lines = validate(name, text)
    assert result.code == 1
    assert lines == expected


def test_not_utf8(validate) -> None:
    result, lines = validate("latin1.jsonl", '{"type": "page_view", "url": "caf\u00e9"}\n'.encode("latin-1"))
    assert result.code == 1
    assert lines == ["latin1.jsonl:1:34: not valid UTF-8 (byte 0xe9); save it as UTF-8"]


# --- choosing the catalog, and mistakes on the command line ---------------------------------


def test_namespace_option_and_usage_errors(make_project, cli, tmp_path: Path) -> None:
    root = make_project(
        {
            "specs/media/groups.yml": "- title: M\n  events:\n    - value: play\n      desc: x\n",
            "specs/media/props.yml": "- name: type\n  type: string\n  desc: t\n",
        }
    )
    events = tmp_path / "e.jsonl"
    events.write_text(jsonl({"type": "play"}))
    assert cli("validate", str(events), "--root", str(root)).code == 0  # the only catalog
    assert cli("validate", str(events), "--root", str(root), "--namespace", "media").code == 0
    wrong = cli("validate", str(events), "--root", str(root), "--namespace", "medai")
    assert wrong.code == 2
    assert "no event catalog 'medai'" in wrong.err and "(did you mean 'media'?)" in wrong.err
    missing = cli("validate", str(tmp_path / "nope.jsonl"), "--root", str(root))
    assert missing.code == 2 and "cannot read" in missing.err


def test_spec_errors_stop_validation_with_located_diagnostics(make_project, cli, tmp_path: Path) -> None:
    root = make_project(
        {
            "specs/event/groups.yml": GROUPS,
            "specs/event/props.yml": "- name: type\n  type: strng\n  desc: t\n",
        }
    )
    events = tmp_path / "e.jsonl"
    events.write_text(jsonl({"type": "page_view"}))
    result = cli("validate", str(events), "--root", str(root))
    assert result.code == 1
    assert result.error_lines[0].startswith("specs/event/props.yml:2:9: error: unknown type 'strng'")


def test_demo_project_validates_its_own_examples(cli, tmp_path: Path) -> None:
    from specsite.engine.project import Project, load_inputs
    from specsite.events.eventschema import example_payload

    from .conftest import REPO

    inputs, _ = load_inputs(Project.at(REPO))
    catalog = inputs.specs.event
    events = tmp_path / "all.jsonl"
    events.write_text(jsonl(*(example_payload(catalog, e.value) for e in catalog.events)))
    result = cli("validate", str(events), "--root", str(REPO))
    assert result.code == 0, result.out
    assert f"{len(catalog.events)} events, all valid" in result.err


# --- streaming ------------------------------------------------------------------------------


class Endless(io.TextIOBase):
    """A stream that never ends: reading it whole would never finish."""

    def __init__(self, head: str, item: str):
        self.head, self.item, self.served = head, item, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        assert size is not None and size > 0, "the reader asked for the whole stream"
        text = self.head + self.item * (size // len(self.item) + 1)
        self.head = ""
        self.served += len(text)
        return text


@pytest.mark.parametrize(
    ("head", "item"),
    [("", '{"type": "page_view", "url": "/"}\n'), ("[\n", '  {"type": "page_view", "url": "/"},\n')],
)
def test_reading_streams_instead_of_loading_the_file(head: str, item: str) -> None:
    stream = Endless(head, item)
    values = list(itertools.islice(read_events(stream), 5000))
    assert [v.index for v in values] == list(range(1, 5001))
    assert values[-1].line == 5000 + (1 if head else 0)
    assert values[-1].data == {"type": "page_view", "url": "/"}
    # Only a few chunks were read for 5,000 events (~180 KB of text).
    assert stream.served < 1_000_000


def test_values_split_across_chunk_boundaries(monkeypatch) -> None:
    import specsite.events.jsonstream as jsonstream

    monkeypatch.setattr(jsonstream, "CHUNK", 5)
    monkeypatch.setattr(jsonstream, "LOOKAHEAD", 40)
    events = [{"type": "t", "n": i * 12345, "s": "x" * (i % 30)} for i in range(300)]
    read = list(read_events(io.StringIO(json.dumps(events, indent=1))))
    assert all(isinstance(v, Value) for v in read)
    assert [v.data for v in read] == events
    read = list(read_events(io.StringIO(jsonl(*events) + "{oops}\n" + jsonl(*events))))
    problems = [v for v in read if isinstance(v, SyntaxProblem)]
    assert [(p.index, p.line) for p in problems] == [(301, 301)]
    assert [v.data for v in read if isinstance(v, Value)] == events + events


def test_key_offset_finds_top_level_keys_only() -> None:
    text = '{\n  "context": {"url": 1},\n  "url": "x",\n  "list": ["url", {"url": 2}]\n}'
    assert key_offset(text, "url") == 2
    assert key_offset(text, "context") == 1
    assert key_offset(text, "missing") is None


def test_events_can_come_from_stdin(project: Path, cli, monkeypatch) -> None:
    import sys

    data = jsonl(GOOD, {"type": "page_view", "url": 1}).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = cli("validate", "-", "--root", str(project))
    assert result.code == 1
    assert result.out.splitlines() == [
        "<stdin>:2:23: event #2 (type 'page_view'): 'url' must be a string, not 1"
    ]


# --- as strict as the JSON standard (RFC 8259), and never a crash -------------------------------

PAGE_VIEW = '{"type": "page_view", "url": "/"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PAGE_VIEW + ', "revenue": NaN}', "1:46: event #1: invalid JSON: NaN is not a JSON number"),
        (PAGE_VIEW + ', "at": -Infinity}', "1:41: event #1: invalid JSON: -Infinity is not a JSON number"),
        (PAGE_VIEW + ', "url": "/x"}', '1:35: event #1: invalid JSON: duplicate key "url" in one object'),
        (
            '{"type": "page_view", "context": {"a": 1, "a": 2}}',
            '1:43: event #1: invalid JSON: duplicate key "a" in one object',
        ),
        (
            PAGE_VIEW[:-1] + '\\ud800"}',
            "1:32: event #1: invalid JSON: unpaired surrogate escape (half of a UTF-16 pair)",
        ),
        (
            PAGE_VIEW[:-1] + '\\udc00x"}',
            "1:32: event #1: invalid JSON: unpaired surrogate escape (half of a UTF-16 pair)",
        ),
        (
            PAGE_VIEW + ', "revenue": ' + "7" * 5000 + "}",
            "1:46: event #1: invalid JSON: an integer of more than 4,300 digits is refused",
        ),
        ("[" * 3000 + "]" * 3000, "1:502: event #1: invalid JSON: nested more than 500 levels deep"),
        (
            '{"type": ' + "[" * 600 + "]" * 600 + "}",
            "1:509: event #1: invalid JSON: nested more than 500 levels deep",
        ),
    ],
    ids=[
        "nan",
        "infinity",
        "duplicate-key",
        "nested-duplicate",
        "lone-high",
        "lone-low",
        "huge-int",
        "deep",
        "deep-ok-for-python",
    ],
)
def test_json_the_standard_refuses_is_refused_with_line_and_column(
    validate, text: str, expected: str
) -> None:
    result, lines = validate("events.jsonl", text + "\n" + jsonl({"type": "page_view", "url": 5}))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert lines[0] == f"events.jsonl:{expected}"
    # JSON Lines go on after a broken line; an array of events ends at its first broken item.
    after = ["events.jsonl:2:23: event #2 (type 'page_view'): 'url' must be a string, not 5"]
    assert lines[1:] == ([] if text.startswith("[") else after)


def test_a_surrogate_pair_and_an_escaped_backslash_are_fine(validate) -> None:
    text = PAGE_VIEW[:-1] + '\\ud83d\\ude00 \\\\ud800"}\n'
    result, lines = validate("events.jsonl", text)
    assert result.code == 0 and lines == [], result.out


def test_a_string_of_several_mebibytes_is_read(validate) -> None:
    big = {"type": "page_view", "url": "/" + "x" * (3 << 20)}
    result, lines = validate("big.json", json.dumps([big, {"type": "page_view", "url": 1}]))
    assert result.code == 1
    assert lines == ["big.json:1:3145787: event #2 (type 'page_view'): 'url' must be a string, not 1"]


def test_reading_goes_on_right_after_a_refused_value_that_spans_lines(validate) -> None:
    text = '{"type": "page_view",\n "url": "/",\n "url": "/again"}\n{"type": "page_view", "url": 5}\n'
    result, lines = validate("events.jsonl", text)
    assert lines == [
        'events.jsonl:3:2: event #1: invalid JSON in the value that starts on line 1: duplicate key "url" in one object',
        "events.jsonl:4:23: event #2 (type 'page_view'): 'url' must be a string, not 5",
    ]
    assert result.err.strip().endswith("events.jsonl: 2 events, 2 with problems (2 in all)")


# --- places after thousands of valid events --------------------------------------------------
# Valid events are read in a quick loop that neither gives them on nor counts their lines; the
# lines and columns of the problems after them (expected values as ``specsite validate`` gave
# them before the quick loop) must not move, across chunk boundaries and in every layout.
OK = '{"type": "page_view", "url": "/a"}'
BAD = '{"type": "checkout", "product_ids": ["p1"], "quantities": [1, 0]}'
MANY = 2000  # about 70 KB: more than one chunk of reading
QUANTITIES = "'quantities' must be an array of positive integers; item 2 is 0"
PLACES = [
    (
        "crlf.jsonl",
        (OK + "\r\n") * MANY + BAD + "\r\n" + (OK + "\r\n") * MANY + BAD + "\r\n",
        [
            f"2001:45: event #2001 (type 'checkout'): {QUANTITIES}",
            f"4002:45: event #4002 (type 'checkout'): {QUANTITIES}",
        ],
    ),
    (
        "bom.jsonl",
        "\ufeff" + (OK + "\n") * MANY + BAD + "\n",
        [f"2001:45: event #2001 (type 'checkout'): {QUANTITIES}"],
    ),
    (
        "blank.jsonl",
        (OK + "\n\n  \n") * MANY + "   " + BAD + "\n\n" + (OK + "\n") * 3,
        [f"6001:48: event #2001 (type 'checkout'): {QUANTITIES}"],
    ),
    (
        "array.json",
        json.dumps([json.loads(OK)] * MANY + [json.loads(BAD)] + [json.loads(OK)] * MANY, indent=2),
        [f"8007:5: event #2001 (type 'checkout'): {QUANTITIES}"],
    ),
    (
        "broken.jsonl",
        (OK + "\n") * MANY + '{"type": "page_view", oops}\n' + (OK + "\n") * MANY + BAD + "\n",
        [
            "2001:23: event #2001: invalid JSON: Expecting property name enclosed in double quotes",
            f"4002:45: event #4002 (type 'checkout'): {QUANTITIES}",
        ],
    ),
    (
        "huge.jsonl",  # a line of 3 MB: more than the reading lookahead
        (OK + "\n") * MANY
        + json.dumps({"type": "page_view", "url": "x" * 3_000_000})
        + "\n"
        + (OK + "\n") * 10
        + BAD,
        [f"2012:45: event #2012 (type 'checkout'): {QUANTITIES}"],
    ),
    (
        "oneline.jsonl",
        (OK + " ") * MANY + BAD + " " + OK,
        [f"1:70045: event #2001 (type 'checkout'): {QUANTITIES}"],
    ),
    (
        "escapes.jsonl",
        (OK + "\n") * MANY
        + '{"type": "page_view", "url": "\\ud800"}\n{"type": "page_view", "url": "\\ud83d\\ude00"}\n'
        + BAD,
        [
            "2001:31: event #2001: invalid JSON: unpaired surrogate escape (half of a UTF-16 pair)",
            f"2003:45: event #2003 (type 'checkout'): {QUANTITIES}",
        ],
    ),
    (
        "notutf8.jsonl",
        ((OK + "\n") * MANY).encode() + b'{"type": "page_view", "url": "caf\xe9"}\n',
        ["2001:34: not valid UTF-8 (byte 0xe9); save it as UTF-8"],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), PLACES, ids=[case[0] for case in PLACES])
def test_problems_after_thousands_of_valid_events_keep_their_places(
    validate, name: str, text: str | bytes, expected: list[str]
) -> None:
    result, shown = validate(name, text)
    assert result.code == 1
    assert shown == [f"{name}:{line}" for line in expected]
