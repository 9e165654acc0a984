"""Code blocks are highlighted exactly as Pygments' own HTML formatter does it."""

from __future__ import annotations

import pytest
from markdown.extensions.codehilite import CodeHilite

from specsite.engine import mdrender
from specsite.engine.mdrender import render_page

SAMPLES = {
    "python": "def handle(event, options=None):\n    return client.upload(event, retries=3)  # send\n",
    "js": "await client.api.interactions.upload(events, { retries: 3 });\n",
    "json": '{"type": "add_to_cart", "quantities": [1, 2], "ok": true}\n',
    "bash": 'curl -X POST "https://api.example.org/v1" -d @events.json\n',
    "text": "plain <text> & more\n",
    "no-such-language": "kept as text\n",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_highlighting_matches_pygments_own_formatter(lang: str) -> None:
    def hilite(**options: object) -> str:
        return CodeHilite(
            SAMPLES[lang], lang=lang, css_class="highlight", guess_lang=False, **options
        ).hilite()

    ours = mdrender._code_formatter()
    assert hilite(pygments_formatter=ours) == hilite()
    assert hilite(pygments_formatter=ours) == hilite()  # the style table worked out before gives the same


def test_a_page_with_code_blocks_is_highlighted() -> None:
    html = render_page("```python\nx = 1  # one\n```\n\n```js\nlet y = 'two';\n```\n")[0]
    assert html.count('<div class="highlight"><pre>') == 2
    assert '<span class="c1"># one</span>' in html
    assert "<span class=\"s1\">'two'</span>" in html
