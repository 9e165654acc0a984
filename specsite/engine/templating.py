"""The Jinja environment: loaders, filters, globals, and what pages may call.

Built-in templates ship in ``specsite/templates``; a project's ``templates/``
overrides them file by file, and can still reach the originals as
``specsite/<name>`` (to extend the built-in layout, for example).
"""

from __future__ import annotations

import json
import posixpath
import re
import types
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path, PurePath
from typing import Any

import jinja2
import jinja2.ext
import markupsafe
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import internalcode
from markupsafe import Markup

from . import cached, deps, mdrender, textruns
from .buildcache import BuildCache
from .errors import did_you_mean
from .frontmatter import strip_front_matter
from .urls import prefixed_url, relative_url
from .yamlsrc import YStr

BUILTIN_TEMPLATES = Path(__file__).parent.parent / "templates"

_current_url: ContextVar[str] = ContextVar("specsite_current_url", default="/")


@contextmanager
def rendering_page(url: str) -> Iterator[None]:
    """Mark ``url`` as the page being rendered.

    Macros imported with ``{% from ... import ... %}`` do not see the page's
    context (Jinja's rule, and the seed page imports that way), so the ``url``
    filter finds the current page here instead.
    """
    token = _current_url.set(url)
    try:
        yield
    finally:
        _current_url.reset(token)


def current_url() -> str:
    return _current_url.get()


# Python-Markdown's ``attr_list`` turns ``{: onerror=... }`` after an element
# into attributes. A page's own literal text may use it (the author is trusted),
# but nothing a page prints with ``{{ ... }}`` may: spec text, data and front
# matter are data. While a Markdown body renders, every printed brace becomes a
# noncharacter that Markdown ignores, and the braces come back afterwards.
_guarding_braces: ContextVar[bool] = ContextVar("specsite_guarding_braces", default=False)


@contextmanager
def printed_braces_guarded() -> Iterator[None]:
    """Inside the block, braces printed by ``{{ ... }}`` cannot form Markdown attribute lists."""
    token = _guarding_braces.set(True)
    try:
        yield
    finally:
        _guarding_braces.reset(token)


def restore_braces(text: str) -> str:
    # Most pages print no braces at all; a search is far cheaper than a translate of the page.
    # ``str.translate`` with a table walks the text a character at a time (3 ms on a 100 KB
    # page); two ``replace`` calls are plain memory scans.
    if "\ufdd0" not in text and "\ufdd1" not in text:
        return text
    return text.replace("\ufdd0", "{").replace("\ufdd1", "}")


def finalize_output(value: Any) -> Any:
    """Jinja's ``finalize``: escape as usual, and guard braces inside a Markdown body."""
    if not _guarding_braces.get():
        return value
    # ``escape`` first: it keeps Markup as it is and makes an undefined value fail as usual.
    text = markupsafe.escape(value)
    if "{" not in text and "}" not in text:
        return text
    return Markup(str(text).replace("{", "\ufdd0").replace("}", "\ufdd1"))


class StrictishUndefined(jinja2.Undefined):
    """Printing or looping over something undefined is an error; testing it is not.

    ``{% if page.meta.draft %}`` keeps working (so does ``{% if a.b[c] %}`` when
    ``a`` is missing), while a typo such as ``{{ prop.nmae }}`` fails the build
    instead of printing nothing.
    """

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        """Name the object's type as templates know it, and suggest the attribute meant."""
        obj, name = self._undefined_obj, self._undefined_name
        if self._undefined_hint or obj is jinja2.utils.missing or not isinstance(name, str):
            return super()._undefined_message
        known = list(obj) if isinstance(obj, dict) else [n for n in dir(obj) if not n.startswith("_")]
        what = "mapping" if isinstance(obj, dict) else type(obj).__name__
        return f"{what} has no attribute '{name}'{did_you_mean(name, known)}"

    def __getattr__(self, name: str) -> Any:
        # A chain that is undefined at any depth stays undefined, so ``{% if a.b[c] %}``
        # is false as in Nunjucks; printing it still fails with the first missing name.
        if name[:2] == "__":
            raise AttributeError(name)
        return self

    def __getitem__(self, key: Any) -> Any:
        return self

    def __str__(self) -> str:
        self._fail_with_undefined_error()
        return ""

    def __iter__(self) -> Iterator[Any]:
        self._fail_with_undefined_error()
        return iter(())

    def __len__(self) -> int:
        self._fail_with_undefined_error()
        return 0


