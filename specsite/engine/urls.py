"""Site paths: where a source file is published, and links between pages."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from urllib.parse import urlsplit

# ``.njk`` pages are templates too (Nunjucks pages of a site moved from Eleventy).
PAGE_SUFFIXES = (".md", ".html", ".njk")
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def url_for_source(rel: str) -> str:
    """``a/b.md`` → ``/a/b/``; ``a/index.md`` and ``a/a.md`` → ``/a/``; ``404.md`` → ``/404.html``.

    A page named after its folder is the folder's page, as in Eleventy (which
    publishes ``blog/launch/launch.md`` at ``/blog/launch/``), so a post kept in
    a folder with its images keeps its address.
    """
    stem = rel.rsplit(".", 1)[0]
    if stem == "404":
        return "/404.html"
    if stem == "index":
        return "/"
    folder, _, name = stem.rpartition("/")
    if name == "index" or (folder and folder.rsplit("/", 1)[-1] == name):
        return f"/{folder}/"
    return f"/{stem}/"


def output_for_url(url: str) -> str:
    """The file a URL is served from: ``/a/b/`` → ``a/b/index.html``."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    return path


def without_dot_segments(url: str) -> str:
    """``/a/./b/../c/`` → ``/a/c/``: the path a URL with dot segments really names."""
    parts: list[str] = []
    for part in url.split("/")[1:]:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    trailing = url.endswith(("/", "/.", "/..")) and (not parts or parts[-1] != "")
    return "/" + "/".join(parts) + ("/" if trailing and parts else "")


def is_external(link: str) -> bool:
    """Links with a scheme (``https:``, ``mailto:``) or protocol-relative ones."""
    return bool(_SCHEME_RE.match(link)) or link.startswith("//")


def relative_url(target: str, from_url: str) -> str:
    """A link from the page at ``from_url`` to the site path ``target``.

    Relative links keep working under any path prefix and from ``file://``.
    Anything that is not a site path (external, already relative, a bare
    ``#anchor``) is returned unchanged.
    """
    if not target.startswith("/") or target.startswith("//"):
        return target
    cut = min((i for i in (target.find("?"), target.find("#")) if i >= 0), default=len(target))
    return _relative_path(target[:cut], from_url) + target[cut:]


@lru_cache(maxsize=65536)
def _relative_path(path: str, from_url: str) -> str:
    # Navigation asks this for every link of every page: plain string work,
    # cached, instead of posixpath.relpath (which also consults the cwd).
    from_dir = from_url[: from_url.rfind("/") + 1]
    base = from_dir.strip("/").split("/") if from_dir.strip("/") else []
    parts = path.strip("/").split("/") if path.strip("/") else []
    common = 0
    while common < min(len(base), len(parts)) and base[common] == parts[common]:
        common += 1
    rel = "/".join([".."] * (len(base) - common) + parts[common:])
    if not rel:
        return "./"
    return rel + "/" if path.endswith("/") else rel


def normalize_site_path(link: str, from_url: str) -> str:
    """The absolute site path a relative link on ``from_url`` points to (no query/fragment)."""
    path = urlsplit(link).path
    if not path:
        return from_url
    from_dir = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    joined = posixpath.normpath(posixpath.join(from_dir, path))
    if path.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return joined if joined.startswith("/") else "/" + joined


def is_partial(rel: str) -> bool:
    """``_x.md`` or anything under ``_shared/``: includable, never published.

    A file of its own named ``_something`` without an extension is a host's
    setting (Netlify's ``_redirects`` and ``_headers``), published as before.
    """
    *folders, name = rel.split("/")
    if any(folder.startswith("_") for folder in folders):
        return True
    return name.startswith("_") and "." in name


def prefixed_url(target: str, base_path: str) -> str:
    """Eleventy's ``url`` filter with a path prefix: ``/x/`` → ``/prefix/x/``.

    Only site paths change; external, protocol-relative and relative links
    come back as written, as Eleventy returns them (it also normalises
    ``./a`` to ``a`` and an empty link to ``.``).
    """
    if is_external(target) or not target.startswith("/"):
        return _normalized_relative(target)
    return base_path.rstrip("/") + _normalized_path(target)


def _normalized_relative(link: str) -> str:
    if is_external(link):
        return link
    if not link:
        return "."
    cut = min((i for i in (link.find("?"), link.find("#")) if i >= 0), default=len(link))
    path = link[:cut]
    if not path:
        return link
    joined = posixpath.normpath(path)
    if path.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return joined + link[cut:]


def _normalized_path(link: str) -> str:
    cut = min((i for i in (link.find("?"), link.find("#")) if i >= 0), default=len(link))
    path = posixpath.normpath(link[:cut])
    if path.startswith("//"):  # POSIX keeps a leading double slash; a URL path must not
        path = "/" + path.lstrip("/")
    if link[:cut].endswith("/") and not path.endswith("/"):
        path += "/"
    return path + link[cut:]
