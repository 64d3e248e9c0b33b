"""Geoparsing a job's articles: one after another, in worker processes, or on a Dask cluster.

The pipeline is a pure function of an article, the gazetteer's data and the places file's
hand-made entries, so each way runs the same :func:`geoparse_document` on each article and
gives the same :class:`Outcome` list, in the articles' order; the ingest job merges it. Workers
(processes here, or Dask workers on other machines) open the gazetteer store of their own cache
(:mod:`vzmap.gazetteer.store`, milliseconds) after checking that its data version is the
client's; what travels is the articles, the hand-made entries and that version.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue as queues
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from .errors import VzmapError
from .gazetteer.index import Gazetteer, cache_key, load_gazetteer
from .geoparse.pipeline import Mention, geoparse, mention_record
from .text.dates import DatedText
from .text.documents import Document
from .text.language import article_language

#: ``progress(chars)``: called with the number of characters geoparsed since the last call.
Progress = Callable[[int], object]

#: Below this many characters in all, ``jobs=None`` geoparses in this process: starting workers
#: costs more than it saves (``benchmarks/scale.py --crossover``: two workers pay from about
#: 25,000-40,000 characters in a warm process; a new ``vzmap ingest`` of 58 KB took 0.70 s
#: with two and 0.74 s with one, 111 KB 0.81 s against 0.94 s).
PARALLEL_FROM_CHARS = 60_000
#: Batches per worker: enough to even out long and short articles, few enough to cost nothing.
BATCHES_PER_WORKER = 8
#: A worker reports progress each time it has geoparsed this many more characters.
PROGRESS_STEP = 16_384
#: How a local worker process starts: forked on Linux (it inherits the loaded modules), else
#: spawned (macOS and Windows, where forking a process with threads is not safe).
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"


@dataclass
class Outcome:
    """What geoparsing one article gave: its place mentions, notes, or why it was skipped."""

    records: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class _Batch:
    """The outcomes of a batch of articles and the characters its progress counted."""

    outcomes: list[Outcome]
    reported: int


@dataclass
class ReadArticle:
    """An article geoparsed as ingest reads it: its language (and a note when vzmap has no
    rules for it) and every mention with its ``(date, date_source)``."""

    lang: str
    note: str | None
    mentions: list[tuple[Mention, str | None, str | None]]


def read_article(doc: Document, gaz: Gazetteer,
                 progress: Callable[[int, int], None] | None = None) -> ReadArticle:
    """Geoparse ``doc`` in its language and date each mention (:mod:`vzmap.text.dates`)."""
    lang, note = article_language(doc.text, doc.meta)
    found = geoparse(doc.text, gaz, lang=lang, progress=progress)
    dated = DatedText(doc.text, lang, doc.meta.get("date"))
    return ReadArticle(lang, note, [
        (m, *dated.mention_date((m.excerpt_start, m.excerpt_end), (m.start, m.end)))
        for m in found
    ])


def _geoparse_one(doc: Document, gaz: Gazetteer, progress: Progress | None,
                  notes: list[str]) -> list[dict]:
    """The place mentions of ``doc`` in the places-file form, dated."""
    done = 0

    def advance(chars: int, _total: int) -> None:
        nonlocal done
        if progress is not None and chars > done:
            progress(chars - done)
            done = chars

    read = read_article(doc, gaz, advance)
    advance(len(doc.text), len(doc.text))
    if read.note:
        notes.append(f"{doc.path or doc.id}: {read.note}")
    records = []
    for m, date, source in read.mentions:
        if m.role == "place":
            records.append({**mention_record(doc.id, doc.text, m), "date": date,
                            "date_source": source})
    return records


def geoparse_document(doc: Document, gaz: Gazetteer, progress: Progress | None) -> Outcome:
    """The outcome of one article; its failure is caught and told, never raised."""
    outcome = Outcome()
    try:
        outcome.records = _geoparse_one(doc, gaz, progress, outcome.notes)
    except Exception as exc:  # one article's failure costs only that article
        where = doc.path or doc.id
        outcome.error = (f"{where}: could not be geoparsed ({type(exc).__name__}: {exc}); "
                         "skipped, the other articles are ingested")
    return outcome


def cpu_count() -> int:
    """The cores this process may use."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counted is not None:
        return counted() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def default_jobs(docs: Sequence[Document]) -> int:
    """Worker processes for ``docs`` when none are asked for: one per core from
    :data:`PARALLEL_FROM_CHARS` on, never more than there are articles."""
    if sum(len(d.text) for d in docs) < PARALLEL_FROM_CHARS:
        return 1
    return max(1, min(cpu_count(), len(docs)))


