#!/usr/bin/env python3
"""Which web stack: import time and per-request latency of the candidates, measured here.

    python scripts/bench_stack.py [--repeat 15] [--requests 300]

Import time: a fresh interpreter importing the stack, timed inside it (its own
start-up excluded), median of --repeat runs. Latency: each stack serves the same page (a Jinja2
template of about 17 kB, the size of a search page) on 127.0.0.1 in a child
process; a client asks for it --requests times, one connection per request as
a browser's first visit does, and reports p50 and p95. Stacks take turns, run
after run and request after request, so that a busy machine slows all alike. Stacks whose packages are
not installed in this Python are skipped (bottle, starlette + uvicorn, flask:
install them in a scratch virtual environment to compare).
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time

IMPORTS = {
    "http.server": "import http.server",
    "jinja2": "import jinja2",
    "http.server + jinja2": "import http.server, jinja2",
    "bottle": "import bottle",
    "starlette + uvicorn": "import starlette.applications, starlette.responses, uvicorn",
    "flask": "import flask",
}

PAGE = """
import jinja2
TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><title>{{ q }}</title><ol>{% for h in hits %}<li><a href='/p/{{ h }}'>{{ h }}</a> "
    "<p>{% for s in text %}<mark>{{ s }}</mark>{% endfor %}</p></li>{% endfor %}</ol>")
def page():
    return TEMPLATE.render(q="营商环境", hits=range(20), text=["营商环境 <b>"] * 40).encode()
"""

SERVERS = {
    "http.server (threads)": PAGE + """
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = page()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
ThreadingHTTPServer(("127.0.0.1", PORT), H).serve_forever()
""",
    "bottle (wsgiref)": PAGE + """
import bottle
app = bottle.Bottle()
@app.get("/")
def index():
    return page()
bottle.run(app, host="127.0.0.1", port=PORT, quiet=True)
""",
    "starlette + uvicorn": PAGE + """
import uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
async def index(request):
    return Response(page(), media_type="text/html")
uvicorn.run(Starlette(routes=[Route("/", index)]), host="127.0.0.1", port=PORT, log_level="error")
""",
}


def import_times(statements, repeat):
    """Median ms of each statement in a fresh interpreter, timed inside it (start-up excluded).

    The statements take turns, run after run, so that a machine busy with other
    work slows them all alike."""
    runs = {name: [] for name in statements}
    for _ in range(repeat):
        for name, statement in statements.items():
            code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
            if done.returncode == 0:
                runs[name].append(1000 * float(done.stdout))
    return {name: statistics.median(times) if times else None for name, times in runs.items()}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(code):
    """A child serving ``code`` on a free port, once it accepts connections; None if it cannot start."""
    port = free_port()
    child = subprocess.Popen([sys.executable, "-c", code.replace("PORT", str(port))],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while child.poll() is None and time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return child, port
        except OSError:
            time.sleep(0.05)
    child.kill()
    child.wait()
    return None


def fetch(port):
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/")
    connection.getresponse().read()
    connection.close()
    return 1000 * (time.perf_counter() - start)


def latencies(servers, requests):
    """p50 and p95 ms per server; the servers take turns, request after request."""
    running = {name: launch(code) for name, code in servers.items()}
    times = {name: [] for name, up in running.items() if up}
    try:
        for _ in range(requests):
            for name in times:
                times[name].append(fetch(running[name][1]))
    finally:
        for up in running.values():
            if up:
                up[0].terminate()
                up[0].wait()
    out = {}
    for name in servers:
        ordered = sorted(times.get(name, []))
        out[name] = (ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.95)]) if ordered else None
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {load:.1f}")
    for name, ms in import_times(IMPORTS, args.repeat).items():
        print(f"import  {name:24} " + (f"{ms:6.1f} ms" if ms is not None else "(not installed)"))
    for name, result in latencies(SERVERS, args.requests).items():
        text = f"p50 {result[0]:5.2f} ms  p95 {result[1]:5.2f} ms" if result else "(not installed)"
        print(f"request {name:24} {text}")


if __name__ == "__main__":
    main()
