"""A small HTTP server on 127.0.0.1 that serves recorded or hand-built responses, and misbehaves on demand.

Used by the tests, the benchmarks and `make demo` to stand in for the public APIs (the plugin is pointed
at it through its configurable endpoints). Routes map a path (without query string) to a response:

- ``bytes`` / ``str``: served with status 200;
- ``Response(status, body, headers, delay)``;
- a callable ``f(path, query) -> Response | bytes | None`` (None gives a 404).

A key ending with ``*`` matches every path that starts with it (``/epcis/*``).

Faults, the way public APIs misbehave, are injected in front of the routes:

- ``server.inject("/communes", Fault.status(429, retry_after="1"), Fault.truncated())``: the next requests
  whose path starts with the prefix get these faults, in order, then the routes answer normally;
  ``query={"request": "GetFeature"}`` limits them to the requests with these query values (case-insensitive);
- ``LocalServer(routes, fault_plan=f)``: ``f(path, query, n)`` (n: index of the request) returns a Fault or
  None for every request (random fault sequences of the property tests).

Kinds: an HTTP status (429 with Retry-After, 500, 502, 503, 504), a body cut short (with or without a
Content-Length), an HTML maintenance page or a WFS ExceptionReport with HTTP 200, a connection closed
without an answer, a slow answer, a body sent slowly in small chunks (progress, cancel during a
download), a redirect (to a plain-HTTP URL for instance).

``server.times`` holds the arrival time (time.monotonic()) of every request, in the order of ``requests``.
"""

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HTML_PAGE = (b"<!DOCTYPE html><html><head><title>Maintenance</title></head>"
             b"<body><h1>Service en maintenance</h1><p>Revenez plus tard.</p></body></html>")
WFS_EXCEPTION = (b'<?xml version="1.0" encoding="UTF-8"?>\n<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1"'
                 b' version="2.0.0"><ows:Exception exceptionCode="NoApplicableCode"><ows:ExceptionText>'
                 b'Internal error: too many features</ows:ExceptionText></ows:Exception></ows:ExceptionReport>')


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Fault:
    """One misbehaviour. Build them with the class methods."""

    kind: str
    code: int = 0
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    location: str = ""
    keep: float = 0.5  # share of the body sent by a truncated answer
    chunk: int = 0     # trickle: bytes sent at a time

    @classmethod
    def status(cls, code, retry_after=None):
        """An HTTP error status (429 with an optional Retry-After, 500, 502, 503, 504…)."""
        return cls("status", code=code, headers={"Retry-After": retry_after} if retry_after is not None else {})

    @classmethod
    def truncated(cls, keep=0.5, announce_length=True):
        """The body stops halfway; with a Content-Length announcing the full size (detectable by the
        client) or without one, the connection simply closing (only the payload's validation sees it)."""
        return cls("truncated" if announce_length else "truncated_silent", keep=keep)

    @classmethod
    def html(cls):
        return cls("html")

    @classmethod
    def wfs_exception(cls):
        return cls("wfs_exception")

    @classmethod
    def reset(cls):
        return cls("reset")

    @classmethod
    def slow(cls, delay):
        return cls("slow", delay=delay)

    @classmethod
    def redirect(cls, location, status=302):
        return cls("redirect", code=status, location=location)

    @classmethod
    def trickle(cls, chunk=4096, delay=0.05):
        """The normal answer (with its Content-Length), sent `chunk` bytes at a time every `delay` seconds."""
        return cls("trickle", chunk=chunk, delay=delay)


def _as_response(value):
    if value is None:
        return Response(404, b'{"message": "not found"}', {"Content-Type": "application/json"})
    if isinstance(value, Response):
        return value
    if isinstance(value, str):
        value = value.encode("utf-8")
    return Response(200, value, {"Content-Type": "application/json"})


