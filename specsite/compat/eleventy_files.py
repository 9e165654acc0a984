"""Decide where each file of an Eleventy project goes in a specsite project.

The mapping (README, "Coming from Eleventy"): pages in the input folder →
``site_src/``; ``_includes/`` and ``_layouts/`` → ``templates/``; YAML and JSON
global data → ``data/``; spec YAML (a ``groups`` and ``props`` pair) →
``specs/``. Nothing here touches the disk but to read; the result is a plan
of copies and the things a person has to look at.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..engine.frontmatter import CODE_FENCES
from ..engine.urls import is_partial
from .eleventy_config import PORT_TO, EleventyConfig, JsItem, js_items, object_keys
from .eleventy_root_includes import root_includes
from .eleventy_site import SiteFacts, site_facts

PAGE_SUFFIXES = (".md", ".njk", ".html")
DATA_SUFFIXES = (".yml", ".yaml", ".json")
JS_SUFFIXES = (".js", ".cjs", ".mjs")
OTHER_TEMPLATES = (
    ".liquid",
    ".11ty.js",
    ".11ty.cjs",
    ".11ty.mjs",
    ".ejs",
    ".hbs",
    ".pug",
    ".haml",
    ".mustache",
)
OTHER_TEMPLATES += (".webc", ".11ty.ts", ".11ty.jsx", ".11ty.tsx")
SKIP_DIRS = {"node_modules", ".git"}
# Globals specsite defines itself; global data of the same name would clash with them.
RESERVED_GLOBALS = ("site", "page", "specs", "nav", "collections", "content", "pagination")
LIQUID_ONLY = re.compile(r"\{%-?\s*(assign|capture|unless|render|case|increment|decrement|tablerow)\b")


@dataclass(frozen=True)
class Copy:
    source: Path
    dest: str  # relative to the new project, with ``/``


@dataclass(frozen=True)
class Note:
    """Something the import could not do by itself: ``path:line: message``."""

    path: str
    line: int
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass(frozen=True)
class FilePlan:
    copies: tuple[Copy, ...]
    js_items: tuple[JsItem, ...]
    notes: tuple[Note, ...]
    site: SiteFacts
    has_hooks: bool


def plan_files(root: Path, config: EleventyConfig) -> FilePlan:
    root = root.resolve()
    layout = _layout(root, config)
    copies: list[Copy] = []
    js: list[JsItem] = []
    notes: list[Note] = []
    for path in _walk(root, layout.skip):
        rel = path.relative_to(root).as_posix()
        if rel in layout.root_files:
            continue
        target = _place(path, rel, layout, js, notes)
        if target:
            copies.append(Copy(path, target))
    copies.extend(_layout_aliases(config, copies))
    copies.extend(_root_includes(copies, root, layout, notes))
    hooks = root / "hooks.py"
    if hooks.is_file():
        copies.append(Copy(hooks, "hooks.py"))
    js.extend(_js_front_matter(copies, root))
    site = site_facts(layout.data, root)
    if site.extra_from:  # its values go into site.yml, not data/
        copies = [c for c in copies if c.source != root / site.extra_from]
    notes.extend(_clashes(copies, root))
    notes.extend(_engine_notes(copies, root, config))
    notes.sort(key=lambda n: (n.path, n.line))
    return FilePlan(tuple(copies), tuple(js), tuple(notes), site, hooks.is_file())


@dataclass(frozen=True)
class _Layout:
    """The Eleventy folders of one project, as absolute paths."""

    root: Path
    input: Path
    includes: Path
    layouts: Path | None
    data: Path
    output: Path
    ignores: tuple[str, ...]
    passthrough: tuple[tuple[str, str], ...]
    root_files: frozenset[str]

    def skip(self, path: Path) -> bool:
        return path.name in SKIP_DIRS or path.name.startswith(".") or path.resolve() == self.output


def _layout(root: Path, config: EleventyConfig) -> _Layout:
    input_dir = (root / config.dir("input")).resolve()
    layouts = config.dir("layouts")
    names = {"package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "hooks.py", "site.yml"}
    if config.config_file:
        names.add(config.config_file)
    return _Layout(
        root=root.resolve(),
        input=input_dir,
        includes=(input_dir / config.dir("includes")).resolve(),
        layouts=(input_dir / layouts).resolve() if layouts else None,
        data=(input_dir / config.dir("data")).resolve(),
        output=(root / config.dir("output")).resolve(),
        ignores=tuple(s.value for s in config.ignores) + _ignore_file(root),
        passthrough=tuple((s.value, out) for s, out in config.passthrough),
        root_files=frozenset(names),
    )


def _walk(root: Path, skip: Any) -> Iterator[Path]:
    for path in sorted(root.iterdir()):
        if skip(path):
            continue
        if path.is_dir():
            # A linked folder could lead back up the tree, or out of the project.
            if not path.is_symlink():
                yield from _walk(path, skip)
        elif path.is_file():
            yield path


def _place(path: Path, rel: str, layout: _Layout, js: list[JsItem], notes: list[Note]) -> str | None:
    """Where one file goes (``None``: not copied, with a note or a JavaScript item saying why)."""
    resolved = path.resolve()
    name = path.name
    if spec := _spec_target(path):
        return spec
    for folder in (layout.includes, layout.layouts):
        if folder and resolved.is_relative_to(folder):
            return "templates/" + resolved.relative_to(folder).as_posix()
    if resolved.is_relative_to(layout.data):
        inner = resolved.relative_to(layout.data).as_posix()
        if name.endswith(DATA_SUFFIXES):
            return "data/" + inner
        if name.endswith(JS_SUFFIXES):
            js.extend(_js_data_items(path, rel, _data_name(inner), "JavaScript data file"))
            return None
        notes.append(Note(rel, 0, "not copied: specsite reads only YAML and JSON data files"))
        return None
    if not resolved.is_relative_to(layout.input):
        return _passthrough_target(resolved, layout)
    return _page_tree_target(resolved, rel, layout, js, notes)


_PUBLISHED_PARTIAL = (
    "copied as a partial, never published (its name or folder starts with '_'); "
    "Eleventy published it: rename it if readers should see it"
)
_JS_DATA = "a file in data/ (YAML or JSON), or site.add_global(name, value) in hooks.py"
# ``site`` is specsite's own global; what an Eleventy site kept in it reads the same from extra:.
_JS_SITE_DATA = "its values under extra: in site.yml (templates read them as site.<key>)"


def _js_data_items(path: Path, rel: str, name: str, kind: str) -> list[JsItem]:
    """A JavaScript data file, and what it computes (``_data/eleventyComputed.js`` is all computed data)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if name == "eleventyComputed":
        start = re.search(r"(?:export\s+default|module\.exports\s*=)", text)
        keys = object_keys(text, start.end()) if start else []
        line = text.count("\n", 0, start.start()) + 1 if start else 1
        return [JsItem(rel, line, "computed data", key, PORT_TO["eleventyComputed"]) for key in keys]
    if name == "site":
        port = _JS_SITE_DATA
    elif name in RESERVED_GLOBALS:
        port = f"a global of another name ('{name}' is specsite's own): rename it and its uses"
    else:
        port = _JS_DATA
    return [JsItem(rel, 1, kind, name, port), *js_items(text, rel)]


