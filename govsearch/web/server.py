"""The HTTP server: an open index in, ``App``'s routes served over stdlib ``http.server`` out.

One ``ThreadingHTTPServer`` keeps the index open for its whole life; each
request runs in a thread of its own, and the index is used by one request at a
time (``LockedIndex``): a search holds the processor for milliseconds, the two
cores of a small machine gain nothing from running two at once under the GIL,
and Whoosh's searcher is not promised to be thread-safe. Each request first
moves the index to the generation live now (``Index.refresh``: one small file
read), so the page follows ``govsearch index`` run meanwhile, and a request
answers from one generation only; a streamed export goes on reading the
generation it started in, whose lease keeps its files. Only GET and HEAD
exist (the server never writes). Bound to a loopback address, it answers only requests
addressed to a loopback name, so a web page elsewhere cannot read the
collection through DNS rebinding.
"""

import errno
import itertools
import signal
import socket
import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ..errors import GovsearchError, ServeError
from .app import App, error_response

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
STEPS_A_TURN = 500  # items of a streamed answer read in one hold of the index (an export at 10x: ≈ 0.06 s)


class LockedIndex:
    """``ix`` with every call, and every step of an iterator a call returns, made under one lock."""

    def __init__(self, ix):
        self._ix = ix
        self._lock = threading.RLock()
        self._refresh_failed = ""

    @contextmanager
    def request(self):
        """One request's hold on the index, moved first to the live generation."""
        with self._lock:
            self._refresh()
            yield

    def _refresh(self):
        refresh = getattr(self._ix, "refresh", None)
        if refresh is None:
            return
        try:
            refresh()
            self._refresh_failed = ""
        except GovsearchError as exc:  # keep answering from the generation open; say why once
            if str(exc) != self._refresh_failed:
                print(f"govsearch: still answering from the index as it was: {exc}", file=sys.stderr, flush=True)
            self._refresh_failed = str(exc)

    def __getattr__(self, name):
        attr = getattr(self._ix, name)
        if not callable(attr):
            return attr

        def locked(*args, **kwargs):
            with self._lock:
                result = attr(*args, **kwargs)
            if hasattr(result, "__next__"):
                return self._steps(result)
            return result
        return locked

    def _steps(self, iterator):
        # a batch a turn: with a step a turn, an export of 2 564 lines at 10x waited 24.7 s in all for the
        # index while 15 clients searched (0.4 s of work)
        while True:
            with self._lock:
                batch = list(itertools.islice(iterator, STEPS_A_TURN))
            yield from batch
            if len(batch) < STEPS_A_TURN:
                return


class Handler(BaseHTTPRequestHandler):
    server_version = "govsearch"
    sys_version = ""

    def do_GET(self):
        self._answer(send_body=True)

    def do_HEAD(self):
        self._answer(send_body=False)

    def _answer(self, send_body):
        path, _, query = self.path.partition("?")
        if not self._host_allowed():
            response = error_response(400, "this server answers only requests addressed to localhost", api=False)
        else:
            with self.server.index.request():
                response = self.server.app(path.split("#")[0] or "/", query, self.headers)
        self.send_response(response.status)
        for name, value in response.all_headers():
            self.send_header(name, value)
        body = response.body
        if isinstance(body, bytes):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not send_body:
            return
        try:
            for chunk in [body] if isinstance(body, bytes) else body:
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away mid-answer (a closed tab, a cancelled download)

    def _host_allowed(self):
        if not self.server.loopback_only:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            name = host[1:].partition("]")[0]
        else:
            name = host.rpartition(":")[0] if ":" in host else host
        return name in LOOPBACK_NAMES

    def log_message(self, format, *args):
        if self.server.log:
            super().log_message(format, *args)


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a browser's open keep-alive socket must not hold up Ctrl-C

    def __init__(self, ix, host, port, log=False, files=True, token=""):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.index = LockedIndex(ix)
        self.app = App(self.index, files=files, token=token)
        self.log = log
        self.loopback_only = _is_loopback(host)
        try:
            super().__init__((host, port), Handler)
        except OSError as exc:
            raise ServeError(_bind_message(exc, host, port)) from None

    @property
    def url(self):
        host, port = self.server_address[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def start(ix, host="127.0.0.1", port=0, log=False, files=True, token=""):
    """A ``Server`` answering from a background thread (for tests and scripts); ``.shutdown()`` stops it."""
    server = Server(ix, host, port, log, files, token)
    thread = threading.Thread(target=server.serve_forever, name="govsearch-serve", daemon=True)
    thread.start()
    return server


def _say(line):
    print(line, flush=True)


def _warn(line):
    print(line, file=sys.stderr, flush=True)


def serve(ix, host="127.0.0.1", port=8000, echo=_say, files=True, token="", warn=_warn):
    """Serve ``ix`` until Ctrl-C or SIGTERM; ``echo`` is told the address once connections are accepted."""
    server = Server(ix, host, port, log=True, files=files, token=token)
    previous = _on_sigterm()
    try:
        if not server.loopback_only:
            what = "passages and original files" if files else "passages"
            warn(f"warning: listening on {host}: anyone who can reach this machine can read this index's {what}"
                 + ("" if token else "; require a token with --token"))
        echo(f"Serving on {server.url}")  # listen() has run: connections queue from here on
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _on_sigterm():
    """Make SIGTERM stop the server as Ctrl-C does (only the main thread may set handlers)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise KeyboardInterrupt
    return signal.signal(signal.SIGTERM, stop)


def _is_loopback(host):
    return host in LOOPBACK_NAMES or host.startswith("127.")


def _bind_message(exc, host, port):
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} is already in use on {host}; stop what uses it, or choose another with --port"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}; ports below 1024 need privileges, choose another with --port"
    if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on host {host}: no such address on this machine"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