class LocalServer:
    """Context manager: ``with LocalServer(routes) as srv: srv.url('/x')``. `port`: a fixed port (the same
    URLs from one process to the next: benchmarks reusing a cache), else any free one."""

    def __init__(self, routes=None, fault_plan=None, port=0):
        self.routes = dict(routes or {})
        self.requests = []
        self.headers = []  # request headers, in the order of `requests`
        self.times = []  # arrival times (time.monotonic()), in the order of `requests`
        self.faults_served = []  # (path, kind) of every fault answered
        self.fault_plan = fault_plan
        self._queued = []  # [prefix, [faults]]
        self._lock = threading.Lock()
        self._connections = set()  # open client connections (HTTP/1.1 keep-alive), closed by stop()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body leave in two writes: with Nagle's algorithm the body waited for the client's
            # delayed ACK, 40 ms per request on loopback (the clients of the loader's threads saw only that)
            disable_nagle_algorithm = True

            def setup(self):
                super().setup()
                with server._lock:
                    server._connections.add(self.connection)

            def finish(self):
                try:
                    super().finish()
                finally:
                    with server._lock:
                        server._connections.discard(self.connection)

            def do_GET(self):  # noqa: N802
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                with server._lock:
                    index = len(server.requests)
                    server.requests.append(self.path)
                    server.headers.append(dict(self.headers))
                    server.times.append(time.monotonic())
                fault = server._next_fault(parts.path, query, index)
                if fault is not None:
                    server.faults_served.append((parts.path, fault.kind))
                    if self._fault(fault):
                        return
                route = server.route_for(parts.path)
                value = route(parts.path, query) if callable(route) else route
                resp = _as_response(value)
                if resp.delay:
                    time.sleep(resp.delay)
                self._send(resp.status, resp.body, resp.headers)

            def _send(self, status, body, headers=None, keep=None, announce=True, trickle=None):
                try:
                    self.send_response(status)
                    for key, val in {"Content-Type": "application/json", **(headers or {})}.items():
                        self.send_header(key, val)
                    if announce:
                        self.send_header("Content-Length", str(len(body)))
                    if keep is not None or not announce:
                        self.send_header("Connection", "close")
                        self.close_connection = True
                    self.end_headers()
                    if trickle is not None:
                        for start in range(0, len(body), max(1, trickle.chunk)):
                            self.wfile.write(body[start:start + max(1, trickle.chunk)])
                            self.wfile.flush()
                            time.sleep(trickle.delay)
                        return
                    self.wfile.write(body if keep is None else body[:int(len(body) * keep)])
                    self.wfile.flush()
                    if keep is not None:
                        self.connection.shutdown(socket.SHUT_RDWR)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    self.close_connection = True  # the client gave up (timeout test): nothing to answer

            def _fault(self, fault):
                """Answer with `fault`. Returns False when the normal answer must follow (slow)."""
                if fault.kind == "slow":
                    time.sleep(fault.delay)
                    return False
                if fault.kind == "status":
                    self._send(fault.code, b'{"error": "injected"}', fault.headers)
                elif fault.kind == "html":
                    self._send(200, HTML_PAGE, {"Content-Type": "text/html; charset=utf-8"})
                elif fault.kind == "wfs_exception":
                    self._send(200, WFS_EXCEPTION, {"Content-Type": "text/xml"})
                elif fault.kind == "redirect":
                    self._send(fault.code, b"", {"Location": fault.location})
                elif fault.kind == "reset":
                    self.close_connection = True
                    try:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                elif fault.kind in ("truncated", "truncated_silent", "trickle"):
                    parts = urlsplit(self.path)
                    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                    route = server.route_for(parts.path)
                    resp = _as_response(route(parts.path, query) if callable(route) else route)
                    if fault.kind == "trickle":
                        self._send(resp.status, resp.body, resp.headers, trickle=fault)
                    else:
                        self._send(resp.status, resp.body, resp.headers, keep=fault.keep,
                                   announce=fault.kind == "truncated")
                return True

            def log_message(self, *args):
                return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)  # port 0: any free port
        self._httpd.daemon_threads = True
        self._thread = None

    def inject(self, prefix, *faults, query=None):
        """Queue `faults` for the next requests whose path starts with `prefix` (and whose query string has
        the values of `query`, compared without case)."""
        wanted = {str(k).lower(): str(v).lower() for k, v in (query or {}).items()}
        with self._lock:
            self._queued.append([prefix, list(faults), wanted])
        return self

    def _next_fault(self, path, query, index):
        lowered = {k.lower(): str(v).lower() for k, v in query.items()}
        with self._lock:
            for entry in self._queued:
                wanted = entry[2] if len(entry) > 2 else {}
                if path.startswith(entry[0]) and entry[1] and all(lowered.get(k) == v for k, v in wanted.items()):
                    return entry[1].pop(0)
        return self.fault_plan(path, query, index) if self.fault_plan is not None else None

    def count(self, prefix):
        """Number of requests received whose path starts with `prefix`."""
        return sum(1 for request in self.requests if urlsplit(request).path.startswith(prefix))

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
        # a short poll interval: stop() returns at once (the default 0.5 s made every test wait)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()
        # the clients keep their connections alive: each one held a handler thread (and two sockets) until
        # the end of the test session; closing them ends those threads now
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
