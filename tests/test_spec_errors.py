"""Every spec validation error names the file, line and column, and the build exits 1."""

from __future__ import annotations

import pytest

GROUPS = """\
- title: Cart
  events:
    - value: add_to_cart
      desc: Added.
    - value: checkout
      desc: Checked out.
"""
PROPS = """\
- name: type
  type: string
  desc: The type.
"""
OPTION_PROPS = """\
- key: timeout
  type: number
  desc: Milliseconds.
- key: retries
  type: integer
  desc: Attempts.
"""
OPTION_GROUPS = """\
- key: _request
  props: [timeout, retries]
"""
IDENT_HELP = "use only letters, digits, '_', '.' and '-'"

# (case id, {file: content}, the expected error lines)
CASES = [
    (
        "unknown-used-by",
        {
            "specs/event/props.yml": "- name: qty\n  type: number\n  desc: How many.\n  used_by: [add_to_card]\n"
        },
        [
            "specs/event/props.yml:4:13: error: unknown event type 'add_to_card' in 'used_by'"
            " (did you mean 'add_to_cart'?)"
        ],
    ),
    (
        "unknown-used-by-except",
        {
            "specs/event/props.yml": "- name: qty\n  type: number\n  desc: x\n  used_by_except:\n    - chekout\n"
        },
        [
            "specs/event/props.yml:5:7: error: unknown event type 'chekout' in 'used_by_except'"
            " (did you mean 'checkout'?)"
        ],
    ),
    (
        "unknown-required-by",
        {"specs/event/props.yml": "- name: qty\n  type: number\n  desc: x\n  required_by: [nope]\n"},
        ["specs/event/props.yml:4:17: error: unknown event type 'nope' in 'required_by'"],
    ),
    (
        "required-by-not-applying",
        {
            "specs/event/props.yml": (
                "- name: qty\n  type: number\n  desc: x\n  used_by: [checkout]\n  required_by: [add_to_cart]\n"
            )
        },
        [
            "specs/event/props.yml:5:16: error: property 'qty' is required_by 'add_to_cart'"
            " but does not apply to it"
        ],
    ),
    (
        "both-lists",
        {
            "specs/event/props.yml": (
                "- name: qty\n  type: number\n  desc: x\n  used_by: [checkout]\n  used_by_except: [add_to_cart]\n"
            )
        },
        [
            "specs/event/props.yml:5:3: error: property 'qty' has both 'used_by' and 'used_by_except';"
            " keep one of them"
        ],
    ),
    (
        "empty-used-by",
        {"specs/event/props.yml": "- name: qty\n  type: number\n  desc: x\n  used_by: []\n"},
        [
            "specs/event/props.yml:4:12: error: 'used_by' is empty; remove it to apply the property"
            " to every event type"
        ],
    ),
    (
        "duplicate-prop-name",
        {
            "specs/event/props.yml": "- name: qty\n  type: number\n  desc: x\n- name: qty\n  type: string\n  desc: y\n"
        },
        ["specs/event/props.yml:4:9: error: duplicate property 'qty' (first defined at line 1)"],
    ),
    (
        "missing-type",
        {"specs/event/props.yml": "- name: qty\n  desc: x\n"},
        ["specs/event/props.yml:1:3: error: event property is missing the required field 'type'"],
    ),
    (
        "required-not-boolean",
        {"specs/event/props.yml": "- name: qty\n  type: number\n  desc: x\n  required: 'yes'\n"},
        ["specs/event/props.yml:4:13: error: 'required' must be true or false, not text"],
    ),
    (
        "desc-not-text",
        {"specs/event/props.yml": "- name: qty\n  type: number\n  desc: [a, b]\n"},
        ["specs/event/props.yml:3:9: error: 'desc' must be text, not a list"],
    ),
    (
        "unsafe-prop-name",
        {"specs/event/props.yml": "- name: 'qty\"><script>'\n  type: number\n  desc: x\n"},
        [f"specs/event/props.yml:1:9: error: 'name' 'qty\"><script>' is not a safe identifier: {IDENT_HELP}"],
    ),
    (
        "unknown-field",
        {"specs/event/props.yml": "- name: qty\n  type: number\n  desc: x\n  use_by: [checkout]\n"},
        [
            "specs/event/props.yml:4:3: error: unknown field 'use_by' in event property (did you mean 'used_by'?)"
        ],
    ),
    (
        "props-not-a-list",
        {"specs/event/props.yml": "name: qty\n"},
        ["specs/event/props.yml:1:1: error: the event properties must be a list, not a mapping"],
    ),
    (
        "duplicate-event-value",
        {
            "specs/event/groups.yml": (
                "- title: Cart\n  events:\n    - value: checkout\n      desc: a\n"
                "    - value: checkout\n      desc: b\n"
            )
        },
        ["specs/event/groups.yml:5:14: error: duplicate event type 'checkout' (first defined at line 3)"],
    ),
    (
        "unsafe-event-value",
        {"specs/event/groups.yml": "- title: Cart\n  events:\n    - value: add to cart\n      desc: a\n"},
        [f"specs/event/groups.yml:3:14: error: 'value' 'add to cart' is not a safe identifier: {IDENT_HELP}"],
    ),
    (
        "events-not-a-list",
        {"specs/event/groups.yml": "- title: Cart\n  events: add_to_cart\n"},
        ["specs/event/groups.yml:2:11: error: 'events' must be a list, not text"],
    ),
    (
        "group-without-title",
        {"specs/event/groups.yml": "- events:\n    - value: a\n      desc: b\n"},
        ["specs/event/groups.yml:1:3: error: event group is missing the required field 'title'"],
    ),
    (
        "event-without-desc",
        {"specs/event/groups.yml": "- title: Cart\n  events:\n    - value: a\n"},
        ["specs/event/groups.yml:3:7: error: event type is missing the required field 'desc'"],
    ),
    (
        # The broken event type is reported once, not again where a prop refers to it.
        "broken-event-referenced",
        {
            "specs/event/groups.yml": "- title: Cart\n  events:\n    - value: checkout\n",
            "specs/event/props.yml": "- name: qty\n  type: number\n  desc: x\n  used_by: [checkout]\n",
        },
        ["specs/event/groups.yml:3:7: error: event type is missing the required field 'desc'"],
    ),
    (
        "unknown-prop-in-group",
        {"specs/data_api/groups.yml": "- key: upload\n  props: [timout]\n"},
        [
            "specs/data_api/groups.yml:2:11: error: unknown prop 'timout' in group 'upload' (did you mean 'timeout'?)"
        ],
    ),
    (
        "unknown-mixin",
        {"specs/data_api/groups.yml": OPTION_GROUPS + "- key: upload\n  props: [_reqest]\n"},
        [
            "specs/data_api/groups.yml:4:11: error: unknown mixin '_reqest' in group 'upload'"
            " (did you mean '_request'?)"
        ],
    ),
    (
        "mixin-cycle",
        {
            "specs/data_api/groups.yml": "- key: _a\n  props: [_b]\n- key: _b\n  props: [timeout, _a]\n- key: g\n  props: [_a]\n"
        },
        ["specs/data_api/groups.yml:4:20: error: mixin cycle: _a -> _b -> _a"],
    ),
    (
        "self-mixin",
        {"specs/data_api/groups.yml": "- key: _a\n  props: [_a]\n- key: g\n  props: [_a]\n"},
        ["specs/data_api/groups.yml:2:11: error: mixin cycle: _a -> _a"],
    ),
    (
        "duplicate-group-key",
        {
            "specs/data_api/groups.yml": "- key: upload\n  props: [timeout]\n- keys: [other, upload]\n  props: [retries]\n"
        },
        ["specs/data_api/groups.yml:3:17: error: duplicate group 'upload' (first defined at line 1)"],
    ),
    (
        "duplicate-prop-key",
        {"specs/data_api/props.yml": OPTION_PROPS + "- key: timeout\n  type: string\n  desc: again\n"},
        ["specs/data_api/props.yml:7:8: error: duplicate prop 'timeout' (first defined at line 1)"],
    ),
    (
        "group-without-key",
        {"specs/data_api/groups.yml": "- props: [timeout]\n"},
        ["specs/data_api/groups.yml:1:3: error: group is missing the required field 'key' (or 'keys')"],
    ),
    (
        "unsafe-group-key",
        {"specs/data_api/groups.yml": "- key: 'up load'\n  props: [timeout]\n"},
        [f"specs/data_api/groups.yml:1:8: error: 'key' 'up load' is not a safe identifier: {IDENT_HELP}"],
    ),
    (
        "default-is-a-mapping",
        {
            "specs/data_api/props.yml": OPTION_PROPS
            + "- key: t\n  type: object\n  default: {a: 1}\n  desc: x\n"
        },
        ["specs/data_api/props.yml:9:12: error: 'default' must be a single value, not a mapping or list"],
    ),
    (
        "both-key-and-keys",
        {"specs/data_api/groups.yml": "- key: a\n  keys: [b]\n  props: [timeout]\n"},
        ["specs/data_api/groups.yml:2:3: error: a group has either 'key' or 'keys', not both"],
    ),
    (
        "namespace-missing-props",
        {"specs/event/props.yml": None},
        ["specs/event: error: namespace is missing its 'props' list"],
    ),
]


