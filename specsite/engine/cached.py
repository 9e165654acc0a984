"""What the build cache holds, and the key of each: compiled templates, page Markdown, highlighted code.

A key is a digest of everything the value is made from, so a cached value
is exactly the one that would be made again: the output is byte-identical
with and without the cache. Versions (specsite's own code included) are in
the cache's header, not in every key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import CodeType
from typing import Any

import jinja2
from jinja2.utils import _PassArg

from . import mdlinks, mdrender, themecode
from .buildcache import BuildCache, active, current, make_key

# --- compiled templates (page bodies, layouts, includes) ----------------------------------

# What Jinja's code generator reads from the environment besides the source.
_LEXER_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


def compiled(
    env: jinja2.Environment,
    cache: BuildCache,
    source: str,
    name: str | None,
    filename: str | None,
    defer_init: bool,
    compile: Callable[[], Any],
) -> Any:
    """The code object of ``source``, from the cache or made by ``compile()``."""
    key = make_key(
        "jinja",
        _environment_stamp(env),
        _finalize_probe(env),
        _optional(name),
        _optional(filename),
        "deferred" if defer_init else "",
        source,
    )
    code = cache.get("jinja", key)
    if code is None:
        # A built-in template another project compiled already: from the per-user store.
        shared = cache.shared if themecode.is_builtin(filename) else None
        code = shared.get(key) if shared is not None else None
        if code is None:
            code = compile()
            if shared is not None:
                shared.put(key, code)
        cache.put(key, code)
    return code


def _optional(text: str | None) -> str:
    return "\0none" if text is None else text


def _environment_stamp(env: jinja2.Environment) -> bytes:
    """The environment's part of a template's key, made once per environment.

    The code generator checks that filters and tests exist and how they are
    called, folds constant filter calls (so a filter's code matters), and the
    Nunjucks layer rewrites ``{% sc %}`` by whether ``sc`` is a global function.
    """
    found = env.__dict__.get("_specsite_cache_stamp")
    if found is not None:
        return found
    parts: list[str] = [f"{type(env).__module__}.{type(env).__qualname__}"]
    parts += [f"{name}={getattr(env, name, None)!r}" for name in _LEXER_SETTINGS]
    escape = env.autoescape
    parts.append(f"autoescape={_callable_stamp(escape) if callable(escape) else repr(escape)}")
    for key, extension in sorted(env.extensions.items()):
        tags = ",".join(sorted(extension.tags or ()))
        parts.append(f"extension {key} {_callable_stamp(type(extension))} {tags} {extension.priority}")
    for kind, table in (("filter", env.filters), ("test", env.tests)):
        for name, func in sorted(table.items()):
            parts.append(f"{kind} {name} {_PassArg.from_obj(func)} {_callable_stamp(func)}")
    parts += [f"global {name} {callable(value)}" for name, value in sorted(env.globals.items())]
    stamp = make_key("environment", *parts)
    env.__dict__["_specsite_cache_stamp"] = stamp
    return stamp


def _finalize_probe(env: jinja2.Environment) -> str:
    """How ``finalize`` treats a brace right now: constants are finalized when they compile.

    (The Markdown guard turns printed braces into stand-ins while a page body
    renders, and a template included there compiles under that guard.)
    """
    finalize = env.finalize
    if finalize is None:
        return ""
    known = env.__dict__.get("_specsite_finalize_stamp")
    if known is None or known[0] is not finalize:
        known = (finalize, _callable_stamp(finalize))
        env.__dict__["_specsite_finalize_stamp"] = known
    if _PassArg.from_obj(finalize) is not None:
        return known[1]
    return f"{known[1]} {finalize('{')!r} {finalize(True)!r}"


def _callable_stamp(func: Any) -> str:
    """A function by name and by its compiled code, so an edited hook is a new key.

    A hook's filter is a wrapper (``hooks._guarded``); the function it wraps counts too.
    """
    parts = []
    while func is not None:
        code = getattr(getattr(func, "__func__", func), "__code__", None)
        name = f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', type(func).__qualname__)}"
        parts.append(name if code is None else f"{name}:{make_key('code', *_code_parts(code)).hex()}")
        func = getattr(func, "__wrapped__", None)
    return " ".join(parts)


def _code_parts(code: CodeType) -> Iterator[str | bytes]:
    """What a function's code does, the same in every process.

    Not ``marshal.dumps(code)``: marshal marks objects by their reference
    counts, so the same code came out differently in another process (under
    a profiler, for one), and its compiled templates were made again.
    """
    yield code.co_code
    yield repr((code.co_names, code.co_varnames, code.co_freevars, code.co_cellvars))
    yield repr((code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount, code.co_flags))
    for const in code.co_consts:
        yield from _const_parts(const)


def _const_parts(const: Any) -> Iterator[str | bytes]:
    if isinstance(const, CodeType):
        yield "code"
        yield from _code_parts(const)
    elif isinstance(const, tuple | frozenset):
        # A frozenset's order follows its members' hashes, which differ from process to process.
        members = [b"".join(_encoded(_const_parts(member))) for member in const]
        yield type(const).__name__
        yield from sorted(members) if isinstance(const, frozenset) else members
    else:
        yield f"{type(const).__name__}:{const!r}"


def _encoded(parts: Iterator[str | bytes]) -> Iterator[bytes]:
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        yield len(data).to_bytes(8, "little") + data


# --- page Markdown ----------------------------------------------------------------------


class _ReadUrls(Mapping[str, str]):
    """A page-URL table that remembers what was looked up in it (``mdlinks`` reads only some)."""

    def __init__(self, urls: Mapping[str, str]):
        self.urls = urls
        self.read: dict[str, str | None] = {}

    def get(self, key: str, default: Any = None) -> Any:
        value = self.urls.get(key)
        self.read[key] = value
        return default if value is None else value

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        # A reader that walks the whole table depends on all of it: record every entry.
        self.read.update(self.urls)
        return iter(self.urls)

    def __len__(self) -> int:
        return len(self.urls)


def markdown(
    cache: BuildCache, text: str, settings: mdrender.MarkdownSettings, link: mdlinks.LinkContext
) -> tuple[str, list[mdrender.Heading]]:
    """``mdrender.render_page`` with ``.md`` links rewritten for ``link``'s page, from the cache if it can be.

    The key holds the text, the settings and (when a link needs it) the
    page's own place; the entry keeps which other pages' URLs its links
    looked up, and is used only while each of them is still the same (a
    renamed page is a miss).
    """
    if not cache.enabled:
        with mdlinks.linking(link):
            return mdrender.render_page(text, settings)
    stamp = _markdown_stamp(settings)
    # Most text links no source file, and then its HTML is the same wherever the page
    # is: it is kept under a key without the page's place, shared by every page with
    # that text. Text that does link one gets ``_PLACED`` there, and a key with its place.
    shared_key = make_key("markdown", stamp, text)
    found = cache.get("markdown", shared_key)
    placed_key = None
    if found == _PLACED:
        cache.hits["markdown"] -= 1
        # (A page with ``permalink: false`` has the URL False.)
        placed_key = make_key("markdown", stamp, link.rel, repr(link.url), text)
        found = cache.get("markdown", placed_key)
    if found is not None:
        html, headings, read = found
        if all(link.urls.get(target) == url for target, url in read):
            return html, [mdrender.Heading(*heading) for heading in headings]
        cache.hits["markdown"] -= 1
        cache.misses["markdown"] += 1
    install_highlight()
    urls = _ReadUrls(link.urls)
    with mdlinks.linking(mdlinks.LinkContext(link.rel, link.url, urls)), active(cache):
        html, toc = mdrender.render_page(text, settings)
    # marshal stores only exact built-in types (a title may be Markup).
    headings = tuple((int(heading.level), str(heading.id), str(heading.title)) for heading in toc)
    read = tuple((str(target), None if url is None else str(url)) for target, url in urls.read.items())
    entry = (str(html), headings, read)
    if read:
        cache.put(shared_key, _PLACED)
        cache.put(placed_key or make_key("markdown", stamp, link.rel, repr(link.url), text), entry)
    else:
        cache.put(shared_key, entry)
    return html, toc


# In place of an entry: this text's HTML depends on the page's place (see ``markdown``).
_PLACED = "placed"


def _markdown_stamp(settings: mdrender.MarkdownSettings) -> str:
    """The settings, the heading-id rule's code and the extensions features added."""
    rule = mdrender.HEADING_ID_RULES.get(settings.heading_ids)
    factories = [_callable_stamp(make) for make in mdrender.PAGE_EXTENSION_FACTORIES]
    extensions = [str(extension) for extension in mdrender.PAGE_EXTENSIONS]
    return repr((settings, _callable_stamp(rule) if rule else None, factories, extensions))


# --- highlighted code -------------------------------------------------------------------


def highlight(code: str, lexer: Any, formatter: Any, outfile: Any = None) -> Any:
    """``pygments.highlight`` that keeps its HTML in the active build cache.

    Python-Markdown's ``codehilite`` (also used by fenced code) calls this in
    place of Pygments' own; outside a cached build it is Pygments' own.
    """
    import pygments

    cache = current()
    if cache is None or outfile is not None:
        return pygments.highlight(code, lexer, formatter, outfile)
    key = make_key(
        "code",
        code,
        f"{type(lexer).__module__}.{type(lexer).__qualname__}",
        repr(sorted(lexer.options.items())),
        f"{type(formatter).__module__}.{type(formatter).__qualname__}",
        repr(sorted(formatter.options.items())),
    )
    html = cache.get("code", key)
    if html is None:
        html = pygments.highlight(code, lexer, formatter)
        cache.put(key, html)
    return html


def install_highlight() -> None:
    """Point ``codehilite`` at ``highlight`` (it looks the name up in its module on every call)."""
    from markdown.extensions import codehilite

    codehilite.highlight = highlight
