"""The YAML guard counts what aliases copy, not how long a file is; libyaml and PyYAML agree."""

from __future__ import annotations

import pytest

from specsite.engine import yamlsrc
from specsite.engine.errors import Pos
from specsite.engine.yamlsrc import YamlError, parse


def _props(count: int) -> str:
    return "".join(
        f"- name: prop_{i}\n  type: string\n  desc: The `prop_{i}` of the *event*, as sent.\n"
        for i in range(count)
    )


def test_a_long_file_without_aliases_loads() -> None:
    # 30,000 props make 210,000 values: refused before as an "alias bomb"
    # though the file has no alias at all (bench_catalog.py loads 60,000).
    text = _props(30_000)
    data = parse(text)
    assert len(data) == 30_000
    assert data[29_999]["name"] == "prop_29999"
    assert data[29_999].pos_of("desc") == Pos(3 * 29_999 + 3, 9)


def test_an_alias_bomb_is_refused_at_a_line() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)
    )
    with pytest.raises(YamlError) as caught:
        parse(bomb)
    assert caught.value.message == "aliases expand to more than 200,000 values (alias bomb?)"
    assert caught.value.pos is not None and caught.value.pos.line >= 1


def test_aliases_within_the_limit_are_copied() -> None:
    data = parse("base: &b {retries: 3, timeout: 10}\nupload: {<<: *b, dry_run: true}\nsame: *b\n")
    assert data["upload"] == {"retries": 3, "timeout": 10, "dry_run": True}
    assert data["same"] == {"retries": 3, "timeout": 10}
    assert data["same"].pos_of("retries") == Pos(1, 20)


DOC = """\
# a comment
groups:
  - title: "Cart: \\"quoted\\" title"
    events:
      - {value: add_to_cart, desc: 'single ''quoted'''}
      - value: checkout
        desc: >
          folded text
          over lines
        tier: 2
props:
  - name: ünïcode_näme
    type: array of strings
    example: [a, "b", 1.5, true, null, 2024-05-01]
    desc: |
      literal
      block
"""


def _positions(value, out: list) -> list:
    if isinstance(value, dict):
        out.append(("map", value.pos, dict(value.key_pos), dict(value.value_pos)))
        for item in value.values():
            _positions(item, out)
    elif isinstance(value, list):
        out.append(("seq", value.pos, list(value.item_pos)))
        for item in value:
            _positions(item, out)
    elif isinstance(value, str):
        out.append(("str", str(value), value.pos))
    else:
        out.append(("scalar", value))
    return out


def test_libyaml_and_pyyaml_give_the_same_values_and_positions(monkeypatch) -> None:
    fast = parse(DOC)
    monkeypatch.setattr(yamlsrc, "_compose_fast", lambda text: None)
    slow = parse(DOC)
    assert fast == slow
    assert _positions(fast, []) == _positions(slow, [])


@pytest.mark.parametrize(
    "text",
    [
        "a: [1, 2\n",  # unclosed flow list
        "a:\n\t- b\n",  # tab in indentation
        "a: " + "[" * 1100 + "]" * 1100 + "\n",  # past libyaml's nesting limit
        "a: &x 1\nb: &x 2\n",  # duplicate anchor
    ],
)
def test_mistakes_are_reported_as_pyyaml_words_them(text: str, monkeypatch) -> None:
    with pytest.raises(YamlError) as fast:
        parse(text)
    monkeypatch.setattr(yamlsrc, "_compose_fast", lambda text: None)
    with pytest.raises(YamlError) as slow:
        parse(text)
    assert (fast.value.pos, fast.value.message) == (slow.value.pos, slow.value.message)
