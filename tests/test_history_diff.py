"""``specsite diff``: one test per rule, on a git repository with three tagged versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from specsite import features
from specsite.history.changes import type_widens

from .conftest import run_cli
from .history_repo import git, make_history_repo, write


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_history_repo(tmp_path_factory.mktemp("history") / "shop")


def diff_lines(repo: Path, old: str, new: str, *extra: str) -> list[str]:
    result = run_cli("diff", old, new, "--root", str(repo), *extra)
    assert result.code == 0, result.err
    return result.out.splitlines()


@pytest.fixture(scope="module")
def v1_v2(repo: Path) -> list[str]:
    return diff_lines(repo, "v1", "v2")


@pytest.fixture(scope="module")
def v2_v3(repo: Path) -> list[str]:
    return diff_lines(repo, "v2", "v3")


# --- event catalogs -------------------------------------------------------------------


def test_event_type_added_is_compatible(v1_v2: list[str]) -> None:
    assert "specs/event/groups.yml:13:7: compatible: event.types.checkout: event type added" in v1_v2


def test_event_type_removed_is_breaking_and_points_at_the_old_line(v1_v2: list[str]) -> None:
    assert "specs/event/groups.yml:11:7: breaking: event.types.wishlist: event type removed" in v1_v2


def test_group_renamed_is_compatible_and_its_types_are_not_moved(v1_v2: list[str]) -> None:
    line = "specs/event/groups.yml:11:7: compatible: event.groups.Cart: group renamed from 'Cart' to 'Cart and checkout'"
    assert line in v1_v2
    assert not any("event.types.add_to_cart" in line for line in v1_v2)


def test_event_type_moved_to_another_group_is_compatible(v1_v2: list[str]) -> None:
    line = "specs/event/groups.yml:7:7: compatible: event.types.search: event type moved from group 'Browsing' to 'Discovery'"
    assert line in v1_v2


def test_prop_added_is_compatible(v1_v2: list[str]) -> None:
    assert "specs/event/props.yml:29:3: compatible: event.props.currency: prop added" in v1_v2


def test_prop_added_required_for_existing_types_is_breaking(v1_v2: list[str]) -> None:
    line = (
        "specs/event/props.yml:5:3: breaking: event.props.user_id: "
        "prop added, required for existing event types 'view_item', 'search', 'add_to_cart'"
    )
    assert line in v1_v2


def test_prop_removed_is_breaking(v1_v2: list[str]) -> None:
    assert "specs/event/props.yml:24:3: breaking: event.props.referrer: prop removed" in v1_v2


def test_prop_type_changed_is_breaking(v1_v2: list[str]) -> None:
    line = "specs/event/props.yml:17:3: breaking: event.props.query: type changed from 'string' to 'array of strings'"
    assert line in v1_v2


def test_prop_type_widened_is_compatible(v1_v2: list[str]) -> None:
    line = "specs/event/props.yml:9:3: compatible: event.props.quantity: type changed from 'integer' to 'number' (wider)"
    assert line in v1_v2


def test_prop_newly_required_for_some_types_is_breaking(v1_v2: list[str]) -> None:
    assert (
        "specs/event/props.yml:25:3: breaking: event.props.session: now required for 'add_to_cart'" in v1_v2
    )


def test_used_by_narrowed_is_breaking(v1_v2: list[str]) -> None:
    assert "specs/event/props.yml:13:3: breaking: event.props.price: no longer used by 'view_item'" in v1_v2


def test_used_by_widened_is_compatible(v1_v2: list[str]) -> None:
    assert "specs/event/props.yml:21:3: compatible: event.props.coupon: now used by 'view_item'" in v1_v2


def test_description_only_changes_show_with_verbose(repo: Path, v1_v2: list[str]) -> None:
    line = "specs/event/props.yml:1:3: compatible: event.props.type: description changed"
    assert line not in v1_v2
    assert line in diff_lines(repo, "v1", "v2", "--verbose")


# --- option tables -----------------------------------------------------------------------


def test_option_added_is_compatible(v1_v2: list[str]) -> None:
    assert "specs/data_api/props.yml:10:3: compatible: data_api.props.batch_size: option added" in v1_v2
    line = "specs/data_api/props.yml:10:3: compatible: data_api.groups.upload.options: option 'batch_size' added to the group"
    assert line in v1_v2


def test_required_option_added_is_breaking(v1_v2: list[str]) -> None:
    assert "specs/data_api/props.yml:13:3: breaking: data_api.props.api_key: option added, required" in v1_v2
    line = "specs/data_api/props.yml:13:3: breaking: data_api.groups.upload.options: option 'api_key' added to the group, required"
    assert line in v1_v2


def test_option_removed_is_breaking(v1_v2: list[str]) -> None:
    assert "specs/data_api/props.yml:9:3: breaking: data_api.props.region: option removed" in v1_v2
    line = "specs/data_api/props.yml:1:3: breaking: data_api.groups.upload.options: option 'region' removed from the group"
    assert line in v1_v2


def test_option_type_changed_is_breaking(v1_v2: list[str]) -> None:
    line = "specs/data_api/props.yml:6:3: breaking: data_api.props.timeout: type changed from 'integer' to 'string'"
    assert line in v1_v2


def test_option_newly_required_is_breaking(v1_v2: list[str]) -> None:
    assert "specs/data_api/props.yml:1:3: breaking: data_api.props.dry_run: now required" in v1_v2


def test_option_group_removed_is_breaking(v1_v2: list[str]) -> None:
    assert "specs/data_api/props.yml:12:3: breaking: data_api.groups.legacy.options: group removed" in v1_v2


# --- operations -----------------------------------------------------------------------


def test_operation_added_is_compatible(v2_v3: list[str]) -> None:
    assert "specs/sdk.yml:10:5: compatible: sdk.operations.orders.list: operation added" in v2_v3


def test_operation_removed_is_breaking(v2_v3: list[str]) -> None:
    assert "specs/sdk.yml:9:5: breaking: sdk.operations.orders.delete: operation removed" in v2_v3


def test_optional_member_added_is_compatible(v2_v3: list[str]) -> None:
    assert "specs/sdk.yml:3:5: compatible: sdk.operations.orders.upload.input.priority: member added" in v2_v3


def test_required_member_added_is_breaking(v2_v3: list[str]) -> None:
    line = "specs/sdk.yml:3:5: breaking: sdk.operations.orders.upload.input.channel: member added, required"
    assert line in v2_v3


def test_member_removed_is_breaking(v2_v3: list[str]) -> None:
    assert (
        "specs/sdk.yml:3:5: breaking: sdk.operations.orders.upload.input.legacy_flag: member removed" in v2_v3
    )


def test_nested_member_newly_required_is_breaking(v2_v3: list[str]) -> None:
    assert (
        "specs/sdk.yml:15:5: breaking: sdk.operations.orders.upload.input.orders[].note: now required"
        in v2_v3
    )


def test_member_type_changed_is_breaking_unless_wider(v2_v3: list[str]) -> None:
    line = "specs/sdk.yml:17:11: breaking: sdk.operations.orders.upload.input.orders[].id: type changed from string to integer"
    assert line in v2_v3
    line = "specs/sdk.yml:18:14: compatible: sdk.operations.orders.upload.input.orders[].count: type changed from integer to long"
    assert line in v2_v3


def test_enum_value_removed_is_breaking_and_added_is_compatible(v2_v3: list[str]) -> None:
    assert (
        "specs/sdk.yml:20:9: breaking: sdk.operations.orders.upload.input.mode: enum values removed: 'slow'"
        in v2_v3
    )
    assert (
        "specs/sdk.yml:20:9: compatible: sdk.operations.orders.upload.input.mode: enum values added: 'turbo'"
        in v2_v3
    )


# --- the whole output, formats and exit codes ------------------------------------------


def test_breaking_changes_come_first_and_nothing_else_is_listed(v2_v3: list[str]) -> None:
    severities = [line.split(": ")[1] for line in v2_v3]
    assert severities == ["breaking"] * 6 + ["compatible"] * 4


def test_no_changes_between_a_revision_and_itself(repo: Path) -> None:
    assert diff_lines(repo, "v2", "v2", "--verbose") == []


def test_json_lists_objects_with_every_field(repo: Path) -> None:
    result = run_cli("diff", "v2", "v3", "--root", str(repo), "--format", "json")
    assert result.code == 0
    found = json.loads(result.out)
    assert len(found) == 10
    assert {tuple(sorted(item)) for item in found} == {
        ("kind", "message", "new", "old", "path", "severity", "source")
    }
    enum = next(item for item in found if item["kind"] == "enum-value-removed")
    assert enum == {
        "kind": "enum-value-removed",
        "severity": "breaking",
        "path": "sdk.operations.orders.upload.input.mode",
        "old": ["slow"],
        "new": None,
        "source": "specs/sdk.yml:20:9",
        "message": "enum values removed: 'slow'",
    }
    widened = next(item for item in found if item["path"].endswith("orders[].count"))
    assert (widened["severity"], widened["old"], widened["new"]) == ("compatible", "integer", "long")


def test_markdown_summary_lists_breaking_then_compatible(repo: Path) -> None:
    result = run_cli("diff", "v2", "v3", "--root", str(repo), "--format", "markdown")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "## Spec changes from `v2` to `v3`"
    assert "**6 breaking**, 4 compatible." in lines
    breaking, compatible = lines.index("### Breaking"), lines.index("### Compatible")
    assert breaking < compatible
    assert (
        "- `sdk.operations.orders.delete`: operation removed (`specs/sdk.yml:9:5`)"
        in lines[breaking:compatible]
    )
    assert "- `sdk.operations.orders.list`: operation added (`specs/sdk.yml:10:5`)" in lines[compatible:]


def test_exit_codes_with_and_without_fail_on_breaking(repo: Path) -> None:
    assert run_cli("diff", "v1", "v2", "--root", str(repo)).code == 0
    assert run_cli("diff", "v1", "v2", "--root", str(repo), "--fail-on-breaking").code == 1
    assert run_cli("diff", "v2", "v2", "--root", str(repo), "--fail-on-breaking").code == 0


def test_unknown_revision_is_a_usage_error_in_one_line(repo: Path) -> None:
    result = run_cli("diff", "v1", "v9", "--root", str(repo))
    assert result.code == 2
    assert result.err.strip().count("\n") == 0
    assert result.err.startswith("specsite: error: unknown revision 'v9'")


def test_worktree_compares_uncommitted_files_and_leaves_the_checkout_alone(tmp_path: Path) -> None:
    repo = make_history_repo(tmp_path / "shop")
    props = repo / "specs/event/props.yml"
    props.write_text(props.read_text().replace("type: array of strings", "type: string"))
    status = git(repo, "status", "--porcelain")
    lines = diff_lines(repo, "v3", "WORKTREE")
    expected = "specs/event/props.yml:17:3: compatible: event.props.query: type changed from 'array of strings' to 'string'"
    # A single string is not an array of strings: narrowing is breaking.
    assert lines == [expected.replace("compatible", "breaking")]
    assert git(repo, "status", "--porcelain") == status
    assert git(repo, "worktree", "list").count("\n") == 1


def test_two_project_folders_and_a_project_in_a_subfolder(tmp_path: Path) -> None:
    repo = tmp_path / "mono"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(
        repo / "docs",
        {"specs/event.yml": "groups:\n  - title: A\n    events:\n      - {value: a, desc: A.}\nprops: []\n"},
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    write(
        repo / "docs",
        {"specs/event.yml": "groups:\n  - title: A\n    events:\n      - {value: b, desc: B.}\nprops: []\n"},
    )
    lines = diff_lines(repo / "docs", "HEAD", "WORKTREE")
    assert lines == [
        "specs/event.yml:4:9: breaking: event.types.a: event type removed",
        "specs/event.yml:4:9: compatible: event.types.b: event type added",
    ]


def test_two_project_folders(tmp_path: Path) -> None:
    old = write(
        tmp_path / "old",
        {"specs/event.yml": "groups:\n  - title: A\n    events:\n      - {value: a, desc: A.}\nprops: []\n"},
    )
    new = write(
        tmp_path / "new",
        {
            "specs/event.yml": "groups:\n  - title: A\n    events:\n      - {value: a, desc: A.}\n      - {value: c, desc: C.}\nprops: []\n"
        },
    )
    result = run_cli("diff", str(old), str(new), "--fail-on-breaking")
    assert (result.code, result.out) == (
        0,
        "specs/event.yml:5:9: compatible: event.types.c: event type added\n",
    )


def test_errors_in_an_old_revision_name_the_revision(tmp_path: Path) -> None:
    repo = make_history_repo(tmp_path / "shop")
    write(repo, {"specs/event/props.yml": "- name: broken\n  type: strnig\n  desc: x\n"})
    git(repo, "commit", "-qam", "broken")
    git(repo, "tag", "bad")
    result = run_cli("diff", "bad", "v3", "--root", str(repo))
    assert result.code == 1
    assert result.error_lines[0].startswith("bad:specs/event/props.yml:2:9: error: unknown type 'strnig'")


def test_option_group_added_is_compatible(v1_v2: list[str]) -> None:
    assert "specs/data_api/props.yml:17:3: compatible: data_api.groups.retry.options: group added" in v1_v2


def test_a_new_namespace_lists_what_it_brings(tmp_path: Path) -> None:
    ops = "service: {title: Shop API}\noperations:\n  - name: ping\n    summary: Check the service.\n"
    old = write(tmp_path / "old", {"specs/event.yml": "groups: []\nprops: []\n"})
    new = write(tmp_path / "new", {"specs/event.yml": "groups: []\nprops: []\n", "specs/shop.yml": ops})
    result = run_cli("diff", str(old), str(new))
    assert result.out.splitlines() == [
        "specs/shop.yml:1:1: compatible: shop: spec namespace added",
        "specs/shop.yml:3:5: compatible: shop.operations.ping: operation added",
    ]


@pytest.mark.parametrize(
    ("old", "new", "widens"),
    [
        ("integer", "number", True),
        ("positive integer", "non-negative integer", True),
        ("non-negative integer", "positive integer", False),
        ("timestamp", "string", True),
        ("string", "timestamp", False),
        ("array of integers", "array of numbers", True),
        ("array of integers", "array", True),
        ("array", "array of strings", False),
        ("number", "integer", False),
        ("a free text type", "a free  text type", True),
        ("a free text type", "another one", False),
    ],
)
def test_which_type_changes_widen(old: str, new: str, widens: bool) -> None:
    assert type_widens(old, new) is widens


def test_changes_kept_on_disk_read_back_the_same(repo: Path) -> None:
    from specsite.history.changes import from_record, to_record
    from specsite.history.diff import diff_specs, load_model
    from specsite.history.revisions import resolve

    features.load()  # the operation spec kinds
    changes = diff_specs(load_model(resolve("v1", repo)), load_model(resolve("v3", repo)))
    assert len(changes) > 30
    assert [from_record(json.loads(json.dumps(to_record(c)))) for c in changes] == changes
