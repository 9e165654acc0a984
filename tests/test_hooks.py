"""hooks.py: a project's own filters, globals, tests and computed data, and its mistakes at their lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from specsite.engine.builder import BuildOptions
from specsite.preview.session import Session

from .conftest import tree

SITE = "title: Hooks\nsearch: false\nhooks: [hooks.py]\n"

# The API as the README documents it, plus the decorator spellings.
HOOKS = """\
def setup(site):
    site.add_filter("shout", lambda text: str(text).upper() + "!")
    site.add_global("build_year", 2026)
    site.add_global("sdks", ["js", "python"])
    site.add_test("even", lambda n: n % 2 == 0)
    site.add_computed("section", lambda data: data["page"].url.split("/")[1])
    site.add_computed("heading", lambda data: data["title"] + " / " + data["team"]["name"])

    @site.filter("initials")
    def initials(name):
        return "".join(word[0] for word in name.split())

    @site.test
    def short(text):
        return len(text) < 5
"""

PAGE = """\
---
title: Upload events
---
{{ "hello" | shout }} {{ build_year }} {% if build_year is even %}even{% endif %}
{{ team.name | initials }} {% if "abc" is short %}short{% endif %} [{{ section }}]
{{ sdks.length }} SDKs: {{ sdks.join(" and ") }}
"""


def read(root: Path, rel: str) -> str:
    return (root / "_site" / rel).read_text(encoding="utf-8")


@pytest.fixture
def hooked(make_project, cli) -> Path:
    root = make_project(
        {
            "site.yml": SITE,
            "hooks.py": HOOKS,
            "data/team.yml": "name: Docs Platform Team\n",
            "templates/page.html": "<h1>{{ heading }}</h1><p>{{ section }}</p>{{ content }}",
            "site_src/index.md": "---\ntitle: Home\n---\nhome [{{ section }}]\n",
            "site_src/sdk/upload.md": PAGE,
        }
    )
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    return root


def test_filters_globals_tests_and_computed_data(hooked: Path) -> None:
    html = read(hooked, "sdk/upload/index.html")
    assert "HELLO! 2026 even" in html
    assert "DPT short [sdk]" in html
    assert "2 SDKs: js and python" in html  # a Python list answers the JavaScript array methods
    # Computed data reads front matter and global data, and layouts see it too.
    assert html.startswith("<h1>Upload events / Docs Platform Team</h1><p>sdk</p>")
    assert "home []" in read(hooked, "index.html")


def test_hooks_py_is_not_published(hooked: Path) -> None:
    assert not any(name.endswith(".py") for name in tree(hooked / "_site"))


def test_a_hook_can_import_a_module_beside_it(make_project, cli) -> None:
    root = make_project(
        {
            "site.yml": SITE,
            "helpers.py": "def stars(n):\n    return '*' * n\n",
            "hooks.py": "import helpers\n\ndef setup(site):\n    site.add_filter('stars', helpers.stars)\n",
            "site_src/index.md": "---\ntitle: Home\n---\n{{ 3 | stars }} stars\n",
        }
    )
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    assert "<p>*** stars</p>" in read(root, "index.html")


def test_shortcodes_are_tags_as_in_eleventy(make_project, cli) -> None:
    hooks = (
        "def setup(site):\n"
        "    @site.shortcode('youtube')\n"
        "    def youtube(video, title='a video'):\n"
        '        return f\'<a class="yt" href="https://youtu.be/{video}">{title}</a>\'\n'
        "\n"
        "    site.add_paired_shortcode('callout', lambda body, kind: f'<aside class=\"{kind}\">{body.strip()}</aside>')\n"
    )
    page = (
        "---\ntitle: Home\nvideo: abc\n---\n"
        '{% youtube video, "Launch talk" %} and {% youtube "xyz" %}\n\n'
        '{% callout "tip" %}Keep **{{ title }}** short.{% endcallout %}\n'
    )
    root = make_project({"site.yml": SITE, "hooks.py": hooks, "site_src/index.md": page})
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    html = read(root, "index.html")
    assert '<a class="yt" href="https://youtu.be/abc">Launch talk</a> and' in html
    assert '<a class="yt" href="https://youtu.be/xyz">a video</a>' in html
    assert '<aside class="tip">Keep **Home** short.</aside>' in html


# --- mistakes, each at the hook's line ---------------------------------------------------------


def failing(make_project, cli, hooks: str, page: str = "{{ 'x' | shout }}\n", site: str = SITE, *flags: str):
    """Build a good site first, then break it: exit 1, the listed errors, the old site untouched."""
    root = make_project(
        {"site.yml": "title: Hooks\nsearch: false\n", "site_src/index.md": "---\ntitle: Home\n---\nhome\n"}
    )
    assert cli("build", "--root", str(root), "-q").code == 0
    before = tree(root / "_site")
    (root / "site.yml").write_text(site)
    (root / "hooks.py").write_text(hooks)
    (root / "site_src/index.md").write_text("---\ntitle: Home\n---\n" + page)
    result = cli("build", "--root", str(root), "-q", *flags)
    assert result.code == 1, result.err
    assert tree(root / "_site") == before
    return result


SHOUT = "def setup(site):\n    site.add_filter('shout', shout)\n\n\ndef shout(text):\n"


@pytest.mark.parametrize(
    ("hooks", "page", "expected"),
    [
        (
            "def setup(site):\n    site.add_filter('shout', lambda t: t.upper(\n",
            "",
            "hooks.py:2:47: error: Python syntax: '(' was never closed",
        ),
        (
            "RATE = 1 / 0\n\ndef setup(site):\n    pass\n",
            "",
            "hooks.py:1: error: error while loading the hooks: ZeroDivisionError: division by zero",
        ),
        (
            "def setup(site):\n    options = {}\n    site.add_global('rate', options['rate'])\n",
            "",
            "hooks.py:3: error: error in setup(site): KeyError: 'rate'",
        ),
        (
            "def set_up(site):\n    pass\n",
            "",
            "hooks.py:1: error: a hook file must define setup(site)",
        ),
        (
            SHOUT + "    return text.upper() + 1\n",
            "Intro.\n\n{{ 'x' | shout }}\n",
            "hooks.py:6: error: filter 'shout' failed: TypeError: can only concatenate str (not \"int\") to str"
            " (called from site_src/index.md:6)",
        ),
        (
            "def setup(site):\n    site.add_computed('part', lambda data: data['page'].url[5])\n",
            "",
            "hooks.py:2: error: computed 'part' failed: IndexError: string index out of range"
            " (called from site_src/index.md)",
        ),
        (
            "def setup(site):\n    site.add_filter('shout-loud', str.upper)\n",
            "",
            "hooks.py:2: error: filter name 'shout-loud' must be a name that templates can write"
            " (letters, digits, '_')",
        ),
        (
            "def setup(site):\n    site.add_global('site', {})\n",
            "",
            "hooks.py:2: error: global 'site' would hide the site settings (site.yml); choose another name",
        ),
        (
            "def setup(site):\n    site.add_global('proptable', None)\n",
            "",
            "hooks.py:2: error: global 'proptable' would hide a built-in global; choose another name",
        ),
        (
            "def setup(site):\n    site.add_filter('shout', str.upper)\n    site.add_filter('shout', str.lower)\n",
            "",
            "hooks.py:3: error: filter 'shout' is already registered at hooks.py:2",
        ),
        (
            "def setup(site):\n    site.add_shortcode('include', str)\n",
            "",
            "hooks.py:2: error: shortcode 'include' would take the name of a template tag; choose another name",
        ),
        (
            "def setup(site):\n    site.add_shortcode('shout', shout)\n\n\ndef shout(text):\n"
            "    return text.upper() + 1\n",
            "{% shout 'x' %}\n",
            "hooks.py:6: error: shortcode 'shout' failed: TypeError: can only concatenate str (not \"int\") to str"
            " (called from site_src/index.md:4)",
        ),
        (
            "def setup(site):\n    site.add_test('even', 2)\n",
            "",
            "hooks.py:2: error: test 'even' must be a function, not int",
        ),
    ],
)
def test_hook_mistakes_are_located(make_project, cli, hooks: str, page: str, expected: str) -> None:
    result = failing(make_project, cli, hooks, page)
    assert result.error_lines == [expected]
    assert "Traceback" not in result.err


def test_a_missing_hook_file_is_reported_where_site_yml_names_it(make_project, cli) -> None:
    result = failing(
        make_project,
        cli,
        "def setup(site):\n    pass\n",
        "",
        "title: Hooks\nsearch: false\nhooks:\n  - hooks.py\n  - hook.py\n",
    )
    assert result.error_lines == ["site.yml:5:5: error: hook file 'hook.py' does not exist"]


def test_an_undefined_value_passed_to_a_filter_stays_the_pages_error(make_project, cli) -> None:
    result = failing(make_project, cli, SHOUT + "    return str(text).upper()\n", "{{ titel | shout }}\n")
    assert result.error_lines == ["site_src/index.md:4: error: undefined value: 'titel' is undefined"]


def test_debug_shows_the_traceback(make_project, cli) -> None:
    result = failing(make_project, cli, "RATE = 1 / 0\n\ndef setup(site):\n    pass\n", "", SITE, "--debug")
    assert "Traceback" in result.err and "ZeroDivisionError" in result.err
    assert result.error_lines == [
        "hooks.py:1: error: error while loading the hooks: ZeroDivisionError: division by zero"
    ]


# --- the dev server ---------------------------------------------------------------------------


def test_editing_hooks_py_rebuilds_everything(hooked: Path) -> None:
    session = Session(BuildOptions(str(hooked)))
    assert session.build().ok
    (hooked / "hooks.py").write_text(HOOKS.replace('+ "!"', '+ "?!"'))
    outcome = session.build(["hooks.py"])
    assert outcome.ok and outcome.full
    assert "HELLO?! 2026" in read(hooked, "sdk/upload/index.html")
    (hooked / "hooks.py").write_text(HOOKS.replace("def setup", "def set_up"))
    outcome = session.build(["hooks.py"])
    assert not outcome.ok
    assert [d.format() for d in outcome.diagnostics] == [
        "hooks.py:1: error: a hook file must define setup(site)"
    ]


def test_serve_watches_the_hook_files_and_modules_beside_them(make_project) -> None:
    from specsite.preview.serve import watch_targets

    root = make_project(
        {
            "site.yml": "hooks: [hooks.py, lib/more_hooks.py]\n",
            "hooks.py": "",
            "helpers.py": "",
            "lib/more_hooks.py": "",
        }
    )
    targets = watch_targets(root)
    assert {"data", "hooks.py", "helpers.py", "lib", "site_src", "templates", "specs"} <= set(targets)