def _page_tree_target(
    resolved: Path, rel: str, layout: _Layout, js: list[JsItem], notes: list[Note]
) -> str | None:
    inner = resolved.relative_to(layout.input).as_posix()
    name = resolved.name
    if name.endswith(OTHER_TEMPLATES):
        notes.append(
            Note(rel, 0, "not copied: specsite renders .md, .njk and .html pages; rewrite it as one")
        )
        return None
    if role := _data_file_of(resolved):
        return _local_data_target(resolved, inner, rel, role, layout, js)
    if name.endswith(PAGE_SUFFIXES):
        ignored = _matches(rel, layout.ignores)
        if ignored and not name.startswith("_"):
            notes.append(
                Note(
                    rel,
                    0,
                    f"not copied: Eleventy ignores it ({ignored!r}); "
                    "if a page includes it, copy it to a name starting with '_'",
                )
            )
            return None
        if not ignored and is_partial(inner):
            notes.append(Note(rel, 0, _PUBLISHED_PARTIAL))
        return "site_src/" + inner
    target = _passthrough_target(resolved, layout)
    if target is None:
        notes.append(
            Note(
                rel,
                0,
                "not copied: not a page, and no addPassthroughCopy names it "
                "(copy it to site_src/ if a page uses it)",
            )
        )
    return target


def _passthrough_target(resolved: Path, layout: _Layout) -> str | None:
    """Static files Eleventy copied (``addPassthroughCopy``) keep their published path."""
    rel = resolved.relative_to(layout.root).as_posix()
    for source, out in layout.passthrough:
        pattern = source.strip("./")
        if rel == pattern or rel.startswith(pattern.rstrip("/") + "/") or fnmatch.fnmatch(rel, pattern):
            published = _published_path(resolved, layout)
            if out:
                published = out.strip("/") + "/" + rel[len(pattern.rstrip("/")) :].lstrip("/")
            return "site_src/" + published.strip("/")
    return None


