"""The spec model: which props an event type takes, and property groups with mixins."""

from __future__ import annotations

from pathlib import Path

import pytest

from specsite.engine.jsarray import JsArray
from specsite.engine.project import Project, load_inputs

GROUPS = """\
- title: Cart
  events:
    - value: add_to_cart
      desc: Added to the cart.
      tier: core
    - value: remove_from_cart
      desc: Removed from the cart.
    - value: checkout
      desc: Started checkout.
- title: Media
  events:
    - value: watch
      desc: Watched a video.
      tier: 2
"""

PROPS = """\
- name: type
  type: string
  required: true
  desc: The event type.
- name: product_ids
  type: array of strings
  desc: Products.
  used_by: [add_to_cart, remove_from_cart, checkout]
  required_by: [add_to_cart]
- name: quantities
  type: array of positive integers
  desc: How many of each.
  used_by: [add_to_cart, checkout]
- name: context
  type: object
  desc: Free-form context.
  used_by_except: [watch]
- name: watch_time
  type: number
  desc: Seconds watched.
  used_by: [watch]
  required: true
"""


def load(root: Path):
    inputs, diagnostics = load_inputs(Project.at(root))
    assert [d.format() for d in diagnostics] == []
    return inputs.specs


@pytest.fixture
def specs(make_project):
    return load(make_project({"specs/event/groups.yml": GROUPS, "specs/event/props.yml": PROPS}))


def names(props) -> list[str]:
    return [prop.name for prop in props]


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ("add_to_cart", ["type", "product_ids", "quantities", "context"]),
        ("remove_from_cart", ["type", "product_ids", "context"]),
        ("checkout", ["type", "product_ids", "quantities", "context"]),
        ("watch", ["type", "watch_time"]),
    ],
)
def test_props_for_each_event_type(specs, event: str, expected: list[str]) -> None:
    # type: neither list (every type); product_ids/quantities: used_by;
    # context: used_by_except; watch_time: used_by a single type.
    assert names(specs.event.props_for(event)) == expected


def test_required_props_follow_required_and_required_by(specs) -> None:
    assert names(specs.event.required_props_for("add_to_cart")) == ["type", "product_ids"]
    assert names(specs.event.required_props_for("checkout")) == ["type"]
    assert names(specs.event.required_props_for("watch")) == ["type", "watch_time"]
    # required: true only binds the types the prop applies to.
    assert not specs.event.prop("watch_time").required_for("checkout")


def test_events_for_prop_and_groups(specs) -> None:
    catalog = specs.event
    assert [e.value for e in catalog.events_for(catalog.prop("context"))] == [
        "add_to_cart",
        "remove_from_cart",
        "checkout",
    ]
    assert [g.title for g in catalog.groups] == ["Cart", "Media"]
    assert catalog.event("add_to_cart").tier == "core"
    assert catalog.event("watch").tier == 2  # a number tier stays a number
    assert catalog.event("remove_from_cart").tier is None
    assert catalog.event("watch").group == "Media"


def test_unknown_event_type_suggests_the_closest(specs) -> None:
    with pytest.raises(LookupError, match=r"unknown event type 'add_to_card'.*did you mean 'add_to_cart'"):
        specs.event.props_for("add_to_card")


def test_lists_answer_nunjucks_array_methods(specs) -> None:
    used_by = specs.event.prop("quantities").used_by
    assert isinstance(used_by, JsArray)
    assert used_by.join(" ") == "add_to_cart checkout"
    assert used_by.length == 2 and used_by.includes("checkout") and used_by.indexOf("nope") == -1


def test_single_file_namespace_is_the_same_model(make_project, specs) -> None:
    single = "groups:\n" + _indent(GROUPS) + "props:\n" + _indent(PROPS)
    other = load(make_project({"specs/event.yml": single}))
    assert other.event == specs.event


def _indent(text: str) -> str:
    return "".join("  " + line + "\n" for line in text.splitlines())


OPTION_PROPS = """\
- key: timeout
  type: number
  default: 30000
  desc: Milliseconds to wait.
- key: retries
  type: integer
  default: 3
  desc: Attempts after the first.
- key: dry_run
  name: dryRun
  type: boolean
  default: false
  desc: Validate only.
- key: api_key
  type: string
  required: true
  desc: The key.
- key: label
  type: string
  default: null
  desc: A label.
"""

OPTION_GROUPS = """\
- key: _request
  props: [timeout, retries]
- key: _auth
  props: [api_key, _request]
- key: upload.options
  props: [dry_run, _auth, timeout]
- keys: [a.options, b.options]
  props: [label, _request]
"""


@pytest.fixture
def options(make_project):
    files = {"specs/data_api/props.yml": OPTION_PROPS, "specs/data_api/groups.yml": OPTION_GROUPS}
    return load(make_project(files)).data_api


def test_mixins_expand_in_place_recursively(options) -> None:
    group = options.groups["upload.options"]
    # _auth expands to api_key then _request (timeout, retries); the later
    # explicit 'timeout' is already there, so it is not listed twice.
    assert [p.key for p in group.props] == ["dry_run", "api_key", "timeout", "retries"]


def test_keys_share_one_group_definition(options) -> None:
    assert [p.key for p in options.group("a.options").props] == ["label", "timeout", "retries"]
    assert options.group("a.options").props == options.group("b.options").props


