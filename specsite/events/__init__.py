"""Event-catalog features: the explorer, per-type catalog pages and matrix, JSON Schema,
event example blocks and ``specsite validate``.

May import the engine and the model; never another feature package.
"""
