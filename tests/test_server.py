"""`vzmap serve` as a real process: waitress, answers only for its own address (DNS rebinding),
clear errors for a taken port or a foreign address, clean stop on Ctrl+C. Plus the allow-list
rules and the Host check of the app factory."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import D0, SEEDS, dump_places

from vzmap.web.app import CSP, create_app
from vzmap.web.server import allowed_hosts, host_allowed, split_host

READY_TIMEOUT = 30.0


def vzmap_command() -> list[str]:
    """The installed ``vzmap`` script next to this interpreter, else ``python -m vzmap.cli``."""
    script = Path(sys.executable).with_name("vzmap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "vzmap.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str = "/", host: str | None = None) -> tuple[int, dict, bytes]:
    """GET ``path`` from 127.0.0.1:``port`` with the ``Host`` header ``host`` (default: right)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host or f"127.0.0.1:{port}")
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


class ServeProcess:
    """A ``vzmap serve`` subprocess on 127.0.0.1; output goes to files read on demand."""

    def __init__(self, workdir: Path, places: Path, docs: Path | None, *extra: str):
        self.port = free_port()
        self.out_path = workdir / f"serve-{self.port}.out"
        self.err_path = workdir / f"serve-{self.port}.err"
        docs_args = ["--docs", str(docs)] if docs is not None else []
        self.args = [*vzmap_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port),
                     "--places", str(places), *docs_args, *extra]
        with self.out_path.open("wb") as out, self.err_path.open("wb") as err:
            self.proc = subprocess.Popen(
                self.args, stdout=out, stderr=err, cwd=workdir,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                # a child of a background shell may inherit an ignored SIGINT: undo that
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            )

    def output(self) -> str:
        return (self.out_path.read_text(encoding="utf-8", errors="replace")
                + self.err_path.read_text(encoding="utf-8", errors="replace"))

    def wait_ready(self) -> None:
        """Poll until the server answers (bounded); fail with its output if it never does."""
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"vzmap serve exited with {self.proc.returncode}:\n{self.output()}")
            try:
                get(self.port, "/api/docs")
                return
            except OSError:
                time.sleep(0.05)
        pytest.fail(f"vzmap serve was not ready after {READY_TIMEOUT} s:\n{self.output()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, seed_places) -> Path:
    """A temporary copy of the seed articles and a places file built from them."""
    root = tmp_path_factory.mktemp("serve")
    shutil.copytree(SEEDS, root / "docs")
    (root / "places.geojson").write_text(dump_places(seed_places), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def start(workdir):
    """Start ``vzmap serve`` (extra CLI args allowed), ready; every one is stopped at the end."""
    procs: list[ServeProcess] = []

    def _start(*extra: str) -> ServeProcess:
        proc = ServeProcess(workdir, workdir / "places.geojson", workdir / "docs", *extra)
        procs.append(proc)
        proc.wait_ready()
        return proc

    yield _start
    for proc in procs:
        proc.stop()


@pytest.fixture(scope="module")
def server(start) -> ServeProcess:
    return start()


@pytest.fixture(scope="module")
def article_words(seed_docs) -> str:
    """A run of words from article D0 that any response leaking the article would contain."""
    return re.search(r"[A-Za-z][A-Za-z ]{30,}[A-Za-z]", seed_docs[D0].text).group(0)


def test_map_page_is_served_by_waitress(server):
    status, headers, body = get(server.port, "/")
    assert status == 200
    assert b"<html" in body
    assert "werkzeug" not in headers.get("server", "").lower()
    assert headers.get("server") == "waitress"
    assert headers["content-security-policy"] == CSP


def test_no_development_server_warning(server):
    get(server.port, "/")
    out = server.output()
    assert f"serving {server.args[-3]} at http://127.0.0.1:{server.port}/" in out
    assert "development server" not in out.lower()
    assert "Traceback" not in out


def test_the_article_is_readable_under_the_right_names(server, article_words):
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}",
                 f"LocalHost:{server.port}", f"[::1]:{server.port}"):
        status, _, body = get(server.port, f"/api/docs/{D0}", host=host)
        assert status == 200, host
        assert article_words in json.loads(body)["text"]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1",
                                  "localhost", "localhost.evil.example:{port}",
                                  "127.0.0.1:{port}@evil.example"])