class SiteEnvironment(jinja2.Environment):
    """Records every template a page loads (layouts, includes, imports) as a dependency.

    Names starting with ``./`` or ``../`` are relative to the including
    template, as in Nunjucks: ``{% include "./_note.md" %}`` in
    ``site_src/guide/a.md`` loads ``site_src/guide/_note.md``.
    """

    def join_path(self, template: str, parent: str) -> str:
        if template.startswith(("./", "../")):
            return posixpath.normpath(posixpath.join(posixpath.dirname(parent), template))
        return template

    # The build cache, when the build uses one: compiled code is looked up there first.
    code_cache: BuildCache | None = None

    @internalcode
    def compile(
        self,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        def make() -> Any:
            return super(SiteEnvironment, self).compile(source, name, filename, raw, defer_init)

        if self.code_cache is None or raw or not isinstance(source, str):
            return make()
        return cached.compiled(self, self.code_cache, source, name, filename, defer_init, make)

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> Any:
        template = super().get_template(name, parent, globals)
        deps.record("template", template.name or str(name))
        return template

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``a.items`` is the key of a mapping, as in Nunjucks (Jinja would give the dict method)."""
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        try:
            return getattr(obj, attribute)
        except AttributeError:
            return self.getitem(obj, attribute)  # ``obj[attribute]``, else undefined

    def select_template(self, names: Any, parent: str | None = None, globals: Any = None) -> Any:
        template = super().select_template(names, parent, globals)
        deps.record("template", template.name or "")
        return template


class SandboxedSiteEnvironment(SiteEnvironment, SandboxedEnvironment):
    """``--sandbox``: templates and page bodies of an untrusted contribution.

    Jinja's sandbox refuses Python internals (``cycler.__init__.__globals__``)
    and unsafe calls at render time, so a template can format what it is
    given but cannot reach the machine that builds it. It knows nothing of
    paths, though: ``page.path.read_text()`` is an ordinary method call, so
    of a path only its name may be read here.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        """The Nunjucks rule (a mapping's key first), with every attribute checked by the sandbox."""
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return SandboxedEnvironment.getattr(self, obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, PurePath) and attr not in PATH_NAMES:
            return False
        if isinstance(value, types.ModuleType):
            return False
        return super().is_safe_attribute(obj, attr, value)


PATH_NAMES = frozenset({"name", "stem", "suffix"})


def untrusted_safe(value: Any) -> Markup:
    """``safe`` under ``--sandbox``: text from YAML (specs, front matter, site.yml) stays escaped."""
    if isinstance(value, YStr):
        return markupsafe.escape(value)
    return Markup(value)


# A host serves the 404 page in place of any missing URL, at any depth, so a
# link relative to /404.html would break; its links start from the base path.
SERVED_ANYWHERE = frozenset({"/404.html"})


@jinja2.pass_context
def url_filter(context: jinja2.runtime.Context, path: Any) -> str:
    """A site path (``/sdk/upload/``) as a link that works from the current page.

    ``pass_context`` also stops Jinja from folding ``'/x/' | url`` into a
    constant when the template is compiled (for whichever page came first).
    With a base URL it is Eleventy's ``url`` filter: ``/x/`` becomes the
    absolute path under the base URL's path (``/prefix/x/``).
    """
    site = context.get("site")
    if getattr(site, "base_url", None):
        return prefixed_url(str(path), site.base_path)
    return site_link(str(path), site)


def site_link(target: str, site: Any) -> str:
    """``target`` made relative to the page being rendered (or under the base path, on the 404 page)."""
    here = current_url()
    if here in SERVED_ANYWHERE and target.startswith("/") and not target.startswith("//"):
        base = getattr(site, "base_path", "/") or "/"
        return base.rstrip("/") + target
    return relative_url(target, here)


_SITE_LINK_RE = re.compile(r'(href|src)="(/(?!/)[^"]*)"')


@jinja2.pass_context
def markdown_filter(context: jinja2.runtime.Context, text: Any) -> Markup:
    """Inline Markdown (sanitised); links to site paths such as ``(/guide/)`` work from any page.

    Spec text is shown on pages at every depth and cannot use the ``url``
    filter, so its server-root links are made relative here.
    """
    if text is None:
        return Markup("")
    html = mdrender.inline(str(text))
    if '="/' not in html:
        return html
    site = context.get("site")
    return Markup(_SITE_LINK_RE.sub(lambda m: f'{m[1]}="{site_link(m[2], site)}"', html))


def dump_filter(value: Any, indent: int | None = None) -> Markup:
    """Nunjucks' ``dump``: JSON that is safe inside HTML and ``<script>``."""
    # Compact like JSON.stringify, which Nunjucks calls; with an indent, the same spacing as its.
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(value, indent=indent, separators=separators, ensure_ascii=False, default=str)
    return Markup(
        text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("'", "\\u0027")
    )


class FrontMatterLoader(jinja2.BaseLoader):
    """Templates without their front matter (an Eleventy layout may have some).

    The front matter becomes blank lines, so errors keep the file's line numbers.
    """

    def __init__(self, inner: jinja2.BaseLoader):
        self.inner = inner

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        return strip_front_matter(source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


class ProjectFolderLoader(FileSystemLoader):
    """The project folder, searched last, as Eleventy's Nunjucks searches the working folder.

    Layouts written for Eleventy include files from the project root
    (``{% include "css/index.css" %}``). It lists nothing, so suggestions for
    a mistyped name never come from (say) ``node_modules``.
    """

    def list_templates(self) -> list[str]:
        return []


class ContainedLoader(jinja2.BaseLoader):
    """``--sandbox``: a template reached through a symlink that leads out of the project is not found.

    The project folder is searched too (``{% include "css/site.css" %}``), and
    a symlink there is not among the sources the build checks beforehand.
    """

    def __init__(self, inner: jinja2.BaseLoader, homes: Iterable[Path]):
        self.inner = inner
        self.homes = tuple(home.resolve() for home in homes)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        real = Path(filename).resolve() if filename else None
        if real is None or not any(home == real or home in real.parents for home in self.homes):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def make_environment(
    templates_dir: Path | None,
    globals: dict[str, Any],
    filters: dict[str, Callable[..., Any]] | None = None,
    pages_dir: Path | None = None,
    project_dir: Path | None = None,
    sandbox: bool = False,
) -> SiteEnvironment:
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None and templates_dir.is_dir():
        loaders.append(FileSystemLoader(str(templates_dir)))
    loaders.append(FileSystemLoader(str(BUILTIN_TEMPLATES)))
    prefixed = {"specsite": FileSystemLoader(str(BUILTIN_TEMPLATES))}
    if pages_dir is not None:
        # Pages and partials in site_src/ are includable as ``site_src/<path>``.
        prefixed["site_src"] = FileSystemLoader(str(pages_dir))
    loaders.append(PrefixLoader(prefixed))
    if project_dir is not None:
        loaders.append(ProjectFolderLoader(str(project_dir)))
    loader: jinja2.BaseLoader = FrontMatterLoader(ChoiceLoader(loaders))
    if sandbox:
        homes = [path for path in (project_dir, templates_dir, pages_dir) if path is not None]
        loader = ContainedLoader(loader, (*homes, BUILTIN_TEMPLATES))
    environment = SandboxedSiteEnvironment if sandbox else SiteEnvironment
    env = environment(
        loader=loader,
        autoescape=True,
        undefined=StrictishUndefined,
        extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"],
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=finalize_output,
    )
    env.filters.update(
        markdown=markdown_filter,
        url=url_filter,
        dump=dump_filter,
    )
    if sandbox:
        env.filters["safe"] = untrusted_safe
    env.filters.update(filters or {})
    env.globals.update(globals)
    return env


def line_padding(body_line: int) -> str:
    """Text that puts the body on line ``body_line`` and prints nothing (a Jinja comment)."""
    return "{#" + "\n" * (body_line - 1) + "#}" if body_line > 1 else ""


def is_plain_text(env: jinja2.Environment, body: str) -> bool:
    """Whether Jinja would print ``body`` exactly as it is, so it need not be compiled at all.

    That is a body with no tag, expression or comment in it, in an
    environment that would not change its text otherwise: no line statements,
    newlines kept as they are, and no extension rewriting sources before
    they are read. Most pages of a large site are such plain Markdown.
    """
    if (
        env.line_statement_prefix
        or env.line_comment_prefix
        or not env.keep_trailing_newline
        or env.newline_sequence != "\n"
        or "\r" in body
    ):
        return False
    if any(type(ext).preprocess is not jinja2.ext.Extension.preprocess for ext in env.extensions.values()):
        return False
    starts = (env.block_start_string, env.variable_start_string, env.comment_start_string)
    return not any(start in body for start in starts)


def compile_page(
    env: jinja2.Environment,
    body: str,
    body_line: int,
    filename: str,
    name: str | None = None,
    reuse: bool = False,
) -> jinja2.Template:
    """Compile a page body so Jinja's line numbers are the file's line numbers.

    ``name`` (``site_src/a/b.md``) is what relative includes resolve against.
    With ``reuse`` (the pages of one pagination share their body) the compiled
    template is kept for the rest of the build.
    """
    cache: dict[tuple, jinja2.Template] = env.__dict__.setdefault("_specsite_pages", {})
    key = (filename, body_line, body)
    if key in cache:
        return cache[key]
    template = _page_template(env, body, body_line, filename, name or filename)
    if reuse:
        cache[key] = template
    return template


# Page bodies are compiled under one neutral name and bound to each page's own name
# afterwards, so pages with the same body (copies, generated pages) compile once:
# Jinja's compile is most of a cold build's time. Jinja writes the name into the
# code (``name = ...``, the parent of includes and imports, error positions), so
# binding replaces it there; a body that contains the placeholder is not shared.
# What is shared is the body's shape (textruns.py): pages whose text differs between
# the same tags compile once too, and binding puts each page's texts back.
_SHARED_NAME = "specsite-shared-page-body-5f0c2e"
# Distinct shapes whose code is kept for the rest of the build (the least recently used goes).
SHARED_BODIES = 256


def _page_template(
    env: jinja2.Environment, body: str, body_line: int, filename: str, name: str
) -> jinja2.Template:
    source = line_padding(body_line) + body
    # Jinja asks a callable ``autoescape`` about the name it compiles under: no sharing then.
    if _SHARED_NAME in body or callable(env.autoescape):
        return _bind(env, env.compile(source, name=name, filename=filename))
    shape = textruns.shape_of(source) if textruns.can_shape(env) else None
    shared: dict[str, types.CodeType] = env.__dict__.setdefault("_specsite_page_code", {})
    key = source if shape is None else shape.source
    code = shared.pop(key, None)
    if code is None:
        try:
            code = env.compile(key, name=_SHARED_NAME, filename=_SHARED_NAME)
        except jinja2.TemplateSyntaxError:
            # Compile the page itself under its own name, so the error names the page and its line.
            return _bind(env, env.compile(source, name=name, filename=filename))
        if len(shared) >= SHARED_BODIES:
            del shared[next(iter(shared))]
    shared[key] = code  # (re)inserted last: the dict's order is the order of use
    template = _bind(env, _renamed(code, _SHARED_NAME, name, filename, shape))
    if shape is not None and shape.shifts:
        template._debug_info = shape.debug_info(template._debug_info)
    return template


def _bind(env: jinja2.Environment, code: types.CodeType) -> jinja2.Template:
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _renamed(
    code: types.CodeType, old: str, name: str, filename: str, shape: textruns.Shape | None = None
) -> types.CodeType:
    """``code`` with every mention of the name ``old`` (constants, file name) made ``name``/``filename``,
    and, compiled from ``shape``, with the page's own texts."""

    def const(value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace(old, name) if old in value else value
            return shape.fill(value) if shape is not None else value
        if isinstance(value, types.CodeType):
            return _renamed(value, old, name, filename, shape)
        if isinstance(value, tuple):  # Python folds a tuple of constant strings into one constant
            return tuple(const(item) for item in value)
        return value

    return code.replace(co_filename=filename, co_consts=tuple(const(value) for value in code.co_consts))
