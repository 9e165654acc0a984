"""The spec's history: ``specsite diff``, versioned docs built from git, and a changelog.

Importing this module (it is listed in ``features.FEATURES``) adds the
``diff`` command, the ``versions:`` setting of site.yml, the changelog route
and its renderer, the template globals ``version_switcher``,
``version_banner`` and ``history_mark``, and the finishing step that copies
older versions into the site. The package imports the engine and the model,
never another feature package. What a build registers is in ``plug``: a site
without versions loads none of the version machinery.
"""

from __future__ import annotations

from ..engine import builder, commands, config, plan, render, views
from .command import COMMAND
from .plug import KEY, KIND, add_older_versions, changelog_routes, read_versions, register, render_changelog

commands.COMMANDS.append(COMMAND)
config.FEATURE_SETTINGS[KEY] = read_versions
plan.GENERATORS.append(changelog_routes)
render.RENDERERS[KIND] = render_changelog
views.REGISTRARS.append(register)
# Before the link check, which must see the older versions' pages too.
builder.FINISHERS.insert(0, add_older_versions)
