"""Nunjucks syntax in pages and templates (specsite/compat/nunjucks.py and its filters).

Each case is a template written for Nunjucks, with what Nunjucks prints for it;
``test_real_nunjucks_prints_the_same`` runs every case through real Nunjucks,
so the expectations are the tool's, not our reading of it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest

from specsite import features
from specsite.compat import luxon, nunjucks, slugify
from specsite.engine.templating import make_environment
from specsite.engine.views import register_views

from . import jsreference
from .conftest import CliResult

features.load()

# (template, context, what Nunjucks prints)
CASES: list[tuple[str, dict[str, Any], str]] = [
    ("{% if a.b[c] %}yes{% else %}no{% endif %}", {"a": {"b": {}}}, "no"),
    ("{% if missing.b[c].d %}yes{% else %}no{% endif %}", {}, "no"),
    (
        "{% if n === 2 %}same{% endif %}|{% if t === 2 %}same{% else %}differs{% endif %}",
        {"n": 2, "t": "2"},
        "same|differs",
    ),
    (
        "{% if t !== 2 %}differs{% endif %}|{% if n !== 2 %}x{% else %}same{% endif %}",
        {"n": 2, "t": "2"},
        "differs|same",
    ),
    ("{% if n > 3 %}big{% elseif n > 1 %}middle{% else %}small{% endif %}", {"n": 2}, "middle"),
    ("{% set o = { a: 1, 'b': n, c: { d: [1, 2] } } %}{{ o.a }} {{ o.b }} {{ o.c.d[1] }}", {"n": 2}, "1 2 2"),
    ("{% set o = { key: n } %}{{ o | dump }}", {"n": 2, "key": "other"}, '{"key":2}'),
    (
        "{{ items.length }} {{ word.length }} {{ [1, 2].length }}",
        {"items": [1, 2, 3], "word": "hello"},
        "3 5 2",
    ),
    (
        "{{ items.join('-') }}|{{ items.join() }}|{{ items.join(', ') | safe }}",
        {"items": ["a", "b", "c"]},
        "a-b-c|a,b,c|a, b, c",
    ),
    (
        "{{ items.includes('b') }} {{ items.includes('z') }} {{ word.includes('ell') }}",
        {"items": ["a", "b"], "word": "hello"},
        "true false true",
    ),
    ("{% if items.length > 1 and not empty.length %}many{% endif %}", {"items": [1, 2], "empty": []}, "many"),
    ("{{ obj | dump }}", {"obj": {"x": 1, "y": [True, None], "z": "q"}}, '{"x":1,"y":[true,null],"z":"q"}'),
    ("{{ obj | dump(2) }}", {"obj": {"x": 1, "y": [1]}}, '{\n  "x": 1,\n  "y": [\n    1\n  ]\n}'),
    ("{{ '<em>hi</em>' | safe }} {{ '<em>' }}", {}, "<em>hi</em> &lt;em&gt;"),
    (
        "{{ flag }}|{{ nothing }}|{{ null }}|{{ items }}|{{ 2.0 }}",
        {"flag": True, "nothing": None, "items": [1, 2]},
        "true|||1,2|2",
    ),
    ("{% if null %}x{% else %}empty{% endif %}", {}, "empty"),
    (
        "{{ big }} {{ tenth + 0.2 }} {{ ratio }}",
        {"big": 1e16, "tenth": 0.1, "ratio": 2.5},
        "10000000000000000 0.30000000000000004 2.5",
    ),
    ("{{ '{{ x }}' }} {% raw %}{{ a === b }}{% endraw %}", {}, "{{ x }} {{ a === b }}"),
    ("{{ { 'a': 1 }.a }}", {}, "1"),
    ("{% for k, v in obj %}{{ k }}={{ v }};{% endfor %}", {"obj": {"x": 1, "y": "<b>"}}, "x=1;y=&lt;b&gt;;"),
    (
        "{{ s | truncate(20) }}|{{ s | truncate(20, true) }}|{{ s | truncate(20, false, '…') }}|"
        "{{ s | truncate }}|{{ w | truncate(5) }}|{{ 'exactly twenty chars' | truncate(20) }}",
        {"s": "The quick brown fox jumps over the lazy dog", "w": "abcdefghij"},
        "The quick brown fox...|The quick brown fox ...|The quick brown fox…|"
        "The quick brown fox jumps over the lazy dog|abcde...|exactly twenty chars",
    ),
    (
        "{{ t | nl2br }}|{{ t | escape | nl2br }}",
        {"t": "a\n<b>"},
        "a&lt;br /&gt;\n&lt;b&gt;|a<br />\n&lt;b&gt;",
    ),
]


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    environment = make_environment(None, {})
    register_views(environment)
    return environment


@pytest.mark.parametrize(("source", "context", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_nunjucks_templates_render_as_in_nunjucks(
    env: jinja2.Environment, source: str, context: dict[str, Any], expected: str
) -> None:
    assert env.from_string(source).render(context) == expected


def test_real_nunjucks_prints_the_same() -> None:
    jsreference.require("nunjucks")
    script = (
        'import nunjucks from "nunjucks";\n'
        'import {readFileSync} from "node:fs";\n'
        "const env = new nunjucks.Environment(null, {autoescape: true});\n"
        'const cases = JSON.parse(readFileSync(0, "utf8"));\n'
        "console.log(JSON.stringify(cases.map(([t, c]) => env.renderString(t, c))));\n"
    )
    theirs = jsreference.run_module(script, [[source, context] for source, context, _ in CASES])
    # Nunjucks escapes the quotes of ``dump`` (&quot;); the text a reader sees is the same.
    assert [html.unescape(t) for t in theirs] == [html.unescape(expected) for _, _, expected in CASES]


# --- the token rules, one by one ----------------------------------------------------------


def rewritten(env: jinja2.Environment, source: str) -> list[tuple[str, Any]]:
    stream = env.lexer.tokenize(source)
    return [(t.type, t.value) for t in nunjucks.translate(list(stream))]


def test_strict_equality_becomes_equality(env: jinja2.Environment) -> None:
    assert rewritten(env, "{{ a === b }}")[1:4] == [("name", "a"), ("eq", "=="), ("name", "b")]
    assert rewritten(env, "{{ a !== b }}")[1:4] == [("name", "a"), ("ne", "!="), ("name", "b")]


def test_elseif_is_elif_only_as_a_tag_name(env: jinja2.Environment) -> None:
    assert ("name", "elif") in rewritten(env, "{% if a %}{% elseif b %}{% endif %}")
    assert env.from_string("{{ elseif }}").render(elseif="a variable") == "a variable"


def test_bare_keys_are_text_only_inside_braces(env: jinja2.Environment) -> None:
    assert ("string", "a") in rewritten(env, "{{ {a: 1} }}")
    # A slice and a conditional keep their names.
    assert env.from_string("{{ items[a:b] }}").render(items=[1, 2, 3], a=1, b=2) == "2"
    assert env.from_string("{{ {'k': [x][0:1]} | dump }}").render(x=5) == '{"k":[5]}'


def test_text_outside_tags_is_never_touched(env: jinja2.Environment) -> None:
    prose = "a === b, { key: value }, list.length, null, elseif\n"
    assert env.from_string(prose + "{{ 1 }}").render() == prose + "1"


def test_a_name_after_a_dot_keeps_its_meaning(env: jinja2.Environment) -> None:
    assert env.from_string("{{ d.null }} {{ d.length }}").render(d={"null": "n", "length": "own"}) == "n own"


def test_js_methods_on_objects_that_have_their_own(env: jinja2.Environment) -> None:
    from specsite.engine.jsarray import JsArray

    assert env.from_string("{{ xs.join(' ') }}").render(xs=JsArray(["a", "b"])) == "a b"
    assert env.from_string("{% for i in xs %}{{ loop.length }}{% endfor %}").render(xs=[1, 2]) == "22"


def test_js_method_on_the_wrong_type_says_so(env: jinja2.Environment) -> None:
    with pytest.raises(jinja2.UndefinedError) as caught:
        env.from_string("{{ word.join(',') }}").render(word="abc")
    assert caught.value.message == "text has no attribute 'join' ('join' works on lists)"


# --- undefined values ---------------------------------------------------------------------


def test_printing_an_undefined_chain_is_still_an_error(env: jinja2.Environment) -> None:
    with pytest.raises(jinja2.UndefinedError) as caught:
        env.from_string("{{ missing.b.c }}").render()
    assert caught.value.message == "'missing' is undefined"
    with pytest.raises(jinja2.UndefinedError) as caught:
        env.from_string("{{ prop.nmae.x }}").render(prop={"name": "a"})
    assert caught.value.message == "mapping has no attribute 'nmae' (did you mean 'name'?)"


PAGE = """\
---
title: Nunjucks page
---
{% set levels = { low: 1, high: 3 } %}
{% if page.meta.missing.deep[levels.low] %}hidden{% elseif levels.high === 3 %}Level {{ levels.high }}{% endif %}

