"""Raw HTML blocks are set aside without html.parser, and pages render exactly as Python-Markdown renders them."""

from __future__ import annotations

import random

import markdown
import pytest
from markdown.extensions.md_in_html import HTMLExtractorExtra

from specsite.engine import mdrender
from specsite.engine.mdrender import MarkdownSettings, render_page
from specsite.engine.rawhtml import block_end

BLOCK_TAGS = frozenset(markdown.Markdown().block_level_elements)


def end_of(text: str) -> str | None:
    end = block_end(text, 0, BLOCK_TAGS)
    return None if end is None else text[:end]


# --- where a block ends ------------------------------------------------------------------


@pytest.mark.parametrize(
    "block",
    [
        "<div>\nplain\n</div>",
        '<div class="a">\n  <div>\n    <div>nested</div>\n  </div>\n</div>',
        "<DIV>upper</div >",
        "<script>\nif (a < b && c > d) { x = '</div>'; }\n</script>",
        "<style>\ntr > td { display: none; }\n</style>",
        "<pre>\n  code  <b>x</b>\n\n\n  more\n</pre>",
        "<div>\n<!-- a comment with <div> inside -->\n</div>",
        "<table>\n<tr><td>&amp; &#123; &#x41; &copy;</td></tr>\n</table>",
        '<div><br><img src="x.png" alt="y"><input type=radio checked><hr></div>',
        '<div title="a>b" data-x=\'{"a": 1}\'>attribute values</div>',
        "<div><p>a<p>b</div>",
    ],
)
def test_a_plain_block_ends_at_the_end_tag_of_its_first_tag(block: str) -> None:
    assert end_of(block + "\n\nafter") == block


@pytest.mark.parametrize(
    "text",
    [
        '<div markdown="1">\n*x*\n</div>\n',  # md_in_html reads it
        "<span>inline</span>\n",  # not a block tag
        "<hr>\n",
        "<div/>\n",
        "<div>never closed\n\ntext\n",
        "<div><!-- closed the other way --!></div>\n",
        "<div><!-- never closed </div>\n",
        "<div>&#123 no semicolon</div>\n",
        "<div>&#xZZ;</div>\n",
        "<div><?php echo 1; ?></div>\n",
        "<div><!DOCTYPE html></div>\n",
        "<div><![CDATA[ x ]]></div>\n",
        "<div a=b=c>odd attributes</div>\n",
        "<div><textarea><p></textarea></div>\n",
        "<script><!-- x --></script>\n",
        "<script>x</ script></script>\n",
        "<div></></div>\n",
    ],
)
def test_the_scanner_declines_what_it_is_not_sure_of(text: str) -> None:
    assert block_end(text, 0, BLOCK_TAGS) is None


# --- pages -----------------------------------------------------------------------------

BLOCKS = [
    "<pre>\n  spaced   code\n\n\n  <b>bold</b> &lt;kept&gt;\n</pre>",
    "<script>\nconst t = document.querySelector('#x');\nif (a < b && c > d) { t.innerHTML = '</div>'; }\n</script>",
    "<style>\n#event-types {\n  display: flex;\n}\ntr > td { color: red; }\n</style>",
    "<!-- a comment\n\nover lines -->",
    '<table class="t">\n  <tr>\n    <td>*not Markdown*</td>\n    <td>&amp; &#123; &copy;</td>\n  </tr>\n</table>',
    '<div id="outer">\n  <div>\n    <div>deep</div>\n  </div>\n  <input type="radio" name="x">\n</div>',
]


@pytest.mark.parametrize("block", BLOCKS)
def test_raw_blocks_come_back_byte_for_byte_with_markdown_around_them(block: str) -> None:
    html, toc = render_page(f"# Title\n\nSome *text*.\n\n{block}\n\n- one\n- two\n\nA [link](/x/).\n")
    assert block in html
    assert "<em>text</em>" in html
    assert "<li>one</li>" in html
    assert '<a href="/x/">link</a>' in html
    assert [h.title for h in toc] == ["Title"]


def test_markdown_inside_a_markdown_div_still_renders() -> None:
    html = render_page('<div class="note" markdown="1">\n*emphasis* and `code`\n</div>\n')[0]
    assert '<div class="note">' in html
    assert "<p><em>emphasis</em> and <code>code</code></p>" in html


