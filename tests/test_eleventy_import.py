"""``specsite import eleventy``: what goes where, what site.yml says, what is listed, and no overwrites."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from .conftest import tree, write_files

FIXTURE = Path(__file__).parent / "fixtures" / "eleventy_site"


def run_import(cli, source: Path, target: Path):
    return cli("import", "eleventy", str(source), "--to", str(target))


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_the_fixture_maps_folder_by_folder(cli, tmp_path: Path) -> None:
    result = run_import(cli, FIXTURE, tmp_path / "new")
    assert result.code == 0, result.err
    assert files_under(tmp_path / "new") == [
        "data/menu.json",
        "data/metadata.yml",
        "data/releases.yml",
        "data/sitemap/sdk.yml",
        "hooks.py",
        "site.yml",
        "site_src/about.md",
        "site_src/assets/orbit.css",
        "site_src/changelog.njk",
        "site_src/drafts/notes.md",
        "site_src/guide/_snippet.md",
        "site_src/guide/advanced/tuning.md",
        "site_src/guide/configure.njk",
        "site_src/guide/guide.yml",
        "site_src/guide/install.md",
        "site_src/index.md",
        "site_src/releases.njk",
        "site_src/sdk/request-options.md",
        "site_src/sdk/sdk.json",  # directory data
        "site_src/sdk/upload.md",
        "site_src/support/support.md",
        "specs/data_api/groups.yml",
        "specs/data_api/props.yml",
        "specs/event/groups.yml",
        "specs/event/props.yml",
        "templates/doc.njk",
        "templates/macros.njk",
        "templates/partials/note.md",
        "templates/partials/pagemeta.njk",
        "templates/shell.njk",
    ]
    source = FIXTURE / "docs"
    new = tmp_path / "new"
    assert (new / "site_src/guide/install.md").read_bytes() == (source / "guide/install.md").read_bytes()
    assert (new / "templates/doc.njk").read_bytes() == (source / "_layouts/doc.njk").read_bytes()
    assert (new / "site_src/sdk/sdk.json").read_bytes() == (source / "sdk/sdk.json").read_bytes()


def test_the_fixture_site_yml_and_the_javascript_list(cli, tmp_path: Path) -> None:
    result = run_import(cli, FIXTURE, tmp_path / "new")
    site_yml = (tmp_path / "new" / "site.yml").read_text()
    assert yaml.safe_load(site_yml) == {
        "title": "Orbit Telemetry",
        "base_url": "https://docs.orbit.example/orbit/",
        "hooks": ["hooks.py"],
        "markdown": {"heading_ids": "markdown-it-anchor"},
    }
    assert (
        "base_url: https://docs.orbit.example/orbit/  # host from docs/_data/metadata.yml, path from pathPrefix (eleventy.config.js:58)"
        in site_yml
    )
    config = os.path.relpath(FIXTURE / "eleventy.config.js")
    listed = [line.strip() for line in result.out.splitlines() if line.startswith("  ")]
    assert listed == [
        f"{config}:36: filter 'shout' → a filter: site.add_filter(name, function)",
        f"{config}:37: filter 'markdown' → built in: check that specsite's 'markdown' does what yours did",
        f"{config}:38: filter 'date' → built in: check that specsite's 'date' does what yours did",
        f"{config}:41: filter 'groupProps' → a filter: site.add_filter(name, function)",
        f"{config}:45: Nunjucks global 'specs' → built in: check that specsite's 'specs' does what yours did",
        f"{config}:46: shortcode 'versionBadge' → a shortcode: site.add_shortcode(name, function)",
        f"{config}:47: paired shortcode 'callout' → a paired shortcode: site.add_paired_shortcode(name, function)",
        f"{config}:51: global data 'buildYear' → a global: site.add_global(name, value), or a file in data/",
        f"{config}:52: computed data 'section' → computed data: site.add_computed(name, function)",
        f"{config}:55: test 'even' → a test: site.add_test(name, function)",
    ]


def test_never_overwrites_a_file(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = write_files(tmp_path / "new", {"site_src/index.md": "# Mine\n", "notes.txt": "keep\n"})
    before = tree(target)
    result = run_import(cli, FIXTURE, Path("new"))
    assert result.code == 1
    assert result.error_lines == [
        "new/site_src/index.md: error: already exists; `specsite import` never overwrites a file (pick a new --to folder)"
    ]
    assert "nothing was written" in result.err
    assert tree(target) == before


def test_the_default_target_is_a_new_folder_beside_the_project(cli, tmp_path: Path) -> None:
    source = write_files(tmp_path / "blog", {"index.md": "# Hi\n"})
    result = cli("import", "eleventy", str(source))
    assert result.code == 0, result.err
    assert files_under(tmp_path / "blog-specsite") == ["site.yml", "site_src/index.md"]
    assert cli("import", "eleventy", str(source)).code == 1


def test_without_a_config_the_project_root_is_the_input_folder(cli, tmp_path: Path) -> None:
    source = write_files(
        tmp_path / "site",
        {
            "index.md": "# Home\n",
            "about.html": "<h1>About</h1>\n",
            "package.json": "{}\n",
            "node_modules/x/readme.md": "# not a page\n",
            "_site/index.html": "<p>old output</p>\n",
            ".github/workflows/ci.yml": "on: push\n",
            "_includes/base.njk": "{{ content | safe }}\n",
            "_data/team.yaml": "- Ada\n",
            "notes/draft.md": "# draft\n",
            ".eleventyignore": "notes/\n",
            "site.json": '{"layout": "base.njk"}\n',  # directory data of the input folder itself
            "about.json": '{"title": "About"}\n',  # the data of about.html
        },
    )
    result = run_import(cli, source, tmp_path / "new")
    assert result.code == 0, result.err
    assert files_under(tmp_path / "new") == [
        "data/team.yaml",
        "site.yml",
        "site_src/about.11tydata.json",
        "site_src/about.html",
        "site_src/index.md",
        "site_src/site_src.json",
        "templates/base.njk",
    ]
    assert "notes/draft.md: not copied: Eleventy ignores it ('notes/')" in result.out
    site_yml = (tmp_path / "new" / "site.yml").read_text()
    assert site_yml == (
        "# Written by `specsite import eleventy` from the Eleventy defaults (no config file).\n"
        "# See the README, 'Coming from Eleventy'.\n"
        '# title: "My documentation"  # no title found in the global data; set it here\n'
        "# base_url: https://docs.example.com/  # where the site is published (canonical links, sitemap)\n"
    )


ESM_CONFIG = """\
import { feedPlugin } from "@11ty/eleventy-plugin-rss";
import filters from "./lib/filters.js";

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(feedPlugin, { type: "atom" });
  // eleventyConfig.addFilter("commentedOut", () => 1);
  eleventyConfig.addShortcode("year", () => `${new Date().getFullYear()}`);
  eleventyConfig.addPairedShortcode("callout", (content, kind) => `<div class="${kind}">${content}</div>`);
  eleventyConfig.addCollection("posts", (api) => api.getFilteredByGlob("src/posts/*.md"));
  eleventyConfig.addTransform("minify", (content) => content);
  eleventyConfig.addLayoutAlias("post", "layouts/post.njk");
  eleventyConfig.addPassthroughCopy({ "static/img": "img" });
  eleventyConfig.on("eleventy.before", () => {});
  for (const [name, fn] of Object.entries(filters)) {
    eleventyConfig.addFilter(name, fn);
  }
  eleventyConfig.setInputDirectory("src");
}

