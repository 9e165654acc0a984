"""Compatibility with other generators: Eleventy project import and Nunjucks syntax.

Imports only the engine (its registries); never another feature package."""
