"""``hooks.py``: a project's own Python, named in ``site.yml`` (``hooks: [hooks.py]``).

Each file defines ``setup(site)``, which registers filters, globals, tests,
computed page data (Eleventy's ``eleventyComputed``) and shortcodes::

    def setup(site):
        site.add_filter("shout", lambda text: str(text).upper() + "!")
        site.add_global("build_year", 2026)
        site.add_test("even", lambda n: n % 2 == 0)
        site.add_computed("section", lambda data: data["page"].url.split("/")[1])

        @site.filter("initials")
        def initials(name):
            return "".join(word[0] for word in name.split())

        @site.shortcode("youtube")            # {% youtube "id", "title" %}
        def youtube(video, title):
            return f'<a href="https://youtu.be/{video}">{title}</a>'

Hooks are code the docs team wrote, as trusted as its templates. A mistake in
one (an exception while loading, in ``setup`` or when a filter runs) is
reported at the hook's ``file:line``, without a Python traceback unless
``--debug``.
"""

from __future__ import annotations

import functools
import inspect
import sys
import traceback
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import shortcodes
from .data import plain
from .errors import Diagnostic, Pos, display_path
from .sources import SourceError, read_text

KINDS = ("filter", "global", "test", "computed", "shortcode", "paired shortcode")
PACKAGE = str(Path(__file__).resolve().parent.parent) + "/"


@dataclass(frozen=True)
class Hook:
    """One registration: its name, its (guarded) value, and the line of ``hooks.py`` that made it."""

    kind: str
    name: str
    value: Any
    source: str
    line: int


@dataclass(frozen=True)
class Hooks:
    """Everything a project's hook files registered, in registration order."""

    filters: tuple[Hook, ...] = ()
    globals: tuple[Hook, ...] = ()
    tests: tuple[Hook, ...] = ()
    computed: tuple[Hook, ...] = ()
    shortcodes: tuple[Hook, ...] = ()
    paired_shortcodes: tuple[Hook, ...] = ()
    files: tuple[str, ...] = ()  # the hook files, project-relative

    def install(self, env: jinja2.Environment) -> None:
        """Put the filters, tests and globals on a template environment (replacing built-in filters)."""
        env.filters.update((hook.name, hook.value) for hook in self.filters)
        env.tests.update((hook.name, hook.value) for hook in self.tests)
        env.globals.update((hook.name, hook.value) for hook in self.globals)
        shortcodes.install(
            env,
            {hook.name: hook.value for hook in self.shortcodes},
            {hook.name: hook.value for hook in self.paired_shortcodes},
        )


