"""Event examples in pages (```` ```json event ````): found, rendered as JSON, checked at build time."""

from __future__ import annotations

from pathlib import Path

from specsite.events.event_examples import find_examples

GROUPS = """\
- title: Cart
  events:
    - value: add_to_cart
      desc: Added.
"""
PROPS = """\
- name: type
  type: string
  required: true
  desc: The type.
- name: quantities
  type: array of positive integers
  required: true
  desc: How many.
"""
SPECS = {"specs/event/groups.yml": GROUPS, "specs/event/props.yml": PROPS}


def page(body: str) -> str:
    return f"---\ntitle: Guide\n---\n\n{body}"


def test_blocks_are_found_with_their_lines() -> None:
    body = (
        "Intro\n"
        "```json event\n"
        '{"type": "a"}\n'
        "```\n"
        "````markdown\n"
        "```json event\n"
        "not an example: it is inside another fence\n"
        "```\n"
        "````\n"
        "~~~ json event=media\n"
        "[]\n"
        "~~~\n"
        "```json\n"
        "{}\n"
        "```\n"
        "```json event\n"
        "{\n"
    )
    blocks = find_examples(body, body_line=5)
    assert [(b.namespace, b.line, b.first_line, b.text) for b in blocks] == [
        ("event", 6, 7, '{"type": "a"}'),
        ("media", 14, 15, "[]"),
        ("event", 20, 21, "{\n"),
    ]


def test_valid_examples_build_and_render_as_highlighted_json(make_project, cli) -> None:
    body = '```json event\n[{"type": "add_to_cart", "quantities": [2]}]\n```\n'
    root = make_project({**SPECS, "site_src/guide.md": page(body)})
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    html = (root / "_site/guide/index.html").read_text()
    assert '<div class="highlight"><pre>' in html and '<span class="nt">"quantities"</span>' in html
    assert "json event" not in html


def test_an_invalid_example_fails_the_build_at_its_line(make_project, cli) -> None:
    body = (
        "Some text.\n\n"
        "```json event\n"
        "[\n"
        '  {"type": "add_to_cart", "quantities": [2]},\n'
        "  {\n"
        '    "type": "add_to_cart",\n'
        '    "quantities": [0]\n'
        "  },\n"
        '  {"type": "add_to_card"}\n'
        "]\n"
        "```\n"
    )
    root = make_project({**SPECS, "site_src/guide.md": page(body)})
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == [
        "site_src/guide.md:12:5: error: event example: event #2 (type 'add_to_cart'): "
        "'quantities' must be an array of positive integers; item 1 is 0",
        "site_src/guide.md:14:4: error: event example: event #3 (type 'add_to_card'): "
        "unknown event type 'add_to_card' (did you mean 'add_to_cart'?)",
    ]


def test_a_failed_example_keeps_the_previous_site(make_project, cli) -> None:
    good = page('```json event\n{"type": "add_to_cart", "quantities": [1]}\n```\n')
    root = make_project({**SPECS, "site_src/guide.md": good})
    assert cli("build", "--root", str(root), "-q").code == 0
    before = (root / "_site/guide/index.html").read_bytes()
    (root / "site_src/guide.md").write_text(good.replace(', "quantities": [1]', ""))
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == [
        "site_src/guide.md:6:1: error: event example: event #1 (type 'add_to_cart'): 'quantities' is required"
    ]
    assert (root / "_site/guide/index.html").read_bytes() == before


def test_examples_with_bad_json_or_unknown_catalogs(make_project, cli) -> None:
    body = (
        "```json event\n"
        '{"type": "add_to_cart",, "quantities": [1]}\n'
        "```\n\n"
        "```json event=media\n"
        '{"type": "play"}\n'
        "```\n\n"
        "```json event\n"
        "```\n"
    )
    root = make_project({**SPECS, "site_src/guide.md": page(body)})
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == [
        "site_src/guide.md:6:24: error: event example: event #1: invalid JSON: "
        "Expecting property name enclosed in double quotes",
        "site_src/guide.md:9: error: event example: no event catalog 'media'",
        "site_src/guide.md:13: error: event example: the block is empty; write one event or an array of events",
    ]


def test_examples_with_template_code_are_not_checked_and_say_so(make_project, cli) -> None:
    body = '```json event\n{"type": "{{ \'add_to_\' ~ \'cart\' }}", "quantities": [1]}\n```\n'
    root = make_project({**SPECS, "site_src/guide.md": page(body)})
    result = cli("build", "--root", str(root))
    assert result.code == 0, result.err
    warning = "site_src/guide.md:5: warning: event example: contains template code, so it is not checked"
    assert warning in result.err
    assert '"add_to_cart"' in (root / "_site/guide/index.html").read_text()
    strict = cli("build", "--root", str(root), "--strict")
    assert strict.code == 1
    assert warning.replace("warning:", "error:") in strict.error_lines


def test_demo_pages_hold_checked_examples() -> None:
    from .conftest import REPO

    upload = (REPO / "site_src/sdk/upload.md").read_text(encoding="utf-8")
    assert find_examples(upload, 1), "the demo should show the event example syntax in use"


def test_demo_example_errors_name_the_demo_page(demo_project: Path, cli) -> None:
    upload = demo_project / "site_src/sdk/upload.md"
    text = upload.read_text(encoding="utf-8")
    block = find_examples(text, 1)[0]
    line = block.first_line + block.text.splitlines().index('    "position": 2')
    upload.write_text(text.replace('    "position": 2', '    "position": -2'), encoding="utf-8")
    result = cli("build", "--root", str(demo_project))
    assert result.code == 1
    assert result.error_lines == [
        f"site_src/sdk/upload.md:{line}:5: error: event example: event #2 (type 'search_result_click'): "
        "'position' must be a non-negative integer, not -2"
    ]
