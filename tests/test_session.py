"""Incremental rebuilds: only what a change touches is rendered, and the result is a full build's."""

from __future__ import annotations

from pathlib import Path

import pytest

from specsite.engine.builder import BuildOptions, build
from specsite.engine.pages import Page
from specsite.engine.project import Project, load_inputs
from specsite.preview.session import Session

from .conftest import copy_demo, tree, write_files

# The search index is made by a finisher, which runs on full builds only (see session.py).
FINISHED_ONLY = ("pagefind/",)


def site_files(out: Path) -> dict[str, bytes]:
    return {name: data for name, data in tree(out).items() if not name.startswith(FINISHED_ONLY)}


def assert_same_as_full_build(session: Session, tmp_path: Path) -> None:
    """The session's output is byte for byte what a fresh full build of the same sources gives."""
    options = session.options
    reference = tmp_path / f"reference-{len(list(tmp_path.iterdir()))}"
    build(BuildOptions(options.root, str(reference), options.base_url, options.strict))
    expected, actual = site_files(reference), site_files(session.project.out)
    assert sorted(actual) == sorted(expected)
    differing = [name for name in expected if expected[name] != actual[name]]
    assert not differing, f"incremental output differs from a full build in {differing}"


def edit(root: Path, rel: str, old: str, new: str) -> str:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return rel


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "demo")


@pytest.fixture
def session(demo: Path) -> Session:
    session = Session(BuildOptions(str(demo), base_url="https://docs.example.com/events/"))
    first = session.build()
    assert first.ok and first.full, first.diagnostics
    return session


def readers_of(session: Session, dep: tuple[str, str]) -> set[str]:
    assert session.built is not None
    return {name for name, output in session.built.outputs.items() if dep in output.deps}


def test_a_page_edit_renders_that_page_alone(session: Session, demo: Path, tmp_path: Path) -> None:
    changed = edit(
        demo, "site_src/sdk/upload.md", "sends interaction events", "sends fresh interaction events"
    )
    outcome = session.build([changed])
    assert outcome.ok and not outcome.full
    assert outcome.made == ("sdk/upload/index.html",)
    assert outcome.changed == 1
    assert b"sends fresh interaction events" in (demo / "_site/sdk/upload/index.html").read_bytes()
    assert_same_as_full_build(session, tmp_path)


def test_a_spec_edit_renders_the_pages_that_read_its_namespace(
    session: Session, demo: Path, tmp_path: Path
) -> None:
    readers = readers_of(session, ("spec", "data_api"))
    assert "sdk/upload/index.html" in readers and "index.html" not in readers
    changed = edit(demo, "specs/data_api/props.yml", "Validate the payload", "Check the payload")
    outcome = session.build([changed])
    assert outcome.ok and readers <= set(outcome.made)
    # Source pages that did not read the namespace are left alone. (Generated pages whose
    # payload holds spec objects compared by identity, such as operation references, are
    # rendered again after any spec edit: a payload that may differ counts as changed.)
    assert session.built is not None
    pages = {r.output for r in session.built.plan.routes if isinstance(r.payload, Page)}
    assert set(outcome.made) & pages == readers & pages
    assert b"Check the payload" in (demo / "_site/sdk/upload/index.html").read_bytes()
    assert_same_as_full_build(session, tmp_path)


def test_a_new_title_renders_every_page_that_shows_the_navigation(
    session: Session, demo: Path, tmp_path: Path
) -> None:
    changed = edit(demo, "site_src/sdk/request-options.md", "title: Request options", "title: Call options")
    outcome = session.build([changed])
    assert outcome.ok and set(outcome.made) >= readers_of(session, ("nav", ""))
    assert b"Call options" in (demo / "_site/index.html").read_bytes()
    assert_same_as_full_build(session, tmp_path)


def test_a_new_event_type_adds_its_catalog_pages(session: Session, demo: Path, tmp_path: Path) -> None:
    changed = edit(
        demo,
        "specs/event/groups.yml",
        "    - value: search\n",
        "    - value: voice_search\n      desc: The user searched by voice.\n    - value: search\n",
    )
    outcome = session.build([changed])
    assert outcome.ok, outcome.diagnostics
    assert "catalog/event/voice_search/index.html" in outcome.made
    assert (demo / "_site/catalog/event/voice_search/index.html").is_file()
    assert_same_as_full_build(session, tmp_path)


def test_pages_come_and_go_with_the_sitemap_and_empty_folders(
    session: Session, demo: Path, tmp_path: Path
) -> None:
    write_files(demo, {"site_src/guides/first/steps.md": "---\ntitle: First steps\n---\nHello.\n"})
    added = session.build(["site_src/guides/first/steps.md"])
    assert added.ok and "sitemap.xml" in added.made
    assert b"/guides/first/steps/" in (demo / "_site/sitemap.xml").read_bytes()
    assert_same_as_full_build(session, tmp_path)

    (demo / "site_src/guides/first/steps.md").unlink()
    removed = session.build(["site_src/guides/first/steps.md"])
    assert removed.ok and removed.changed >= 2  # the page, and the sitemap that listed it
    assert not (demo / "_site/guides").exists()
    assert_same_as_full_build(session, tmp_path)


def test_static_files_are_copied_replaced_and_deleted(session: Session, demo: Path, tmp_path: Path) -> None:
    logo = "site_src/images/logo.svg"
    write_files(demo, {logo: "<svg>1</svg>"})
    added = session.build([logo])
    assert "images/logo.svg" in added.made and added.pages == 0
    write_files(demo, {logo: "<svg>2</svg>"})
    assert session.build([logo]).changed == 1
    assert (demo / "_site/images/logo.svg").read_text() == "<svg>2</svg>"
    assert_same_as_full_build(session, tmp_path)
    (demo / logo).unlink()
    assert session.build([logo]).ok
    assert not (demo / "_site/images").exists()
    assert_same_as_full_build(session, tmp_path)


