"""Global data (``data/``), directory data, front matter as template names, and the cascade between them."""

from __future__ import annotations

from pathlib import Path

import pytest

from specsite.engine.builder import BuildOptions
from specsite.preview.session import Session

from .conftest import tree

SITE = "title: Data\nsearch: false\n"


def read(root: Path, rel: str) -> str:
    return (root / "_site" / rel).read_text(encoding="utf-8")


def build_ok(cli, root: Path) -> None:
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err


# --- global data ----------------------------------------------------------------------------


def test_data_files_are_globals_named_by_their_path(make_project, cli) -> None:
    root = make_project(
        {
            "site.yml": SITE,
            "data/intro.yml": "title: Welcome\nitems: [a, b, c]\n",
            "data/sitemap/sdk.yml": "pages: 12\n",
            "data/sitemap/cli.json": '{\n\t"pages": 3, "big": 1e3\n}\n',
            "site_src/index.md": (
                "---\ntitle: Home\n---\n"
                "[{{ intro.title }}|{{ intro.items.length }}|{{ intro.items.join('+') }}]"
                "[{{ sitemap.sdk.pages + sitemap.cli.pages }}|{{ sitemap.cli.big > 999 }}]\n"
            ),
        }
    )
    build_ok(cli, root)
    html = read(root, "index.html")
    # `items` is the key, not the dict method, as in Nunjucks.
    assert "[Welcome|3|a+b+c][15|true]" in html  # booleans print as Nunjucks prints them
    assert not (root / "_site" / "data").exists()


def test_yaml_values_keep_their_types(make_project, cli) -> None:
    root = make_project(
        {
            "site.yml": SITE,
            "data/release.yml": "tier: 2\nratio: 0.5\nbeta: false\ndate: 2024-05-01\nname: '2'\n",
            "site_src/index.md": (
                "---\ntitle: Home\nlimit: 3\n---\n"
                "{% if release.tier > 1 %}tier above one{% endif %}|{{ release.tier + limit }}"
                "|{{ release.ratio * 4 }}|{% if not release.beta %}not beta{% endif %}"
                "|{{ release.date.year }}-{{ release.date.month }}|{{ release.name is string }}\n"
            ),
        }
    )
    build_ok(cli, root)
    assert "tier above one|5|2|not beta|2024-5|true" in read(root, "index.html")  # printed as Nunjucks prints


# --- the cascade ------------------------------------------------------------------------------

LAYOUT = (
    "<main data-section='{{ section }}' data-tags='{{ tags.join(\",\") }}' data-owner='{{ owner.name }}'"
    " data-team='{{ owner.team }}'>{{ title }}: {{ content }}</main>"
)


@pytest.fixture
def cascade_site(make_project, cli) -> Path:
    root = make_project(
        {
            "site.yml": SITE,
            "templates/guide.html": LAYOUT,
            "data/owner.yml": "name: Docs team\nteam: platform\n",
            "data/section.yml": "global\n",
            "site_src/index.md": "---\ntitle: Home\n---\n{{ section }}\n",
            "site_src/guide/guide.yml": (
                "layout: guide.html\nsection: guide\ntags: [guide]\nowner:\n  team: guides\n"
            ),
            "site_src/guide/intro.md": "---\ntitle: Intro\n---\nbody of {{ page.meta.title }}\n",
            "site_src/guide/intro.11tydata.yml": "owner: {name: Ada}\nsection: intro-data\n",
            "site_src/guide/api/api.11tydata.json": '{"section": "api", "tags": ["api"]}',
            "site_src/guide/api/calls.md": (
                "---\ntitle: Calls\ntags: [calls]\nsection: calls\n---\n"
                "{{ page.meta.tags | join(',') }} / {{ page.meta.section }}\n"
            ),
        }
    )
    build_ok(cli, root)
    return root


def test_front_matter_beats_directory_data_beats_global_data(cascade_site: Path) -> None:
    assert "<p>global</p>" in read(cascade_site, "index.html")  # no directory data above it
    intro = read(cascade_site, "guide/intro/index.html")
    # The folder's layout; the page's template data over the folder's; owner merged key by key.
    assert intro.startswith(
        "<main data-section='intro-data' data-tags='guide' data-owner='Ada' data-team='guides'>Intro: "
    )
    assert "<p>body of Intro</p>" in intro  # page.meta is still the page's own front matter
    calls = read(cascade_site, "guide/api/calls/index.html")
    # Lists join across the layers (Eleventy's deep merge); the page's own section wins.
    assert calls.startswith("<main data-section='calls' data-tags='guide,api,calls' ")
    assert "<p>calls / calls</p>" in calls  # page.meta holds the front matter alone


def test_data_files_in_site_src_are_not_published(cascade_site: Path) -> None:
    files = set(tree(cascade_site / "_site"))
    assert "guide/intro/index.html" in files
    assert not any(name.endswith((".yml", ".json")) for name in files), sorted(files)


def test_eleventy_javascript_data_files_are_named_not_published(make_project, cli) -> None:
    root = make_project(
        {
            "site.yml": SITE,
            "site_src/index.md": "---\ntitle: Home\n---\nhome\n",
            "site_src/guide/guide.11tydata.js": "module.exports = {layout: 'guide.njk'};\n",
            "site_src/guide/a.md": "---\ntitle: A\n---\na\n",
            "site_src/guide/app.js": "console.log(1);\n",
        }
    )
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    assert (
        "site_src/guide/guide.11tydata.js: warning: Eleventy JavaScript data file: not read and not published;"
        " compute its data in hooks.py (site.add_computed) or write it as YAML or JSON"
    ) in result.err.splitlines()
    files = set(tree(root / "_site"))
    assert "guide/app.js" in files and "guide/guide.11tydata.js" not in files


