"""Member entries and lazily converted shapes: the ids a reader links to, and lookups of unknown names."""

from __future__ import annotations

from specsite.ops.awsjson import LazyShapes
from specsite.ops.entries import MAX_ANCHOR_DEPTH, member_anchor
from specsite.ops.model import Shape
from specsite.ops.tree import Node

STRING = Shape("String", "string")


def _node(path: str, role: str = "member") -> Node:
    return Node(path.rsplit(".", 1)[-1], role, STRING, "Owner", path)


def test_member_ids_are_the_dotted_path_on_each_side() -> None:
    node = _node("actionInteractions[].tags{}.eventType")
    assert member_anchor(node, "request") == "request.actionInteractions.tags.value.eventType"
    # The same entry on a page's other side (and in the other view) gets its own prefix.
    assert member_anchor(node, "response") == "response.actionInteractions.tags.value.eventType"
    assert member_anchor(_node("filters{key}"), "request") == "request.filters.key"
    assert member_anchor(_node("events<click>.x"), "request") == "request.events.click.x"


def test_list_items_deep_entries_and_side_less_trees_get_no_member_id() -> None:
    assert member_anchor(_node("tags[]", role="item"), "request") == ""
    assert member_anchor(_node("a.b"), "") == ""
    deep = ".".join(f"m{n}" for n in range(MAX_ANCHOR_DEPTH + 1))
    assert member_anchor(_node(deep), "request") == ""
    # Asking again (now from the cache) gives the same answers.
    assert member_anchor(_node(deep), "request") == ""
    shallow = ".".join(f"m{n}" for n in range(MAX_ANCHOR_DEPTH))
    assert member_anchor(_node(shallow), "request") == f"request.{shallow}"


def test_lazy_shapes_convert_on_lookup_and_answer_unknown_names_with_the_default() -> None:
    shapes = LazyShapes({"Name": {"type": "string", "max": 12}})
    assert shapes.get("Missing") is None
    assert shapes.get("Missing", STRING) is STRING
    found = shapes.get("Name")
    assert found is not None and found.kind == "string" and found.max == 12
    # Converted once: later lookups, by either spelling, give the same object.
    assert shapes.get("Name") is found and shapes["Name"] is found
