"""``site.yml``: the site's title, base URL and navigation, validated like the specs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..model.fields import Fields, expect_list, is_ident, items
from .errors import Diagnostic, Pos, Report, did_you_mean, display_path
from .mdrender import HEADING_ID_RULES, MarkdownSettings
from .sources import SourceError, read_text
from .yamlsrc import YamlError, YMap, parse, type_name

CONFIG_NAMES = ("site.yml", "site.yaml")
CONFIG_FIELDS = (
    "title",
    "description",
    "base_url",
    "language",
    "nav",
    "extra",
    "search",
    "aws_services",
    "footer",
    "repo_url",
    "markdown",
    "hooks",
    "layout",
)
MARKDOWN_FIELDS = ("heading_ids", "external_links_new_tab")

# Settings a feature reads from site.yml, by key: ``read(value, pos, report, root)``
# validates the YAML value (errors go to the report, at their line) and returns
# what lands in ``SiteConfig.settings[key]``.
SettingReader = Callable[[Any, Pos, Report, Path], Any]
FEATURE_SETTINGS: dict[str, SettingReader] = {}


@dataclass(frozen=True)
class NavLink:
    """A nav entry as written: a page source, a site path, or an external URL."""

    target: str
    title: str | None
    pos: Pos


@dataclass(frozen=True)
class NavSectionConfig:
    title: str
    links: tuple[NavLink, ...]


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Documentation"
    description: str = ""
    base_url: str | None = None
    language: str = "en"
    nav: tuple[NavSectionConfig, ...] | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    search: bool = True
    aws_services: tuple[str, ...] | str = ()
    footer: str = ""
    repo_url: str | None = None
    markdown: MarkdownSettings = field(default_factory=MarkdownSettings)
    source: str | None = None  # the config file as shown in errors, if there is one
    hooks: tuple[tuple[str, Pos], ...] = ()  # hook files (project-relative) and where each is named
    settings: Mapping[str, Any] = field(default_factory=dict, compare=False)  # FEATURE_SETTINGS read
    layout: str = "page.html"  # for pages whose front matter names none; ``none`` for no layout

    @property
    def base_path(self) -> str:
        """The path part of ``base_url`` (``/docs/v1/``), ``/`` when unknown."""
        if not self.base_url:
            return "/"
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def markdown_settings(self) -> MarkdownSettings:
        """The ``markdown:`` section, knowing the site's own host (links there are not external)."""
        host = urlsplit(self.base_url).hostname if self.base_url else None
        return replace(self.markdown, own_host=host)


