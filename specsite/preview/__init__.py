"""The live-reload preview: the ``serve`` command, incremental rebuild sessions,
the file watcher and the HTTP server.

May import the engine and the model; never another feature package.
"""
