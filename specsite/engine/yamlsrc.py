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
# Only values copied through aliases count: a long file without aliases is
# bounded by the file-size limit, and only aliases make a small file huge.
MAX_ALIAS_VALUES = 200_000
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

    def __getnewargs__(self) -> tuple[str, Pos]:  # type: ignore[override]
        # Pages read in worker processes come back pickled, positions and all.
        return str(self), self.pos


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
    try:
        # The pure-Python reader checks the whole text for characters YAML
        # forbids, with the position we report; libyaml's check differs.
        yaml.reader.Reader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(text, exc) from None
    fast = _compose_fast(text)
    if fast is not None:
        loader, node = fast
        return None if node is None else _Builder(loader).build(node, 0)
    return _parse_slow(text)


def _compose_fast(text: str) -> tuple[Any, yaml.Node | None] | None:
    """The node graph from libyaml, when it is there and reads the text without complaint.

    libyaml composes a large spec several times faster than PyYAML's Python
    parser. Anything it does not accept (a syntax error, nesting past its
    limit) goes to the Python parser, whose messages and positions are the
    ones users see, so both paths report a mistake the same way.
    """
    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None:
        return None
    loader = loader_class(text)
    try:
        return loader, loader.get_single_node()
    except Exception:  # whatever it is, the Python parser words it properly
        return None
    finally:
        loader.dispose()


def _parse_slow(text: str) -> Any:
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


def _reader_error(text: str, exc: yaml.reader.ReaderError) -> YamlError:
    """PyYAML refuses control characters before parsing; say which one, and where."""
    line = text.count("\n", 0, exc.position) + 1
    col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return YamlError(Pos(line, col), f"control character U+{ord(char):04X} is not allowed in YAML")


# PyYAML's names for what it was reading when it failed, as users would say them.
_CONTEXTS = {
    "while parsing a flow sequence": "in the list opened with '['",
    "while parsing a flow mapping": "in the mapping opened with '{'",
    "while parsing a block mapping": "in the mapping that starts",
    "while parsing a block collection": "in the list that starts",
}


def _syntax_error(exc: yaml.MarkedYAMLError) -> YamlError:
    mark, opened = exc.problem_mark or exc.context_mark, exc.context_mark
    problem = (exc.problem or "invalid YAML").replace("'<stream end>'", "the end of the YAML")
    if "'\\t'" in problem or "\t" in problem:
        problem = "tab character in indentation; YAML needs spaces"
    elif exc.context == "expected a single document in the stream":
        problem = "a second document starts here; a file holds one YAML document (remove this '---')"
    elif exc.context == "while scanning a quoted scalar" and opened is not None:
        mark, problem = opened, "this quoted text is never closed"
    elif exc.context and exc.context.startswith("found duplicate anchor") and opened is not None:
        name = exc.context.removeprefix("found duplicate anchor ").split(";")[0]
        problem = f"duplicate anchor {name} (first defined at line {opened.line + 1})"
    elif exc.context and opened is not None and opened is not mark:
        if problem.startswith("expected <block end>"):
            problem = "this line's indentation does not line up with the lines above it"
        where = _CONTEXTS.get(exc.context, exc.context)
        problem = f"{problem} ({where} at line {opened.line + 1}, column {opened.column + 1})"
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    return YamlError(_pos(mark) if mark else None, f"YAML syntax: {problem}")


class _Builder:
    """Located values from a node graph, where an alias is the anchored node met again."""

    def __init__(self, loader: Any):
        self.loader = loader
        self.seen: set[int] = set()
        self.copied = 0

    def build(self, node: yaml.Node, depth: int, copying: bool = False) -> Any:
        if not copying:
            # A node built before is an alias: it and everything under it is a copy.
            copying = id(node) in self.seen
            self.seen.add(id(node))
        if copying:
            self.copied += 1
            if self.copied > MAX_ALIAS_VALUES:
                raise YamlError(
                    _pos(node.start_mark),
                    f"aliases expand to more than {MAX_ALIAS_VALUES:,} values (alias bomb?)",
                )
        if depth > MAX_DEPTH:
            raise YamlError(_pos(node.start_mark), f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_TAGS:
            # A tag on a mapping or list would otherwise be dropped without a word.
            raise YamlError(_pos(node.start_mark), _tag_message(node.tag))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth, copying)
        if isinstance(node, yaml.SequenceNode):
            seq = YSeq(self.build(item, depth + 1, copying) for item in node.value)
            seq.pos = _pos(node.start_mark)
            seq.item_pos = [_pos(item.start_mark) for item in node.value]
            return seq
        if node.tag == _STR_TAG:
            # Most of a spec is plain text; PyYAML's constructor would hand back node.value too.
            return YStr(node.value, _pos(node.start_mark))
        value = self._scalar(node)
        if isinstance(value, str):
            return YStr(value, _pos(node.start_mark))
        return value

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            if "could not determine a constructor" in (exc.problem or ""):
                raise YamlError(_pos(node.start_mark), _tag_message(node.tag)) from None
            raise YamlError(_pos(node.start_mark), f"YAML: {exc.problem}") from None
        except ValueError as exc:
            raise YamlError(_pos(node.start_mark), f"YAML: bad value ({exc})") from None

    def _mapping(self, node: yaml.MappingNode, depth: int, copying: bool) -> YMap:
        try:
            self.loader.flatten_mapping(node)
        except yaml.constructor.ConstructorError as exc:
            raise YamlError(_pos(exc.problem_mark or node.start_mark), f"YAML: {exc.problem}") from None
        result = YMap()
        result.pos = _pos(node.start_mark)
        result.key_pos, result.value_pos = {}, {}
        for key_node, value_node in node.value:
            key = self.build(key_node, depth + 1, copying)
            if not isinstance(key, str):
                raise YamlError(_pos(key_node.start_mark), f"mapping keys must be text, not {key!r}")
            key = str(key)
            if key in result:
                first = result.key_pos[key]
                raise YamlError(
                    _pos(key_node.start_mark),
                    f"duplicate key '{key}' (first defined at line {first.line})",
                )
            result[key] = self.build(value_node, depth + 1, copying)
            result.key_pos[key] = _pos(key_node.start_mark)
            result.value_pos[key] = _pos(value_node.start_mark)
        return result


_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_STR_TAG = "tag:yaml.org,2002:str"


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"YAML tag '{shown}' is not allowed; specs hold plain text, numbers, lists and mappings"


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
