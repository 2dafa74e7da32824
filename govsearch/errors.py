"""Errors the library raises on purpose; the CLI turns each into a one-line message and exit 2."""


class GovsearchError(Exception):
    """Something govsearch cannot do, with a message fit for the user."""

    hint = ""


class ReadError(GovsearchError):
    """A file could not be read; the message starts with its name."""


class IndexMissing(GovsearchError):
    """There is no index where one was expected."""

    hint = "build one with: govsearch index [PATH ...]"


class QueryError(GovsearchError):
    """The query cannot be searched as written."""


class NotFound(GovsearchError):
    """No passage has the given id."""


class BadParameter(GovsearchError):
    """A web request's parameter is unknown or malformed (a 400 from the server)."""


class ServeError(GovsearchError):
    """The web server cannot listen where it was asked to (a busy port, an unknown host)."""
