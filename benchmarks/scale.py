"""Whole ``vzmap ingest`` runs against corpus size, beside geotext on the same texts, same run.

What issue 12 judges: a new process of ``vzmap ingest DIR --out FILE`` (reading the articles,
the gazetteer, geoparsing, dates, the places file and the kept articles: everything a user
waits for) against a new process running geotext (an offline regex baseline) over the same
files, best of ``--repeat`` runs each, interleaved so that both see the same machine load.
Corpora, written as ``.txt`` files into a temporary folder:

- ``seeds``: the two seed articles (``seeds/*.txt``);
- ``1x``: TR-News + GeoWebNews (318 articles, read from ``../shared/benchmarks/*/docs.jsonl``);
- ``4x``, ``16x``: the same texts copied 4 and 16 times under other ids (1,272 and 5,088).

For each: seconds (fresh: no places file yet; re-ingest: the same articles again into the file
just written), the ratio to geotext, documents/s, MB/s, MB/s per core used, and the peak
resident memory of the largest process (``wait4``). ``--crossover`` instead times the pipeline
alone (in this process, index open) with 1 and 2 worker processes on growing corpora: where
``--jobs 2`` starts to pay is :data:`vzmap.parallel.PARALLEL_FROM_CHARS`.

``--archive`` measures what ``docs/scale.md`` builds on, on synthetic archives of 10k-100k
articles made of the public texts (ids changed; the same places recur, so unique places are
fitted on the real prefixes instead): pipeline throughput and memory with ``--jobs``, then, from
the mentions of the real run copied, the one-file GeoJSON writer against per-document shards,
Parquet (when ``pyarrow`` is installed) and a places index, and grid clustering of places.

Usage: python benchmarks/scale.py [--sizes seeds,1x,4x] [--jobs 1,2] [--repeat 3]
       python benchmarks/scale.py --crossover
       python benchmarks/scale.py --archive [--pipeline-docs 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_CORPORA = ROOT.parent / "shared" / "benchmarks"
VZMAP = [sys.executable, "-m", "vzmap.cli"]
GEOTEXT = """\
import sys
from pathlib import Path
from geotext import GeoText
for p in sorted(Path(sys.argv[1]).glob('*.txt')):
    GeoText(p.read_text(encoding='utf-8'))
"""


def public_texts(corpora: Path) -> list[tuple[str, str]]:
    """``(id, text)`` of every TR-News and GeoWebNews article."""
    out = []
    for name in ("tr_news", "geowebnews"):
        with (corpora / name / "docs.jsonl").open(encoding="utf-8") as fh:
            out += [(f"{name}_{i:04d}", json.loads(line)["text"]) for i, line in enumerate(fh)]
    return out


def write_corpus(folder: Path, texts: list[tuple[str, str]], copies: int) -> Path:
    """``texts`` as ``.txt`` files in ``folder``, ``copies`` times under other ids."""
    folder.mkdir(parents=True)
    for copy in range(copies):
        for doc_id, text in texts:
            (folder / f"c{copy:02d}_{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder


def corpora_in(tmp: Path, sizes: list[str], corpora: Path) -> dict[str, Path]:
    out = {}
    texts = public_texts(corpora) if any(s != "seeds" for s in sizes) else []
    for size in sizes:
        if size == "seeds":
            out[size] = tmp / "seeds"
            shutil.copytree(ROOT / "seeds", out[size])
        else:
            out[size] = write_corpus(tmp / size, texts, int(size.rstrip("x")))
    return out


#: ``name -> (vzmap source tree to run instead of the installed one, its cache folder)``
TREES: dict[str, tuple[Path | None, Path | None]] = {}


def timed(cmd: list[str], tree: str | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB, largest process of the tree) of ``cmd``, run with the
    source tree and cache folder of ``TREES[tree]``."""
    src, cache = TREES.get(tree or "", (None, None))
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = str(src)
    if cache:
        env["VZMAP_CACHE_DIR"] = str(cache)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    if proc.stderr:
        proc.stderr.close()
    return seconds, usage.ru_maxrss / 1024


