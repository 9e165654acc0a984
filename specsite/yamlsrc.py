"""YAML with source positions.

PyYAML's safe loader turns a document into plain values and forgets where each
came from. Spec validation must point at the offending node, so we compose
the node graph ourselves and build dict/list/str subclasses that remember the
position of every key and item. Only the safe loader is used.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import Pos

# Limits that turn hostile input (alias bombs, absurd nesting) into errors.
MAX_VALUES = 200_000
MAX_DEPTH = 64


class YamlError(Exception):
    def __init__(self, pos: Pos | None, message: str):
        self.pos = pos
        self.message = message
        super().__init__(message)


class YStr(str):
    """A string that knows where it was written."""

    pos: Pos

    def __new__(cls, value: str, pos: Pos) -> YStr:
        obj = super().__new__(cls, value)
        obj.pos = pos
        return obj


class YMap(dict):
    """A mapping with the positions of the mapping, its keys and its values."""

    pos: Pos
    key_pos: dict[str, Pos]
    value_pos: dict[str, Pos]

    def pos_of(self, key: str) -> Pos:
        """Where the value of ``key`` is, or the mapping itself when the key is missing."""
        return self.value_pos.get(key, self.pos)


class YSeq(list):
    """A list with the position of the list and of each item."""

    pos: Pos
    item_pos: list[Pos]


def _pos(mark: yaml.Mark) -> Pos:
    return Pos(mark.line + 1, mark.column + 1)


def parse(text: str) -> Any:
    """Parse one YAML document into located values; ``None`` for an empty document."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc) from None
    except yaml.YAMLError as exc:
        raise YamlError(None, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError(Pos(1, 1), "YAML is nested too deeply to read") from None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _Builder(loader).build(node, 0)


def _syntax_error(exc: yaml.MarkedYAMLError) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if "'\\t'" in problem or "\t" in problem:
        problem = "tab character in indentation; YAML needs spaces"
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    return YamlError(_pos(mark) if mark else None, f"YAML syntax: {problem}")


class _Builder:
    def __init__(self, loader: yaml.SafeLoader):
        self.loader = loader
        self.count = 0

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise YamlError(
                _pos(node.start_mark),
                f"document expands to more than {MAX_VALUES:,} values (alias bomb?)",
            )
        if depth > MAX_DEPTH:
            raise YamlError(_pos(node.start_mark), f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            seq = YSeq(self.build(item, depth + 1) for item in node.value)
            seq.pos = _pos(node.start_mark)
            seq.item_pos = [_pos(item.start_mark) for item in node.value]
            return seq
        value = self._scalar(node)
        if isinstance(value, str):
            return YStr(value, _pos(node.start_mark))
        return value

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise YamlError(_pos(node.start_mark), f"YAML: {exc.problem}") from None
        except ValueError as exc:
            raise YamlError(_pos(node.start_mark), f"YAML: bad value ({exc})") from None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> YMap:
        try:
            self.loader.flatten_mapping(node)
        except yaml.constructor.ConstructorError as exc:
            raise YamlError(_pos(exc.problem_mark or node.start_mark), f"YAML: {exc.problem}") from None
        result = YMap()
        result.pos = _pos(node.start_mark)
        result.key_pos, result.value_pos = {}, {}
        for key_node, value_node in node.value:
            key = self.build(key_node, depth + 1)
            if not isinstance(key, str):
                raise YamlError(_pos(key_node.start_mark), f"mapping keys must be text, not {key!r}")
            key = str(key)
            if key in result:
                first = result.key_pos[key]
                raise YamlError(
                    _pos(key_node.start_mark),
                    f"duplicate key '{key}' (first defined at line {first.line})",
                )
            result[key] = self.build(value_node, depth + 1)
            result.key_pos[key] = _pos(key_node.start_mark)
            result.value_pos[key] = _pos(value_node.start_mark)
        return result


def type_name(value: Any) -> str:
    """How a YAML value's type is named in error messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