def test_foreign_host_gets_421_and_no_article(server, article_words, host):
    host = host.format(port=server.port)
    for path in ("/", f"/api/docs/{D0}", f"/docs/{D0}", "/api/places", "/download"):
        status, headers, body = get(server.port, path, host=host)
        assert status == 421, (host, path)
        assert headers["content-type"].startswith("text/plain")
        assert headers["content-security-policy"] == CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert b"does not answer for" in body
        assert article_words.encode() not in body
        assert b"Caracas" not in body


def test_second_server_on_the_same_port_fails_clearly(server, workdir):
    args = [*vzmap_command(), "serve", "--port", str(server.port),
            "--places", str(workdir / "places.geojson"), "--docs", str(workdir / "docs")]
    result = subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=workdir)
    assert result.returncode == 1
    assert f"Error: port {server.port} is in use; try --port {server.port + 1}" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "serving" not in result.stdout
    assert get(server.port, "/api/docs")[0] == 200  # the first one still runs


def test_an_address_of_another_machine_fails_clearly(workdir):
    # 192.0.2.1 (TEST-NET-1) is never local: bind fails at once, nothing is sent anywhere.
    args = [*vzmap_command(), "serve", "--host", "192.0.2.1", "--port", str(free_port()),
            "--places", str(workdir / "places.geojson"), "--docs", str(workdir / "docs")]
    result = subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=workdir)
    assert result.returncode == 1
    assert "Error: cannot listen on 192.0.2.1: it is not an address of this machine" in (
        result.stderr)
    assert "Traceback" not in result.stdout + result.stderr


def test_allow_host_adds_a_name_and_ctrl_c_stops_cleanly(start):
    srv = start("--allow-host", "maps.example.org", "--allow-host", "proxy.local:8443")
    assert get(srv.port, "/api/docs", host="maps.example.org")[0] == 200
    assert get(srv.port, "/api/docs", host="proxy.local:8443")[0] == 200
    assert get(srv.port, "/api/docs", host="proxy.local:8444")[0] == 421
    assert get(srv.port, "/api/docs", host="evil.example")[0] == 421
    srv.proc.send_signal(signal.SIGINT)
    assert srv.proc.wait(15) == 0
    out = srv.output()
    assert "Traceback" not in out
    assert "KeyboardInterrupt" not in out
    assert "vzmap: stopped" in out


# ---- the rules, without a process ------------------------------------------------------------


def test_allowed_hosts_for_loopback_and_every_interface():
    assert allowed_hosts("127.0.0.1", 5000) == [
        "127.0.0.1:5000", "localhost:5000", "[::1]:5000"]
    assert allowed_hosts("::1", 8000) == ["[::1]:8000", "localhost:8000", "127.0.0.1:8000"]
    assert allowed_hosts("192.168.1.5", 80, ["maps.example.org"]) == [
        "192.168.1.5:80", "maps.example.org"]
    everywhere = allowed_hosts("0.0.0.0", 5000)
    assert f"{socket.gethostname().lower()}:5000" in everywhere
    assert "localhost:5000" in everywhere
    with pytest.raises(ValueError, match="not a host name"):
        allowed_hosts("127.0.0.1", 5000, ["http://maps.example.org/"])


@pytest.mark.parametrize(("host", "ok"), [
    ("127.0.0.1:5000", True), ("localhost:5000", True), ("[::1]:5000", True),
    ("LOCALHOST:5000", True), ("localhost:5001", False), ("localhost", False),
    ("evil.example:5000", False), ("", False), (None, False), ("127.0.0.1:5000:1", False),
    ("maps.example.org", True), ("maps.example.org:8443", True), ("maps.example.org.", False),
    ("[::1]", False), ("127.0.0.1 :5000", False),
])
def test_host_allowed(host, ok):
    allowed = ["127.0.0.1:5000", "localhost:5000", "[::1]:5000", "maps.example.org"]
    assert host_allowed(host, allowed) is ok


