"""``foip-graph serve``: the site on 127.0.0.1, and nothing outside it."""

from __future__ import annotations

import http.client
import socket
import struct
import subprocess
import sys
import threading

import pytest
from typer.testing import CliRunner

from foip_graph import cli
from foip_graph.serve import ServeError, is_loopback, make_server
from foip_graph.site import build_site

from .conftest import MINI_CORPUS


@pytest.fixture(scope="module")
def mini_site(mini, tmp_path_factory):
    folder = tmp_path_factory.mktemp("served") / "site"
    build_site(mini, folder, corpus=MINI_CORPUS)
    (folder.parent / "secret.txt").write_text("outside the site", encoding="utf-8")
    (folder / "link.txt").symlink_to(folder.parent / "secret.txt")
    return folder


@pytest.fixture(scope="module")
def served(mini_site):
    server = make_server(mini_site, port=0, log=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[:2]
    server.shutdown()
    server.server_close()


def get(address, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(*address, timeout=5)
    connection.request("GET", path)  # sent as written: no client-side normalisation of ".."
    response = connection.getresponse()
    return response.status, response.read()


def test_serves_the_site_on_the_loopback_only_by_default(served):
    host, _ = served
    assert host == "127.0.0.1"
    status, body = get(served, "/")
    assert status == 200 and b"<h1>" in body
    assert get(served, "/entity/ruritania.html")[0] == 200
    assert get(served, "/assets/favicon.svg")[0] == 200


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/entity/../../secret.txt",
                                  "/link.txt", "/assets/", "/no-such-page.html", "//etc/passwd"])
def test_paths_outside_the_site_answer_404(served, path):
    status, body = get(served, path)
    assert status == 404
    assert b"outside the site" not in body


def test_a_missing_site_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="foip-graph build"):
        make_server(tmp_path / "nothing")


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.1.2.3", True), ("::1", True),
                                            ("localhost", True), ("0.0.0.0", False),
                                            ("192.168.1.10", False), ("example.org", False)])
def test_which_addresses_are_this_machine_only(host, loopback):
    assert is_loopback(host) is loopback


class _Stopped:
    """Stands in for the server: records how it was made and stops at once."""

    server_address = ("0.0.0.0", 8123)

    def serve_forever(self):
        raise KeyboardInterrupt

    def server_close(self):
        pass


def test_the_command_warns_when_the_site_is_visible_to_the_network(monkeypatch, mini_site):
    made = []
    monkeypatch.setattr(cli, "make_server", lambda *args: made.append(args) or _Stopped())
    result = CliRunner().invoke(cli.app, ["serve", "--site", str(mini_site), "--host", "0.0.0.0",
                                          "--port", "8123"])
    assert result.exit_code == 0
    assert made == [(mini_site, "0.0.0.0", 8123)]
    assert "warning: binding to 0.0.0.0" in result.output
    assert "serving" in result.output and "http://0.0.0.0:8123/" in result.output


def test_the_command_serves_until_stopped(mini_site):
    process = subprocess.Popen([sys.executable, "-c", "from foip_graph.cli import main; main()",
                                "serve", "--site", str(mini_site), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith(f"serving {mini_site} at http://127.0.0.1:")
        port = int(line.rsplit(":", 1)[1].split("/")[0])
        assert get(("127.0.0.1", port), "/index.html")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "warning" not in process.stderr.read()


def test_the_command_refuses_a_missing_site(tmp_path):
    result = CliRunner().invoke(cli.app, ["serve", "--site", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "run `foip-graph build` first" in result.output


# ---------------------------------------------------------------- under faults


@pytest.fixture
def quick(mini_site):
    """A served site that closes idle connections after half a second, logging to stderr."""
    server = make_server(mini_site, port=0, log=True, idle=0.5)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[:2]
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.mark.parametrize("path, status", [("/%00", 400), ("/entity/a%00b.html", 400),
                                          ("/" + "a" * 5000 + ".html", 414)])
def test_a_path_no_file_system_takes_answers_400_or_414(quick, capfd, path, status):
    assert get(quick, path)[0] == status
    assert get(quick, "/index.html")[0] == 200  # and the server carries on
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("sent", [b"", b"GET /index.html HTTP/1.1\r\nHost: x"])
def test_idle_and_half_sent_connections_are_closed(quick, capfd, sent):
    with socket.create_connection(quick, timeout=10) as client:
        client.sendall(sent)
        assert client.recv(1024) == b""  # the server hung up; without the limit: a timeout here
    assert get(quick, "/index.html")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_a_client_that_hangs_up_is_not_a_traceback(quick, capfd):
    for _ in range(5):
        with socket.create_connection(quick, timeout=10) as client:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.sendall(b"GET /assets/vis-network.min.js HTTP/1.1\r\nHost: x\r\n\r\n")
    assert get(quick, "/index.html")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_a_port_in_use_says_which_and_how_to_pick_another(mini_site):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(ServeError) as refused:
            make_server(mini_site, port=port)
        result = CliRunner().invoke(cli.app, ["serve", "--site", str(mini_site), "--port", str(port)])
    message = (f"port {port} on 127.0.0.1 is in use (another server, or another `foip-graph "
               "serve`?); pick another with --port N, or --port 0 for any free port")
    assert str(refused.value) == message
    assert (result.exit_code, result.stderr) == (1, f"error: {message}\n")