def test_inline_html_in_a_paragraph_stays_with_markdown() -> None:
    html = render_page("Text with <span class='x'>*inline*</span> html and **bold**.\n")[0]
    assert html == "<p>Text with <span class='x'><em>inline</em></span> html and <strong>bold</strong>.</p>"


def test_large_blocks_are_not_read_tag_by_tag(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    original = HTMLExtractorExtra.handle_starttag

    def counting(self: HTMLExtractorExtra, tag: str, attrs: list) -> None:
        seen.append(tag)
        original(self, tag, attrs)

    monkeypatch.setattr(HTMLExtractorExtra, "handle_starttag", counting)
    rows = "\n".join(f"  <tr><td><code>p{i}</code></td><td>string</td></tr>" for i in range(200))
    text = f"Intro *text*.\n\n<table>\n{rows}\n</table>\n\nOutro <span>inline</span>.\n"
    html = render_page(text)[0]
    held = len(seen)
    seen.clear()
    assert html == plain_render(text, MarkdownSettings())
    assert held == 1  # only the inline <span>
    assert len(seen) > 400


# --- the same output as Python-Markdown's own path --------------------------------------

FRAGMENTS = [
    *BLOCKS,
    "# Title",
    "Some *text* with `code` and a [link](http://example.org/).",
    "",
    "<div>one</div>",
    "<div>a</div><div>b</div>",
    "<div>\n<div>\n</div>",
    "</div>",
    "  <div>indented 2</div>",
    "    <div>indented 4</div>",
    '<div markdown="1">\n*emph* inside\n</div>',
    "<div markdown>\n- item\n</div>",
    '<section><div markdown="1">**x**</div></section>',
    '<div markdown="1">\n<div>raw in md</div>\n\n*x*\n</div>',
    "<!-- bad --!>",
    "<!-- unclosed",
    "<script>var s = '<!-- x -->';</script>",
    "<style>a > b {}</ style>",
    "<?php echo 1; ?>",
    "<!DOCTYPE html>",
    "<![CDATA[ x ]]>",
    "<table><tr><td>&#123 no semicolon</td></tr></table>",
    "<p>&#xZZ; odd</p>",
    "- item\n- <div>in list</div>",
    "> <div>in quote</div>",
    "Para line\n<div>right after para</div>",
    "<div>\ntext\n</div>\nfollowing line",
    "<div>tail</div> trailing text",
    "<div>x</div><!-- c -->",
    "<div>x</div><hr/>",
    "<hr>",
    "<div/>",
    "<span>line start span</span>",
    "<p>inline <span>span</span> and <em>em</em></p>",
    "<div a=b=c>odd attributes</div>",
    '<div\n  class="multi-line-tag">x</div>',
    "<details>\n<summary>Sum</summary>\n\nBody *md*\n\n</details>",
    "<div>\n<textarea>x</textarea>\n</div>",
    "```\n<div>in a fence</div>\n```",
    "<div>unclosed <p>para",
    "<div></span></p></div>",
    "<div>\n\n# heading inside div\n\n</div>",
    "<h1>Raw h1</h1>",
    "## Heading {#custom}",
    "<div>{: .x }</div>",
    "<div>\ufdd0 guarded \ufdd1</div>",
    "<div>\ttab\tinside</div>",
    "<div>1 < 2 and 3 </ 4</div>",
    "Term\n:   definition",
    "See[^1].\n\n[^1]: A footnote.",
    "!!! note\n    Admonition text.",
    "<div>no newline at the end</div>",
]


def plain_render(text: str, settings: MarkdownSettings) -> str:
    """Python-Markdown's own raw HTML path: the definition of the right output."""
    md, _ = mdrender._page_markdown(settings, hold_html_blocks=False)
    return md.convert(text)


def tricky_pages(count: int, seed: int = 15) -> list[str]:
    rng = random.Random(seed)
    pages = [fragment + "\n" for fragment in FRAGMENTS]
    for _ in range(count):
        parts = [rng.choice(FRAGMENTS) for _ in range(rng.randint(2, 7))]
        pages.append(rng.choice(["\n", "\n\n", ""]).join(parts) + rng.choice(["", "\n"]))
    return pages


@pytest.mark.parametrize("heading_ids", ["python-markdown", "markdown-it-anchor"])
def test_every_tricky_page_renders_as_python_markdown_renders_it(heading_ids: str) -> None:
    settings = MarkdownSettings(heading_ids=heading_ids)
    different = [
        page for page in tricky_pages(400) if render_page(page, settings)[0] != plain_render(page, settings)
    ]
    assert different == []
