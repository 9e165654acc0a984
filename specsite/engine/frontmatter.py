"""The reader contract: ``split_front_matter(text) -> (meta, body, body_line)``."""

from __future__ import annotations

from .errors import Pos
from .yamlsrc import YamlError, YMap, parse, type_name

FENCE = "---"
# Eleventy's front matter may name its language after the opening fence. JSON is
# YAML, so ``---json`` reads as it is; JavaScript would have to run.
DATA_FENCES = (FENCE, "---yaml", "---json")
CODE_FENCES = ("---js", "---javascript", "---node")


def split_front_matter(text: str) -> tuple[YMap, str, int]:
    """Split ``---``-fenced YAML from the body.

    ``body_line`` is the 1-based line where the body starts, so errors inside
    the body can be reported at the right line of the file. Positions in a
    front matter error are lines of the whole file.
    """
    empty = _empty_map()
    lines = text.split("\n")
    opening = lines[0].rstrip() if lines else ""
    if opening in CODE_FENCES:
        raise YamlError(
            Pos(1, 1),
            f"JavaScript front matter ('{opening}') is not run: write its values as YAML "
            "front matter between '---' lines, and its functions in hooks.py",
        )
    if opening not in DATA_FENCES:
        return empty, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            break
    else:
        raise YamlError(Pos(1, 1), "front matter starts with '---' but has no closing '---' line")
    # A blank line in place of the opening fence keeps YAML's line numbers
    # (in positions and in messages) the lines of the whole file.
    meta_text = "\n" + "\n".join(lines[1:index])
    body = "\n".join(lines[index + 1 :])
    try:
        meta = parse(meta_text)
    except YamlError as exc:
        raise YamlError(exc.pos or Pos(2, 1), exc.message) from None
    if meta is None:
        return empty, body, index + 2
    if not isinstance(meta, YMap):
        raise YamlError(
            Pos(2, 1), f"front matter must be a mapping of 'key: value' lines, not {type_name(meta)}"
        )
    return meta, body, index + 2


def _empty_map() -> YMap:
    meta = YMap()
    meta.pos = Pos(1, 1)
    meta.key_pos, meta.value_pos = {}, {}
    return meta


def strip_front_matter(text: str) -> str:
    """A template's text without its front matter, and with the same line numbers.

    Text whose opening ``---`` does not start valid front matter (a Markdown
    rule, say) is left as it is.
    """
    if not text.startswith(FENCE):
        return text
    try:
        _meta, body, body_line = split_front_matter(text)
    except YamlError:
        return text
    # A Jinja comment spanning the front matter's lines: line numbers stay, nothing is printed.
    return "{#" + "\n" * (body_line - 1) + "#}" + body if body_line > 1 else text