export const config = {
  pathPrefix: "/blog/",
  markdownTemplateEngine: "liquid",
};
"""

FILTERS = """\
export default {
  readable: (d) => d.toDateString(),
};

export function register(eleventyConfig) {
  eleventyConfig.addNunjucksAsyncFilter("fetchTitle", async (url) => url);
}
"""


def test_javascript_is_listed_where_it_is_defined(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(
        tmp_path / "blog",
        {
            "eleventy.config.mjs": ESM_CONFIG,
            "lib/filters.js": FILTERS,
            "src/index.md": "---\ntitle: Home\n---\n{% assign n = 1 %}\n{{ n }}\n",
            "src/_includes/layouts/post.njk": "{{ content | safe }}\n",
            "src/_data/metadata.js": 'export default { title: "Field notes", url: "https://notes.example.org/" };\n',
            "src/_data/eleventyComputed.js": "export default {\n  permalink: (data) => data.slug,\n  crumbs: (d) => [],\n};\n",
            "src/posts/posts.11tydata.js": "export default { layout: 'post' };\n",
            "src/posts/first.md": "# First\n",
            "src/posts/first.11tydata.json": '{"draft": true}\n',
            "src/feed.liquid": "{{ collections.posts | size }}\n",
            "static/img/logo.svg": "<svg/>\n",
            "src/unlisted.png": "png",
        },
    )
    result = run_import(cli, Path("blog"), Path("new"))
    assert result.code == 0, result.err
    out = [line.strip() for line in result.out.splitlines() if line.startswith("  ")]
    here = "blog"
    assert out == [
        f"{here}/eleventy.config.mjs:5: plugin 'feedPlugin' → no equivalent: port what the plugin adds",
        f"{here}/eleventy.config.mjs:7: shortcode 'year' → a shortcode: site.add_shortcode(name, function)",
        f"{here}/eleventy.config.mjs:8: paired shortcode 'callout' → a paired shortcode: site.add_paired_shortcode(name, function)",
        f"{here}/eleventy.config.mjs:9: collection 'posts' → a global built from the pages (tags give collections.<tag> already)",
        f"{here}/eleventy.config.mjs:10: transform 'minify' → no equivalent: specsite does not post-process pages",
        f"{here}/eleventy.config.mjs:13: event handler 'eleventy.before' → no equivalent: specsite has no build events",
        f"{here}/eleventy.config.mjs:15: filter (name computed in JavaScript) → a filter: site.add_filter(name, function)",
        f"{here}/lib/filters.js:6: Nunjucks async filter 'fetchTitle' → a filter: site.add_filter(name, function)",
        f"{here}/src/_data/eleventyComputed.js:1: computed data 'permalink' → computed data: site.add_computed(name, function)",
        f"{here}/src/_data/eleventyComputed.js:1: computed data 'crumbs' → computed data: site.add_computed(name, function)",
        f"{here}/src/_data/metadata.js:1: JavaScript data file 'metadata' → a file in data/ (YAML or JSON), or site.add_global(name, value) in hooks.py",
        f"{here}/src/posts/posts.11tydata.js:1: JavaScript directory data file 'posts.11tydata.js' → the same values in site_src/posts/posts.11tydata.json (YAML or JSON; functions: computed data in hooks.py)",
        f"{here}/src/feed.liquid: not copied: specsite renders .md, .njk and .html pages; rewrite it as one",
        f"{here}/src/index.md:4: Liquid tag 'assign': write it in Nunjucks syntax",
        f"{here}/src/unlisted.png: not copied: not a page, and no addPassthroughCopy names it (copy it to site_src/ if a page uses it)",
    ]
    assert files_under(tmp_path / "new") == [
        "site.yml",
        "site_src/img/logo.svg",
        "site_src/index.md",
        "site_src/posts/first.11tydata.json",
        "site_src/posts/first.md",
        "templates/layouts/post.njk",
        "templates/post.njk",  # addLayoutAlias("post", ...)
    ]
    assert yaml.safe_load((tmp_path / "new" / "site.yml").read_text()) == {
        "title": "Field notes",
        "base_url": "https://notes.example.org/blog/",
    }


def test_spec_yaml_goes_to_specs_and_other_yaml_to_data(cli, tmp_path: Path) -> None:
    source = write_files(
        tmp_path / "site",
        {
            "index.md": "# Home\n",
            "_data/api/groups.yml": "- key: a\n  props: [x]\n",
            "_data/api/props.yml": "- key: x\n  type: string\n  desc: X.\n",
            "_data/options.yaml": "groups: []\nprops: []\n",
            "_data/links.yml": "groups: [a, b]\n",
        },
    )
    result = run_import(cli, source, tmp_path / "new")
    assert result.code == 0, result.err
    assert files_under(tmp_path / "new") == [
        "data/links.yml",
        "site.yml",
        "site_src/index.md",
        "specs/api/groups.yml",
        "specs/api/props.yml",
        "specs/options.yaml",
    ]


def test_site_data_moves_into_site_yml_and_templates_read_it_unchanged(cli, tmp_path: Path) -> None:
    # ``site`` is specsite's own global: a _data/site.json copied to data/ would not build.
    source = write_files(
        tmp_path / "site",
        {
            "index.md": "---\nlayout: base.njk\n---\n# Home\n",
            "_includes/base.njk": '<a href="{{ site.url }}/about/">{{ site.name }}</a> {{ site.team.lead }}\n{{ content | safe }}',
            "_data/site.json": '{"title": "Kettle", "url": "https://kettle.example", "name": "Kettle docs", "team": {"lead": "Ada"}}\n',
        },
    )
    result = run_import(cli, source, tmp_path / "new")
    assert result.code == 0, result.err
    assert "site.json" not in result.out
    assert files_under(tmp_path / "new") == ["site.yml", "site_src/index.md", "templates/base.njk"]
    site_yml = (tmp_path / "new" / "site.yml").read_text()
    assert 'title: "Kettle"  # from _data/site.json' in site_yml
    assert yaml.safe_load(site_yml)["extra"] == {
        "title": "Kettle",
        "url": "https://kettle.example",
        "name": "Kettle docs",
        "team": {"lead": "Ada"},
    }
    built = cli("build", "--root", str(tmp_path / "new"), "-q")
    assert built.code == 0, built.err
    page = (tmp_path / "new" / "_site" / "index.html").read_text()
    assert '<a href="https://kettle.example/about/">Kettle docs</a> Ada' in page


def test_a_javascript_site_data_file_is_ported_into_extra(cli, tmp_path: Path) -> None:
    source = write_files(
        tmp_path / "site",
        {
            "index.md": "# Home\n",
            "_data/site.js": 'module.exports = { name: "Kettle" };\n',
            "_data/nav.js": 'module.exports = [{ url: "/" }];\n',
        },
    )
    result = run_import(cli, source, tmp_path / "new")
    assert result.code == 0, result.err
    assert (
        "_data/site.js:1: JavaScript data file 'site' → its values under extra: in site.yml "
        "(templates read them as site.<key>)"
    ) in result.out
    # site.add_global('nav', ...) is refused (it would hide the navigation), so it is not offered.
    assert (
        "_data/nav.js:1: JavaScript data file 'nav' → a global of another name ('nav' is specsite's own): "
        "rename it and its uses"
    ) in result.out


def test_a_path_prefix_without_a_host_gets_a_placeholder_host(cli, tmp_path: Path) -> None:
    source = write_files(
        tmp_path / "site",
        {".eleventy.js": 'module.exports = () => ({ pathPrefix: "/docs/" });\n', "index.md": "# Hi\n"},
    )
    assert run_import(cli, source, tmp_path / "new").code == 0
    lines = (tmp_path / "new" / "site.yml").read_text().splitlines()
    assert (
        lines[3]
        == "base_url: https://example.com/docs/  # the path is pathPrefix (.eleventy.js:1); put your host here"
    )


def test_usage_and_project_errors(cli, tmp_path: Path) -> None:
    missing = cli("import", "eleventy", str(tmp_path / "nope"), "--to", str(tmp_path / "new"))
    assert missing.code == 2
    assert (
        missing.err.strip()
        == f"specsite: error: {tmp_path / 'nope'}: not a folder (give the folder that holds the Eleventy project)"
    )
    empty = write_files(tmp_path / "empty", {"package.json": "{}\n"})
    result = run_import(cli, empty, tmp_path / "new")
    assert result.code == 1
    assert result.error_lines == [f"{empty}: error: no pages found in the input folder '.'"]
    assert not (tmp_path / "new").exists()
    assert cli("import", "jekyll", str(empty)).code == 2


ANCHORS_CONFIG = """\
const markdownItAnchor = require("markdown-it-anchor");
const linkAttributes = require("markdown-it-link-attributes");