Tags: {{ page.meta.tags.join(", ") }} ({{ page.meta.tags.length }})

## {{ "Rock & Roll (live)" | slugify }}
"""


def test_a_page_written_for_nunjucks_builds(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult]
) -> None:
    root = make_project({"site_src/index.md": PAGE.replace("title:", "tags: [a, b]\ntitle:")})
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    text = (root / "_site/index.html").read_text()
    assert "<p>Level 3</p>" in text
    assert "<p>Tags: a, b (2)</p>" in text
    assert ">rock-and-roll-live<" in text


def test_a_typo_in_a_nunjucks_page_is_still_reported(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult]
) -> None:
    root = make_project({"site_src/index.md": "---\ntitle: T\n---\n\n{{ page.titel }}\n"})
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == [
        "site_src/index.md:5: error: undefined value: Page has no attribute 'titel' (did you mean 'title'?)"
    ]


def test_site_values_under_extra_read_as_site_keys_like_an_eleventy_site_json(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult]
) -> None:
    # An Eleventy site reads its _data/site.json as {{ site.url }}; here those values sit under extra:.
    root = make_project(
        {
            "site.yml": "title: Kettle docs\nextra:\n  url: https://kettle.example\n  title: Not this\n",
            "site_src/index.md": "---\ntitle: T\n---\n\n[home]({{ site.url }}/) {{ site.title }} {{ site.extra.url }}\n",
        }
    )
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    text = (root / "_site/index.html").read_text()
    assert '<a href="https://kettle.example/">home</a> Kettle docs https://kettle.example' in text


def test_a_site_key_that_is_not_set_is_still_reported(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult]
) -> None:
    root = make_project({"site_src/index.md": "---\ntitle: T\n---\n\n{{ site.url }}\n"})
    result = cli("build", "--root", str(root))
    assert result.code == 1
    assert result.error_lines == [
        "site_src/index.md:5: error: undefined value: SiteInfo has no attribute 'url'"
    ]


def test_json_front_matter_is_read_as_eleventy_reads_it(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult]
) -> None:
    root = make_project(
        {
            "site_src/kettle.md": '---json\n{"title": "Kettle", "tags": ["a", "b"]}\n---\n\n{{ tags.length }} tags\n'
        }
    )
    result = cli("build", "--root", str(root), "-q")
    assert result.code == 0, result.err
    text = (root / "_site/kettle/index.html").read_text()
    assert "<title>Kettle" in text and "<p>2 tags</p>" in text
    assert "---json" not in text


# --- slug, slugify, date ------------------------------------------------------------------

# (text, Eleventy's slugify, Eleventy's slug), as the npm packages make them.
SLUGS = [
    ("Hello, Wörld & Co's (v2)", "hello-woerld-and-cos-v2", "hello-world-and-co's-(v2)"),
    ("Upload interactions (batch)", "upload-interactions-batch", "upload-interactions-(batch)"),
    ("  Ça va?  déjà-vu ", "ca-va-deja-vu", "ca-va-deja-vu"),
    ("API_Key setup", "api-key-setup", "api_key-setup"),
    ("ÆØÅ æøå Straße", "aeoa-aeoa-strasse", "aeoa-aeoa-strasse"),
    ("1.2.3 release", "1-2-3-release", "1.2.3-release"),
    ("C++ & C#", "c-and-c", "c++-and-c"),
    ("$5 <b>bold</b> 100% | x", "5-b-bold-b-100-x", "dollar5-lessbgreaterboldlessbgreater-100percent-or-x"),
    ("Crème brûlée!!", "creme-brulee", "creme-brulee!!"),
    ("foo--bar__baz", "foo-bar-baz", "foo-bar__baz"),
    ("It's 'quoted'", "its-quoted", "it's-'quoted'"),
    ("Łódź Đuro", "lodz-duro", "lodz-djuro"),
    ("camelCaseWords", "camelcasewords", "camelcasewords"),
    ("émoji 🦄 ♥", "emoji-unicorn-love", "emoji-love"),
    ("a^b`c", "abc", "abc"),
    ("Cool URIs Don’t Change", "cool-uris-don-t-change", "cool-uris-don't-change"),
    ("And more…", "and-more", "and-more..."),
    ("Get notified\u2009—\u2009April 28!", "get-notified-april-28", "get-notified-april-28!"),
    ("Use “smart” quotes • 5€ ™", "use-smart-quotes-5e", 'use-"smart"-quotes-*-5euro-tm'),
]


@pytest.mark.parametrize(("text", "expected_slugify", "expected_slug"), SLUGS)
def test_slug_filters_match_eleventy(text: str, expected_slugify: str, expected_slug: str) -> None:
    assert slugify.slugify(text) == expected_slugify
    assert slugify.slug(text) == expected_slug


def test_slug_filters_match_the_npm_packages() -> None:
    jsreference.require("@sindresorhus/slugify", "slugify")
    script = (
        'import s1 from "@sindresorhus/slugify"; import s2 from "slugify";\n'
        'import {readFileSync} from "node:fs";\n'
        'const texts = JSON.parse(readFileSync(0, "utf8"));\n'
        "console.log(JSON.stringify(texts.map(t => [s1(t, {decamelize: false}),"
        ' s2(t, {replacement: "-", lower: true})])));\n'
    )
    texts = [text for text, _, _ in SLUGS]
    assert jsreference.run_module(script, texts) == [[a, b] for _, a, b in SLUGS]


FORMATS = [
    ("yyyy-LL-dd", "2024-03-05"),
    ("LLLL d, yyyy", "March 5, 2024"),
    ("dd LLL yy", "05 Mar 24"),
    ("cccc, MMMM d", "Tuesday, March 5"),
    ("EEE h:mm a", "Tue 2:07 PM"),
    ("HH:mm:ss.SSS", "14:07:09.045"),
    ("'Week' WW kkkk", "Week 10 2024"),
    ("D", "3/5/2024"),
    ("DDD", "March 5, 2024"),
    ("DDDD", "Tuesday, March 5, 2024"),
    ("o ooo q", "65 065 1"),
    ("ZZ", "+00:00"),
    ("yyyy-MM-dd'T'HH", "2024-03-05T14"),
    ("t T", "2:07\u202fPM 14:07"),
]
MOMENT = "2024-03-05T14:07:09.045Z"


@pytest.mark.parametrize(("fmt", "expected"), FORMATS)
def test_date_uses_luxon_tokens(env: jinja2.Environment, fmt: str, expected: str) -> None:
    assert env.from_string("{{ when | date(fmt) }}").render(when=MOMENT, fmt=fmt) == expected


def test_date_takes_yaml_dates_and_defaults_to_iso(env: jinja2.Environment) -> None:
    import datetime

    assert env.from_string("{{ d | date }}").render(d=datetime.date(2024, 12, 30)) == "2024-12-30"
    assert luxon.date_filter(datetime.date(2024, 12, 30), "kkkk-'W'WW-c") == "2025-W01-1"


def test_date_formats_match_luxon() -> None:
    jsreference.require("luxon")
    script = (
        'import {DateTime} from "luxon"; import {readFileSync} from "node:fs";\n'
        'const [iso, formats] = JSON.parse(readFileSync(0, "utf8"));\n'
        'const d = DateTime.fromISO(iso, {zone: "utc"});\n'
        "console.log(JSON.stringify(formats.map(f => d.toFormat(f))));\n"
    )
    assert jsreference.run_module(script, [MOMENT, [f for f, _ in FORMATS]]) == [e for _, e in FORMATS]


def test_a_value_that_is_not_a_date_is_reported(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult]
) -> None:
    root = make_project(
        {"site_src/index.md": "---\ntitle: T\nwhen: soon\n---\n\n{{ page.meta.when | date }}\n"}
    )
    result = cli("build", "--root", str(root))
    assert result.error_lines == [
        "site_src/index.md:6: error: date filter: 'soon' is not a date "
        "(write it as 2024-03-05 or 2024-03-05T14:07:00Z)"
    ]


# --- shortcodes and loops over objects ----------------------------------------------------


@pytest.fixture
def shortcode_env() -> jinja2.Environment:
    environment = make_environment(
        None, {"uid": lambda: "id-1", "badge": lambda text, kind="new": f"<b>{kind}: {text}</b>"}
    )
    environment.filters["callout"] = lambda body, kind="note": f'<div class="{kind}">{body}</div>'
    register_views(environment)
    return environment


def test_a_tag_named_after_a_global_calls_it_like_an_eleventy_shortcode(
    shortcode_env: jinja2.Environment,
) -> None:
    source = "{% uid %} {% badge 'Beta', 'status' %} {%- badge items.length %}"
    assert shortcode_env.from_string(source).render(items=[1, 2]) == "id-1 <b>status: Beta</b><b>new: 2</b>"


def test_a_paired_tag_named_after_a_filter_wraps_its_body(shortcode_env: jinja2.Environment) -> None:
    source = "{% callout 'warn' %}Mind {{ '<this>' }}{% endcallout %}|{% callout %}x{% endcallout %}"
    assert (
        shortcode_env.from_string(source).render()
        == '<div class="warn">Mind &lt;this&gt;</div>|<div class="note">x</div>'
    )


def test_an_unregistered_shortcode_says_what_to_register(
    make_project: Callable[[dict[str, str]], Path], cli: Callable[..., CliResult]
) -> None:
    body = "{% youtube 'abc' %}\n\n{% aside %}x{% endaside %}\n"
    root = make_project(
        {
            "site_src/index.md": "---\ntitle: T\n---\n" + body,
            "site_src/b.md": "---\ntitle: B\n---\n{% aside %}x{% endaside %}\n",
        }
    )
    result = cli("build", "--root", str(root))
    assert result.error_lines == [
        "site_src/b.md:4: error: template syntax: unknown tag 'aside'; an Eleventy paired shortcode needs a "
        "filter named 'aside' that takes the body first (registered by the project's hooks)",
        "site_src/index.md:4: error: template syntax: unknown tag 'youtube'; an Eleventy shortcode needs a "
        "global function named 'youtube' (registered by the project's hooks)",
    ]


def test_a_loop_with_two_names_walks_a_mappings_keys_and_values(env: jinja2.Environment) -> None:
    source = "{% for key, value in obj %}{{ key }}={{ value }};{% endfor %}"
    assert env.from_string(source).render(obj={"x": 1, "y": 2}) == "x=1;y=2;"
    # Lists of pairs, .items() and Jinja's loop filter keep working.
    assert env.from_string(source).render(obj=[("a", 1)]) == "a=1;"
    jinja = "{% for k, v in obj.items() if v > 1 %}{{ k }}{% endfor %}"
    assert env.from_string(jinja).render(obj={"x": 1, "y": 2}) == "y"


# --- a small set of templates, rendered by both -------------------------------------------

TEMPLATES = {
    "layout.njk": (
        "<h1>{{ title }}</h1>\n"
        '{% include "parts/meta.njk" %}\n'
        '{% from "macros.njk" import badge %}\n'
        "{% for key, value in stats %}<p>{{ key }}: {{ value }}</p>{% endfor %}\n"
        '{{ badge({ label: "Beta", level: 2 }) }} {{ badge({ label: "GA", level: 1 }) }}\n'
        "{% set tags = page.tags %}\n"
        '{% if tags.length === 0 %}no tags{% elseif tags.includes("api") %}API: {{ tags.join(" / ") }}'
        '{% else %}{{ tags | join(", ") }}{% endif %}\n'
        '{% note "tip" %}Read {{ "<this>" }} first{% endnote %}\n'
        "{% year %} {% year 5 %}\n"
        '{{ page.missing.deep[0] | default("n/a") }}{% if page.missing.deep[0] %}never{% endif %}\n'
        "{{ title | truncate(12) }} {{ title | slugify }}\n"
    ),
    "parts/meta.njk": "<p>{{ page.tags.length }} tags{% if page.draft === true %}, draft{% endif %}</p>",
    "macros.njk": (
        '{% macro badge(opts) %}<span class="b{{ opts.level }}">{{ opts.label }}'
        "{% if opts.level !== 1 %}!{% endif %}</span>{% endmacro %}"
    ),
}
DATA = {
    "title": "Nunjucks & friends",
    "page": {"tags": ["api", "sdk"], "draft": True},
    "stats": {"pages": 3, "words": 1200},
}

# Eleventy makes shortcodes into Nunjucks tags this way; the twins below are the Python side.
SHORTCODES_JS = """
import nunjucks from "nunjucks"; import slugify from "@sindresorhus/slugify";
import {readFileSync} from "node:fs";
const [dir, data] = JSON.parse(readFileSync(0, "utf8"));
function single(name, fn) {
  this.tags = [name];
  this.parse = (parser, nodes) => { const tok = parser.nextToken(); const args = parser.parseSignature(null, true);
    parser.advanceAfterBlockEnd(tok.value); return new nodes.CallExtension(this, "run", args); };
  this.run = (ctx, ...args) => new nunjucks.runtime.SafeString(fn(...args));
}
function paired(name, fn) {
  this.tags = [name];
  this.parse = (parser, nodes) => { const tok = parser.nextToken(); const args = parser.parseSignature(null, true);
    parser.advanceAfterBlockEnd(tok.value); const body = parser.parseUntilBlocks("end" + name);
    parser.advanceAfterBlockEnd(); return new nodes.CallExtension(this, "run", args, [body]); };
  this.run = (ctx, ...args) => { const body = args.pop()(); return new nunjucks.runtime.SafeString(fn(body, ...args)); };
}
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dir), {autoescape: true});
env.addExtension("year", new single("year", (n) => String(2024 + (n || 0))));
env.addExtension("note", new paired("note", (body, kind) => `<aside class="${kind}">${body}</aside>`));
env.addFilter("slugify", (s) => slugify(s, {decamelize: false}));
console.log(JSON.stringify(env.render("layout.njk", data)));
"""


def test_templates_with_includes_macros_and_shortcodes_match_real_nunjucks(tmp_path: Path) -> None:
    for name, text in TEMPLATES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    ours = make_environment(tmp_path, {"year": lambda n=0: str(2024 + n)})
    ours.filters["note"] = lambda body, kind: f'<aside class="{kind}">{body}</aside>'
    register_views(ours)
    rendered = ours.get_template("layout.njk").render(DATA)
    assert rendered == (
        "<h1>Nunjucks &amp; friends</h1>\n"
        "<p>2 tags, draft</p>\n\n"
        "<p>pages: 3</p><p>words: 1200</p>\n"
        '<span class="b2">Beta!</span> <span class="b1">GA</span>\n\n'
        "API: api / sdk\n"
        '<aside class="tip">Read &lt;this&gt; first</aside>\n'
        "2024 2029\n"
        "n/a\n"
        "Nunjucks &amp;... nunjucks-and-friends\n"
    )
    jsreference.require("nunjucks", "@sindresorhus/slugify")
    assert jsreference.run_module(SHORTCODES_JS, [str(tmp_path), DATA]) == rendered