def project_files(overrides: dict[str, str | None]) -> dict[str, str]:
    files = {
        "specs/event/groups.yml": GROUPS,
        "specs/event/props.yml": PROPS,
        "specs/data_api/props.yml": OPTION_PROPS,
        "specs/data_api/groups.yml": OPTION_GROUPS,
        "site_src/index.md": "# Home\n",
    }
    files.update(overrides)
    return {name: text for name, text in files.items() if text is not None}


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_spec_error_is_located(make_project, cli, files, expected) -> None:
    root = make_project(project_files(files))
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == expected
    assert "Traceback" not in result.err
    assert not (root / "_site").exists()


def test_every_error_of_a_file_is_reported_at_once(make_project, cli) -> None:
    props = (
        "- name: qty\n  type: number\n  desc: x\n  used_by: [add_to_card]\n"
        "- name: qty\n  type: number\n  desc: y\n"
        "- name: price\n  desc: z\n"
    )
    root = make_project(project_files({"specs/event/props.yml": props}))
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == [
        "specs/event/props.yml:4:13: error: unknown event type 'add_to_card' in 'used_by'"
        " (did you mean 'add_to_cart'?)",
        "specs/event/props.yml:5:9: error: duplicate property 'qty' (first defined at line 1)",
        "specs/event/props.yml:8:3: error: event property is missing the required field 'type'",
    ]
    assert result.err.rstrip().endswith("specsite: 3 errors; nothing was written")


def test_events_that_are_not_a_list_in_a_catalog_with_other_errors(make_project, cli) -> None:
    # Found by tests/test_spec_fuzz.py: this was an internal error (exit 3).
    root = make_project(
        {
            "specs/data_api/props.yml": "[]\n",
            "specs/data_api/groups.yml": "- events: True",
            "site_src/index.md": "Hi.\n",
        }
    )
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 1
    assert result.error_lines == [
        "specs/data_api/groups.yml:1:3: error: event group is missing the required field 'title'",
        "specs/data_api/groups.yml:1:11: error: 'events' must be a list, not a boolean",
    ]
