"""The local web page of issue #14: search, filter, read and compare in a browser, over an open index.

``serve(ix, host, port)`` runs the server until Ctrl-C or SIGTERM; ``start``
runs it in a background thread (tests, scripts). Inside: ``params`` (URL ⇄
validated parameters), ``backend`` (the only calls into ``govsearch.Index``),
``charts`` (heat map and line geometry), ``pages`` (Jinja2 templates with
autoescaping), ``app`` (routes → responses), ``server`` (stdlib HTTP, one lock).
"""

from .server import Server, serve, start

__all__ = ["Server", "serve", "start"]
