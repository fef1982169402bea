"""The ``quartiernetz`` command line (a package): :mod:`api.cli.main` builds the app."""

from api.cli.main import app, main

__all__ = ["app", "main"]
