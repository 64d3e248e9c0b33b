"""Fresh ingest against re-ingest into its own file, for 1x and 4x the public news corpora.

The articles of TR-News and GeoWebNews (``../shared/benchmarks/*/docs.jsonl``, 318 in all) are
written to a temporary folder as ``.txt`` files, ``--copies`` times each (``c<k>_<corpus>_<id>``:
4 copies are 1,272 articles). For each size, ``vzmap ingest DIR --out places.geojson`` runs as a
new process into an empty folder (fresh) and then again into the file it wrote (re-ingest: the
three-way merge of every document). Prints CPU seconds (user + system of the process, the figure
to compare on a shared machine) and wall seconds, best of ``--repeat`` runs, and the ratio
re-ingest / fresh. ``--keep DIR`` copies each output (places file and merge base) there, to
compare the bytes written by two versions of vzmap (run once with ``PYTHONPATH=<other src>``).

    .venv/bin/python benchmarks/reingest.py [--copies 1 4] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "benchmarks"
NAMES = ("tr_news", "geowebnews")


def write_articles(folder: Path, corpora: Path, copies: int) -> int:
    """The corpora's articles as ``.txt`` files in ``folder``, ``copies`` times; how many."""
    folder.mkdir(parents=True)
    n = 0
    for name in NAMES:
        with (corpora / name / "docs.jsonl").open(encoding="utf-8") as fh:
            docs = [json.loads(line) for line in fh if line.strip()]
        for k in range(1, copies + 1):
            for doc in docs:
                (folder / f"c{k}_{name}_{doc['id']}.txt").write_text(doc["text"], encoding="utf-8")
                n += 1
    return n


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_ingest(articles: Path, out: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one ``vzmap ingest`` process."""
    cmd = [sys.executable, "-m", "vzmap.cli", "ingest", str(articles), "--out", str(out)]
    cpu0, t0 = _children_cpu(), time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return cpu, wall


def _keep(out: Path, keep: Path | None, label: str) -> None:
    if keep is None:
        return
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(out, keep / f"{label}.geojson")
    shutil.copyfile(out.with_name(f".{out.name}.base"), keep / f"{label}.base")


def measure(articles: Path, work: Path, repeat: int, keep: Path | None,
            label: str) -> dict[str, tuple[float, float]]:
    """Best (CPU, wall) of fresh and of re-ingest over ``repeat`` rounds."""
    best: dict[str, tuple[float, float]] = {}
    for r in range(repeat):
        folder = work / f"{label}-run{r}"
        folder.mkdir()
        out = folder / "places.geojson"
        for kind in ("fresh", "reingest"):
            cpu, wall = run_ingest(articles, out)
            if kind not in best or cpu < best[kind][0]:
                best[kind] = (cpu, wall)
            if r == 0:
                _keep(out, keep, f"{label}-{kind}")
        shutil.rmtree(folder)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", type=Path, default=None,
                    help="copy each output (file and base) here, for byte comparisons")
    args = ap.parse_args(argv)
    print(f"vzmap from {os.environ.get('PYTHONPATH') or ROOT / 'src'}; best of {args.repeat}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for copies in args.copies:
            articles = work / f"articles-{copies}x"
            n = write_articles(articles, args.corpora, copies)
            best = measure(articles, work, args.repeat, args.keep, f"{copies}x")
            (fc, fw), (rc, rw) = best["fresh"], best["reingest"]
            print(f"{copies}x ({n} articles): fresh {fc:6.2f} s CPU ({fw:6.2f} s wall) | "
                  f"re-ingest {rc:6.2f} s CPU ({rw:6.2f} s wall) | ratio re-ingest/fresh "
                  f"{rc / fc:.2f} CPU, {rw / fw:.2f} wall")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