module.exports = function (eleventyConfig) {
  eleventyConfig.amendLibrary("md", (md) =>
    md
      .use(markdownItAnchor, { slugify: eleventyConfig.getFilter("slugify") })
      .use(linkAttributes, { matcher: (href) => href.startsWith("http"), attrs: { target: "_blank" } }),
  );
};
"""


def test_markdown_it_anchor_and_new_tab_links_carry_over(cli, tmp_path: Path) -> None:
    source = write_files(tmp_path / "site", {"eleventy.config.js": ANCHORS_CONFIG, "index.md": "# Hi\n"})
    assert run_import(cli, source, tmp_path / "new").code == 0
    site_yml = (tmp_path / "new" / "site.yml").read_text()
    assert yaml.safe_load(site_yml)["markdown"] == {
        "heading_ids": "eleventy-slugify",
        "external_links_new_tab": True,
    }
    assert (
        "  heading_ids: eleventy-slugify  # as markdown-it-anchor made them (eleventy.config.js:1)\n"
        in site_yml
    )
    assert "  external_links_new_tab: true  # as eleventy.config.js:2 did\n" in site_yml


def test_linked_folders_are_not_followed_and_odd_names_stay_on_one_line(cli, tmp_path: Path) -> None:
    source = write_files(tmp_path / "site", {"index.md": "# Hi\n", "odd\nname.liquid": "x\n"})
    (source / "loop").symlink_to(source, target_is_directory=True)
    result = run_import(cli, source, tmp_path / "new")
    assert result.code == 0, result.err
    assert files_under(tmp_path / "new") == ["site.yml", "site_src/index.md"]
    assert "odd\\nname.liquid: not copied" in result.out


def test_pages_eleventy_did_not_template_are_named_where_their_braces_are(
    cli, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(
        tmp_path / "site",
        {
            "eleventy.config.js": 'module.exports = () => ({ markdownTemplateEngine: false, htmlTemplateEngine: "njk" });\n',
            "syntax.md": "---\ntitle: Syntax\n---\n\nWrite `{{ title }}` in a layout.\n",
            "plain.md": "No braces here.\n",
            "raw.html": "---\ntemplateEngineOverride: md\n---\n<p>{% if x %}</p>\n",
            "fine.html": "<p>{{ title }}</p>\n",
        },
    )
    result = run_import(cli, Path("site"), Path("new"))
    assert result.code == 0, result.err
    notes = [line.strip() for line in result.out.splitlines() if line.startswith("  ")]
    message = "Eleventy showed this template syntax as text (no template engine for this page); specsite runs it: wrap it in {% raw %}...{% endraw %}"
    assert notes == [f"site/raw.html:4: {message}", f"site/syntax.md:5: {message}"]


def test_javascript_front_matter_is_listed_name_by_name(cli, tmp_path: Path) -> None:
    source = write_files(
        tmp_path / "site",
        {
            "index.md": "# Home\n",
            "kettles.njk": "---js\n// a comment\nconst title = 'Kettles';\n\nconst eleventyComputed = {\n  x: 1,\n};\n---\n<h1>{{ title }}</h1>\n",
        },
    )
    result = run_import(cli, source, tmp_path / "new")
    assert result.code == 0, result.err
    port = "YAML front matter between '---' lines (a function: computed data in hooks.py)"
    assert f"{source}/kettles.njk:3: JavaScript front matter 'title' → {port}" in result.out
    assert f"{source}/kettles.njk:5: JavaScript front matter 'eleventyComputed' → {port}" in result.out


def test_javascript_directory_data_is_ported_beside_the_pages_not_into_data(cli, tmp_path: Path) -> None:
    # data/ is global data: directory data put there would apply to every page, under its file's name.
    source = write_files(
        tmp_path / "site",
        {
            ".eleventy.js": 'module.exports = () => ({ dir: { input: "src" } });\n',
            "src/index.md": "# Home\n",
            "src/src.11tydata.js": 'module.exports = { layout: "home.njk" };\n',
            "src/notes/notes.11tydata.js": 'module.exports = { tags: ["notes"] };\n',
            "src/notes/one.md": "# One\n",
        },
    )
    result = run_import(cli, source, tmp_path / "new")
    assert result.code == 0, result.err
    rest = "(YAML or JSON; functions: computed data in hooks.py)"
    assert (
        f"{source}/src/src.11tydata.js:1: JavaScript directory data file 'src.11tydata.js' → "
        f"the same values in site_src/site_src.11tydata.json {rest}"
    ) in result.out
    assert (
        f"{source}/src/notes/notes.11tydata.js:1: JavaScript directory data file 'notes.11tydata.js' → "
        f"the same values in site_src/notes/notes.11tydata.json {rest}"
    ) in result.out
    # Written where the import says, the values reach the pages.
    target = tmp_path / "new"
    (target / "site_src/notes/notes.11tydata.json").write_text('{"tags": ["notes"]}\n')
    (target / "site_src/site_src.11tydata.json").write_text('{"kind": "top"}\n')
    (target / "site_src/notes/one.md").write_text("# One\n\n{{ kind }}: {{ collections.notes.length }}\n")
    built = cli("build", "--root", str(target), "-q")
    assert built.code == 0, built.err
    assert "<p>top: 1</p>" in (target / "_site/notes/one/index.html").read_text()


def test_files_templates_include_from_the_project_folder_are_copied(cli, tmp_path: Path) -> None:
    # Eleventy's Nunjucks finds includes in _includes/ and then in the folder it runs in.
    source = write_files(
        tmp_path / "site",
        {
            "_includes/base.njk": (
                "<style>{% include 'css/site.css' %}</style>\n"
                "{# <style>{% include 'css/old.css' %}</style> #}\n"
                '<script>{% include "node_modules/widget/widget.js" %}</script>\n'
                "{{ content | safe }}\n"
            ),
            "css/site.css": "main { color: teal }\n",
            "css/old.css": "main { color: red }\n",
            "index.md": "---\nlayout: base.njk\n---\n# Home\n",
        },
    )
    result = run_import(cli, source, tmp_path / "new")
    assert result.code == 0, result.err
    assert files_under(tmp_path / "new") == [
        "css/site.css",
        "site.yml",
        "site_src/index.md",
        "templates/base.njk",
    ]
    assert (
        f"{source}/_includes/base.njk:3: includes 'node_modules/widget/widget.js': "
        "install that package in the new project too (npm install)"
    ) in result.out
    write_files(tmp_path / "new", {"node_modules/widget/widget.js": "window.widget = 1;\n"})
    built = cli("build", "--root", str(tmp_path / "new"), "-q")
    assert built.code == 0, built.err
    page = (tmp_path / "new" / "_site" / "index.html").read_text()
    assert "<style>main { color: teal }\n</style>" in page and "window.widget = 1;" in page


def test_a_page_eleventy_published_that_specsite_reads_as_a_partial_is_listed(cli, tmp_path: Path) -> None:
    source = write_files(
        tmp_path / "site",
        {"index.md": "# Home\n", "_snippets/intro.md": "Shared words.\n", "_draft.md": "# Draft\n"},
    )
    result = run_import(cli, source, tmp_path / "new")
    assert result.code == 0, result.err
    for rel in ("_snippets/intro.md", "_draft.md"):
        assert (
            f"{source}/{rel}: copied as a partial, never published (its name or folder starts with '_'); "
            "Eleventy published it: rename it if readers should see it"
        ) in result.out
    assert (tmp_path / "new/site_src/_snippets/intro.md").is_file()


def test_title_and_address_are_read_from_a_javascript_object_with_quoted_keys(cli, tmp_path: Path) -> None:
    source = write_files(
        tmp_path / "site",
        {
            "index.md": "# Home\n",
            "_data/site.js": 'module.exports = {\n  "title": "Kettle",\n  \'url\': "https://kettle.example"\n};\n',
        },
    )
    result = run_import(cli, source, tmp_path / "new")
    assert result.code == 0, result.err
    values = yaml.safe_load((tmp_path / "new" / "site.yml").read_text())
    assert values["title"] == "Kettle"
    assert values["base_url"] == "https://kettle.example"


def test_an_address_with_a_path_but_no_path_prefix_keeps_url_links_as_eleventy_made_them(
    cli, tmp_path: Path
) -> None:
    # The site is published under /kettle/ but has no pathPrefix: its templates put site.url in front of
    # {{ '/about/' | url }} themselves, so | url must give /about/, as Eleventy's did.
    source = write_files(
        tmp_path / "site",
        {
            "_includes/base.njk": "<a href=\"{{ site.url }}{{ '/about/' | url }}\">About</a>{{ content | safe }}",
            "_data/site.json": '{"title": "Kettle", "url": "https://example.org/kettle"}\n',
            "index.md": "---\nlayout: base.njk\n---\n# Home\n",
            "about.md": "# About\n",
        },
    )
    result = run_import(cli, source, tmp_path / "new")
    assert result.code == 0, result.err
    assert yaml.safe_load((tmp_path / "new" / "site.yml").read_text())["base_url"] == "https://example.org/"
    built = cli("build", "--root", str(tmp_path / "new"), "-q")
    assert built.code == 0, built.err
    page = (tmp_path / "new" / "_site" / "index.html").read_text()
    assert '<a href="https://example.org/kettle/about/">About</a>' in page
