"""Type strings, the JSON Schema documents written to _site/schemas/, and example payloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from specsite.engine.project import Project, load_inputs
from specsite.events.eventschema import example_payload
from specsite.model.eventtypes import SCALARS, TypeStringError, accepts, parse_type


@pytest.mark.parametrize(
    ("text", "schema", "phrase"),
    [
        ("string", {"type": "string"}, "a string"),
        ("integer", {"type": "integer"}, "an integer"),
        ("timestamp", {"type": "string", "format": "date-time"}, "a timestamp"),
        ("positive integer", {"type": "integer", "minimum": 1}, "a positive integer"),
        ("array", {"type": "array"}, "an array"),
        (
            "array of positive integers",
            {"type": "array", "items": {"type": "integer", "minimum": 1}},
            "an array of positive integers",
        ),
        (
            "array  of arrays of  strings",
            {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
            "an array of arrays of strings",
        ),
    ],
)
def test_type_strings_map_to_schemas(text: str, schema: dict, phrase: str) -> None:
    parsed = parse_type(text)
    assert parsed.schema() == schema
    assert parsed.phrase == phrase


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("strng", "(did you mean 'string'?)"),
        ("array of string", "(did you mean 'array of strings'?)"),
        ("array of positive integer", "(did you mean 'array of positive integers'?)"),
        ("String", "(did you mean 'string'?)"),
        ("dict", ""),
        ("", ""),
    ],
)
def test_unknown_type_strings_are_errors(text: str, hint: str) -> None:
    with pytest.raises(TypeStringError) as caught:
        parse_type(text)
    message = str(caught.value)
    assert message.startswith(f"unknown type '{text}'{' ' + hint if hint else ''};")
    assert "array of" in message


def test_timestamps_must_be_rfc3339_dates_and_times() -> None:
    timestamp = parse_type("timestamp")
    assert accepts(timestamp, "2024-05-01T09:30:00Z")
    assert accepts(timestamp, "2024-05-01T09:30:00.250+02:00")
    for bad in ("2024-05-01", "2024-13-01T09:30:00Z", "2024-05-01T09:30:00", "yesterday", 1714555800):
        assert not accepts(timestamp, bad), bad


TYPE_TEXTS = st.recursive(
    st.sampled_from([s.singular for s in SCALARS] + ["array"]),
    lambda inner: inner.map(lambda t: "array of " + _plural(t)),
    max_leaves=4,
)


def _plural(text: str) -> str:
    if text.startswith("array of "):
        return "arrays of " + text.removeprefix("array of ")
    if text == "array":
        return "arrays"
    return next(s.plural for s in SCALARS if s.singular == text)


@given(TYPE_TEXTS)
def test_every_type_accepts_its_own_sample(text: str) -> None:
    parsed = parse_type(text)
    assert parsed.text == text
    assert accepts(parsed, parsed.sample())
    assert not accepts(parsed, {"surely": "not this"}) or text == "object"


# --- the schema documents of the demo ----------------------------------------------


@pytest.fixture(scope="module")
def demo(built_demo: Path):
    inputs, _ = load_inputs(Project.at(built_demo.parent))
    return inputs.specs.event


def load_schema(site: Path, name: str) -> dict:
    return json.loads((site / "schemas" / name).read_text(encoding="utf-8"))


def test_every_schema_passes_the_meta_schema(built_demo: Path, demo) -> None:
    any_event = load_schema(built_demo, "event.schema.json")
    Draft202012Validator.check_schema(any_event)
    assert any_event["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert [ref["$ref"] for ref in any_event["oneOf"]] == [f"#/$defs/{e.value}" for e in demo.events]
    for event in demo.events:
        schema = load_schema(built_demo, f"event/{event.value}.schema.json")
        Draft202012Validator.check_schema(schema)
        props = demo.props_for(event.value)
        assert list(schema["properties"]) == [p.name for p in props]
        assert schema["required"] == [p.name for p in demo.required_props_for(event.value)]
        assert schema["additionalProperties"] is False
        assert schema["properties"]["type"]["const"] == event.value


def test_examples_match_their_schema_and_only_it(built_demo: Path, demo) -> None:
    any_event = Draft202012Validator(load_schema(built_demo, "event.schema.json"))
    for event in demo.events:
        example = example_payload(demo, event.value)
        own = Draft202012Validator(load_schema(built_demo, f"event/{event.value}.schema.json"))
        assert list(own.iter_errors(example)) == [], event.value
        assert list(any_event.iter_errors(example)) == [], event.value
        # Required props are always in the example; `example:` values from the spec are used.
        assert {p.name for p in demo.required_props_for(event.value)} <= set(example)
    assert example_payload(demo, "add_to_cart")["product_ids"] == demo.prop("product_ids").example


def test_the_any_event_schema_rejects_what_the_type_rejects(built_demo: Path) -> None:
    any_event = Draft202012Validator(load_schema(built_demo, "event.schema.json"))
    assert not any_event.is_valid({"type": "purchase", "product_ids": ["a"]})  # revenue, currency missing
    assert not any_event.is_valid({"type": "search", "search_query": "x", "revenue": 3})  # not for search
    assert not any_event.is_valid({"type": "add_to_card", "product_ids": ["a"]})
    assert any_event.is_valid({"type": "search", "search_query": "x"})


def test_schemas_get_an_id_under_the_base_url(demo_project: Path, cli) -> None:
    result = cli("build", "--root", str(demo_project), "--base-url", "https://docs.example.com/v2/", "-q")
    assert result.code == 0, result.err
    schema = load_schema(demo_project / "_site", "event/watch.schema.json")
    assert schema["$id"] == "https://docs.example.com/v2/schemas/event/watch.schema.json"


# --- type strings and examples in the spec are checked when it loads ---------------------

GROUPS = "- title: Cart\n  events:\n    - value: add_to_cart\n      desc: Added.\n"


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        (
            "- name: qty\n  type: strng\n  desc: x\n",
            "specs/event/props.yml:2:9: error: unknown type 'strng' (did you mean 'string'?);",
        ),
        (
            "- name: qty\n  type: array of positive integers\n  example: [1, 0]\n  desc: x\n",
            "specs/event/props.yml:3:12: error: 'example' of 'qty' must be an array of positive "
            "integers (its type), not [1, 0]",
        ),
        (
            "- name: at\n  type: timestamp\n  example: 2024-05-01T09:30:00Z\n  desc: x\n",
            "specs/event/props.yml:3:12: error: 'example' was read by YAML as a date",
        ),
        (
            "- name: at\n  type: timestamp\n  example: '2024-05-01'\n  desc: x\n",
            "specs/event/props.yml:3:12: error: 'example' of 'at' must be a timestamp (its type)",
        ),
    ],
)
def test_spec_type_and_example_errors_are_located(make_project, cli, props: str, expected: str) -> None:
    root = make_project({"specs/event/groups.yml": GROUPS, "specs/event/props.yml": props})
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines[0].startswith(expected), result.err
    assert not (root / "_site").exists()


# --- any catalog: its schemas are valid and its examples pass them ----------------------------

VALUES = ["open", "close", "v2.buy", "page-view", "9lives"]
TYPES = ["string", "number", "integer", "boolean", "object", "timestamp", "array of positive integers"]


@st.composite
def catalogs(draw: st.DrawFn):
    import yaml

    from specsite.engine.errors import Pos, Report
    from specsite.engine.yamlsrc import parse
    from specsite.model.events import build_catalog

    values = draw(st.lists(st.sampled_from(VALUES), min_size=1, max_size=5, unique=True))
    props = []
    for index in range(draw(st.integers(0, 6))):
        prop = {"name": f"p{index}", "type": draw(st.sampled_from(TYPES)), "desc": "x"}
        scope = draw(st.sampled_from(["all", "used_by", "used_by_except"]))
        chosen = draw(st.lists(st.sampled_from(values), min_size=1, unique=True))
        if scope != "all":
            prop[scope] = chosen
        prop["required"] = draw(st.booleans())
        props.append(prop)
    groups = [{"title": "G", "events": [{"value": v, "desc": "d"} for v in values]}]
    report = Report("specs/event.yml")
    parts = [(report, parse(yaml.safe_dump(data)), Pos(1, 1)) for data in (groups, props)]
    catalog = build_catalog("event", parts[0], parts[1])
    assert not report.items, report.items
    return catalog


@given(catalogs())
def test_any_catalogs_schemas_are_valid_and_accept_its_examples(catalog) -> None:
    from specsite.events.eventschema import document

    whole = document(catalog, None, "https://x.example/docs")
    Draft202012Validator.check_schema(whole)
    any_event = Draft202012Validator(whole)
    for event in catalog.events:
        example = example_payload(catalog, event.value)
        assert any_event.is_valid(example), (event.value, example)
        assert not any_event.is_valid({**example, "type": "no-such-type"})