def measure(folder: Path, jobs: list[int], repeat: int, out_dir: Path) -> dict[str, list]:
    """Best-of-``repeat`` runs of geotext and of vzmap fresh and re-ingest for each ``jobs``
    (and of the ``before`` tree, without ``--jobs``)."""
    runs: dict[str, list] = {"geotext": []}
    variants: list[tuple[str, list[str], str | None]] = [
        (f"{j}", ["--jobs", str(j)], "after") for j in jobs]
    if "before" in TREES:
        variants.insert(0, ("before", [], "before"))
    for _ in range(repeat):
        runs["geotext"].append(timed([sys.executable, "-c", GEOTEXT, str(folder)]))
        for name, extra, tree in variants:
            out = out_dir / f"places-{name}.geojson"
            if out.exists():
                out.unlink()
            shutil.rmtree(out_dir / f"places-{name}.articles", ignore_errors=True)
            cmd = [*VZMAP, "ingest", str(folder), "--out", str(out), *extra]
            runs.setdefault(f"fresh {name}", []).append(timed(cmd, tree))
            runs.setdefault(f"again {name}", []).append(timed(cmd, tree))
    return runs


def report(size: str, folder: Path, runs: dict[str, list]) -> None:
    files = list(folder.glob("*.txt"))
    mb = sum(p.stat().st_size for p in files) / 1e6
    geotext = min(s for s, _ in runs["geotext"])
    print(f"\n{size}: {len(files)} articles, {mb:.2f} MB")
    print(f"  {'run':<10} {'best s':>7} {'x geotext':>9} {'docs/s':>7} {'MB/s':>6} "
          f"{'MB/s/core':>9} {'peak MiB':>8}")
    for name, samples in runs.items():
        best = min(s for s, _ in samples)
        peak = max(m for _, m in samples)
        cores = int(name.split()[-1]) if name.split()[-1].isdigit() else 1
        print(f"  {name:<10} {best:7.2f} {best / geotext:9.2f} {len(files) / best:7.0f} "
              f"{mb / best:6.2f} {mb / best / cores:9.2f} {peak:8.0f}")


def crossover(corpora: Path, repeat: int) -> None:
    """Pipeline seconds with 1 and 2 workers on the first N public articles."""
    from vzmap.parallel import geoparse_documents
    from vzmap.text.documents import Document

    docs = [Document(i, t) for i, t in public_texts(corpora)]
    geoparse_documents(docs[:5], [], jobs=1)  # warm the classifier, lingua, the store
    print(f"{'docs':>5} {'chars':>8} {'jobs 1 s':>8} {'jobs 2 s':>8} {'2 / 1':>6}")
    for n in (1, 2, 5, 10, 20, 40, 80, 160, 318):
        part = docs[:n]
        best = {}
        for jobs in (1, 2):
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                geoparse_documents(part, [], jobs=jobs)
                times.append(time.perf_counter() - t0)
            best[jobs] = min(times)
        chars = sum(len(d.text) for d in part)
        print(f"{n:5d} {chars:8d} {best[1]:8.3f} {best[2]:8.3f} {best[2] / best[1]:6.2f}",
              flush=True)


def _mb(n: int) -> str:
    return f"{n / 1e6:8.1f} MB"


def pipeline_figures(docs_n: int, corpora: Path, jobs: int) -> list[dict]:
    """Pipeline throughput on ``docs_n`` synthetic articles; returns the 1x mention records."""
    import resource

    from vzmap.parallel import geoparse_documents
    from vzmap.text.documents import Document

    texts = public_texts(corpora)
    real = [Document(i, t) for i, t in texts]
    records = [r for o in geoparse_documents(real, [], jobs=jobs) for r in o.records]
    copies = -(-docs_n // len(texts))
    docs = [Document(f"c{c:03d}_{i}", t) for c in range(copies) for i, t in texts][:docs_n]
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    t0 = time.perf_counter()
    outcomes = geoparse_documents(docs, [], jobs=jobs)
    seconds = time.perf_counter() - t0
    mentions = sum(len(o.records) for o in outcomes)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pipeline, --jobs {jobs}: {len(docs)} articles, {mb:.1f} MB, {mentions} mentions in "
          f"{seconds:.1f} s: {len(docs) / seconds:.0f} docs/s, {mb / seconds:.2f} MB/s, "
          f"{mb / seconds / jobs:.2f} MB/s per core; peak RSS parent {parent:.0f} MiB, "
          f"largest worker {workers:.0f} MiB")
    del outcomes
    return records


