"""The engine: read files -> load the model -> plan every URL -> render (Jinja, Markdown) -> write atomically.

It imports only itself and ``specsite.model``; features plug in through its registries, never the reverse.
"""