def test_prop_fields_and_defaults(options) -> None:
    dry_run = options.prop("dry_run")
    assert (dry_run.name, dry_run.type, dry_run.default, dry_run.has_default) == (
        "dryRun",
        "boolean",
        False,
        True,
    )
    assert options.prop("timeout").name == "timeout"  # name defaults to key
    assert options.prop("api_key").has_default is False and options.prop("api_key").required
    label = options.prop("label")
    assert label.has_default and label.default is None  # an explicit null default is kept


def test_unknown_group_suggests_the_closest(options) -> None:
    with pytest.raises(LookupError, match=r"did you mean 'upload.options'"):
        options.group("upload.option")


def test_number_tier_compares_as_a_number_in_templates(make_project, cli) -> None:
    page = (
        "---\ntitle: T\n---\n{% for event in specs.event.events %}"
        "{% if event.tier is number and event.tier > 1 %}[{{ event.value }} above 1: {{ event.tier + 1 }}]{% endif %}"
        "{% endfor %}\n"
    )
    root = make_project(
        {"specs/event/groups.yml": GROUPS, "specs/event/props.yml": PROPS, "site_src/index.md": page}
    )
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    html = (root / "_site" / "index.html").read_text()
    assert "[watch above 1: 3]" in html and "add_to_cart above" not in html


# --- dead spec: a mixin nothing uses, a prop deliberately in no group -------------------------

DEAD_GROUPS = """\
- key: _request
  props: [timeout]
- key: _legacy
  props: [timeout, retry_count, _gone]
- key: upload.options
  props: [dry_run, _request]
"""

DEAD_PROPS = """\
- key: timeout
  type: number
  desc: Milliseconds to wait.
- key: dry_run
  type: boolean
  desc: Validate only.
"""


def warning_lines(result) -> list[str]:
    return [line for line in result.err.splitlines() if ": warning: " in line]


UNUSED = " (no group uses this mixin, so this is only a warning; fix it or remove the mixin)"


def dead_spec(make_project, groups: str = DEAD_GROUPS, props: str = DEAD_PROPS) -> Path:
    return make_project(
        {
            "site.yml": "title: T\nsearch: false\n",
            "specs/data_api/groups.yml": groups,
            "specs/data_api/props.yml": props,
            "site_src/index.md": "---\ntitle: Home\n---\n{{ proptable('data_api', 'upload.options') }}\n",
        }
    )


def test_a_bad_reference_in_a_mixin_nothing_uses_is_a_warning(make_project, cli) -> None:
    root = dead_spec(make_project)
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    assert warning_lines(result) == [
        "specs/data_api/groups.yml:4:20: warning: unknown prop 'retry_count' in group '_legacy'" + UNUSED,
        "specs/data_api/groups.yml:4:33: warning: unknown mixin '_gone' in group '_legacy'" + UNUSED,
    ]
    assert "<code>timeout</code>" in (root / "_site/index.html").read_text()
    strict = cli("build", "--root", str(root), "--strict", "-q")
    assert strict.code == 1
    assert [line.replace(": error: ", ": warning: ") for line in strict.error_lines] == warning_lines(result)


def test_the_same_mistake_in_a_used_mixin_is_an_error(make_project, cli) -> None:
    groups = DEAD_GROUPS.replace("props: [dry_run, _request]", "props: [dry_run, _request, _legacy]")
    result = cli("build", "--root", str(dead_spec(make_project, groups)), "-q")
    assert result.code == 1
    assert result.error_lines == [
        "specs/data_api/groups.yml:4:20: error: unknown prop 'retry_count' in group '_legacy'",
        "specs/data_api/groups.yml:4:33: error: unknown mixin '_gone' in group '_legacy'",
    ]


def test_a_mixin_used_only_by_a_dead_mixin_is_dead_too(make_project, cli) -> None:
    groups = (
        DEAD_GROUPS.replace("[timeout, retry_count, _gone]", "[_older]") + "- key: _older\n  props: [nope]\n"
    )
    result = cli("build", "--root", str(dead_spec(make_project, groups)), "-q")
    assert result.code == 0, result.err
    assert warning_lines(result) == [
        "specs/data_api/groups.yml:8:11: warning: unknown prop 'nope' in group '_older'" + UNUSED
    ]


def test_strict_accepts_a_prop_marked_unlisted(make_project, cli) -> None:
    groups = "- key: upload.options\n  props: [dry_run, timeout]\n"
    props = DEAD_PROPS + "- key: internal_id\n  type: string\n  desc: Set by the server.\n"
    root = dead_spec(make_project, groups, props)
    result = cli("build", "--root", str(root), "--strict", "-q")
    assert result.code == 1
    assert result.error_lines == [
        "specs/data_api/props.yml:7:3: error: prop 'internal_id' of 'data_api' is in no group, so no table"
        " shows it; add it to a group, remove it, or mark it 'unlisted: true'"
    ]
    (root / "specs/data_api/props.yml").write_text(props + "  unlisted: true\n")
    result = cli("build", "--root", str(root), "--strict", "-q")
    assert result.code == 0, result.err
    assert load(root).data_api.prop("internal_id").unlisted
    # Marking a prop that a group lists is a mistake too.
    (root / "specs/data_api/props.yml").write_text(
        props.replace("desc: Validate only.", "desc: V.\n  unlisted: true") + "  unlisted: true\n"
    )
    result = cli("build", "--root", str(root), "--strict", "-q")
    assert result.error_lines == [
        "specs/data_api/props.yml:4:3: error: prop 'dry_run' of 'data_api' is marked 'unlisted: true' but a"
        " group lists it; remove 'unlisted'"
    ]
