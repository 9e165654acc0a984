"""Read an Eleventy project's configuration without running its JavaScript.

The config file is a program, so this reads only what is written as literals:
the folder names, ``pathPrefix``, the template engines, passthrough copies and
ignores. Every call that adds JavaScript behaviour (filters, shortcodes,
collections, computed data, ...) is listed with its file and line, because
specsite cannot port it and the user has to write it again in ``hooks.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Eleventy looks for these in this order and uses the first one it finds.
CONFIG_NAMES = (".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs")
JS_SUFFIXES = (".js", ".cjs", ".mjs")

DIR_KEYS = ("input", "output", "includes", "layouts", "data")
DIR_SETTERS = {
    "setInputDirectory": "input",
    "setOutputDirectory": "output",
    "setIncludesDirectory": "includes",
    "setLayoutsDirectory": "layouts",
    "setDataDirectory": "data",
}

# What each JavaScript extension point becomes in specsite.
PORT_TO = {
    "Filter": "a filter: site.add_filter(name, function)",
    "Shortcode": "a shortcode: site.add_shortcode(name, function)",
    "PairedShortcode": "a paired shortcode: site.add_paired_shortcode(name, function)",
    "GlobalData": "a global: site.add_global(name, value), or a file in data/",
    "NunjucksGlobal": "a global: site.add_global(name, value)",
    "Collection": "a global built from the pages (tags give collections.<tag> already)",
    "Transform": "no equivalent: specsite does not post-process pages",
    "Preprocessor": "no equivalent: specsite does not pre-process pages",
    "Linter": "no equivalent: use `specsite check`",
    "NunjucksTag": "a macro, in a template",
    "LiquidTag": "a macro, in a template",
    "Extension": "no equivalent: specsite renders .md, .njk and .html pages",
    "Plugin": "no equivalent: port what the plugin adds",
    "TemplateFormats": "no equivalent: specsite renders .md, .njk and .html pages",
    "LayoutAlias": "handled: the layout is copied under its alias",
    "eleventyComputed": "computed data: site.add_computed(name, function)",
    "on": "no equivalent: specsite has no build events",
    "JavaScriptFunction": "a global function: site.add_global(name, function)",
    "DataExtension": "no equivalent: convert those data files to YAML or JSON",
    "Test": "a test: site.add_test(name, function)",
}

# What the official plugins did, and where specsite does the same.
PLUGINS = {
    "pluginsyntaxhighlight": "built in: code blocks are highlighted at build time",
    "syntaxhighlight": "built in: code blocks are highlighted at build time",
    **dict.fromkeys(
        ("pluginnavigation", "eleventynavigationplugin", "eleventynavigation"),
        "nav: in site.yml (the sidebar is built in); layouts that call its filters "
        "(eleventyNavigation, eleventyNavigationBreadcrumb) need them in hooks.py",
    ),
    "htmlbaseplugin": "base_url in site.yml and | url in templates (links are not rewritten afterwards)",
    # specsite's ids come with the Markdown, so a heading a layout writes in HTML has none.
    "idattributeplugin": "built in for Markdown headings; give headings written in HTML an id yourself",
    "inputpathtourltransformplugin": "built in for Markdown links to .md files; write HTML links as URLs",
}

# Names specsite has built in: nothing to port, but the behaviour may differ.
BUILT_IN = {
    **{
        ("Filter", n): f"built in: check that specsite's '{n}' does what yours did"
        for n in ("markdown", "date", "dump", "url", "slug", "slugify", "safe")
    },
    **{
        (k, n): f"built in: check that specsite's '{n}' does what yours did"
        for k in ("NunjucksGlobal", "GlobalData", "Shortcode")
        for n in ("specs", "proptable", "event_explorer")
    },
}

_CALL = re.compile(r"\.\s*(add[A-Z]\w*|on)\s*\(\s*(?:([\"'`])((?:(?!\2)[^\n])*)\2|([A-Za-z_$][\w$.]*))?")


def _string(group: int) -> str:
    """A JavaScript string literal whose quote is capture group ``group`` and text ``group + 1``."""
    return rf"([\"'`])((?:(?!\{group})[^\n])*)\{group}"


_STRING = _string(1)
_DIR_BLOCK = re.compile(r"\bdir\s*:\s*\{([^{}]*)\}", re.S)
_KEY_STRING = r"\b{key}\s*:\s*" + _STRING
_SETTER = re.compile(r"\.\s*(set\w+Directory)\s*\(\s*" + _string(2))
_IGNORE = re.compile(r"\bignores\s*\.\s*add\s*\(\s*" + _STRING)
_PASSTHROUGH = re.compile(r"\.\s*addPassthroughCopy\s*\(\s*(?:" + _STRING + r"|\{([^{}]*)\})")
_LOCAL_NAME = re.compile(
    r"(?:import\s+(\w+)\s+from|(?:const|let|var)\s+(\w+)\s*=\s*require\s*\()\s*[\"']\.\.?/"
)
_LOCAL_IMPORT = re.compile(
    r"(?:require\s*\(\s*|import\s*\(\s*|\bfrom\s+|^\s*import\s+)([\"'])(\.{1,2}/[^\"']+)\1", re.M
)


@dataclass(frozen=True)
class JsItem:
    """One piece of JavaScript behaviour that was not ported: ``path:line: kind 'name'``."""

    path: str
    line: int
    kind: str
    name: str
    port_to: str

    def format(self) -> str:
        name = f"'{self.name}'" if self.name else "(name computed in JavaScript)"
        return f"{self.path}:{self.line}: {self.kind} {name} → {self.port_to}"


@dataclass(frozen=True)
class Setting:
    """A value read from the config, with where it was written."""

    value: str
    path: str
    line: int


@dataclass(frozen=True)
class EleventyConfig:
    config_file: str | None
    dirs: dict[str, Setting]
    path_prefix: Setting | None
    markdown_engine: Setting | None
    html_engine: Setting | None
    ignores: tuple[Setting, ...]
    passthrough: tuple[tuple[Setting, str], ...]  # (source, output path) pairs
    layout_aliases: tuple[tuple[str, str], ...]
    heading_ids: Setting | None  # the markdown-it-anchor rule the site used, where it loads the plugin
    new_tab_links: Setting | None  # where external links were given target="_blank"
    js_items: tuple[JsItem, ...]

    def dir(self, key: str) -> str:
        defaults = {"input": ".", "output": "_site", "includes": "_includes", "layouts": "", "data": "_data"}
        setting = self.dirs.get(key)
        return setting.value.strip("/") or "." if setting else defaults[key]


def find_config(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    return None


def read_config(root: Path) -> EleventyConfig:
    """Everything the config (and the local modules it loads) says that can be read as literals."""
    config = find_config(root)
    if config is None:
        return EleventyConfig(None, {}, None, None, None, (), (), (), None, None, ())
    files = _local_modules(config, root)
    texts = {f: _strip_comments(f.read_text(encoding="utf-8", errors="replace")) for f in files}
    rel = {f: f.relative_to(root).as_posix() for f in files}
    main = texts[config]
    return EleventyConfig(
        config_file=rel[config],
        dirs=_dirs(main, rel[config]),
        path_prefix=_key_string(main, "pathPrefix", rel[config]),
        markdown_engine=_key_string(main, "markdownTemplateEngine", rel[config]),
        html_engine=_key_string(main, "htmlTemplateEngine", rel[config]),
        ignores=tuple(s for f in files for s in _all(_IGNORE, texts[f], rel[f])),
        passthrough=tuple(p for f in files for p in _passthrough(texts[f], rel[f])),
        layout_aliases=tuple(a for f in files for a in _layout_aliases(texts[f])),
        heading_ids=_first(_heading_ids(texts[f], rel[f]) for f in files),
        new_tab_links=_first(_new_tab(texts[f], rel[f]) for f in files),
        js_items=tuple(item for f in files for item in js_items(texts[f], rel[f])),
    )


def js_items(text: str, path: str) -> list[JsItem]:
    """The calls in one JavaScript file that add behaviour specsite cannot run."""
    items = []
    local = {a or b for a, b in _LOCAL_NAME.findall(text)}
    for match in _CALL.finditer(text):
        method, literal = match.group(1), match.group(3) if match.group(2) else ""
        kind = _kind(method, literal)
        if kind is None or literal == "eleventyComputed":
            continue
        name = match.group(4) or "" if kind == "Plugin" else literal
        port_to = BUILT_IN.get((kind, name)) or PLUGINS.get(name.lower()) or PORT_TO[kind]
        if kind == "Plugin" and name in local:
            port_to = "the project's own plugin: what it adds is listed from its file"
        items.append(JsItem(path, _line(text, match.start(1)), _label(method), name, port_to))
    for match in re.finditer(r"\beleventyComputed\b", text):
        names = object_keys(text, match.end()) or [""]
        line = _line(text, match.start())
        items.extend(JsItem(path, line, "computed data", n, PORT_TO["eleventyComputed"]) for n in names)
    return items


def object_keys(text: str, start: int) -> list[str]:
    """The keys of an object literal that starts after ``start`` (``eleventyComputed: {a: ..., b: ...}``)."""
    opening = re.match(r"[\"'`]?\s*[:,=]?\s*\{", text[start:])
    if not opening:
        return []
    keys, depth, i = [], 1, start + opening.end()
    while i < len(text) and depth:
        if depth == 1:
            key = re.match(r"\s*([A-Za-z_$][\w$]*|\"[^\"]*\"|'[^']*')\s*:", text[i:])
            if key:
                keys.append(key.group(1).strip("\"'"))
                i += key.end()
                continue
        depth += {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}.get(text[i], 0)
        i += 1
    return keys


# Calls the import handles itself, or that change nothing in the built pages.
_HANDLED = {"addPassthroughCopy", "addWatchTarget", "addLayoutAlias"}
_KINDS = (
    ("PairedShortcode", "PairedShortcode"),
    ("PairedNunjucksShortcode", "PairedShortcode"),
    ("PairedLiquidShortcode", "PairedShortcode"),
    ("Shortcode", "Shortcode"),
    ("Filter", "Filter"),
    ("GlobalData", "GlobalData"),
    ("Global", "NunjucksGlobal"),
    ("Collection", "Collection"),
    ("Transform", "Transform"),
    ("Preprocessor", "Preprocessor"),
    ("Linter", "Linter"),
    ("Test", "Test"),
    ("NunjucksTag", "NunjucksTag"),
    ("LiquidTag", "LiquidTag"),
    ("Extension", "Extension"),
    ("Plugin", "Plugin"),
    ("TemplateFormats", "TemplateFormats"),
    ("JavaScriptFunction", "JavaScriptFunction"),
)


def _kind(method: str, literal: str) -> str | None:
    if method in _HANDLED:
        return None
    if method == "on":
        return "on" if literal.startswith("eleventy.") else None
    if method == "addDataExtension":
        # specsite reads YAML and JSON data itself; other formats must be converted.
        formats = {f.strip().lstrip(".") for f in literal.split(",")}
        return None if formats <= {"yml", "yaml", "json"} else "DataExtension"
    for suffix, kind in _KINDS:
        if method.endswith(suffix):
            return kind
    return None


def _label(method: str) -> str:
    """``addPairedNunjucksShortcode`` → ``paired Nunjucks shortcode``: the call, in words."""
    if method == "on":
        return "event handler"
    words = re.findall(r"[A-Z][a-z]*", method)
    keep = ("Nunjucks", "Liquid", "JavaScript", "Handlebars")
    return " ".join(w if w in keep else w.lower() for w in words)


def _heading_ids(text: str, path: str) -> Setting | None:
    """markdown-it-anchor's ids: its own slug rule, or Eleventy's ``slugify`` when the site passes that."""
    match = re.search(r"[\"']markdown-it-anchor[\"']", text)
    if not match:
        return None
    eleventy_slugify = re.search(r"getFilter\s*\(\s*[\"']slug(?:ify)?[\"']|@sindresorhus/slugify", text)
    rule = "eleventy-slugify" if eleventy_slugify else "markdown-it-anchor"
    return Setting(rule, path, _line(text, match.start()))


def _new_tab(text: str, path: str) -> Setting | None:
    match = re.search(r"markdown-it-link-attributes|[\"']_blank[\"']", text)
    return Setting("true", path, _line(text, match.start())) if match else None


def _first(settings: Iterable[Setting | None]) -> Setting | None:
    return next((s for s in settings if s is not None), None)


def _layout_aliases(text: str) -> list[tuple[str, str]]:
    pattern = re.compile(r"\.\s*addLayoutAlias\s*\(\s*" + _STRING + r"\s*,\s*" + _string(3))
    return [(m.group(2), m.group(4)) for m in pattern.finditer(text)]


def _dirs(text: str, path: str) -> dict[str, Setting]:
    found: dict[str, Setting] = {}
    for block in _DIR_BLOCK.finditer(text):
        for key in DIR_KEYS:
            match = re.search(_KEY_STRING.format(key=key), block.group(1))
            if match:
                found[key] = Setting(match.group(2), path, _line(text, block.start(1) + match.start()))
    for match in _SETTER.finditer(text):
        key = DIR_SETTERS.get(match.group(1))
        if key:
            found[key] = Setting(match.group(3), path, _line(text, match.start()))
    return found


def _key_string(text: str, key: str, path: str) -> Setting | None:
    """A string setting; ``false`` (no template engine at all) reads as ``"false"``."""
    match = re.search(_KEY_STRING.format(key=key), text)
    if match:
        return Setting(match.group(2), path, _line(text, match.start()))
    match = re.search(rf"\b{key}\s*:\s*false\b", text)
    return Setting("false", path, _line(text, match.start())) if match else None


def _all(pattern: re.Pattern[str], text: str, path: str) -> list[Setting]:
    return [Setting(m.group(2), path, _line(text, m.start())) for m in pattern.finditer(text)]


def _passthrough(text: str, path: str) -> list[tuple[Setting, str]]:
    """``addPassthroughCopy("img")`` and ``addPassthroughCopy({"from": "to"})`` with literal paths."""
    pairs = []
    for match in _PASSTHROUGH.finditer(text):
        line = _line(text, match.start())
        if match.group(2) is not None:
            pairs.append((Setting(match.group(2), path, line), ""))
            continue
        entries = re.finditer(_STRING + r"\s*:\s*" + _string(3), match.group(3) or "")
        pairs.extend((Setting(e.group(2), path, line), e.group(4) or "/") for e in entries)
    return pairs


def _local_modules(config: Path, root: Path) -> list[Path]:
    """The config file and the project's own modules it loads, depth first, each once."""
    seen: list[Path] = []
    todo = [config]
    while todo:
        path = todo.pop(0)
        if path in seen or not path.is_file() or not path.resolve().is_relative_to(root.resolve()):
            continue
        seen.append(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _LOCAL_IMPORT.finditer(_strip_comments(text)):
            todo.append(_resolve_module(path.parent / match.group(2)))
    return seen


def _resolve_module(path: Path) -> Path:
    if path.is_file():
        return path
    for suffix in JS_SUFFIXES:
        if path.with_name(path.name + suffix).is_file():
            return path.with_name(path.name + suffix)
    return path / "index.js"


def _strip_comments(text: str) -> str:
    """JavaScript with ``//`` and ``/* */`` comments blanked out, line breaks kept (so lines stay right)."""

    def blank(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith(("//", "/*")):
            return re.sub(r"[^\n]", " ", token)
        return token

    # Strings are matched first so that "http://x" is not taken for a comment.
    return re.sub(
        r"\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`|//[^\n]*|/\*.*?\*/",
        blank,
        text,
        flags=re.S,
    )


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
