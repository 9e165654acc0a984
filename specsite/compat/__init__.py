"""Compatibility with Eleventy projects and Nunjucks templates.

Imports of other generators' projects, and the Nunjucks syntax Jinja lacks."""
