"""Routes: a request's path and query string in, a ``Response`` out (status, type, body), no sockets.

``App(ix)`` answers the routes of issues #14 and #23 by asking ``backend`` and
handing the plain data to ``pages`` (or to JSON, or CSV, or ``files``). A user's
mistake — an unknown parameter, a date that does not exist, a query the library
refuses — is a 400 with its one-line message (an HTML page, or ``{"error": …}``
from ``/api/``); a page past the end is an empty page linking back to the last;
an unknown id or route is a 404; an original that changed since it was indexed
a 409 page saying so; anything else a 500 whose page says only that, the
traceback going to the server's log. Every page forbids scripts and any
resource from elsewhere (Content-Security-Policy), so even a template bug could
not run a document's script; an original file is sandboxed (``FILE_POLICY``).
With a ``token``, every route but the style sheet needs it (``?token=…`` on a link to any page sets it as a cookie).
"""

import hmac
import sys
import traceback
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from importlib import resources
from urllib.parse import parse_qsl, quote, unquote, urlencode

from .. import errors, render
from . import backend, files, pages, params

HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"
CSV = "text/csv; charset=utf-8"
PAGE_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# an original: the browser's own PDF or image viewer shows it in a sandbox (an opaque origin: no script of
# the file, no cookie, nothing of this server's pages reachable), loading nothing from anywhere
FILE_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'"
HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
)
COOKIE = "govsearch_token"


@dataclass
class Response:
    status: int
    body: object  # bytes, or an iterable of bytes to stream
    content_type: str = HTML
    headers: list = field(default_factory=list)
    policy: str = PAGE_POLICY

    def all_headers(self):
        return [("Content-Type", self.content_type), ("Content-Security-Policy", self.policy), *HEADERS,
                *self.headers]


class App:
    """The routes over one open index (whatever object keeps the ``govsearch.Index`` contract)."""

    def __init__(self, ix, files=True, token=""):
        self.ix = ix
        self.files = files
        self.token = token.encode("utf-8")
        self.prefixed = {"/passage/": self.passage_page, "/document/": self.document_page, "/file/": self.original}
        self.routes = {
            "/": self.search_page,
            "/compare": self.compare_page,
            "/api/search": self.api_search,
            "/api/compare": self.api_compare,
            "/export.csv": self.export,
            "/static/style.css": self.style,
        }

    def __call__(self, path, query_string="", headers=None):
        api = path.startswith("/api/") or path == "/export.csv"
        try:
            if self.token and not path.startswith("/static/"):  # the style sheet is no secret: the 401 page uses it
                refused = self._check_token(path, query_string, headers or {}, api)
                if refused is not None:
                    return refused
            return self._route(path, query_string)
        except errors.NotFound as exc:
            return error_response(404, str(exc), api)
        except files.Changed as exc:
            return error_response(409, str(exc), api)
        except errors.GovsearchError as exc:
            return error_response(400, str(exc), api, params.typed_query(query_string))
        except Exception:  # a bug of ours: say so, and keep the details for the log
            traceback.print_exc(file=sys.stderr)
            return error_response(500, "govsearch failed to answer this request; the server's log says why", api)

    def _route(self, path, query_string):
        for prefix, route in self.prefixed.items():
            if path.startswith(prefix):
                return route(unquote(path[len(prefix):]), query_string)
        route = self.routes.get(path)
        if route is None:
            raise errors.NotFound(f"there is no page at {path}")
        return route(query_string)

    def _check_token(self, path, query_string, headers, api):
        """None when the request may go on; else the answer: the cookie set, or a refusal (401)."""
        pairs = parse_qsl(query_string, keep_blank_values=True)
        given = dict(pairs).get("token") if not api else None  # a link to any page may carry it
        if given is not None:
            if not self._token_is(given):
                return error_response(401, "that token is not this server's; ask for the link again", api)
            cookie = f"{COOKIE}={quote(given, safe='')}; Path=/; HttpOnly; SameSite=Strict"  # any token: ; too
            # the token leaves the address bar (and the history) at once: the cookie carries it from here on
            rest = urlencode([(k, v) for k, v in pairs if k != "token"], quote_via=quote)
            location = "/" + quote(unquote(path), safe="/").lstrip("/") + ("?" + rest if rest else "")  # never //host
            return Response(303, b"", HTML, [("Location", location), ("Set-Cookie", cookie),
                                             ("Cache-Control", "no-store")])
        if self._token_is(_bearer(headers)) or self._token_is(_cookie(headers)):
            return None
        return error_response(401, "this server needs its token: open the link with ?token=… you were given, "
                                   "or send Authorization: Bearer TOKEN", api)

    def _token_is(self, given):
        return given is not None and hmac.compare_digest(given.encode("utf-8"), self.token)

    def search_page(self, query_string):
        search = params.parse_search(query_string)
        if not search.q:
            return _html(pages.search_page(search))
        return _html(pages.search_page(search, backend.search(self.ix, search)))

    def passage_page(self, passage_id, query_string=""):
        q = params.parse_reading(query_string)
        found = backend.passage(self.ix, passage_id)
        return _html(pages.passage_page(found, backend.similar(self.ix, passage_id), q, self.files))

    def document_page(self, doc, query_string=""):
        q = params.parse_reading(query_string)
        found = backend.document(self.ix, doc, q)
        sources = backend.sources(self.ix, doc) if self.files else []
        return _html(pages.document_page(doc, found, sources, q))

    def original(self, doc, query_string=""):
        if not self.files:
            raise errors.NotFound("this server does not serve original files (serve --no-files)")
        page = params.parse_file(query_string)
        found = files.read_first(backend.sources(self.ix, doc), page)
        return Response(200, found.data, found.content_type,
                        [("Content-Disposition", found.disposition), ("Cache-Control", "no-cache")], FILE_POLICY)

    def compare_page(self, query_string):
        compare = params.parse_compare(query_string)
        if not compare.q:
            return _html(pages.compare_page(compare))
        result = backend.compare(self.ix, compare)
        return _html(pages.compare_page(compare, result, backend.per_year(self.ix, compare)))

    def api_search(self, query_string):
        search = params.parse_search(query_string, api=True)
        _need_query(search.q)
        return _json(backend.search(self.ix, search))

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


def _bearer(headers):
    kind, _, value = (headers.get("Authorization") or "").partition(" ")
    return value.strip() if kind.lower() == "bearer" else None


def _cookie(headers):
    try:
        found = SimpleCookie(headers.get("Cookie") or "").get(COOKIE)
    except CookieError:
        return None
    return unquote(found.value) if found else None


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

