"""Every page kind of the demo, at desktop and phone width, light and dark.

For each one: no identifier inside a table or a link wraps onto a second line,
a phone never scrolls sideways, and axe-core (the real npm package, injected
into the page) finds no serious or critical violation. One browser context
per width and colour scheme, reused across the pages, keeps the run short.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO, static_server

AXE = Path(os.environ.get("SPECSITE_AXE", REPO / ".ci" / "node_modules" / "axe-core" / "axe.min.js"))

PAGES = {
    "home": "",
    "guide": "interactions/",
    "explorer": "sdk/upload/",
    "catalog": "interactions/catalog/",
    "event-type": "catalog/event/category_page_view/",
    "matrix": "catalog/event/matrix/",
    "option-table": "sdk/request-options/",
    "service-index": "reference/personalize-events/",
    "js-operation": "reference/personalize-events/js/putActionInteractions/",
    "cli-operation": "reference/personalize-events/cli/put-action-interactions/",
    "python-operation": "reference/personalize-events/python/put_action_interactions/",
    "404": "404.html",
}
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
SCHEMES = ("light", "dark")

# Identifiers: code in tables and links, and single-word links (URLs are not
# identifiers: they may break). An inline one must sit on one line box
# (getClientRects() gives one rect per line); an inline-block one (code in a
# description cell) may wrap only when it is wider than the line it is on.
WRAPPED_IDENTIFIERS = """() => {
  const display = el => getComputedStyle(el).display;
  const oneWord = el => {
    const text = el.textContent.trim();
    return text.length > 0 && !/\\s/.test(text) && !text.includes('://');
  };
  const shown = el => el.getClientRects().length > 0 && el.offsetParent !== null;
  const lineCount = el => {
    if (display(el) === 'inline') {
      return new Set([...el.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
    }
    const style = getComputedStyle(el);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
    return Math.round(el.getBoundingClientRect().height / line);
  };
  const fitsOnALine = el => {
    const before = el.style.cssText;
    el.style.whiteSpace = 'nowrap';
    el.style.maxWidth = 'none';
    const width = el.getBoundingClientRect().width;
    el.style.cssText = before;
    const box = getComputedStyle(el.parentElement);
    const room = el.parentElement.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight);
    return width <= room;
  };
  const candidates = new Set([
    ...document.querySelectorAll('main table code, main a code, main a, .site-header a, .sidebar a'),
  ]);
  const bad = [];
  for (const el of candidates) {
    const kind = display(el);
    if (!['inline', 'inline-block'].includes(kind) || !oneWord(el) || !shown(el)) continue;
    if (lineCount(el) > 1 && (kind === 'inline' || fitsOnALine(el))) {
      bad.push(el.tagName.toLowerCase() + ': ' + el.textContent.trim());
    }
  }
  return bad;
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        reason = f"axe-core not found at {AXE} (run: npm install --prefix .ci)"
        if os.environ.get("SPECSITE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE


@pytest.fixture(scope="module")
def demo_base(built_demo: Path) -> Iterator[str]:
    with static_server(built_demo) as base:
        yield base


@pytest.fixture(scope="module")
def tabs(browser) -> Iterator[dict]:
    """One reusable tab per (width, colour scheme)."""
    contexts, made = [], {}
    for width_name, (width, height) in WIDTHS.items():
        for scheme in SCHEMES:
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            contexts.append(context)
            made[width_name, scheme] = context.new_page()
    yield made
    for context in contexts:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("kind", list(PAGES))
def test_page_kind_reads_well(
    kind: str, width: str, scheme: str, tabs, demo_base: str, axe_script: Path
) -> None:
    tab = tabs[width, scheme]
    errors: list[str] = []

    def on_error(exc: object) -> None:
        errors.append(str(exc))

    tab.on("pageerror", on_error)
    tab.goto(demo_base + PAGES[kind])
    assert tab.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
    problems = []
    wrapped = tab.evaluate(WRAPPED_IDENTIFIERS)
    if wrapped:
        problems.append(f"identifiers wrap onto two lines: {wrapped[:8]}")
    if width == "phone":
        sizes = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if sizes[0] > sizes[1]:
            problems.append(f"the page scrolls sideways: scrollWidth {sizes[0]} > clientWidth {sizes[1]}")
    tab.add_script_tag(path=str(axe_script))
    violations = tab.evaluate(AXE_RUN)
    if violations:
        problems.append("axe-core: " + "; ".join(violations))
    tab.remove_listener("pageerror", on_error)
    assert not errors, f"JavaScript errors: {errors}"
    assert not problems, "\n".join(problems)


def test_the_seed_pages_own_picker_keeps_its_min_content_column(tmp_path: Path, seed_page: str, page) -> None:
    """The seed ships a grid whose picker column is min-content: no event type may wrap in it."""
    from .conftest import copy_demo, run_cli

    root = copy_demo(tmp_path / "seed")
    (root / "site_src" / "seed-upload.md").write_text(seed_page, encoding="utf-8")
    assert run_cli("build", "--root", str(root), "-q").code == 0
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        with static_server(root / "_site") as base:
            page.goto(base + "seed-upload/")
            wrapped = page.evaluate(
                """() => [...document.querySelectorAll('#event-types label code')]
                .filter(c => new Set([...c.getClientRects()].map(r => Math.round(r.top))).size > 1)
                .map(c => c.textContent)"""
            )
            assert wrapped == [], (width, wrapped)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
