"""Reference pages filled into a shared frame are byte for byte the pages rendered whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from specsite.engine import builder
from specsite.engine.templating import BUILTIN_TEMPLATES
from specsite.ops import frames

from .conftest import run_cli, tree

SERVICE = """\
service: {title: Garden}
operations:
""" + "".join(
    f"""  - name: op{n}
    summary: Operation number {n} & "friends".
    params:
      id: {{type: string, required: true}}
"""
    for n in range(6)
)

SITE = """\
title: Frames
search: false
base_url: https://example.org/docs/
aws_services: [sqs]
nav:
  - title: Guide
    pages: [index.md, {title: API, url: /reference/}]
  - title: Tasks
    pages:
      - {title: Send one, url: /reference/sqs/cli/send-message/}
"""


def build(root: Path, out: str) -> dict[str, bytes]:
    result = run_cli("build", "--root", str(root), "--out", str(root / out), "-q", "--no-cache")
    assert result.code == 0, result.err
    return tree(root / out)


@pytest.fixture
def project(make_project) -> Path:
    return make_project({"site.yml": SITE, "specs/garden.yml": SERVICE, "site_src/index.md": "# Home\n"})


def test_framed_pages_equal_pages_rendered_whole(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    framed = build(project, "framed")
    # Every page checked against its frame is a page rendered whole.
    monkeypatch.setattr(frames, "CHECKED_PAGES", 10**9)
    whole = build(project, "whole")
    assert framed.keys() == whole.keys()
    assert [name for name in framed if framed[name] != whole[name]] == []
    # What differs from page to page made it into each: title, URL, description, the current operation.
    page = framed["reference/sqs/cli/delete-queue/index.html"].decode()
    assert "<title>delete-queue (Command line) · Frames</title>" in page
    assert '<link rel="canonical" href="https://example.org/docs/reference/sqs/cli/delete-queue/">' in page
    operations = page.split('class="nav-sub ref-nav-ops"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'aria-current="page">([^<]*)<', operations) == ["delete-queue"]
    garden = framed["reference/garden/python/op4/index.html"].decode()
    assert '<meta name="description" content="Operation number 4 &amp; &#34;friends&#34;.">' in garden


def test_an_operation_in_the_site_nav_is_marked_current_only_on_its_page(project: Path) -> None:
    site = build(project, "framed")

    def marks_send_one(name: str) -> bool:
        link = re.search(r"<a ([^>]*)>Send one</a>", site[name].decode())
        assert link, name
        return 'aria-current="page"' in link.group(1)

    assert marks_send_one("reference/sqs/cli/send-message/index.html")
    others = [n for n in site if n.startswith("reference/sqs/cli/") and "send-message/" not in n]
    assert len(others) > frames.CHECKED_PAGES + 2
    assert not any(marks_send_one(name) for name in others)


def test_a_layout_that_changes_the_title_renders_every_page_whole(project: Path) -> None:
    base = (BUILTIN_TEMPLATES / "base.html").read_text(encoding="utf-8")
    changed = base.replace("{{ page.title }} · ", "{{ page.title | upper }} · ")
    assert changed != base
    (project / "templates").mkdir()
    (project / "templates" / "base.html").write_text(changed, encoding="utf-8")
    site = build(project, "framed")
    pages = [n for n in site if n.startswith("reference/sqs/python/") and n.count("/") == 4]
    assert len(pages) > frames.CHECKED_PAGES + 2
    for name in pages:
        slug = name.split("/")[3]
        title = re.search(r"<title>(.*?) · Frames</title>", site[name].decode()).group(1)
        assert title.startswith(slug.replace("-", "_").upper()), (name, title)


def test_a_mistake_on_one_framed_page_is_reported_at_its_line(project: Path) -> None:
    page = (BUILTIN_TEMPLATES / "reference" / "cli.html").read_text(encoding="utf-8")
    broken = page.replace(
        "<h2>Synopsis</h2>", '<h2>Synopsis{% if command == "tag-queue" %}{{ nothing.there }}{% endif %}</h2>'
    )
    assert broken != page
    line = broken.splitlines().index(next(x for x in broken.splitlines() if "nothing.there" in x)) + 1
    (project / "templates" / "reference").mkdir(parents=True)
    (project / "templates" / "reference" / "cli.html").write_text(broken, encoding="utf-8")
    result = run_cli("build", "--root", str(project), "--no-cache")
    assert result.code == 1
    assert result.error_lines == [
        f"templates/reference/cli.html:{line}: error: undefined value: 'nothing' is undefined"
    ]
    assert "Traceback" not in result.err
    assert not (project / "_site").exists()


def test_frames_are_used_with_the_theme_only(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    filled: list[int] = []
    real = frames.Frame.fill

    def counting(self: frames.Frame, values: dict) -> str:
        filled.append(1)
        return real(self, values)

    monkeypatch.setattr(frames.Frame, "fill", counting)
    monkeypatch.setattr(builder, "worker_count", lambda: 1)  # pages rendered here, to count
    build(project, "themed")
    assert filled  # the theme's layout is rendered once per group and filled in
    filled.clear()
    # A project template of any name may stand in for a layout: its pages render whole, as
    # two pages checked cannot prove what it prints on the others.
    (project / "templates").mkdir()
    (project / "templates" / "extra.html").write_text("<p>own</p>\n", encoding="utf-8")
    build(project, "own")
    assert filled == []


def test_a_group_too_small_to_share_a_frame_renders_whole(
    make_project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its every page would be rendered whole anyway, to check the frame: a frame is only extra work.
    small = SERVICE.replace("Garden", "Pond").split("  - name: op2")[0]
    assert small.count("- name:") == frames.CHECKED_PAGES
    root = make_project(
        {
            "site.yml": "title: Frames\nsearch: false\n",
            "specs/garden.yml": SERVICE,
            "specs/pond.yml": small,
            "site_src/index.md": "# Home\n",
        }
    )
    framed: list[object] = []
    real = frames.Frames.render

    def recording(self: frames.Frames, key: object, *args: object) -> str:
        framed.append(key)
        return real(self, key, *args)

    monkeypatch.setattr(frames.Frames, "render", recording)
    monkeypatch.setattr(builder, "worker_count", lambda: 1)  # pages rendered here, to see
    site = build(root, "_site")
    assert any("garden" in key for key in framed)
    assert not any("pond" in key for key in framed)
    assert b"op1" in site["reference/pond/cli/op1/index.html"]
