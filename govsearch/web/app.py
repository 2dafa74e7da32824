"""Routes: a request's path and query string in, a ``Response`` out (status, type, body), no sockets.

``App(ix)`` answers the routes of issue #14 by asking ``backend`` and handing
the plain data to ``pages`` (or to JSON, or CSV). A user's mistake — an unknown
parameter, a date that does not exist, a page past the end, a query the library
refuses — is a 400 with its one-line message (an HTML page, or ``{"error": …}``
from ``/api/``); an unknown id or route is a 404; anything else a 500 whose page
says only that, the traceback going to the server's log. Every response forbids
scripts and any resource from elsewhere (Content-Security-Policy), so even a
template bug could not run a document's script.
"""

import sys
import traceback
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import unquote

from .. import errors, render
from . import backend, pages, params

HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"
CSV = "text/csv; charset=utf-8"
HEADERS = (
    ("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
)


@dataclass
class Response:
    status: int
    body: object  # bytes, or an iterable of bytes to stream
    content_type: str = HTML
    headers: list = field(default_factory=list)

    def all_headers(self):
        return [("Content-Type", self.content_type), *HEADERS, *self.headers]


class App:
    """The routes over one open index (whatever object keeps the ``govsearch.Index`` contract)."""

    def __init__(self, ix):
        self.ix = ix
        self.routes = {
            "/": self.search_page,
            "/compare": self.compare_page,
            "/api/search": self.api_search,
            "/api/compare": self.api_compare,
            "/export.csv": self.export,
            "/static/style.css": self.style,
        }

    def __call__(self, path, query_string=""):
        api = path.startswith("/api/") or path == "/export.csv"
        try:
            if path.startswith("/passage/"):
                return self.passage_page(unquote(path[len("/passage/"):]))
            route = self.routes.get(path)
            if route is None:
                raise errors.NotFound(f"there is no page at {path}")
            return route(query_string)
        except errors.NotFound as exc:
            return error_response(404, str(exc), api)
        except errors.GovsearchError as exc:
            return error_response(400, str(exc), api, params.typed_query(query_string))
        except Exception:  # a bug of ours: say so, and keep the details for the log
            traceback.print_exc(file=sys.stderr)
            return error_response(500, "govsearch failed to answer this request; the server's log says why", api)

    def search_page(self, query_string):
        search = params.parse_search(query_string)
        if not search.q:
            return _html(pages.search_page(search))
        results = backend.search(self.ix, search)
        params.check_page(search, results["total"])
        return _html(pages.search_page(search, results))

    def passage_page(self, passage_id):
        found = backend.passage(self.ix, passage_id)
        return _html(pages.passage_page(found, backend.similar(self.ix, passage_id)))

    def compare_page(self, query_string):
        compare = params.parse_compare(query_string)
        if not compare.q:
            return _html(pages.compare_page(compare))
        result = backend.compare(self.ix, compare)
        return _html(pages.compare_page(compare, result, backend.per_year(self.ix, compare)))

    def api_search(self, query_string):
        search = params.parse_search(query_string, api=True)
        _need_query(search.q)
        results = backend.search(self.ix, search)
        params.check_page(search, results["total"])
        return _json(results)

    def api_compare(self, query_string):
        compare = params.parse_compare(query_string)
        _need_query(compare.q)
        return _json(backend.compare(self.ix, compare))

    def export(self, query_string):
        search = params.parse_search(query_string)
        _need_query(search.q)
        rows = backend.export_csv(self.ix, search)
        first = next(rows)  # the query runs (and may fail) before the first byte goes out
        return Response(200, _chain(first, rows), CSV,
                        [("Content-Disposition", 'attachment; filename="govsearch.csv"')])

    def style(self, query_string):
        css = resources.files("govsearch.web").joinpath("static/style.css").read_bytes()
        return Response(200, css, "text/css; charset=utf-8", [("Cache-Control", "max-age=300")])


def _need_query(q):
    if not q:
        raise errors.BadParameter("give a query: q=…")


def _chain(first, rest):
    yield first
    yield from rest


def _html(text, status=200):
    return Response(status, text.encode("utf-8"), HTML, [("Cache-Control", "no-cache")])


def _json(obj, status=200):
    return Response(status, render.dumps(obj).encode("utf-8"), JSON, [("Cache-Control", "no-cache")])


def error_response(status, message, api, q=""):
    """The answer to a refused or failed request; a page keeps the typed query in its search box."""
    if api:
        return _json({"error": message, "status": status}, status)
    return _html(pages.error_page(status, message, params.Search(q)), status)
