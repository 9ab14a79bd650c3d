"""``foip-graph serve``: the built site over HTTP, on this machine only by default.

A thin layer over :mod:`http.server`: files under the site folder are served, and
anything else (a path that climbs out with ``..``, a symbolic link that points outside,
a folder without an ``index.html``) answers 404. Binding to another address than the
loopback is possible, but the command warns: the site would be visible to the network.

>>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
(True, True, False)
"""

from __future__ import annotations

import ipaddress
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LOOPBACK = "127.0.0.1"


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

    def __init__(self, *args, directory: str, **kwargs) -> None:
        super().__init__(*args, directory=directory, **kwargs)

    def send_head(self):
        root = Path(self.directory).resolve()
        target = Path(self.translate_path(self.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not (target == root or root in target.parents) or not target.is_file():
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
    """A threading HTTP server that can keep its request log quiet (for tests)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler, log: bool) -> None:
        super().__init__(address, handler)
        self.log = log


def make_server(site: Path | str, host: str = LOOPBACK, port: int = 8000,
                log: bool = True) -> SiteServer:
    """An HTTP server for the site folder (not yet serving: call ``serve_forever``).
    ``port=0`` picks a free port; read it back from ``server.server_address``.

    Raises FileNotFoundError when the folder has no ``index.html`` (build it first).
    """
    folder = Path(site)
    if not (folder / "index.html").is_file():
        raise FileNotFoundError(f"no site at {folder}: run `foip-graph build` first "
                                "(it writes out/site)")
    return SiteServer((host, port), partial(SiteHandler, directory=str(folder.resolve())), log)