def test_every_interface_accepts_ip_literals_but_not_names():
    allowed = allowed_hosts("0.0.0.0", 5000)
    assert host_allowed("192.168.1.5:5000", allowed)
    assert host_allowed("[fe80::1]:5000", allowed)
    assert not host_allowed("192.168.1.5:5001", allowed)
    assert not host_allowed("rebind.evil.example:5000", allowed)


def test_split_host():
    assert split_host("Example.ORG:8080") == ("example.org", 8080)
    assert split_host("[::1]:80") == ("[::1]", 80)
    assert split_host("::1") == ("[::1]", None)
    for bad in ("a/b", "a:b", "[::1", "x:99999", "a b"):
        with pytest.raises(ValueError):
            split_host(bad)


def test_app_factory_checks_the_host_only_when_configured(places_file):
    config = {"TESTING": True, "PLACES_FILE": str(places_file), "DOCS_DIR": str(SEEDS)}
    open_client = create_app(config).test_client()
    assert open_client.get("/api/docs", headers={"Host": "evil.example"}).status_code == 200
    checked = create_app({**config, "ALLOWED_HOSTS": ["127.0.0.1:5000"]}).test_client()
    assert checked.get("/api/docs", headers={"Host": "127.0.0.1:5000"}).status_code == 200
    resp = checked.get(f"/api/docs/{D0}", headers={"Host": "evil.example"})
    assert resp.status_code == 421
    assert resp.mimetype == "text/plain"
    assert resp.headers["Content-Security-Policy"] == CSP
    assert resp.headers["Referrer-Policy"] == "no-referrer"


def test_proxy_headers_reach_the_app_so_the_review_queue_is_read_only(server):
    """waitress clears X-Forwarded-For/Forwarded by default; vzmap keeps them so that a page
    passed on by a reverse proxy (a visitor from another machine) gets no token."""
    for name, value in (("X-Forwarded-For", "203.0.113.9"), ("Forwarded", "for=203.0.113.9")):
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            conn.request("GET", "/review", headers={"Host": f"127.0.0.1:{server.port}",
                                                    name: value})
            resp = conn.getresponse()
            body = resp.read().decode("utf-8")
        finally:
            conn.close()
        assert resp.status == 200, name
        assert "vzmap-review-token" not in body and "not through a proxy" in body, name
    status, _, body = get(server.port, "/review")
    assert status == 200 and b"vzmap-review-token" in body


def test_template_syntax_in_a_place_name_reaches_the_page_as_written(tmp_path, seed_places):
    """The map's data goes into the page once rendered: braces in a name are not template code
    (branca used to compile the rendered script again, data included)."""
    data = json.loads(json.dumps(seed_places))
    data["features"][0]["properties"]["name"] = "{{ 7*7 }} {% raw %}{#x"
    path = tmp_path / "places.geojson"
    path.write_text(dump_places(data), encoding="utf-8")
    client = create_app({"PLACES_FILE": str(path), "DOCS_DIR": str(SEEDS)}).test_client()
    html = client.get("/").get_data(as_text=True)
    assert "vz-problems" not in html
    assert "{{ 7*7 }} {% raw %}{#x" in html.replace("\\u0026", "&")


def test_the_page_is_rendered_again_only_when_the_file_changes(tmp_path, seed_places):
    from conftest import write_places

    path = tmp_path / "places.geojson"
    path.write_text(dump_places(seed_places), encoding="utf-8")
    app = create_app({"PLACES_FILE": str(path), "DOCS_DIR": str(SEEDS)})
    client, source = app.test_client(), app.extensions["vzmap"]
    first = client.get("/").data
    assert source.places() is source.places()  # one snapshot while the file stays as it is
    assert client.get("/").data == first
    data = json.loads(json.dumps(seed_places))
    data["features"][0]["properties"]["name"] = "Renamed by hand"
    write_places(path, data)
    assert b"Renamed by hand" in client.get("/").data
    assert b"Renamed by hand" in client.get("/api/places").data