def test_templates_render_the_pages_that_loaded_them(session: Session, demo: Path, tmp_path: Path) -> None:
    pager_readers = readers_of(session, ("template", "partials/pager.html"))
    override = "templates/partials/pager.html"
    write_files(demo, {override: '<p class="custom-pager">{{ page.title }}</p>\n'})
    outcome = session.build([override])
    assert outcome.ok and set(outcome.made) == pager_readers
    assert b"custom-pager" in (demo / "_site/sdk/upload/index.html").read_bytes()
    assert_same_as_full_build(session, tmp_path)

    (demo / override).unlink()  # back to the built-in pager
    assert set(session.build([override]).made) == pager_readers
    assert_same_as_full_build(session, tmp_path)


def test_a_template_nobody_loaded_yet_is_picked_up(session: Session, demo: Path, tmp_path: Path) -> None:
    page = edit(
        demo,
        "site_src/index.md",
        "## Quick start",
        "{% include 'note.html' ignore missing %}\n## Quick start",
    )
    assert session.build([page]).ok
    write_files(demo, {"templates/note.html": '<p class="note">Fresh note</p>\n'})
    outcome = session.build(["templates/note.html"])
    assert outcome.ok and "index.html" in outcome.made
    assert b"Fresh note" in (demo / "_site/index.html").read_bytes()
    assert_same_as_full_build(session, tmp_path)


def test_a_config_edit_rebuilds_everything(session: Session, demo: Path, tmp_path: Path) -> None:
    changed = edit(demo, "site.yml", "title: Lumen Events", "title: Lumen Events Reference")
    outcome = session.build([changed])
    assert outcome.ok and outcome.full
    assert b"Lumen Events Reference" in (demo / "_site/sdk/upload/index.html").read_bytes()
    assert_same_as_full_build(session, tmp_path)


def test_a_failed_rebuild_writes_nothing_and_its_error_stays_until_fixed(
    session: Session, demo: Path, tmp_path: Path
) -> None:
    before = site_files(demo / "_site")
    broken = edit(demo, "specs/event/props.yml", "- name: timestamp", "- name: [timestamp")
    failed = session.build([broken])
    assert not failed.ok
    assert next(d.format() for d in failed.diagnostics if d.is_error).startswith("specs/event/props.yml:")

    other = edit(demo, "site_src/index.md", "It covers:", "It explains:")
    still = session.build([other])  # the broken file was not touched again, but is still broken
    assert not still.ok and still.diagnostics == failed.diagnostics
    assert site_files(demo / "_site") == before

    fixed = edit(demo, "specs/event/props.yml", "- name: [timestamp", "- name: timestamp")
    outcome = session.build([fixed])
    assert outcome.ok and "index.html" in outcome.made  # the edit made while broken is not lost
    assert b"It explains:" in (demo / "_site/index.html").read_bytes()
    assert_same_as_full_build(session, tmp_path)


def test_render_errors_fail_the_rebuild_with_their_line(session: Session, demo: Path) -> None:
    page = edit(
        demo, "site_src/index.md", "## Tiers", "{{ proptable('data_api', 'no.such.group') }}\n## Tiers"
    )
    outcome = session.build([page])
    assert not outcome.ok
    lines = [d.format() for d in outcome.diagnostics]
    assert any(line.startswith("site_src/index.md:") and "no.such.group" in line for line in lines), lines


def test_strict_turns_warnings_into_failures(demo: Path) -> None:
    session = Session(BuildOptions(str(demo), strict=True, base_url="https://docs.example.com/"))
    assert session.build().ok
    write_files(demo, {"specs/notes.txt": "not a spec"})
    outcome = session.build(["specs/notes.txt"])
    assert not outcome.ok
    [line] = [d.format() for d in outcome.diagnostics]
    assert line.startswith(
        "specs/notes.txt: error: ignored: spec files end in .yml"
    )  # a warning, made an error


def test_pages_keep_the_order_a_full_read_gives(session: Session, demo: Path) -> None:
    added = ["site_src/a-first.md", "site_src/zz/last.md", "site_src/sdk/a.md", "site_src/sdk-tools/b.md"]
    write_files(demo, {rel: f"# {rel}\n" for rel in added})
    assert session.build(added).ok
    assert session.built is not None
    full, _ = load_inputs(Project.at(demo))
    assert [p.rel for p in session.built.inputs.pages] == [p.rel for p in full.pages]


def test_a_deleted_output_folder_is_built_again_in_full(session: Session, demo: Path) -> None:
    import shutil

    shutil.rmtree(demo / "_site")
    changed = edit(demo, "site_src/index.md", "It covers:", "It lists:")
    outcome = session.build([changed])
    assert outcome.ok and outcome.full
    assert (demo / "_site/sdk/upload/index.html").is_file()


def test_a_failing_first_build_is_retried_in_full(make_project) -> None:
    root = make_project({"site_src/index.md": "---\ntitle: [Home\n---\nHello\n"})
    session = Session(BuildOptions(str(root)))
    first = session.build()
    assert not first.ok and first.diagnostics[0].path == "site_src/index.md"
    (root / "site_src/index.md").write_text("---\ntitle: Home\n---\nHello\n")
    outcome = session.build(["site_src/index.md"])
    assert outcome.ok and outcome.full
    assert (root / "_site/index.html").is_file()
