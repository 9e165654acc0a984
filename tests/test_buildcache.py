"""The build cache (.specsite-cache/): the same site with and without it, warm builds that reuse, no stale entry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from specsite.engine import builder
from specsite.engine.buildcache import CACHE_DIR, CACHE_FILE, DAMAGED
from specsite.preview.session import Session
from specsite.preview.watch import Snapshot, Watcher

from .conftest import REPO, copy_demo, run_cli, tree, write_files

CODE = "```python\ndef greet(name):\n    return f'hello {name}'\n```\n"
PAGES = {
    "site.yml": "title: Cached\nsearch: false\n",
    "site_src/index.md": "---\ntitle: Home\n---\n# Home\n\nSee [the guide](guide.md) and [setup](setup/index.md).\n\n"
    + CODE,
    "site_src/guide.md": "---\ntitle: Guide\n---\n## Install\n\n{{ site.title }} is here.\n\n" + CODE,
    "site_src/setup/index.md": "---\ntitle: Setup\n---\n## Set up\n\nBack [home](../index.md).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "site_src/raw.html": "---\ntitle: Raw\n---\n<p>{{ page.title }}</p>\n",
}


def build(root: Path, out: str, cache: bool = True) -> builder.BuildResult:
    options = builder.BuildOptions(str(root), str(root / out), check_links=False, cache=cache)
    return builder.build(options)


def cache_file(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_FILE


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_files(tmp_path / "project", PAGES)


def test_cold_and_warm_builds_equal_a_build_without_the_cache(project: Path) -> None:
    build(project, "plain", cache=False)
    assert not (project / CACHE_DIR).exists()  # --no-cache writes nothing
    cold = build(project, "cold")
    warm = build(project, "warm")
    assert tree(project / "plain") == tree(project / "cold") == tree(project / "warm")
    assert cold.cache.misses["markdown"] == 3 and not cold.cache.hits.get("markdown")
    # The second build makes nothing: every page's Markdown and every template comes from the cache.
    assert warm.cache.hits["markdown"] == 3 and not warm.cache.misses.get("markdown")
    assert warm.cache.hits["jinja"] >= 4 and not warm.cache.misses.get("jinja")


def test_the_demo_site_is_identical_with_and_without_the_cache(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "demo")
    build(root, "plain", cache=False)
    build(root, "cold")
    warm = build(root, "warm")
    assert tree(root / "plain") == tree(root / "cold") == tree(root / "warm")
    # Nothing is made again: pages' Markdown, templates, spec text, highlighted code and examples.
    assert warm.cache.hits["inline"]
    assert not any(warm.cache.misses.get(kind) for kind in ("markdown", "jinja", "inline", "code"))


def test_the_same_code_block_is_highlighted_once(project: Path) -> None:
    cold = build(project, "_site")
    assert cold.cache.misses["code"] == 1 and cold.cache.hits["code"] == 1
    html = (project / "_site/guide/index.html").read_text()
    assert '<span class="k">def</span>' in html


def test_an_edited_page_is_rendered_again(project: Path) -> None:
    build(project, "_site")
    guide = project / "site_src/guide.md"
    guide.write_text(guide.read_text().replace("is here", "is right here"))
    warm = build(project, "_site")
    assert "is right here" in (project / "_site/guide/index.html").read_text()
    assert warm.cache.misses["markdown"] == 1 and warm.cache.hits["markdown"] == 2


def test_a_markdown_setting_changes_what_is_cached(project: Path) -> None:
    build(project, "_site")
    (project / "site.yml").write_text(PAGES["site.yml"] + "markdown:\n  heading_ids: markdown-it-anchor\n")
    warm = build(project, "_site")
    build(project, "plain", cache=False)
    assert tree(project / "_site") == tree(project / "plain")
    assert 'id="set-up"' in (project / "_site/setup/index.html").read_text()
    assert warm.cache.misses["markdown"] == 3


def test_a_linked_page_that_moves_changes_the_links_to_it(project: Path) -> None:
    build(project, "_site")
    guide = project / "site_src/guide.md"
    guide.write_text(guide.read_text().replace("title: Guide\n", "title: Guide\nurl: /handbook/\n"))
    warm = build(project, "_site")
    home = (project / "_site/index.html").read_text()
    assert 'href="handbook/"' in home and "guide/" not in home
    build(project, "plain", cache=False)
    assert tree(project / "_site") == tree(project / "plain")
    # The setup page links only home, which did not move, and the guide links no page, so
    # its HTML is the same at its new URL: both still come from the cache.
    assert warm.cache.misses["markdown"] == 1 and warm.cache.hits["markdown"] == 2


def test_pages_with_the_same_text_share_its_html_unless_a_link_depends_on_the_place(
    make_project: Callable[[dict], Path],
) -> None:
    linking = "# Same\n\nSee [the note](note.md).\n"
    plain = "# Same\n\nNo link to a source file, only [a site](https://example.com/page.html).\n"
    root = make_project(
        {
            "site.yml": "title: T\nsearch: false\n",
            "site_src/index.md": "# Home\n",
            "site_src/a/plain.md": plain,
            "site_src/b/deeper/plain.md": plain,
            "site_src/a/linking.md": linking,
            "site_src/a/note.md": "# A note\n",
            "site_src/b/linking.md": linking,
            "site_src/b/note.md": "# B note\n",
        }
    )
    cold = build(root, "_site")
    # index, plain once for both, linking twice (its link depends on the folder), two notes
    assert cold.cache.misses["markdown"] == 6 and cold.cache.hits["markdown"] == 1
    assert 'href="../note/"' in (root / "_site/a/linking/index.html").read_text()
    assert 'href="../note/"' in (root / "_site/b/linking/index.html").read_text()
    build(root, "plain", cache=False)
    assert tree(root / "_site") == tree(root / "plain")
    warm = build(root, "_site")
    assert not warm.cache.misses.get("markdown")


def test_an_edited_hook_filter_is_compiled_again(make_project) -> None:
    hooks = "def setup(site):\n    site.add_filter('shout', lambda text: str(text).upper())\n"
    root = make_project(
        {
            "site.yml": "title: Hooks\nsearch: false\nhooks: [hooks.py]\n",
            "hooks.py": hooks,
            "site_src/index.md": "---\ntitle: Home\n---\n{{ 'quiet' | shout }}\n",
        }
    )
    build(root, "_site")
    assert "QUIET" in (root / "_site/index.html").read_text()
    # Jinja calls a filter on a constant while compiling: the compiled page holds its result.
    (root / "hooks.py").write_text(hooks.replace("upper()", "lower() + '!'"))
    build(root, "_site")
    assert "quiet!" in (root / "_site/index.html").read_text()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"not a cache at all", id="garbage"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-40] + bytes(40), id="overwritten"),
    ],
)
def test_a_damaged_cache_is_ignored_with_a_note_and_rewritten(project: Path, damage) -> None:
    build(project, "plain", cache=False)
    build(project, "_site")
    path = cache_file(project)
    path.write_bytes(damage(path.read_bytes()))
    result = run_cli("build", "--root", str(project), "--strict", "-q")
    assert result.code == 0, result.err
    assert f"{CACHE_DIR}/{CACHE_FILE}: note: {DAMAGED}" in result.err
    assert tree(project / "_site") == tree(project / "plain")
    again = run_cli("build", "--root", str(project), "-q")
    assert again.code == 0 and DAMAGED not in again.err
    assert build(project, "_site").cache.hits["markdown"] == 3


def test_a_cache_from_another_version_is_ignored_silently(project: Path) -> None:
    build(project, "_site")
    path = cache_file(project)
    data = path.read_bytes()
    path.write_bytes(data.replace(b'"jinja2": "', b'"jinja2": "0.', 1))
    result = run_cli("build", "--root", str(project), "-q")
    assert result.code == 0 and "build cache" not in result.err
    rebuilt = build(project, "_site")  # the first build rewrote it for this version
    assert rebuilt.cache.hits["markdown"] == 3 and not rebuilt.cache.misses.get("markdown")


def test_no_cache_neither_reads_nor_writes(project: Path) -> None:
    (project / CACHE_DIR).mkdir()
    cache_file(project).write_bytes(b"damaged")
    result = run_cli("build", "--root", str(project), "--no-cache", "-q")
    assert result.code == 0 and "build cache" not in result.err
    assert cache_file(project).read_bytes() == b"damaged"
    assert sorted(p.name for p in (project / CACHE_DIR).iterdir()) == [CACHE_FILE]
    assert run_cli("check", "--root", str(project), "--no-cache", "-q").code == 0
    assert cache_file(project).read_bytes() == b"damaged"


def test_the_cache_is_not_published_scanned_or_watched(project: Path) -> None:
    watcher = Watcher(project)
    try:
        build(project, "_site")
        assert cache_file(project).is_file()
        # A build that rewrites the cache is no change to the sources: serve does not build again.
        assert watcher.wait(0.3) is None
    finally:
        watcher.close()
    assert not any(CACHE_DIR in path for path in tree(project / "_site"))
    assert not any(CACHE_DIR in path for path in Snapshot.take(project).files)
    # Git and backup tools leave it alone even without the project's .gitignore naming it.
    assert (project / CACHE_DIR / ".gitignore").read_text() == "*\n"


def test_a_read_only_cache_folder_does_not_fail_the_build(project: Path) -> None:
    (project / CACHE_DIR).mkdir()
    (project / CACHE_DIR).chmod(0o500)
    try:
        result = run_cli("build", "--root", str(project), "-q")
    finally:
        (project / CACHE_DIR).chmod(0o700)
    assert result.code == 0, result.err


# Render in worker processes however small the site, in chunks of two pages.
PARALLEL = """
import json, sys
from specsite import features
from specsite.engine import builder, render
features.load()
builder.PARALLEL_MIN_ROUTES = 1
render.CHUNK_ROUTES = 2
result = builder.build(builder.BuildOptions(sys.argv[1], sys.argv[2], check_links=False))
print(json.dumps({"workers": builder.worker_count(), "hits": result.cache.hits, "misses": result.cache.misses}))
"""


def build_in_workers(root: Path, out: str) -> dict:
    found = subprocess.run(
        [sys.executable, "-c", PARALLEL, str(root), str(root / out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    return json.loads(found.stdout)


def test_workers_share_the_cache_and_hand_back_what_they_made(project: Path) -> None:
    for n in range(8):
        write_files(project, {f"site_src/more/p{n}.md": f"---\ntitle: P{n}\n---\n## Part {n}\n\n{CODE}"})
    build(project, "plain", cache=False)
    cold = build_in_workers(project, "cold")
    if cold["workers"] < 2:
        pytest.skip("this machine has one core: no worker processes")
    warm = build_in_workers(project, "warm")
    assert tree(project / "plain") == tree(project / "cold") == tree(project / "warm")
    assert cold["misses"]["markdown"] == 11
    assert warm["hits"]["markdown"] == 11 and "markdown" not in warm["misses"]
    assert not list((project / CACHE_DIR).glob("shard-*"))  # folded into the cache file
    serial = build(project, "serial")
    assert serial.cache.hits["markdown"] == 11 and not serial.cache.misses.get("markdown")


def test_a_new_project_ignores_the_cache_in_git(tmp_path: Path) -> None:
    assert run_cli("new", str(tmp_path / "docs")).code == 0
    assert ".specsite-cache/" in (tmp_path / "docs/.gitignore").read_text().split()


def test_the_preview_keeps_page_markdown_in_memory_between_updates(project: Path) -> None:
    layout = "{% extends 'specsite/base.html' %}"
    write_files(project, {"templates/base.html": layout})
    session = Session(builder.BuildOptions(str(project)))
    assert session.build().ok
    write_files(project, {"templates/base.html": layout + "{# edited #}"})
    assert session.build(["templates/base.html"]).ok
    assert session._cache.misses["markdown"] == 3  # every page rendered again, its Markdown made once
    write_files(project, {"templates/base.html": layout})
    assert session.build(["templates/base.html"]).ok
    assert session._cache.hits["markdown"] == 3
    build(project, "plain", cache=False)
    assert tree(project / "_site") == tree(project / "plain")


def test_two_builds_at_once_leave_a_whole_cache(project: Path) -> None:
    command = [sys.executable, "-m", "specsite", "build", "--root", str(project), "-q"]
    both = [subprocess.Popen([*command, "--out", str(project / out)], cwd=REPO) for out in ("one", "two")]
    assert [child.wait() for child in both] == [0, 0]
    result = run_cli("build", "--root", str(project), "-q")
    assert result.code == 0 and "build cache" not in result.err
    assert build(project, "_site").cache.hits["markdown"] == 3
    assert [p.name for p in (project / CACHE_DIR).iterdir() if p.name.startswith((".tmp", "shard"))] == []


def test_a_mistake_in_cached_code_is_reported_at_its_line(project: Path) -> None:
    write_files(
        project,
        {
            "site_src/boom.md": "---\ntitle: Boom\n---\nText.\n\n{% if site.title == 'Boom' %}{{ nope.x }}{% endif %}\n"
        },
    )
    assert run_cli("build", "--root", str(project), "-q").code == 0
    (project / "site.yml").write_text(PAGES["site.yml"].replace("Cached", "Boom"))
    result = run_cli("build", "--root", str(project), "-q")
    assert result.code == 1
    assert result.error_lines == [run_cli("build", "--root", str(project), "--no-cache", "-q").error_lines[0]]
    assert result.error_lines[0].startswith("site_src/boom.md:6: error: ")


def test_check_reads_the_cache_and_writes_nothing(project: Path) -> None:
    assert run_cli("check", "--root", str(project), "-q").code == 0
    assert not (project / CACHE_DIR).exists()
    build(project, "_site")
    before = cache_file(project).read_bytes()
    (project / "site_src/guide.md").write_text(PAGES["site_src/guide.md"] + "\nMore.\n")
    assert run_cli("check", "--root", str(project), "-q").code == 0
    assert cache_file(project).read_bytes() == before


def test_spec_text_is_converted_once_and_then_read_from_the_cache(make_project) -> None:
    desc = "How often to retry:\\n\\n```js\\nclient.send({ retries: 3 })\\n```\\n"
    root = make_project(
        {
            "site.yml": "title: Spec text\nsearch: false\n",
            "specs/opts/props.yml": f'- key: retries\n  type: integer\n  desc: "{desc}"\n'
            '- key: timeout\n  type: integer\n  desc: "Seconds, *at most* 60."\n',
            "specs/opts/groups.yml": "- key: call\n  props: [retries, timeout]\n",
            "site_src/index.md": "---\ntitle: Home\n---\n{{ proptable('opts', 'call') }}\n",
            "site_src/again.md": "---\ntitle: Again\n---\n{{ proptable('opts', 'call') }}\n",
        }
    )
    build(root, "plain", cache=False)
    cold = build(root, "cold")
    warm = build(root, "warm")
    assert tree(root / "plain") == tree(root / "cold") == tree(root / "warm")
    page = (root / "warm/index.html").read_text()
    assert '<span class="nx">client</span>' in page and "<em>at most</em>" in page
    assert cold.cache.misses["inline"] >= 2
    assert warm.cache.hits["inline"] >= 4 and not warm.cache.misses.get("inline")


STAMP = """
import sys
sys.path.insert(0, sys.argv[1])
import jinja2.filters
from specsite.engine.cached import _callable_stamp
from hookmod import pick
print(_callable_stamp(jinja2.filters.do_pprint), _callable_stamp(pick))
"""


def test_a_filter_keys_its_templates_the_same_in_every_process(tmp_path: Path) -> None:
    # A set in a hook's code is a frozenset constant, ordered by string hashes that differ per
    # process; a profiler changes reference counts, which marshal writes into its output.
    write_files(tmp_path, {"hookmod.py": "def pick(v):\n    return v in {'red', 'green', 'blue'}\n"})
    script = write_files(tmp_path, {"stamp.py": STAMP}) / "stamp.py"
    runs = [
        ([sys.executable, str(script), str(tmp_path)], {"PYTHONHASHSEED": "1"}),
        ([sys.executable, str(script), str(tmp_path)], {"PYTHONHASHSEED": "2"}),
        ([sys.executable, "-m", "cProfile", "-o", str(tmp_path / "prof"), str(script), str(tmp_path)], {}),
    ]
    stamps = {
        subprocess.run(
            command, capture_output=True, text=True, check=True, cwd=REPO, env={**os.environ, **env}
        ).stdout
        for command, env in runs
    }
    assert len(stamps) == 1
