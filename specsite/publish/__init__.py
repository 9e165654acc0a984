"""Publishing features: the search index, sitemap and robots.txt, lint warnings and the link check.

May import the engine and the model; never another feature package.
"""