def test_override_prefix_replaces_instead_of_joining(make_project, cli) -> None:
    root = make_project(
        {
            "site.yml": SITE,
            "site_src/guide/guide.yml": "tags: [guide]\n",
            "site_src/guide/a.md": "---\ntitle: A\noverride:tags: [only]\nlayout: none\n---\n{{ tags.join(',') }}",
        }
    )
    build_ok(cli, root)
    assert read(root, "guide/a/index.html") == "<p>only</p>"


# --- errors, each at its line ------------------------------------------------------------------


def failing(cli, root: Path) -> list[str]:
    site = root / "_site"
    before = tree(site) if site.exists() else None
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    if before is not None:
        assert tree(site) == before  # the previous site is untouched
    return result.error_lines


def built_project(make_project, cli, files: dict[str, str]) -> Path:
    root = make_project({"site.yml": SITE, "site_src/index.md": "---\ntitle: Home\n---\nhome\n"})
    build_ok(cli, root)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"data/site.yml": "title: Mine\n"},
            "data/site.yml:1:1: error: data file defines 'site', which is already the site settings "
            "(site.yml); rename the file",
        ),
        (
            {"data/range.json": "[1, 2]"},
            "data/range.json:1:1: error: data file defines 'range', which is already a built-in global;"
            " rename the file",
        ),
        (
            {
                "data/sitemap.yml": "# pages\ncli: {pages: 3}\nsdk: {pages: 4}\n",
                "data/sitemap/sdk.yml": "pages: 2\n",
            },
            "data/sitemap.yml:3:1: error: 'sitemap.sdk' is also defined by the data file "
            "data/sitemap/sdk.yml; keep one of them",
        ),
        (
            {"data/intro.yml": "a: 1\n", "data/intro.json": '{"a": 2}'},
            "data/intro.yml:1:1: error: 'intro' is also defined by data/intro.json; keep one of them",
        ),
        (
            {"data/links.json": '{\n  "home": "/",\n  "docs": "/docs/",\n}\n'},
            "data/links.json:4:1: error: JSON syntax: Expecting property name enclosed in double quotes",
        ),
        (
            {"data/intro.yml": "title: A\n  items: [1]\n"},
            "data/intro.yml:2:8: error: YAML syntax: mapping values are not allowed here",
        ),
        (
            {"site_src/guide/guide.yml": "- a\n- b\n"},
            "site_src/guide/guide.yml:1:1: error: directory data must be a mapping of 'key: value' lines,"
            " not a list",
        ),
    ],
)
def test_data_mistakes_are_located(make_project, cli, files: dict[str, str], expected: str) -> None:
    root = built_project(make_project, cli, files)
    assert failing(cli, root) == [expected]


def test_a_hook_global_is_taken_too(make_project, cli) -> None:
    root = built_project(
        make_project,
        cli,
        {
            "site.yml": SITE + "hooks: [hooks.py]\n",
            "hooks.py": "def setup(site):\n    site.add_global('team', 'Docs')\n",
            "data/team.yml": "name: Docs\n",
        },
    )
    assert failing(cli, root) == [
        "data/team.yml:1:1: error: data file defines 'team', which is already a global from hooks.py:2;"
        " rename the file"
    ]


def test_front_matter_cannot_replace_a_core_name(make_project, cli) -> None:
    root = make_project(
        {
            "site.yml": SITE,
            "site_src/index.md": "---\ntitle: Home\nnav: side\n---\n{{ page.meta.nav }} {{ nav.sections | length }}\n",
        }
    )
    result = cli("build", "--root", str(root))
    assert result.code == 0, result.err
    assert (
        "site_src/index.md:3:1: warning: front matter 'nav' is not a template name here, because 'nav' is"
        " the navigation; read it as page.meta.nav or rename it"
    ) in result.err
    assert "<p>side 1</p>" in read(root, "index.html")
    assert cli("build", "--root", str(root), "--strict", "-q").code == 1


# --- the dev server ---------------------------------------------------------------------------


def test_data_edits_rebuild_the_pages_that_read_them(make_project, tmp_path: Path) -> None:
    root = make_project(
        {
            "site.yml": SITE,
            "data/intro.yml": "title: Welcome\n",
            "data/other.yml": "x: 1\n",
            "site_src/index.md": "---\ntitle: Home\n---\n{{ intro.title }}\n",
            "site_src/about.md": "---\ntitle: About\n---\nabout\n",
            "site_src/guide/a.md": "---\ntitle: A\n---\n{{ section | default('none') }}\n",
        }
    )
    session = Session(BuildOptions(str(root)))
    assert session.build().ok
    (root / "data/intro.yml").write_text("title: Hello again\n")
    outcome = session.build(["data/intro.yml"])
    assert outcome.ok and not outcome.full
    assert outcome.made == ("index.html",)
    assert "Hello again" in read(root, "index.html")
    # A directory data file that appears rebuilds the pages of its folder.
    (root / "site_src/guide/guide.yml").write_text("section: guide\n")
    outcome = session.build(["site_src/guide/guide.yml"])
    assert outcome.ok and outcome.made == ("guide/a/index.html",)
    assert "<p>guide</p>" in read(root, "guide/a/index.html")
    # A new global name may be what an undefined name was waiting for: everything is rendered.
    (root / "data/more.yml").write_text("y: 2\n")
    outcome = session.build(["data/more.yml"])
    assert outcome.ok and "about/index.html" in outcome.made