def find_config(root: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    return None


def load_config(root: Path, base_url: str | None = None) -> tuple[SiteConfig, list[Diagnostic]]:
    """The site config (defaults when there is no ``site.yml``); ``base_url`` overrides it."""
    path = find_config(root)
    if path is None:
        return SiteConfig(base_url=_clean_base(base_url)), []
    report = Report(display_path(path, root))
    config = _read(path, report, root)
    if base_url:
        config = replace(config, base_url=_clean_base(base_url))
    return config, report.items


def _clean_base(url: str | None) -> str | None:
    if not url:
        return None
    return url if url.endswith("/") else url + "/"


def _read(path: Path, report: Report, root: Path) -> SiteConfig:
    shown = report.path
    try:
        data = parse(read_text(path))
    except (SourceError, YamlError) as exc:
        report.error(exc.pos, exc.message)
        return SiteConfig(source=shown)
    if data is None:
        return SiteConfig(source=shown)
    if not isinstance(data, YMap):
        report.error(Pos(1, 1), f"site.yml must be a mapping of settings, not {type_name(data)}")
        return SiteConfig(source=shown)
    fields = Fields(data, report, "site.yml", (*CONFIG_FIELDS, *FEATURE_SETTINGS))
    base_url = fields.text("base_url")
    if base_url is not None and urlsplit(base_url).scheme not in ("http", "https"):
        report.error(fields.pos("base_url"), f"'base_url' must be an absolute http(s) URL, not {base_url!r}")
        base_url = None
    extra = fields.raw("extra") or {}
    if not isinstance(extra, dict):
        report.error(fields.pos("extra"), f"'extra' must be a mapping, not {type_name(extra)}")
        extra = {}
    return SiteConfig(
        title=fields.text("title") or "Documentation",
        description=fields.text("description") or "",
        base_url=_clean_base(base_url),
        language=fields.text("language") or "en",
        nav=_read_nav(fields, report),
        extra=dict(extra),
        search=fields.boolean("search", True),
        aws_services=_read_services(fields, report),
        footer=fields.text("footer") or "",
        repo_url=fields.text("repo_url"),
        markdown=_read_markdown(fields, report),
        source=shown,
        hooks=_read_hooks(fields, report),
        settings={
            key: read(fields.raw(key), fields.pos(key), report, root)
            for key, read in FEATURE_SETTINGS.items()
            if fields.has(key)
        },
        layout="none" if fields.raw("layout") is False else fields.text("layout") or "page.html",
    )


def _read_markdown(fields: Fields, report: Report) -> MarkdownSettings:
    node = fields.raw("markdown")
    if node is None:
        return MarkdownSettings()
    if not isinstance(node, YMap):
        report.error(fields.pos("markdown"), f"'markdown' must be a mapping, not {type_name(node)}")
        return MarkdownSettings()
    section = Fields(node, report, "the markdown section", MARKDOWN_FIELDS)
    heading_ids = section.text("heading_ids", default="python-markdown") or "python-markdown"
    if heading_ids not in HEADING_ID_RULES:
        rules = ", ".join(HEADING_ID_RULES)
        hint = did_you_mean(heading_ids, HEADING_ID_RULES) or f" (one of: {rules})"
        report.error(section.pos("heading_ids"), f"unknown heading_ids rule '{heading_ids}'{hint}")
        heading_ids = "python-markdown"
    new_tab = section.boolean("external_links_new_tab", False)
    return MarkdownSettings(heading_ids, new_tab)


def _read_hooks(fields: Fields, report: Report) -> tuple[tuple[str, Pos], ...]:
    """``hooks: hooks.py`` or ``hooks: [hooks.py, more/hooks.py]``."""
    raw = fields.raw("hooks")
    if raw is None:
        return ()
    if isinstance(raw, str):
        return ((str(raw), fields.pos("hooks")),)
    seq = expect_list(raw, report, fields.pos("hooks"), "'hooks' (Python files)")
    found = []
    for name, pos in items(seq or []):
        if isinstance(name, str):
            found.append((str(name), pos))
        else:
            report.error(pos, f"'hooks' lists Python files, not {type_name(name)}")
    return tuple(found)


def _read_nav(fields: Fields, report: Report) -> tuple[NavSectionConfig, ...] | None:
    if not fields.has("nav"):
        return None
    seq = expect_list(fields.raw("nav"), report, fields.pos("nav"), "'nav'")
    if seq is None:
        return None
    sections = []
    for node, pos in items(seq):
        if not isinstance(node, YMap):
            report.error(
                pos, f"each nav section must be a mapping with 'title' and 'pages', not {type_name(node)}"
            )
            continue
        section = Fields(node, report, "nav section", ("title", "pages"))
        title = section.text("title", required=True) or ""
        pages = expect_list(section.raw("pages") or [], report, section.pos("pages"), "'pages'") or []
        links = [link for entry, epos in items(pages) if (link := _read_link(entry, epos, report))]
        sections.append(NavSectionConfig(title, tuple(links)))
    return tuple(sections)


def _read_link(entry: Any, pos: Pos, report: Report) -> NavLink | None:
    if isinstance(entry, str):
        return NavLink(entry, None, pos)
    if isinstance(entry, YMap):
        link = Fields(entry, report, "nav entry", ("title", "page", "url"))
        target = link.text("page") or link.text("url")
        if target is None:
            report.error(entry.pos, "nav entry needs 'page' (a file in site_src/) or 'url'")
            return None
        return NavLink(target, link.text("title"), pos)
    report.error(pos, f"nav entries are page paths or mappings, not {type_name(entry)}")
    return None


def _read_services(fields: Fields, report: Report) -> tuple[str, ...] | str:
    raw = fields.raw("aws_services")
    if raw is None:
        return ()
    if raw == "all":
        return "all"
    seq = expect_list(raw, report, fields.pos("aws_services"), "'aws_services' (or the word all)")
    names = []
    for name, pos in items(seq or []):
        if isinstance(name, str) and is_ident(name):
            names.append(str(name))
        else:
            report.error(pos, f"{name!r} is not a service name")
    return tuple(names)
