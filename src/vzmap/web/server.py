"""Run the web app on a production WSGI server (waitress) that answers only for its own address.

A web page on another site can make the browser send requests to ``127.0.0.1`` under its own
name (DNS rebinding) and read the answers. Such requests carry the attacker's name in the
``Host`` header, so the app answers only the names in its ``ALLOWED_HOSTS`` config key
(:func:`host_allowed`); :func:`serve` fills that list for the address it listens on.

An entry of ``ALLOWED_HOSTS`` is ``NAME:PORT`` (exactly that port), ``NAME`` (any port) or
``<any-ip>:PORT`` (any IP literal at that port: an IP address cannot be rebound, so when
listening on every interface the machine's addresses work without listing them).
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import re
import signal
import socket
import threading
from collections.abc import Callable, Iterable, Iterator

from flask import Flask

from ..errors import VzmapError

ANY_IP = "<any-ip>"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
WILDCARDS = ("0.0.0.0", "::", "[::]", "*", "")
THREADS = 8
_NAME_RE = re.compile(r"[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?|\[[0-9a-f:.]+\]|" + re.escape(ANY_IP))


class ServeError(VzmapError, OSError):
    """The server cannot start: the port is taken, the address is not valid or not ours."""


def split_host(value: str) -> tuple[str, int | None]:
    """``(name, port)`` of a ``Host`` header or allow-list entry; ``ValueError`` if malformed.

    The name is lower case, IPv6 literals keep their brackets (a bare IPv6 address gets them),
    and ``port`` is ``None`` when not given.
    """
    text = value.strip().lower()
    if text.count(":") > 1 and not text.startswith("["):
        text = f"[{text}]"
    if text.startswith("["):
        end = text.find("]")
        name, rest = text[:end + 1], text[end + 1:]
        if end < 0 or (rest and not rest.startswith(":")):
            raise ValueError(f"{value!r} is not a host name")
        port_text = rest[1:]
    else:
        name, _, port_text = text.partition(":")
    if not _NAME_RE.fullmatch(name) or (port_text and not port_text.isdigit()):
        raise ValueError(f"{value!r} is not a host name")
    port = int(port_text) if port_text else None
    if port is not None and not 0 < port < 65536:
        raise ValueError(f"{value!r}: port {port} is out of range")
    return name, port


def _is_ip(name: str) -> bool:
    """True when ``name`` (as :func:`split_host` returns it) is an IPv4 or IPv6 literal."""
    try:
        ipaddress.ip_address(name[1:-1] if name.startswith("[") else name)
    except ValueError:
        return False
    return True


def _entries(allowed: Iterable[str] | str) -> Iterator[tuple[str, int | None]]:
    """The well-formed entries of an allow list (a list, or a comma-separated string)."""
    items = allowed.replace(",", " ").split() if isinstance(allowed, str) else allowed
    for item in items:
        with contextlib.suppress(ValueError, AttributeError):
            yield split_host(item)


def host_allowed(host: str | None, allowed: Iterable[str] | str) -> bool:
    """True when the ``Host`` header ``host`` names one of the ``allowed`` entries.

    A header without a port means port 80 (plain HTTP); an entry without a port matches any.
    """
    try:
        name, port = split_host(host or "")
    except ValueError:
        return False
    port = 80 if port is None else port
    for want_name, want_port in _entries(allowed):
        if want_port not in (None, port):
            continue
        if want_name == name or (want_name == ANY_IP and _is_ip(name)):
            return True
    return False


def _url_host(host: str) -> str:
    """``host`` as written in a URL: IPv6 literals in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and the loopback addresses (``127.0.0.0/8``, ``::1``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int, extra: Iterable[str] = ()) -> list[str]:
    """The ``Host`` values a server listening on ``host:port`` answers, plus ``extra`` names.

    Always the address itself; for loopback also ``localhost``, ``127.0.0.1`` and ``[::1]``;
    for every interface (``0.0.0.0``/``::``) also those, this machine's name and any IP
    literal. ``ValueError`` for an ``extra`` entry that is not a host name.
    """
    names: list[str] = []
    wildcard = host in WILDCARDS
    if not wildcard:
        names.append(_url_host(host.lower()))
    if wildcard or is_loopback(host):
        names.extend(LOOPBACK_NAMES)
    if wildcard:
        names.append(socket.gethostname().lower())
        names.append(ANY_IP)
    out = [f"{n}:{port}" for n in dict.fromkeys(names)]
    for entry in extra:
        split_host(entry)
        out.append(entry.strip().lower())
    return out