class HookError(Exception):
    """A hook raised while the site rendered; carries the hook's ``file:line``."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


class SiteHooks:
    """The ``site`` object that ``setup(site)`` receives."""

    def __init__(self, root: Path, reserved: dict[str, str]):
        self._root = root
        self._reserved = reserved  # global names that are taken, and by what
        self._hooks: dict[str, list[Hook]] = {kind: [] for kind in KINDS}
        self.diagnostics: list[Diagnostic] = []

    def add_filter(self, name: str, fn: Callable[..., Any]) -> None:
        """``{{ value | name }}`` calls ``fn(value, *args)``."""
        self._add("filter", name, fn, callable_only=True)

    def add_global(self, name: str, value: Any) -> None:
        """``{{ name }}`` in every page and template (a function can be called: ``{{ name(x) }}``)."""
        self._add("global", name, value, callable_only=False)

    def add_test(self, name: str, fn: Callable[..., Any]) -> None:
        """``{% if value is name %}`` calls ``fn(value, *args)``."""
        self._add("test", name, fn, callable_only=True)

    def add_computed(self, name: str, fn: Callable[[Any], Any]) -> None:
        """``{{ name }}`` is ``fn(data)`` for each page, ``data`` being the page's cascaded data."""
        self._add("computed", name, fn, callable_only=True)

    def add_shortcode(self, name: str, fn: Callable[..., Any]) -> None:
        """``{% name arg1, arg2 %}`` puts ``fn(arg1, arg2)`` in the page as HTML (Eleventy's shortcodes)."""
        self._add("shortcode", name, fn, callable_only=True)

    def add_paired_shortcode(self, name: str, fn: Callable[..., Any]) -> None:
        """``{% name arg %}body{% endname %}`` puts ``fn(body, arg)`` in the page as HTML."""
        self._add("paired shortcode", name, fn, callable_only=True)

    def filter(self, name: Any = None) -> Any:
        """Decorator spelling of ``add_filter``: ``@site.filter("name")`` or ``@site.filter``."""
        return self._decorator(self.add_filter, name)

    def test(self, name: Any = None) -> Any:
        return self._decorator(self.add_test, name)

    def computed(self, name: Any = None) -> Any:
        return self._decorator(self.add_computed, name)

    def shortcode(self, name: Any = None) -> Any:
        return self._decorator(self.add_shortcode, name)

    def paired_shortcode(self, name: Any = None) -> Any:
        return self._decorator(self.add_paired_shortcode, name)

    def _decorator(self, add: Callable[[str, Any], None], name: Any) -> Any:
        if callable(name):  # used bare: @site.filter
            add(name.__name__, name)
            return name

        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            add(name if name is not None else fn.__name__, fn)
            return fn

        return register

    def _add(self, kind: str, name: Any, value: Any, callable_only: bool) -> None:
        source, line = _caller(self._root)
        problem = self._problem(kind, name, value, callable_only)
        if problem:
            self.diagnostics.append(Diagnostic(source, line, 0, problem))
            return
        # A plain value's lists answer .length and .join(), as data files' lists do.
        value = _guarded(kind, name, value, source, line, self._root) if callable(value) else plain(value)
        self._hooks[kind].append(Hook(kind, name, value, source, line))

    def _problem(self, kind: str, name: Any, value: Any, callable_only: bool) -> str | None:
        if not isinstance(name, str) or not name.isidentifier():
            return f"{kind} name {name!r} must be a name that templates can write (letters, digits, '_')"
        if callable_only and not callable(value):
            return f"{kind} '{name}' must be a function, not {type(value).__name__}"
        earlier = next((h for h in self._hooks[kind] if h.name == name), None)
        if earlier is not None:
            return f"{kind} '{name}' is already registered at {earlier.source}:{earlier.line}"
        if kind in ("global", "computed") and name in self._reserved:
            return f"{kind} '{name}' would hide {self._reserved[name]}; choose another name"
        if kind == "global" and any(h.name == name for h in self._hooks["computed"]):
            return f"global '{name}' is also computed data; choose another name"
        if kind.endswith("shortcode"):
            return _shortcode_problem(kind, name, self._hooks)
        return None

    def result(self, files: tuple[str, ...]) -> Hooks:
        return Hooks(*(tuple(self._hooks[kind]) for kind in KINDS), files=files)


def _shortcode_problem(kind: str, name: str, hooks: dict[str, list[Hook]]) -> str | None:
    if name in shortcodes.LANGUAGE_TAGS or name.startswith("end"):
        return f"{kind} '{name}' would take the name of a template tag; choose another name"
    other = "shortcode" if kind != "shortcode" else "paired shortcode"
    earlier = next((h for h in hooks[other] if h.name == name), None)
    if earlier is not None:
        return f"{kind} '{name}' is already a {other} at {earlier.source}:{earlier.line}"
    return None


def _caller(root: Path) -> tuple[str, int]:
    """The innermost line of a project file (``hooks.py`` or a module it imports) on the stack."""
    frame = inspect.currentframe()
    while frame is not None:
        filename = frame.f_code.co_filename
        if _in_project(filename, root):
            return display_path(Path(filename), root), frame.f_lineno
        frame = frame.f_back
    return "hooks.py", 0


def _in_project(filename: str, root: Path) -> bool:
    """A Python file of the project (not specsite itself, nor a virtualenv inside the project)."""
    base = str(root) + "/"
    if not filename.endswith(".py") or not filename.startswith(base) or filename.startswith(PACKAGE):
        return False
    rel = filename[len(base) :]
    return not any(part.startswith(".") or part == "site-packages" for part in rel.split("/"))