def batches(docs: Sequence[Document], count: int) -> list[list[Document]]:
    """``docs`` cut in order into about ``count`` runs of about equal length in characters."""
    total = sum(len(d.text) for d in docs)
    size = max(1, total // max(1, count))
    out: list[list[Document]] = []
    current: list[Document] = []
    chars = 0
    for doc in docs:
        current.append(doc)
        chars += len(doc.text)
        if chars >= size:
            out.append(current)
            current, chars = [], 0
    if current:
        out.append(current)
    return out


def geoparse_documents(docs: Sequence[Document], user_entries: list[dict],
                       progress: Progress | None = None, *, jobs: int | None = 1,
                       scheduler: str | None = None) -> list[Outcome]:
    """The outcome of each of ``docs``, in order: here (``jobs=1``), in ``jobs`` worker
    processes (``None``: :func:`default_jobs`), or on the Dask scheduler at ``scheduler``."""
    if scheduler:
        return _on_cluster(docs, user_entries, scheduler, progress)
    jobs = default_jobs(docs) if jobs is None else max(1, min(jobs, len(docs)))
    if jobs == 1:
        gaz = load_gazetteer().with_user_entries(user_entries)
        return [geoparse_document(doc, gaz, progress) for doc in docs]
    return _in_processes(docs, user_entries, jobs, progress)


# --- worker processes on this machine

_WORKER: dict[str, Any] = {}


def _worker_gazetteer(user_entries: list[dict], version: str) -> Gazetteer:
    """The gazetteer of this worker with ``user_entries``, kept while they stay the same;
    :class:`VzmapError` if its data is not of the client's ``version``."""
    signature = (version, json.dumps(user_entries, sort_keys=True, default=str))
    if _WORKER.get("signature") != signature:
        gaz = load_gazetteer()  # a forked worker has it already, open
        if gaz.version != version:
            raise VzmapError(
                f"this worker's gazetteer data is version {gaz.version}, the job's {version}: "
                "install the same vzmap and data packages on every worker")
        _WORKER["gaz"] = gaz.with_user_entries(user_entries)
        _WORKER["signature"] = signature
    return _WORKER["gaz"]


def _start_worker(user_entries: list[dict], version: str, progress: Any) -> None:
    _WORKER["progress"] = progress
    _worker_gazetteer(user_entries, version)


class _Relay:
    """A worker's progress: counted, and sent to the parent in steps of ``PROGRESS_STEP``."""

    def __init__(self, sink: Any, batch: int):
        self.sink, self.batch = sink, batch
        self.reported = self.pending = 0

    def __call__(self, chars: int) -> None:
        self.reported += chars
        self.pending += chars
        if self.sink is not None and self.pending >= PROGRESS_STEP:
            self.sink.put((self.batch, self.pending))
            self.pending = 0


def _run_batch(number: int, docs: list[Document]) -> _Batch:
    relay = _Relay(_WORKER.get("progress"), number)
    gaz = _WORKER["gaz"]
    outcomes = [geoparse_document(doc, gaz, relay) for doc in docs]
    return _Batch(outcomes, relay.reported)


def _in_processes(docs: Sequence[Document], user_entries: list[dict], jobs: int,
                  progress: Progress | None) -> list[Outcome]:
    version = load_gazetteer().version  # built here if need be, not in each worker
    context = multiprocessing.get_context(START_METHOD)
    sink = context.Queue() if progress is not None else None
    parts = batches(docs, jobs * BATCHES_PER_WORKER)
    try:
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                                 initargs=(user_entries, version, sink)) as pool:
            futures = [pool.submit(_run_batch, n, part) for n, part in enumerate(parts)]
            _follow(futures, sink, progress)
            return [o for f in futures for o in f.result().outcomes]
    except BrokenProcessPool as exc:
        raise VzmapError(f"a worker process died ({exc}); try again with --jobs 1, or fewer "
                         "jobs if the machine is short of memory") from exc
    finally:
        if sink is not None:
            sink.close()


def _follow(futures: list[Future], sink: Any, progress: Progress | None) -> None:
    """Wait for ``futures``, passing on their progress: what the workers send as they go, and
    the rest of each batch's count when it is done (so the total is exactly the serial one)."""
    number = {f: n for n, f in enumerate(futures)}
    received = [0] * len(futures)
    finished: set[int] = set()
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
        while sink is not None and progress is not None:
            try:
                n, chars = sink.get_nowait()
            except queues.Empty:
                break
            if n not in finished:
                received[n] += chars
                progress(chars)
        for f in done:
            n = number[f]
            finished.add(n)
            rest = f.result().reported - received[n]
            if progress is not None and rest > 0:
                progress(rest)


# --- a Dask cluster

def _cluster_batch(docs: list[Document], user_entries: list[dict], version: str) -> _Batch:
    """Run on a Dask worker: geoparse ``docs`` with the worker's own gazetteer store."""
    gaz = _worker_gazetteer(user_entries, version)
    relay = _Relay(None, 0)
    return _Batch([geoparse_document(doc, gaz, relay) for doc in docs], relay.reported)


def _client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError as exc:
        raise VzmapError("--scheduler needs Dask's distributed scheduler, an optional extra: "
                         "pip install 'vzmap[dask]'") from exc
    try:
        return Client(address, timeout=15)
    except (OSError, TimeoutError, ValueError) as exc:
        raise VzmapError(f"cannot reach the Dask scheduler at {address} ({exc}); start one "
                         "with `dask scheduler` and workers with `dask worker ADDRESS`") from exc


def _on_cluster(docs: Sequence[Document], user_entries: list[dict], address: str,
                progress: Progress | None) -> list[Outcome]:
    version = cache_key()
    with _client(address) as client:
        from distributed import as_completed

        threads = sum(client.nthreads().values()) or 1
        parts = batches(docs, threads * BATCHES_PER_WORKER)
        futures = [client.submit(_cluster_batch, part, user_entries, version, pure=False)
                   for part in parts]
        for future in as_completed(futures):
            batch = future.result()
            if progress is not None and batch.reported:
                progress(batch.reported)
        return [o for f in futures for o in f.result().outcomes]