def _published_path(resolved: Path, layout: _Layout) -> str:
    if resolved.is_relative_to(layout.input):
        return resolved.relative_to(layout.input).as_posix()
    return resolved.relative_to(layout.root).as_posix()


_LOCAL_DATA_SUFFIXES = tuple(
    f"{infix}{ext}" for infix in (".11tydata", "") for ext in (*DATA_SUFFIXES, *JS_SUFFIXES)
)


def _data_file_of(path: Path) -> tuple[str, str, str] | None:
    """``("directory" | "template", stem, suffix)`` for Eleventy's data files beside pages.

    ``guide/guide.json`` is directory data; ``guide/install.json`` or
    ``guide/install.11tydata.json`` (beside ``install.md``) is the data of one page.
    """
    for suffix in _LOCAL_DATA_SUFFIXES:
        if not path.name.endswith(suffix):
            continue
        stem = path.name[: -len(suffix)]
        if stem == path.parent.name:
            return ("directory", stem, suffix)
        if any(path.with_name(stem + s).is_file() for s in (*PAGE_SUFFIXES, *OTHER_TEMPLATES)):
            return ("template", stem, suffix)
    return None


def _local_data_target(
    resolved: Path, inner: str, rel: str, role: tuple[str, str, str], layout: _Layout, js: list[JsItem]
) -> str | None:
    """specsite reads directory data as ``<folder>/<folder>.{yml,json}`` (the top folder is
    ``site_src``) and a page's data as ``<page>.11tydata.{yml,json}``; the text is kept."""
    kind, stem, suffix = role
    ext = "." + suffix.rsplit(".", 1)[1]
    if suffix.endswith(JS_SUFFIXES):
        # Not data/ (that is global data): the same values in the file specsite reads at this place.
        json_suffix = suffix[: -len(ext)] + ".json"
        target = _local_data_name(resolved, inner, layout, kind, stem, json_suffix)
        port = f"the same values in {target} (YAML or JSON; functions: computed data in hooks.py)"
        item, *rest = _js_data_items(resolved, rel, resolved.name, f"JavaScript {kind} data file")
        js.extend([replace(item, port_to=port), *rest])
        return None
    return _local_data_name(resolved, inner, layout, kind, stem, suffix)


def _local_data_name(resolved: Path, inner: str, layout: _Layout, kind: str, stem: str, suffix: str) -> str:
    ext = "." + suffix.rsplit(".", 1)[1]
    if kind == "directory":
        name = ("site_src" if resolved.parent == layout.input else stem) + suffix
    else:
        name = stem + ".11tydata" + ext
    return "site_src/" + str(PurePosixPath(inner).with_name(name))


def _spec_target(path: Path) -> str | None:
    """Spec YAML goes to ``specs/``: a folder with ``groups`` and ``props``, or one file holding both."""
    if not path.name.endswith((".yml", ".yaml")):
        return None
    stem = path.name.rsplit(".", 1)[0]
    folder = path.parent
    if stem in ("groups", "props"):
        other = "props" if stem == "groups" else "groups"
        if any((folder / f"{other}{s}").is_file() for s in (".yml", ".yaml")):
            return f"specs/{folder.name}/{path.name}"
        return None
    data = _load_yaml(path)
    if isinstance(data, dict) and "groups" in data and "props" in data:
        return f"specs/{path.name}"
    return None


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return None


def _data_name(inner: str) -> str:
    return PurePosixPath(inner).with_suffix("").as_posix().replace("/", ".")


def _matches(rel: str, patterns: tuple[str, ...]) -> str | None:
    for pattern in patterns:
        clean = pattern.lstrip("./").rstrip("/")
        if (
            fnmatch.fnmatch(rel, clean)
            or rel.startswith(clean + "/")
            or fnmatch.fnmatch(rel, clean.replace("**/", ""))
        ):
            return pattern
    return None


def _ignore_file(root: Path) -> tuple[str, ...]:
    path = root / ".eleventyignore"
    if not path.is_file():
        return ()
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith(("#", "!")))


def _root_includes(copies: list[Copy], root: Path, layout: _Layout, notes: list[Note]) -> list[Copy]:
    """Files the templates include from the project folder, copied to the same place."""
    found, from_packages = root_includes([(c.source, c.dest) for c in copies], root, layout.includes)
    for rel, line, name in from_packages:
        message = f"includes '{name}': install that package in the new project too (npm install)"
        notes.append(Note(rel, line, message))
    copied = {c.source.resolve() for c in copies}
    return [Copy(f.source, f.dest) for f in found if f.source.resolve() not in copied]


