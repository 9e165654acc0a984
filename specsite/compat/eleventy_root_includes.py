"""Files that an Eleventy site's templates include from the project folder itself.

Eleventy's Nunjucks looks for ``{% include "css/index.css" %}`` in the
includes folder and then in the folder Eleventy runs in, so layouts inline
stylesheets kept at the project root, or in ``node_modules``. specsite looks
in ``templates/`` and then in the project folder too, so such a file is copied
to the same path in the new project; a file in ``node_modules`` is not (the
package is installed there again), and the import says so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

# A template name given as a literal to a tag that reads another template.
_NAMED = re.compile(r"\{%-?\s*(?:include|import|extends|from)\s+([\"'])([^\"'\n]+)\1")
_TEMPLATE_DESTS = ("site_src/", "templates/")
_COMMENT = re.compile(r"\{#.*?#\}", re.S)


def _blank(match: re.Match[str]) -> str:
    """A comment's text gone, its lines kept (what it names is not included)."""
    return "\n" * match.group(0).count("\n")


class RootInclude(NamedTuple):
    source: Path  # the file in the Eleventy project
    dest: str  # its path in the new project (the same as in the old one)


def root_includes(
    templates: list[tuple[Path, str]], root: Path, includes: Path
) -> tuple[list[RootInclude], list[tuple[str, int, str]]]:
    """What ``templates`` (source, dest) include from the project folder, and those in node_modules."""
    found: dict[str, RootInclude] = {}
    from_packages: list[tuple[str, int, str]] = []
    for source, dest in templates:
        if not dest.startswith(_TEMPLATE_DESTS):
            continue
        text = _COMMENT.sub(_blank, source.read_text(encoding="utf-8", errors="replace"))
        rel = source.relative_to(root).as_posix()
        for match in _NAMED.finditer(text):
            name = match.group(2).removeprefix("./")
            if (includes / name).is_file():
                continue
            # Listed whether or not the packages are installed in the old project.
            if name.split("/", 1)[0] == "node_modules":
                from_packages.append((rel, text.count("\n", 0, match.start()) + 1, name))
            elif name not in found and (root / name).is_file():
                found[name] = RootInclude(root / name, name)
    return list(found.values()), from_packages
