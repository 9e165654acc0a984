"""The heading-id rule of Eleventy sites that give markdown-it-anchor Eleventy's ``slugify``.

``site.yml``: ``markdown: {heading_ids: eleventy-slugify}``.
"""

from __future__ import annotations

from ..engine import mdrender
from .slugify import slugify

mdrender.HEADING_ID_RULES["eleventy-slugify"] = slugify
