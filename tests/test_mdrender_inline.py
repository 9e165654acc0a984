"""Inline Markdown of spec text (``markdown`` filter, property descriptions).

Plain one-line text skips Python-Markdown and the sanitiser: it must come
out exactly as the full conversion makes it, and text with any Markdown in
it must still be converted.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from specsite.engine import mdrender

PLAIN_CHARS = "abcXYZ019 ,.;:()'\"/?=+%-"
# Characters that mean something to Markdown or HTML, or start a block.
MEANINGFUL = "*_`[]<>&#!\\|~\n\t"


def converted(text: str) -> str:
    """What Python-Markdown and the sanitiser make of ``text`` (the path every text took before)."""
    return str(mdrender._inline.__wrapped__(text))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=PLAIN_CHARS + MEANINGFUL, max_size=40))
def test_inline_markdown_is_the_full_conversion_for_any_text(text: str) -> None:
    assert str(mdrender.inline(text)) == converted(text)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from("aZ"),
    st.lists(st.text(alphabet=PLAIN_CHARS, max_size=12), min_size=3, max_size=3),
    st.sampled_from(MEANINGFUL),
)
def test_plain_text_with_markup_in_it_is_the_full_conversion(first: str, parts: list, mark: str) -> None:
    # ``a*b*c``, ``a`b`c``, ``a<b<c``: a pair of one meaningful character in otherwise plain text.
    text = first + mark.join(parts)
    assert str(mdrender.inline(text)) == converted(text)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from("aZ"), st.text(alphabet=PLAIN_CHARS, max_size=60))
def test_plain_text_comes_back_as_it_is(first: str, rest: str) -> None:
    text = (first + rest).rstrip(" ")
    assert str(mdrender.inline(text)) == converted(text) == text


def test_text_that_looks_plain_but_starts_a_block_is_still_converted() -> None:
    assert str(mdrender.inline("1. first")) == converted("1. first")
    assert "<ol>" in converted("1. first")
    assert str(mdrender.inline("- item")) == converted("- item")
    assert str(mdrender.inline("    indented")) == converted("    indented")
    assert "<code>" in converted("    indented")


def test_markdown_in_a_description_still_becomes_html() -> None:
    assert str(mdrender.inline("Send `user_id` or *both*.")) == (
        "Send <code>user_id</code> or <em>both</em>."
    )
    assert str(mdrender.inline("Tom & Jerry <b>x</b>")) == "Tom &amp; Jerry <b>x</b>"
    assert str(mdrender.inline("Use _this_ one")) == "Use <em>this</em> one"
    assert str(mdrender.inline("See [the guide](https://example.com/g).")) == (
        'See <a href="https://example.com/g">the guide</a>.'
    )
