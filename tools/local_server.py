"""A small HTTP server on 127.0.0.1 that serves recorded or hand-built responses.

Used by the tests and by `make demo` to stand in for the public APIs (the plugin is pointed at it
through its configurable endpoints). Routes map a path (without query string) to a response:

- ``bytes`` / ``str``: served with status 200;
- ``Response(status, body, headers, delay)``;
- a callable ``f(path, query) -> Response | bytes | None`` (None gives a 404).

A key ending with ``*`` matches every path that starts with it (``/epcis/*``).
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


def _as_response(value):
    if value is None:
        return Response(404, b'{"message": "not found"}', {"Content-Type": "application/json"})
    if isinstance(value, Response):
        return value
    if isinstance(value, str):
        value = value.encode("utf-8")
    return Response(200, value, {"Content-Type": "application/json"})


class LocalServer:
    """Context manager: ``with LocalServer(routes) as srv: srv.url('/x')``."""

    def __init__(self, routes=None):
        self.routes = dict(routes or {})
        self.requests = []
        self.headers = []  # request headers, in the order of `requests`
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                server.requests.append(self.path)
                server.headers.append(dict(self.headers))
                route = server.route_for(parts.path)
                value = route(parts.path, query) if callable(route) else route
                resp = _as_response(value)
                if resp.delay:
                    time.sleep(resp.delay)
                try:
                    self.send_response(resp.status)
                    headers = {"Content-Type": "application/json", **resp.headers}
                    for key, val in headers.items():
                        self.send_header(key, val)
                    self.send_header("Content-Length", str(len(resp.body)))
                    self.end_headers()
                    self.wfile.write(resp.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test): nothing to answer

            def log_message(self, *args):
                return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = None

    def route_for(self, path):
        """Exact route, else the longest prefix route (keys ending with '*')."""
        if path in self.routes:
            return self.routes[path]
        prefixes = [k for k in self.routes if k.endswith("*") and path.startswith(k[:-1])]
        return self.routes[max(prefixes, key=len)] if prefixes else None

    @property
    def base_url(self):
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path=""):
        return self.base_url + path

    def start(self):
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
