"""Putting a versioned site together: each older version is copied under ``/<label>/``.

A finisher: it runs on the complete staging folder, before the search index
is read back by the link check and before the swap, so a failure keeps the
previous site. The older pages' placeholders get their switcher and banner
here, when the pages of every version are known.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import jinja2

from ..engine.builder import Finished
from ..engine.errors import Diagnostic
from ..engine.render import SiteInfo
from ..engine.templating import make_environment
from ..engine.urls import relative_url
from ..engine.writer import MARKER
from .plug import BANNER_SLOT
from .switcher import SWITCHER_SLOT, VersionLink, links, render_switcher, versions_for
from .versions import OlderSite, Versions

BANNER_TEMPLATE = "partials/version_banner.html"
# Files that only work at the top of a host: the latest version's are the site's.
TOP_ONLY = frozenset({MARKER, "404.html", "robots.txt", ".nojekyll"})


def add_older_versions(finished: Finished) -> list[Diagnostic]:
    versions = versions_for(SiteInfo.of(finished.inputs.config))
    if versions is None:
        return []
    latest_urls = frozenset(route.url for route in finished.plan.routes if route.output.endswith(".html"))
    env = make_environment(finished.inputs.project.templates_dir, {})
    for site in versions.older:
        _copy_site(site, versions, latest_urls, finished.staging / site.release.label, env)
    return []


def _copy_site(
    site: OlderSite, versions: Versions, latest_urls: frozenset[str], dest: Path, env: jinja2.Environment
) -> None:
    for path in sorted(site.folder.rglob("*")):
        rel = path.relative_to(site.folder).as_posix()
        if not path.is_file() or rel in TOP_ONLY:
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not rel.endswith(".html"):
            shutil.copyfile(path, target)
            continue
        text = path.read_text(encoding="utf-8")
        if SWITCHER_SLOT in text or BANNER_SLOT in text:
            text = _fill(text, _url_of(rel), site, versions, latest_urls, env)
        target.write_text(text, encoding="utf-8")


def _url_of(rel: str) -> str:
    """The site path of an output file, within its version: ``a/b/index.html`` → ``/a/b/``."""
    return "/" + rel.removesuffix("index.html")


def _fill(
    text: str,
    url: str,
    site: OlderSite,
    versions: Versions,
    latest_urls: frozenset[str],
    env: jinja2.Environment,
) -> str:
    here = site.release.prefix + url.lstrip("/")
    if url == "/404.html":
        return text.replace(SWITCHER_SLOT, "").replace(BANNER_SLOT, "")
    found = links(versions, url, site.release.label, latest_urls)
    css = relative_url("/assets/history.css", here)
    switcher = render_switcher(env, found, here, css)
    current = next(v for v in found if v.current)
    latest = found[0]
    banner = env.get_template(BANNER_TEMPLATE).render(current=current, latest=_relative(latest, here))
    return text.replace(SWITCHER_SLOT, str(switcher)).replace(BANNER_SLOT, banner)


def _relative(link: VersionLink, here: str) -> VersionLink:
    return replace(link, href=relative_url(link.href, here))