def _layout_aliases(config: EleventyConfig, copies: list[Copy]) -> list[Copy]:
    """``addLayoutAlias("post", "layouts/post.njk")``: the layout is also copied as ``templates/post.njk``."""
    by_dest = {c.dest: c for c in copies}
    extra = []
    for alias, target in config.layout_aliases:
        copy = by_dest.get("templates/" + target.lstrip("./"))
        if copy:
            extra.append(Copy(copy.source, "templates/" + alias + PurePosixPath(target).suffix))
    return extra


_JS_FRONT_MATTER = "YAML front matter between '---' lines (a function: computed data in hooks.py)"
_JS_NAME = re.compile(r"^(?:const|let|var|function)\s+([A-Za-z_$][\w$]*)", re.M)


def _js_front_matter(copies: list[Copy], root: Path) -> list[JsItem]:
    """Each name a page's ``---js`` front matter defines: specsite reads YAML (and JSON) only."""
    items = []
    for copy in copies:
        if not copy.dest.startswith(("site_src/", "templates/")) or not copy.dest.endswith(PAGE_SUFFIXES):
            continue
        text = copy.source.read_text(encoding="utf-8", errors="replace")
        first, _, rest = text.partition("\n")
        if first.rstrip() not in CODE_FENCES:
            continue
        block = rest.split("\n---", 1)[0]
        rel = copy.source.relative_to(root).as_posix()
        for match in _JS_NAME.finditer(block):
            line = 2 + block.count("\n", 0, match.start())
            items.append(JsItem(rel, line, "JavaScript front matter", match.group(1), _JS_FRONT_MATTER))
    return items


def _clashes(copies: list[Copy], root: Path) -> list[Note]:
    notes = []
    seen: dict[str, Copy] = {}
    for copy in copies:
        first = seen.setdefault(copy.dest, copy)
        if first is not copy:
            where = copy.source.relative_to(root).as_posix()
            first_where = first.source.relative_to(root).as_posix()
            notes.append(Note(where, 0, f"not copied: {copy.dest} already comes from {first_where}"))
        top = copy.dest.split("/")
        if top[0] == "data" and len(top) == 2 and top[1].rsplit(".", 1)[0] in RESERVED_GLOBALS:
            name = top[1].rsplit(".", 1)[0]
            notes.append(
                Note(
                    copy.source.relative_to(root).as_posix(),
                    0,
                    f"the global '{name}' is specsite's own; rename the file (and its uses) or move "
                    f"the values into site.yml (title, description, extra)",
                )
            )
    return notes


def _engine_notes(copies: list[Copy], root: Path, config: EleventyConfig) -> list[Note]:
    """Where a page's template engine in Eleventy was not Nunjucks, what specsite reads differently.

    Eleventy runs ``.md`` and ``.html`` pages through Liquid unless told
    otherwise, and through nothing with ``false`` or a ``templateEngineOverride``
    of ``md``/``html``; specsite runs every page through its Nunjucks-style engine.
    """
    notes = []
    for copy in copies:
        if not copy.dest.startswith(("site_src/", "templates/")) or not copy.dest.endswith((".md", ".html")):
            continue
        text = copy.source.read_text(encoding="utf-8", errors="replace")
        rel = copy.source.relative_to(root).as_posix()
        engine = _engine_of(text, copy.dest, config)
        if engine == "njk":
            continue
        if engine in ("liquid", ""):
            for match in LIQUID_ONLY.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                notes.append(Note(rel, line, f"Liquid tag '{match.group(1)}': write it in Nunjucks syntax"))
            continue
        match = re.search(r"\{\{|\{%", _body(text))
        if match:
            line = text.count("\n", 0, len(text) - len(_body(text)) + match.start()) + 1
            message = (
                "Eleventy showed this template syntax as text (no template engine for this page); "
                "specsite runs it: wrap it in {% raw %}...{% endraw %}"
            )
            notes.append(Note(rel, line, message))
    return notes


def _engine_of(text: str, dest: str, config: EleventyConfig) -> str:
    """``njk``, ``liquid``, or the name of a format that is not a template engine (``md``, ``false``)."""
    front_matter = text[: len(text) - len(_body(text))]
    override = re.search(r"^templateEngineOverride:\s*[\"']?([\w,]+)", front_matter, re.M)
    if override:
        return override.group(1).split(",")[0]
    setting = config.markdown_engine if dest.endswith(".md") else config.html_engine
    return setting.value if setting else "liquid"


def _body(text: str) -> str:
    """A page's text after its front matter."""
    match = re.match(r"---\s*\n.*?\n---\s*\n", text, re.S)
    return text[match.end() :] if match else text
