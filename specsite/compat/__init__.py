"""Compatibility with sites written for Eleventy and Nunjucks.

A feature package: imports only the engine (``specsite.engine``, ``specsite.model``),
never another feature, and plugs in through the engine's registries.
"""
