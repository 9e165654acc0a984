"""specsite: static documentation sites for event-tracking and API references."""

__version__ = "0.1.0"
