"""``foip-graph serve``: the built site over HTTP, on this machine only by default.

A thin layer over :mod:`http.server`: files under the site folder are served, and
anything else (a path that climbs out with ``..``, a symbolic link that points outside,
a folder without an ``index.html``) answers 404; a path no file system accepts (a NUL
byte) answers 400, one too long for it 414. Binding to another address than the
loopback is possible, but the command warns: the site would be visible to the network.

It stays up under faults: a connection that idles or sends half a request is closed
after :data:`IDLE` seconds, at most :data:`THREADS` connections are served at once
(others wait their turn), and a client that hangs up is a line in the log, not a
traceback.

>>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
(True, True, False)
"""

from __future__ import annotations

import errno
import ipaddress
import sys
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LOOPBACK = "127.0.0.1"
IDLE = 10.0  # seconds a connection may idle or dawdle over a request
THREADS = 32  # connections served at once


class ServeError(Exception):
    """The server cannot bind its address; the message says why and what to do."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1 or ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves files inside the site folder, and 404 for everything else."""

    def __init__(self, *args, directory: str, idle: float = IDLE, **kwargs) -> None:
        self.timeout = idle  # read by setup(), which the base class's __init__ calls
        super().__init__(*args, directory=directory, **kwargs)

    def send_head(self):
        root = Path(self.directory).resolve()
        try:
            target = Path(self.translate_path(self.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            inside = (target == root or root in target.parents) and target.is_file()
        except ValueError:  # a NUL byte: no file has such a name
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad path")
            return None
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG, "Path too long")
            else:
                self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return None
        if not inside:
            self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return None
        return super().send_head()

    def list_directory(self, path):
        self.send_error(HTTPStatus.NOT_FOUND, "Not found")
        return None

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        if self.server.log:
            super().log_message(format, *args)


class SiteServer(ThreadingHTTPServer):
    """A threading HTTP server with at most :data:`THREADS` connections at a time, that
    can keep its request log quiet (for tests)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler, log: bool) -> None:
        super().__init__(address, handler)
        self.log = log
        self.slots = threading.BoundedSemaphore(THREADS)

    def process_request(self, request, client_address) -> None:
        self.slots.acquire()  # the next connection waits in the listen queue
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:
        """A client that hung up or stalled is one line in the log, not a traceback."""
        exc = sys.exc_info()[1]
        if self.log:
            what = (f"connection closed ({exc.__class__.__name__})"
                    if isinstance(exc, (ConnectionError, TimeoutError)) else f"error: {exc!r}")
            print(f"{client_address[0]} - {what}", file=sys.stderr)


def make_server(site: Path | str, host: str = LOOPBACK, port: int = 8000,
                log: bool = True, idle: float = IDLE) -> SiteServer:
    """An HTTP server for the site folder (not yet serving: call ``serve_forever``).
    ``port=0`` picks a free port; read it back from ``server.server_address``. A
    connection that sends nothing, or half a request, for ``idle`` seconds is closed.

    Raises FileNotFoundError when the folder has no ``index.html`` (build it first), and
    :class:`ServeError` when the address cannot be bound (the port is in use, the host is
    not this machine's).
    """
    folder = Path(site)
    if not (folder / "index.html").is_file():
        raise FileNotFoundError(f"no site at {folder}: run `foip-graph build` first "
                                "(it writes out/site)")
    handler = partial(SiteHandler, directory=str(folder.resolve()), idle=idle)
    try:
        return SiteServer((host, port), handler, log)
    except OSError as exc:
        raise ServeError(_unbindable(exc, host, port)) from None


def _unbindable(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (f"port {port} on {host} is in use (another server, or another `foip-graph "
                "serve`?); pick another with --port N, or --port 0 for any free port")
    if exc.errno == errno.EACCES:
        return f"port {port} needs more rights than this user has; pick one above 1023 with --port N"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine; bind to {LOOPBACK} (the default)"
    return f"cannot serve on {host} port {port}: {exc.strerror or exc}"
