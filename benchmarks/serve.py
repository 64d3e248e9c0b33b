"""From starting ``vzmap serve`` to its map page and first ``/api/places``: seeds vs 10,000 places.

Starts ``vzmap serve`` as a new process (``python -m vzmap.cli serve``) for (1) the seeds'
places file (``data/places.geojson`` with its articles) and (2) a synthetic, valid places file
of ``--places`` places over generated articles (the one of ``benchmarks/bench_map.py``), polls
until it answers, then times ``GET /`` and ``GET /api/places`` one after the other, as a browser
does. Prints the seconds from the start of the process to the page and to the places (best of
``--repeat`` starts) and the ratio big / seeds. Run it with ``PYTHONPATH=<other src>`` to time
another version of vzmap on the same files.

    .venv/bin/python benchmarks/serve.py [--repeat 3] [--places 10000]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench_map import synthetic

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 120) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.read()


def _wait_listening(port: int, proc: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"vzmap serve exited ({proc.returncode}): "
                             f"{proc.stderr.read() if proc.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.01)
    raise SystemExit("vzmap serve did not start listening")


def one_start(places: Path, docs: Path) -> tuple[float, float, int, int]:
    """(seconds to the page, seconds to /api/places, page bytes, places bytes) of one start."""
    port = _free_port()
    cmd = [sys.executable, "-m", "vzmap.cli", "serve", "--places", str(places),
           "--docs", str(docs), "--port", str(port), "--read-only"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_listening(port, proc, time.monotonic() + 120)
        page = _get(f"http://127.0.0.1:{port}/")
        t_page = time.perf_counter() - t0
        body = _get(f"http://127.0.0.1:{port}/api/places")
        t_api = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    if b'id="vz-problems"' in page:
        raise SystemExit(f"{places}: the page shows problems; the benchmark needs a valid file")
    return t_page, t_api, len(page), len(body)


def measure(places: Path, docs: Path, repeat: int) -> tuple[float, float, int, int]:
    runs = [one_start(places, docs) for _ in range(repeat)]
    best = min(runs, key=lambda r: r[1])
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--places", type=int, default=10_000)
    ap.add_argument("--seed-places", type=Path, default=ROOT / "data" / "places.geojson")
    args = ap.parse_args(argv)
    print(f"vzmap from {os.environ.get('PYTHONPATH') or ROOT / 'src'}; best of {args.repeat}")
    seed_docs = args.seed_places.with_name(args.seed_places.stem + ".articles")
    if not seed_docs.is_dir():
        seed_docs = ROOT / "seeds"
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        big, big_docs = synthetic(Path(tmp), args.places)
        for label, places, docs in (("seeds", args.seed_places, seed_docs),
                                    (f"{args.places} places", big, big_docs)):
            t_page, t_api, page_bytes, api_bytes = measure(places, docs, args.repeat)
            rows[label] = (t_page, t_api)
            print(f"{label:>14}: page {t_page:6.2f} s, /api/places {t_api:6.2f} s after start "
                  f"(page {page_bytes / 1e6:.2f} MB, places {api_bytes / 1e6:.2f} MB)")
    (sp, sa), (bp, ba) = rows.values()
    print(f"ratio {args.places} places / seeds: page {bp / sp:.2f}, /api/places {ba / sa:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
