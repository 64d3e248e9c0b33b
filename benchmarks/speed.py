"""Geoparsing speed over TR-News + GeoWebNews, and the cold start of ``vzmap ingest``.

Prints documents/s and MB/s for vzmap's full pipeline (recognition, resolution, excerpts, event
types) on one core, the same for geotext (an offline regex baseline) when it is installed, and the
wall time of a fresh ``vzmap ingest seeds/`` process (gazetteer index already cached). Whole
``vzmap ingest`` runs against geotext on 1x/4x/16x corpora, with ``--jobs``, fresh and re-ingest,
and the figures of ``docs/scale.md``: ``benchmarks/scale.py``.

Usage: python benchmarks/speed.py [--corpora DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPORA = ROOT.parent / "shared" / "benchmarks"


def load_texts(corpora: Path) -> list[str]:
    texts = []
    for name in ("tr_news", "geowebnews"):
        with (corpora / name / "docs.jsonl").open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh]
    return texts


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    texts = load_texts(args.corpora)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    from vzmap.gazetteer.index import load_gazetteer
    from vzmap.geoparse.pipeline import geoparse

    gaz = load_gazetteer()
    geoparse(texts[0], gaz)  # warm the classifier
    t = best_of(args.repeat, lambda: [geoparse(x, gaz) for x in texts])
    print(f"vzmap    {len(texts)} docs, {mb:.2f} MB in {t:.2f} s: "
          f"{len(texts) / t:.0f} docs/s, {mb / t:.2f} MB/s")
    # whole runs in a new process (loading data included), as a user would run them
    corpora = str(args.corpora)
    jobs = {
        "vzmap": "from vzmap.geoparse.pipeline import geoparse\n[geoparse(x) for x in texts]",
        "geotext": "from geotext import GeoText\n[GeoText(x) for x in texts]",
    }
    whole = {}
    for name, body in jobs.items():
        script = (
            "import json, sys\ntexts = []\n"
            "for n in ('tr_news', 'geowebnews'):\n"
            f"    texts += [json.loads(l)['text'] for l in open({corpora!r} + '/' + n + "
            "'/docs.jsonl', encoding='utf-8')]\n" + body + "\n"
        )
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
            runs.append(time.perf_counter() - t0)
            if proc.returncode:
                runs = None
                break
        whole[name] = min(runs) if runs else None
        shown = f"{whole[name]:.2f} s" if runs else "not installed (pip install geotext)"
        print(f"whole run, new process, {name:<8} {shown}")
    if whole.get("geotext"):
        print(f"vzmap/geotext whole-run time ratio {whole['vzmap'] / whole['geotext']:.2f}")

    vzmap = shutil.which("vzmap") or str(Path(sys.executable).with_name("vzmap"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "places.geojson"
        cmd = [vzmap, "ingest", str(ROOT / "seeds"), "--out", str(out)]
        subprocess.run(cmd, check=True, capture_output=True)  # builds the cache if needed
        times = []
        for _ in range(args.repeat):
            out.unlink(missing_ok=True)
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
    print(f"cold `vzmap ingest seeds/` (new process, cached index): best {min(times):.2f} s, "
          f"worst {max(times):.2f} s over {args.repeat} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
