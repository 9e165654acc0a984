"""The spec's history: ``specsite diff``, versioned docs built from git, and a changelog.

Importing this module (it is listed in ``features.FEATURES``) adds the
``diff`` command. The package imports the engine and the model, never
another feature package.
"""

from __future__ import annotations

from ..engine import commands
from .command import COMMAND

commands.COMMANDS.append(COMMAND)