def display_url(host: str, port: int) -> str:
    """The URL to open for a server listening on ``host:port``."""
    shown = "127.0.0.1" if host in WILDCARDS else _url_host(host)
    return f"http://{shown}:{port}/"


def _listen(host: str, port: int) -> list[str]:
    """Waitress ``listen`` entries: ``::`` means IPv6 and IPv4, as it did before."""
    if host in ("::", "[::]"):
        return [f"[::]:{port}", f"0.0.0.0:{port}"]
    if host in ("*", ""):
        return [f"0.0.0.0:{port}"]
    return [f"{_url_host(host)}:{port}"]


def _bind_error(exc: OSError, host: str, port: int) -> ServeError:
    """A clear message for a failed ``bind``."""
    if exc.errno == errno.EADDRINUSE:
        other = port + 1 if port < 65535 else port - 1
        return ServeError(f"port {port} is in use; try --port {other}")
    if exc.errno == errno.EADDRNOTAVAIL:
        return ServeError(f"cannot listen on {host}: it is not an address of this machine")
    if exc.errno == errno.EACCES:
        return ServeError(f"cannot listen on port {port}: permission denied "
                          "(ports below 1024 need administrator rights)")
    return ServeError(f"cannot listen on {host} port {port}: {exc.strerror or exc}")


def open_server(app: Flask, host: str, port: int, allow_hosts: Iterable[str] = ()):
    """Bind a waitress server for ``app`` on ``host:port``; :class:`ServeError` if impossible.

    Sets ``app.config["ALLOWED_HOSTS"]`` to :func:`allowed_hosts` plus the names already
    configured there. Proxy headers (``X-Forwarded-For``, ``Forwarded``, ...) are passed on to
    the app, not cleared (waitress's default): the review queue refuses to write when it sees
    them (:func:`vzmap.web.review.write_refusal`). No proxy is trusted, so they change nothing
    else (the peer address stays the proxy's).
    """
    from waitress.server import create_server

    configured = app.config.get("ALLOWED_HOSTS") or []
    if isinstance(configured, str):
        configured = configured.replace(",", " ").split()
    try:
        app.config["ALLOWED_HOSTS"] = allowed_hosts(host, port, [*allow_hosts, *configured])
    except ValueError as exc:
        raise ServeError(f"--allow-host: {exc}") from None
    sockets: dict = {}
    try:
        return create_server(app, map=sockets, listen=" ".join(_listen(host, port)),
                             threads=THREADS, ident="waitress",
                             clear_untrusted_proxy_headers=False)
    except ValueError:
        raise ServeError(f"cannot listen on {host!r}: not a valid address or host name") from None
    except OSError as exc:
        for dispatcher in list(sockets.values()):
            with contextlib.suppress(OSError):
                dispatcher.close()
        raise _bind_error(exc, host, port) from None


@contextlib.contextmanager
def _sigterm_stops() -> Iterator[None]:
    """While inside, SIGTERM stops the server like Ctrl+C (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum, _frame):
        raise SystemExit(0)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve(app: Flask, host: str, port: int, allow_hosts: Iterable[str] = (),
          ready: Callable[[str], None] | None = None) -> None:
    """Serve ``app`` on ``host:port`` until Ctrl+C (or SIGTERM); then return.

    ``ready`` is called with the URL to open once the port is bound.
    """
    server = open_server(app, host, port, allow_hosts)
    if ready:
        ready(display_url(host, port))
    with _sigterm_stops():
        try:
            server.run()  # returns on KeyboardInterrupt/SystemExit
        finally:
            with contextlib.suppress(Exception):
                server.close()
