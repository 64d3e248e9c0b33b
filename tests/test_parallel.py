"""Sharing out the geoparsing (``vzmap.parallel``) and the lazy gazetteer store: worker
processes and a Dask cluster write the same bytes as one process; progress adds up; a failing
article is still reported and skipped; the store answers as the whole index does."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from vzmap import parallel
from vzmap.errors import VzmapError
from vzmap.gazetteer.entries import Entry, Gazetteer, entry_row
from vzmap.gazetteer.store import FORMAT, StoreGazetteer, open_store, write_store
from vzmap.ingest import ingest, ingest_documents, read_documents
from vzmap.text.documents import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FORKED = parallel.START_METHOD == "fork"

ARTICLES = {
    "caracas.txt": "Protesters were detained in Caracas on 3 March 2024, witnesses said.\n",
    "border.txt": "Migrants crossed from Cúcuta into San Antonio del Táchira on Monday. "
                  "Colombia reopened the bridge.\n",
    "es.txt": "La policía detuvo a 12 manifestantes en Maracaibo, estado Zulia, el martes. "
              "Los detenidos fueron trasladados a Caracas.\n",
    "helicoide.txt": "Relatives waited outside El Helicoide in Caracas for news.\n",
    "note.md": "---\ntitle: Tocorón\ndate: 2023-09-20\n---\nSoldiers took Tocorón prison in "
               "Aragua; inmates were moved to Tocuyito.\n",
}
HELICOIDE = {
    "type": "Feature", "id": "user:el-helicoide",
    "geometry": {"type": "Point", "coordinates": [-66.9054, 10.4864]},
    "properties": {"name": "El Helicoide", "kind": "site", "country": "VE",
                   "aliases": ["Helicoide"], "mentions": []},
}


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _with_hand_place(path: Path) -> None:
    """A places file holding only a hand-made place (with an alias) for the articles to find."""
    fc = {"type": "FeatureCollection", "features": [HELICOIDE]}
    path.write_text(json.dumps(fc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _ingested(docs: Path, out: Path, **how) -> bytes:
    _with_hand_place(out)
    report = ingest([docs], out, **how)
    assert report.documents and not report.skipped, report.skipped
    return out.read_bytes()


def _articles(out: Path) -> dict[str, bytes]:
    folder = out.with_suffix(".articles")
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_worker_processes_write_the_same_bytes_as_one(docs, tmp_path):
    one, two = tmp_path / "one" / "p.geojson", tmp_path / "two" / "p.geojson"
    one.parent.mkdir()
    two.parent.mkdir()
    assert _ingested(docs, two, jobs=2) == _ingested(docs, one, jobs=1)
    assert _articles(one) == _articles(two)
    assert "user:el-helicoide" in {m["place"] for m in _mentions(one)}


def _mentions(out: Path) -> list[dict]:
    fc = json.loads(out.read_text(encoding="utf-8"))
    return [dict(m, place=f["id"]) for f in fc["features"] for m in f["properties"]["mentions"]]


def test_progress_adds_up_to_the_characters_geoparsed(docs):
    articles = read_documents([docs], [])
    total = sum(len(d.text) for d in articles)
    for jobs in (1, 2):
        seen: list[int] = []
        outcomes = parallel.geoparse_documents(articles, [], seen.append, jobs=jobs)
        assert len(outcomes) == len(articles)
        assert sum(seen) == total and all(n > 0 for n in seen)


@pytest.mark.skipif(not FORKED, reason="the failure is planted in this process; workers "
                    "inherit it only when forked (Linux)")
def test_a_failing_article_is_reported_and_skipped_in_a_worker(docs, tmp_path, monkeypatch):
    real = parallel.geoparse

    def failing(text, *args, **kwargs):
        if "Cúcuta" in text:
            raise RuntimeError("planted")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(parallel, "geoparse", failing)
    reports = [ingest_documents(read_documents([docs], []), tmp_path / f"p{j}.geojson",
                                jobs=j) for j in (1, 2)]
    for report in reports:
        assert len(report.skipped) == 1 and "border.txt: could not be geoparsed" in \
            report.skipped[0] and "RuntimeError: planted" in report.skipped[0]
        assert "border" not in report.documents and len(report.documents) == 6
    assert (tmp_path / "p1.geojson").read_bytes() == (tmp_path / "p2.geojson").read_bytes()


def test_how_many_jobs_by_default():
    small = [Document("a", "Caracas. " * 10)]
    assert parallel.default_jobs(small) == 1
    big = [Document(f"d{i}", "x" * parallel.PARALLEL_FROM_CHARS) for i in range(64)]
    assert parallel.default_jobs(big) == parallel.cpu_count()
    assert parallel.default_jobs(big[:1]) == 1


def test_batches_keep_the_order_and_every_article():
    docs = [Document(f"d{i}", "x" * (1 + i % 7) * 100) for i in range(50)]
    parts = parallel.batches(docs, 8)
    assert [d for part in parts for d in part] == docs
    assert 6 <= len(parts) <= 10


# --- the store


def _tiny() -> Gazetteer:
    entries = [
        Entry("geonames:1", "Caracas", "city", 10.5, -66.9, "VE", population=3_000_000),
        Entry("geonames:2", "Venezuela", "country", 8.0, -66.0, "VE"),
        Entry("geonames:3", "Caracas", "city", 9.0, -70.0, "CO", population=500),
    ]
    names = {"caracas": (1, 3), "venezuela": (2,), "bolivarian republic": (-2,)}
    return Gazetteer([entry_row(e) for e in entries], names, {"venezuelan": 1},
                     frozenset({"may"}), "v1")


def test_the_store_answers_as_the_whole_index(tmp_path):
    whole = _tiny()
    path = tmp_path / "g.sqlite"
    write_store(path, whole)
    store = open_store(path)
    assert isinstance(store, StoreGazetteer) and len(store) == len(whole) == 3
    assert store.version == "v1" and store.common == whole.common
    for key in ("caracas", "venezuela", "bolivarian republic", "nowhere"):
        assert store.candidates(key) == whole.candidates(key)
        assert (key in store.names) == (key in whole.names)
    assert store.lookup("CARACAS") == whole.lookup("Caracas")
    assert store.demonym("venezuelan") == whole.demonym("venezuelan")
    assert store.get("geonames:3") == whole.get("geonames:3") and store.get("x") is None
    assert dict(store.names) == whole.names


def test_hand_made_entries_lie_over_the_store_as_over_the_index(tmp_path):
    whole = _tiny()
    write_store(tmp_path / "g.sqlite", whole)
    store = open_store(tmp_path / "g.sqlite")
    assert store is not None
    user = [
        {"id": "user:office", "name": "Our Office", "aliases": ["Caracas"], "lat": 1, "lon": 2},
        {"id": "geonames:2", "name": "Venezuela", "aliases": ["Tierra de Gracia"],
         "lat": 0, "lon": 0, "names_only": True},
        {"id": "geonames:3", "name": "Caracas", "lat": 5, "lon": 6, "kind": "site"},
        {"id": "user:broken", "name": "x"},
    ]
    a, b = whole.with_user_entries(user), store.with_user_entries(user)
    assert len(a) == len(b) == 4 and b.version == a.version == "v1+user"
    for key in ("caracas", "our office", "tierra de gracia", "venezuela"):
        assert b.candidates(key) == a.candidates(key), key
    for entry_id in ("user:office", "geonames:2", "geonames:3", "user:broken"):
        assert b.get(entry_id) == a.get(entry_id), entry_id
    assert store.candidates("caracas") == whole.candidates("caracas")  # the store is unchanged


def test_an_unusable_store_is_none(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database")
    assert open_store(junk) is None
    assert open_store(tmp_path / "missing.sqlite") is None
    import sqlite3

    other = tmp_path / "other.sqlite"
    write_store(other, _tiny())
    with sqlite3.connect(other) as con:
        con.execute("UPDATE meta SET value = ? WHERE key = 'format'", (FORMAT + "x",))
    assert open_store(other) is None


# --- Dask


def test_a_missing_dask_extra_names_the_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(VzmapError, match=r"pip install 'vzmap\[dask\]'"):
        parallel.geoparse_documents([Document("a", "Caracas.")], [],
                                    scheduler="tcp://127.0.0.1:1")


def test_a_dask_cluster_writes_the_same_bytes_as_one_process(docs, tmp_path):
    distributed = pytest.importorskip(
        "distributed", reason="Dask is an optional extra: pip install 'vzmap[dask]'")
    plain = _ingested(docs, tmp_path / "plain.geojson")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        seen: list[int] = []
        out = tmp_path / "dask.geojson"
        _with_hand_place(out)
        report = ingest_documents(read_documents([docs], []), out, progress=seen.append,
                                  scheduler=cluster.scheduler_address)
    assert not report.skipped and out.read_bytes() == plain
    assert sum(seen) == sum(len(d.text) for d in read_documents([docs], []))
