"""Benchmark of vzmap.events: share of acceptable event types per file and language, confusions.

Usage:
    .venv/bin/python benchmarks/bench_events.py [FILE.jsonl ...] [--errors] [--taxonomy PATH]
        [--no-places] [--no-articles] [--even-errors] [--set NAME=VALUE]

EVERY FILE HERE IS DEVELOPMENT DATA. Each was looked at while the rules and the taxonomy were
tuned, so its figure is optimistic; only text nobody here has seen measures generalisation
(``events_blind/`` and the frozen ``newsroom_es`` holdouts, which this script never reads).

Each line of a file is {"text", "start", "end", "place", "lang", "label", "labels"?, ...}; the
mention is text[start:end]; ``labels`` (default ``[label]``) lists every acceptable type, the
first one being the gold type of the confusion matrix. The files, all hand-written:

- events_eval.jsonl (132 en + 20 es), events_seeds.jsonl (29 en, from the seed articles),
  events_holdout.jsonl (50 + 10), events_test.jsonl (50 + 10), events_test2.jsonl (40 + 10):
  written before successive rounds of rules and then used to tune them. Labelled before the
  migration type existed: ``migration`` was later ADDED (never replacing a label) to the 16
  lines that are plainly migration under the events_dev2 policy (deportations, crossings,
  migrants arrested, crimes against migrants, permits, walkers); newsroom_dev/gold.py likewise
  (``MG``, 37 entries).
- events_dev_migration.jsonl (73 en) and events_dev_es.jsonl (73 es): written and labelled
  (several types where a sentence fits more than one) before the classifier was run on them, for
  the rework of issue 10 (migration type, general vocabulary). First run, with the taxonomy as
  it was (no migration type): 50/73 = 68.5% (en) and 48/73 = 65.8% (es); then used for
  development like the others.

- events_dev2_en.jsonl and events_dev2_es.jsonl (160 + 160), written by someone who never saw
  the classifier (labelling policy: events_dev2_README.md). SPLIT for honest development: ids
  with an odd number (d2en-001, -003, ...) are the development half, ids with an even number the
  validation half. Each half is reported separately; ``--errors`` lists only the errors of the
  odd half unless ``--even-errors`` is given (look at those only at the very end).

Then, unless ``--no-articles``, the articles of ``newsroom_dev/`` (en) and ``newsroom_es/dev/``
(es) are geoparsed whole, with article-level context, and each found gold mention is checked
against its acceptable event types.

Each sentence is classified as the pipeline does it: with the facilities (prisons, ...) that the
gazetteer resolves among its places, found by geoparsing the sentence (outside the timing).
``--no-places`` classifies the words alone.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from pathlib import Path

from vzmap import settings
from vzmap.events.classify import Classifier, Facility
from vzmap.events.taxonomy import load_taxonomy
from vzmap.geoparse.pipeline import geoparse

HERE = Path(__file__).resolve().parent
DEFAULT_FILES = [
    HERE / name
    for name in ("events_eval.jsonl", "events_seeds.jsonl", "events_holdout.jsonl",
                 "events_test.jsonl", "events_test2.jsonl", "events_dev_migration.jsonl",
                 "events_dev_es.jsonl", "events_dev2_en.jsonl", "events_dev2_es.jsonl")
]
#: Development article sets only (never the frozen holdouts): folder, language.
ARTICLE_SETS = [(HERE / "newsroom_dev", "en"), (HERE / "newsroom_es" / "dev", "es")]


def load(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if "start" not in row:  # the place's first occurrence (events_dev2_*.jsonl)
                row["start"] = row["text"].index(row["place"])
                row["end"] = row["start"] + len(row["place"])
            row.setdefault("lang", "es" if path.stem.endswith("_es") else "en")
            selected = row["text"][row["start"] : row["end"]]
            if selected != row.get("place", selected):
                raise SystemExit(f"{path}:{n}: start/end do not select {row['place']!r}")
            row.setdefault("labels", [row.get("label")])
            row.setdefault("label", row["labels"][0])
            if path.name.startswith("events_dev2_"):
                row["half"] = "odd" if int(row["id"].rsplit("-", 1)[1]) % 2 else "even"
            rows.append(row)
    return rows


def facilities(row: dict) -> list[Facility]:
    """The facilities among the places the pipeline resolves in the sentence of ``row``."""
    mentions = geoparse(row["text"], lang=row.get("lang", "en"))
    return [(m.start, m.end, m.entry.facility) for m in mentions if m.entry.facility]


def confusion(gold: list[str], pred: list[str], title: str) -> None:
    """A confusion matrix: rows gold (first label), columns predicted."""
    types = sorted(set(gold) | set(pred))
    short = {t: t[:6] for t in types}
    counts = Counter(zip(gold, pred, strict=True))
    print(f"   confusion {title} (rows gold, columns predicted):")
    print("   " + " " * 20 + "".join(f"{short[t]:>7}" for t in types))
    for g in types:
        if g not in gold:
            continue
        cells = "".join(f"{counts[(g, p)] or '.':>7}" for p in types)
        print(f"   {g:<20}{cells}")


def halves(rows: list[dict], ok: list[bool]) -> None:
    """The acceptable share of each half (odd ids: development, even ids: validation)."""
    for half in ("odd", "even"):
        idx = [i for i, r in enumerate(rows) if r.get("half") == half]
        if idx:
            good = sum(ok[i] for i in idx)
            role = "development" if half == "odd" else "validation"
            print(f"   {half} ids ({role} half): {good}/{len(idx)} = {good / len(idx):.1%}")


def report(name: str, rows: list[dict], clf: Classifier, show_errors: bool,
           places: bool, even_errors: bool = False) -> dict[str, list[int]]:
    found = [facilities(r) if places else [] for r in rows]
    t0 = time.perf_counter()
    preds = [
        clf.classify(r["text"], (r["start"], r["end"]), lang=r.get("lang", "en"), facilities=f)
        for r, f in zip(rows, found, strict=True)
    ]
    ms = (time.perf_counter() - t0) * 1000 / max(1, len(rows))
    ok = [p.event_type in r["labels"] for r, p in zip(rows, preds, strict=True)]
    print(f"\n== {name} (development data): {len(rows)} sentences, {ms:.3f} ms/sentence")
    totals: dict[str, list[int]] = {}
    for lang in sorted({r.get("lang", "en") for r in rows}):
        idx = [i for i, r in enumerate(rows) if r.get("lang", "en") == lang]
        good = sum(ok[i] for i in idx)
        totals[lang] = [good, len(idx)]
        print(f"   {lang}: {good}/{len(idx)} = {good / len(idx):.1%} acceptable")
        confusion([rows[i]["labels"][0] for i in idx], [preds[i].event_type for i in idx],
                  lang)
    halves(rows, ok)
    if show_errors:
        print("   errors:")
        for r, p, good in zip(rows, preds, ok, strict=True):
            if not good and (even_errors or r.get("half") != "even"):
                print(f"   [{'/'.join(r['labels'])} -> {p.event_type} {p.score:.2f} "
                      f"{list(p.evidence)}] {r['text']}  @{r['place']}")
    return totals


def _gold_module(folder: Path):
    spec = importlib.util.spec_from_file_location(f"gold_{folder.name}", folder / "gold.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def article_report(folder: Path, lang: str, show_errors: bool) -> list[int]:
    """Acceptable event types of the found gold mentions of the articles in ``folder``."""
    module = _gold_module(folder)
    gold = module.GOLD
    good = n = 0
    gold_first: list[str] = []
    pred: list[str] = []
    for doc, entries in gold.items():
        text = (folder / "articles" / f"{doc}.txt").read_text(encoding="utf-8")
        places = [m for m in geoparse(text, lang=lang) if m.role == "place"]
        for e in entries:
            if e.get("neg"):
                continue
            i = text.index(e["ctx"]) + e["ctx"].index(e["s"])
            j = i + len(e["s"])
            hit = next((m for m in places if m.start < j and i < m.end), None)
            if hit is None:
                continue
            n += 1
            good += hit.event_type in e["ev"]
            gold_first.append(sorted(e["ev"])[0])
            pred.append(hit.event_type)
            if show_errors and hit.event_type not in e["ev"]:
                print(f"   [{doc}: {'/'.join(sorted(e['ev']))} -> {hit.event_type}] "
                      f"{e['ctx']!r} @{e['s']}")
    print(f"\n== articles {folder.relative_to(HERE)} ({lang}, development data): "
          f"{good}/{n} = {good / max(1, n):.1%} of found mentions with an acceptable type")
    if not hasattr(module, "MG"):
        # gold written before the migration type existed: such a prediction cannot be right
        m = sum(p == "migration" for p in pred)
        print(f"   (gold predates the migration type: {m} mentions predicted migration; "
              f"without them {good}/{n - m} = {good / max(1, n - m):.1%})")
    confusion(gold_first, pred, f"{lang} articles (rows: first acceptable type)")
    return [good, n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    ap.add_argument("--errors", action="store_true", help="list every misclassified sentence")
    ap.add_argument("--even-errors", action="store_true",
                    help="also list the errors of the validation half (even ids) of events_dev2")
    ap.add_argument("--taxonomy", type=Path, help="taxonomy TOML (default: the packaged one)")
    ap.add_argument("--no-places", action="store_true",
                    help="do not pass the facilities the gazetteer finds in the sentence")
    ap.add_argument("--no-articles", action="store_true",
                    help="skip the development articles (newsroom_dev, newsroom_es/dev)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override a setting for this run (events.article_share_min=1.1)")
    args = ap.parse_args(argv)
    with settings.override(settings.parse(args.set)):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    clf = Classifier(load_taxonomy(args.taxonomy))
    print(f"classifier built in {(time.perf_counter() - t0) * 1000:.1f} ms")
    total: dict[str, list[int]] = {}
    for path in args.files:
        for lang, (good, n) in report(path.name, load(path), clf, args.errors,
                                      not args.no_places, args.even_errors).items():
            total.setdefault(lang, [0, 0])
            total[lang][0] += good
            total[lang][1] += n
    if not args.no_articles and not args.taxonomy:
        for folder, lang in ARTICLE_SETS:
            article_report(folder, lang, args.errors)
    print("\n== all sentence files (development data):")
    for lang, (good, n) in sorted(total.items()):
        print(f"   {lang}: {good}/{n} = {good / max(1, n):.1%} acceptable")
    return 0


if __name__ == "__main__":
    sys.exit(main())