def unique_places(records: list[dict], docs: list[str]) -> None:
    """Unique places against articles on prefixes of the real corpus, and the fitted power."""
    import math

    by_doc: dict[str, set] = {}
    for r in records:
        by_doc.setdefault(r["doc"], set()).add(r["place"]["id"])
    points = []
    seen: set = set()
    for n, doc in enumerate(docs, 1):
        seen |= by_doc.get(doc, set())
        if n in (10, 20, 40, 80, 160, len(docs)):
            points.append((n, len(seen)))
    (n0, u0), (n1, u1) = points[1], points[-1]
    power = math.log(u1 / u0) / math.log(n1 / n0)
    print("unique places / articles (real prefixes): " +
          ", ".join(f"{u}/{n}" for n, u in points) +
          f"; u ~ n^{power:.2f}: extrapolated {u1 * (1e5 / n1) ** power:,.0f} at 100k, "
          f"{u1 * (1e6 / n1) ** power:,.0f} at 1M (the gazetteer caps it at its entries)")


def copied(records: list[dict], copies: int) -> list[dict]:
    return [dict(r, doc=f"c{c:03d}_{r['doc']}") for c in range(copies) for r in records]


def write_figures(records: list[dict], docs_1x: int, sizes: list[int], tmp: Path) -> None:
    """The one GeoJSON file against shards, Parquet and a places index, per archive size."""
    import resource

    from vzmap.places.contract import build_collection, dumps

    for n in sizes:
        rows = copied(records, -(-n // docs_1x)) if n > docs_1x else records
        line = f"{n:>7} articles, {len(rows):>8} mentions:"
        if n <= 30_000:
            t0 = time.perf_counter()
            text = dumps(build_collection(rows))
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            size = len(text.encode())
            line += (f" GeoJSON {_mb(size)} ({size / len(rows):.0f} B a mention) in "
                     f"{time.perf_counter() - t0:5.1f} s"
                     f" (peak RSS so far {peak:.0f} MiB);")
            del text
        t0 = time.perf_counter()
        size = shards(rows, tmp / f"shards-{n}")
        line += f" shards {_mb(size)} in {time.perf_counter() - t0:5.1f} s"
        line += f" (one article's mentions read in {shard_read(tmp / f'shards-{n}', rows):.0f} ms);"
        index = places_index(rows)
        line += f" places index {_mb(len(index))};"
        line += parquet(rows, tmp / f"mentions-{n}.parquet")
        print(line, flush=True)


#: Articles per shard file of mentions.
SHARD_DOCS = 1000


def shards(rows: list[dict], folder: Path) -> int:
    """Mentions as JSON lines, one line per article, ``SHARD_DOCS`` articles a file."""
    folder.mkdir(parents=True)
    by_doc: dict[str, list] = {}
    for r in rows:
        by_doc.setdefault(r["doc"], []).append(r)
    size = 0
    docs = sorted(by_doc)
    for k in range(0, len(docs), SHARD_DOCS):
        lines = [json.dumps({"doc": d, "mentions": by_doc[d]}, ensure_ascii=False)
                 for d in docs[k:k + SHARD_DOCS]]
        path = folder / f"{k // SHARD_DOCS:05d}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        size += path.stat().st_size
    return size


def shard_read(folder: Path, rows: list[dict]) -> float:
    """Milliseconds to find one article's mentions: its shard by the sorted ids, then its line."""
    docs = sorted({r["doc"] for r in rows})
    doc = docs[len(docs) // 2]
    t0 = time.perf_counter()
    path = folder / f"{docs.index(doc) // SHARD_DOCS:05d}.jsonl"
    with path.open(encoding="utf-8") as fh:
        prefix = json.dumps({"doc": doc})[:-1]
        next(json.loads(line) for line in fh if line.startswith(prefix))
    return (time.perf_counter() - t0) * 1000


def places_index(rows: list[dict]) -> bytes:
    """One row per place (what the browser loads first): id, name, point, mentions by type."""
    places: dict[str, dict] = {}
    for r in rows:
        place = r["place"]
        p = places.setdefault(place["id"], {
            "id": place["id"], "name": place["name"], "lon": place["lon"], "lat": place["lat"],
            "n": 0, "types": {}})
        p["n"] += 1
        p["types"][r["event_type"]] = p["types"].get(r["event_type"], 0) + 1
    return json.dumps(sorted(places.values(), key=lambda p: p["id"])).encode()


def parquet(rows: list[dict], path: Path) -> str:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return " Parquet: pyarrow not installed"
    cols = ("doc", "start", "end", "excerpt_start", "event_type", "confidence", "date")
    t0 = time.perf_counter()
    table = pa.table({"place": [r["place"]["id"] for r in rows],
                      **{c: [r.get(c) for r in rows] for c in cols}})
    pq.write_table(table, path, compression="zstd")
    wrote = time.perf_counter() - t0
    t0 = time.perf_counter()
    pq.read_table(path, filters=[("doc", "=", rows[len(rows) // 2]["doc"])])
    read = time.perf_counter() - t0
    size = path.stat().st_size
    return (f" Parquet (8 columns, zstd) {_mb(size)} ({size / len(rows):.0f} B a mention) in "
            f"{wrote:4.1f} s, one article's mentions read in {read * 1000:.0f} ms")


def clustering(counts: list[int]) -> None:
    """Grid clustering of the most populous gazetteer places at each zoom, in Python."""
    from vzmap.gazetteer.index import build

    gaz = build()
    rows = sorted(gaz._rows, key=lambda r: -r[8])  # population
    for n in counts:
        pts = [(r[3], r[4]) for r in rows[:n]]
        t0 = time.perf_counter()
        cells = 0
        for zoom in range(0, 11):
            size = 360 / (2 ** zoom) / 4  # a cell: a quarter of a 256-pixel tile
            grid: dict[tuple[int, int], int] = {}
            for lat, lon in pts:
                key = (int((lon + 180) // size), int((lat + 90) // size))
                grid[key] = grid.get(key, 0) + 1
            cells += len(grid)
        ms = (time.perf_counter() - t0) * 1000 / 11
        print(f"grid clustering of {n:,} places: {ms:.0f} ms per zoom level (zooms 0-10, "
              f"{cells:,} cells in all)")


def archive(corpora: Path, docs_n: int, jobs: int) -> None:
    records = pipeline_figures(docs_n, corpora, jobs)
    texts = public_texts(corpora)
    unique_places(records, [i for i, _ in texts])
    per_doc = len(records) / len(texts)
    print(f"{per_doc:.1f} mentions per article (real corpus)")
    with tempfile.TemporaryDirectory() as tmp:
        write_figures(records, len(texts), [len(texts), 10_000, 30_000, 100_000], Path(tmp))
    clustering([10_000, 100_000])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--sizes", default="seeds,1x,4x", help="of seeds,1x,4x,16x (seeds,1x,4x)")
    ap.add_argument("--jobs", default="1,2", help="--jobs values to run vzmap with (1,2)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--crossover", action="store_true", help="where --jobs 2 starts to pay")
    ap.add_argument("--before", type=Path, default=None,
                    help="also run this vzmap source tree (its src/ folder), e.g. a checkout of "
                         "an earlier commit, without --jobs, with a cache folder of its own")
    ap.add_argument("--src", type=Path, default=None,
                    help="run this vzmap source tree (its src/ folder), not the installed one")
    ap.add_argument("--archive", action="store_true", help="the figures of docs/scale.md")
    ap.add_argument("--pipeline-docs", type=int, default=10_000,
                    help="articles in the --archive pipeline run (10000)")
    args = ap.parse_args(argv)
    if args.archive:
        archive(args.corpora, args.pipeline_docs, max(int(j) for j in args.jobs.split(",")))
        return 0
    if args.crossover:
        crossover(args.corpora, args.repeat)
        return 0
    sizes = args.sizes.split(",")
    jobs = [int(j) for j in args.jobs.split(",")]
    from vzmap.gazetteer.cache import cache_dir

    TREES["after"] = (args.src, None)
    if args.before:
        TREES["before"] = (args.before, cache_dir() / "before")
    build = "from vzmap.gazetteer.index import load_gazetteer; load_gazetteer()"
    for tree in TREES:
        timed([sys.executable, "-c", build], tree)  # the index, built once
    print(f"cores: {os.cpu_count()}; best of {args.repeat}, geotext and vzmap interleaved; "
          "peak MiB: largest process")
    with tempfile.TemporaryDirectory() as tmp:
        folders = corpora_in(Path(tmp), sizes, args.corpora)
        for size, folder in folders.items():
            out_dir = Path(tmp) / f"out-{size}"
            out_dir.mkdir()
            report(size, folder, measure(folder, jobs, args.repeat, out_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