def _hook_line(exc: BaseException, root: Path, fallback: tuple[str, int]) -> tuple[str, int]:
    """Where in the project's Python ``exc`` was raised (the innermost such frame)."""
    found = fallback
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if _in_project(filename, root):
            found = (display_path(Path(filename), root), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _guarded(kind: str, name: str, fn: Callable[..., Any], source: str, line: int, root: Path) -> Any:
    """``fn`` whose exceptions become a ``HookError`` at the hook's line.

    An undefined value the template passed in stays the template's error, so
    it is reported at the page's line with its "did you mean".
    """

    @functools.wraps(fn)  # keeps jinja2.pass_context and friends working
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (jinja2.UndefinedError, HookError):
            raise
        except Exception as exc:
            where, at = _hook_line(exc, root, (source, line))
            message = f"{kind} '{name}' failed: {_describe(exc)}"
            raise HookError(Diagnostic(where, at, 0, message)) from exc

    return call


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- loading ------------------------------------------------------------------------------


def load_hooks(
    root: Path,
    paths: Iterable[tuple[str, Pos]],
    config_source: str,
    reserved: dict[str, str],
    debug: bool = False,
) -> tuple[Hooks, list[Diagnostic]]:
    """Run each hook file's ``setup(site)``; any error leaves no hooks installed."""
    site = SiteHooks(root, reserved)
    diagnostics: list[Diagnostic] = []
    files = []
    for rel, pos in paths:
        path = (root / rel).resolve()
        shown = display_path(path, root)
        problem = _path_problem(path, root, rel)
        if problem:
            diagnostics.append(Diagnostic(config_source, pos.line, pos.col, problem))
            continue
        files.append(shown)
        found = _run(path, shown, root, site, debug)
        if found is not None:
            diagnostics.append(found)
    diagnostics += site.diagnostics
    if diagnostics:
        return Hooks(files=tuple(files)), diagnostics
    return site.result(tuple(files)), []


def _path_problem(path: Path, root: Path, rel: str) -> str | None:
    if not str(path).startswith(str(root) + "/"):
        return f"hook file '{rel}' is outside the project folder"
    if path.suffix != ".py":
        return f"hook file '{rel}' must be a Python file ending in .py"
    if not path.is_file():
        return f"hook file '{rel}' does not exist"
    return None


def _run(path: Path, shown: str, root: Path, site: SiteHooks, debug: bool) -> Diagnostic | None:
    """Execute one hook file and call its ``setup``; the problem, if any, at its line."""
    try:
        code = compile(read_text(path), str(path), "exec")
    except SourceError as exc:
        line, col = (exc.pos.line, exc.pos.col) if exc.pos else (0, 0)
        return Diagnostic(shown, line, col, exc.message)
    except SyntaxError as exc:
        return Diagnostic(shown, exc.lineno or 0, exc.offset or 0, f"Python syntax: {exc.msg}")
    module = types.ModuleType(f"specsite_hooks_{path.stem}")
    module.__file__ = str(path)
    stage = "while loading the hooks"
    try:
        with _importable(path.parent, module, root):
            exec(code, module.__dict__)
            setup = module.__dict__.get("setup")
            if not callable(setup):
                return Diagnostic(shown, 1, 0, "a hook file must define setup(site)")
            stage = "in setup(site)"
            setup(site)
    except Exception as exc:
        if debug:
            traceback.print_exception(exc, file=sys.stderr)
        where, line = _hook_line(exc, root, (shown, 0))
        return Diagnostic(where, line, 0, f"error {stage}: {_describe(exc)}")
    return None


class _importable:
    """While a hook runs, it can import modules beside it; they are read again on the next build."""

    def __init__(self, folder: Path, module: types.ModuleType, root: Path):
        self.folder, self.module, self.root = str(folder), module, root

    def __enter__(self) -> None:
        self.before = set(sys.modules)
        sys.modules[self.module.__name__] = self.module  # dataclasses in a hook look themselves up here
        sys.path.insert(0, self.folder)

    def __exit__(self, *exc: object) -> None:
        if self.folder in sys.path:
            sys.path.remove(self.folder)
        for name in set(sys.modules) - self.before:
            if name == self.module.__name__ or _in_project(
                getattr(sys.modules[name], "__file__", "") or "", self.root
            ):
                del sys.modules[name]
