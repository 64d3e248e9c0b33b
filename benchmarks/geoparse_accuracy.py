"""Geoparsing accuracy end to end on TR-News and GeoWebNews (evaluation data, not shipped).

Runs vzmap's real pipeline on each article's raw text and scores it as
``../shared/notes/geoparsing.md`` describes:

- recognition: a gold toponym is found when a predicted mention overlaps it; a predicted mention
  that overlaps no annotation at all (toponyms, ``toponyms_no_coords``, ``other_annotations``)
  is a false positive; precision, recall, F1;
- resolution: Acc@161 km (share of found toponyms with coordinates placed within 161 km of gold)
  and the median error in km (geodesic distances from geopy).

Two views are printed: *all mentions* (every toponym vzmap recognises, adjectival forms such as
"Russian" and names inside organisation names included, as both corpora annotate them) and
*pinned places* (only the mentions that ``vzmap ingest`` puts on the map).

Usage: python benchmarks/geoparse_accuracy.py [--corpora DIR] [--errors N] [--set NAME=VALUE]...

``--set`` overrides a setting of ``vzmap.settings`` for the run (repeatable), so that a sweep of
a resolver weight needs no code edit: ``--set resolve.apposition_in_state=2``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from geopy.distance import geodesic

from vzmap import settings
from vzmap.errors import SettingsError
from vzmap.gazetteer.index import load_gazetteer
from vzmap.geoparse.pipeline import geoparse

HERE = Path(__file__).resolve().parent
DEFAULT_CORPORA = HERE.parent.parent / "shared" / "benchmarks"
CORPORA = ("tr_news", "geowebnews")


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score(docs: list[dict], predictions: list[list], roles: set[str]) -> dict:
    gold_n = found = pred_n = false_pos = 0
    errors: list[float] = []
    misses: list[tuple] = []
    wrong: list[tuple] = []
    fps: list[tuple] = []
    for doc, preds in zip(docs, predictions, strict=True):
        preds = [m for m in preds if m.role in roles]
        gold = list(doc["toponyms"]) + list(doc.get("toponyms_no_coords", []))
        annotations = gold + list(doc.get("other_annotations", []))
        gold_n += len(gold)
        pred_n += len(preds)
        for m in preds:
            if not any(overlaps(m.start, m.end, a["start"], a["end"]) for a in annotations):
                false_pos += 1
                fps.append((doc["id"], m.text, m.entry.name))
        for g in gold:
            hits = [m for m in preds if overlaps(m.start, m.end, g["start"], g["end"])]
            if not hits:
                misses.append((doc["id"], g["name"]))
                continue
            found += 1
            if g.get("lat") is None:
                continue
            m = max(hits, key=lambda h: min(h.end, g["end"]) - max(h.start, g["start"]))
            d = geodesic((m.entry.lat, m.entry.lon), (float(g["lat"]), float(g["lon"]))).km
            errors.append(d)
            if d > 161:
                wrong.append((doc["id"], g["name"], m.entry.name, m.entry.country, round(d)))
    precision = (pred_n - false_pos) / pred_n if pred_n else 0.0
    recall = found / gold_n if gold_n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": gold_n,
        "predicted": pred_n,
        "found": found,
        "false_positives": false_pos,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "resolved": len(errors),
        "acc161": sum(e <= 161 for e in errors) / len(errors) if errors else 0.0,
        "median_km": statistics.median(errors) if errors else 0.0,
        "misses": misses,
        "wrong": wrong,
        "fps": fps,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--errors", type=int, default=0, help="print this many errors of each sort")
    ap.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a setting of vzmap.settings for this run (repeatable)",
    )
    args = ap.parse_args(argv)
    try:
        overrides = settings.parse(args.assignments)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with settings.override(overrides):
        return run(args.corpora, args.errors)


def run(corpora: Path, errors: int) -> int:
    """Print the scores of every corpus under ``corpora``; 2 when one is missing."""
    gaz = load_gazetteer()
    print(
        f"{'corpus':<11} {'view':<14} {'P':>6} {'R':>6} {'F1':>6} {'Acc@161':>8} "
        f"{'median km':>9} {'gold':>5} {'pred':>5}"
    )
    for name in CORPORA:
        path = corpora / name / "docs.jsonl"
        if not path.is_file():
            print(f"{name}: {path} not found", file=sys.stderr)
            return 2
        docs = [json.loads(line) for line in path.open(encoding="utf-8")]
        t0 = time.perf_counter()
        predictions = [geoparse(d["text"], gaz) for d in docs]
        elapsed = time.perf_counter() - t0
        for view, roles in (
            ("all mentions", {"place", "demonym", "embedded"}),
            ("pinned places", {"place"}),
        ):
            s = score(docs, predictions, roles)
            print(
                f"{name:<11} {view:<14} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                f"{s['acc161']:8.3f} {s['median_km']:9.1f} {s['gold']:5d} {s['predicted']:5d}"
            )
            if errors and view == "all mentions":
                for label in ("misses", "wrong", "fps"):
                    print(f"  {label}:", s[label][:errors])
        print(f"{name:<11} {len(docs)} docs in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
