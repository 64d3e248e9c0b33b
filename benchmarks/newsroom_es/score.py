"""Score vzmap on a part of newsroom_es (``dev``, ``holdout``, ``holdout_en``) or newsroom_dev2-13.

Same protocol as ``../newsroom_dev/score.py``: a predicted place matches a gold entry when it
overlaps its span; strict precision, recall and F1 count found-and-placed required entries
(a found entry placed outside its tolerance, or in the wrong country, is a false negative and
its mention a false positive); opt entries are neither; traps hit are ``n`` entries pinned.
Each article is geoparsed in the language ``vzmap.text.language.article_language`` detects.

Error lists are printed for ``dev`` and ``dev2`` to ``dev16`` only: the holdout parts are frozen
(see README.md), and only their figures may be looked at. Figures are per language when a part has
articles in both.

Usage: python benchmarks/newsroom_es/score.py dev
"""

from __future__ import annotations

import importlib.util
import math
import sys
import time
from collections import Counter
from pathlib import Path

from vzmap.gazetteer.index import load_gazetteer
from vzmap.geoparse.pipeline import geoparse
from vzmap.text.language import article_language

HERE = Path(__file__).resolve().parent
#: Part -> its folder. ``dev2`` to ``dev16`` are ../newsroom_dev2 to ../newsroom_dev16 (English and
#: Spanish, development data; dev3 to dev16 were first run as validation data, see their READMEs).
PARTS = {"dev": HERE / "dev", "holdout": HERE / "holdout", "holdout_en": HERE / "holdout_en",
         "dev2": HERE.parent / "newsroom_dev2", "dev3": HERE.parent / "newsroom_dev3",
         "dev4": HERE.parent / "newsroom_dev4", "dev5": HERE.parent / "newsroom_dev5",
         "dev6": HERE.parent / "newsroom_dev6", "dev7": HERE.parent / "newsroom_dev7",
         "dev8": HERE.parent / "newsroom_dev8", "dev9": HERE.parent / "newsroom_dev9",
         "dev10": HERE.parent / "newsroom_dev10", "dev11": HERE.parent / "newsroom_dev11",
         "dev12": HERE.parent / "newsroom_dev12", "dev13": HERE.parent / "newsroom_dev13",
         "dev14": HERE.parent / "newsroom_dev14", "dev15": HERE.parent / "newsroom_dev15",
         "dev16": HERE.parent / "newsroom_dev16"}
#: Parts whose errors may be printed (the others are frozen: figures only).
DEVELOPMENT = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10",
               "dev11", "dev12", "dev13", "dev14", "dev15", "dev16")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = math.radians
    a = (math.sin(r(lat2 - lat1) / 2) ** 2
         + math.cos(r(lat1)) * math.cos(r(lat2)) * math.sin(r(lon2 - lon1) / 2) ** 2)
    return 6371 * 2 * math.asin(math.sqrt(a))


def load_gold(part: str) -> dict:
    spec = importlib.util.spec_from_file_location(f"gold_{part}", PARTS[part] / "gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.GOLD


def placed(e: dict, m) -> bool:
    """Whether mention ``m`` places gold entry ``e`` (same rule as newsroom_dev/score.py)."""
    if e["lat"] is None:
        return e["cc"] == "" or (m.entry.country == e["cc"] and m.entry.kind == "country")
    return km(e["lat"], e["lon"], m.entry.lat, m.entry.lon) <= e["tol"]


def score_doc(text: str, entries: list[dict], preds: list, t: Counter, errors: dict) -> None:
    used: set[int] = set()
    for e in entries:
        i = text.index(e["ctx"]) + e["ctx"].index(e["s"])
        j = i + len(e["s"])
        hits = [k for k, m in enumerate(preds) if m.start < j and i < m.end]
        if e.get("neg"):
            if hits:
                t["traps_hit"] += 1
                errors["trap"].append((e["s"], [(preds[k].text, preds[k].entry.name,
                                                 preds[k].entry.country) for k in hits]))
            continue
        used.update(hits)
        if not e["opt"]:
            t["gold"] += 1
        if not hits:
            if not e["opt"]:
                t["fn"] += 1
                errors["fn"].append((e["s"], e["ctx"], e["name"]))
            continue
        m = preds[hits[0]]
        ok = placed(e, m)
        t["res_n"] += 1
        t["res_ok"] += ok
        if not ok:
            off = None if e["lat"] is None else km(e["lat"], e["lon"], m.entry.lat, m.entry.lon)
            where = "" if off is None else f" {off:.0f}km"
            errors["res"].append((e["s"], e["name"], f"-> {m.entry.name} [{m.entry.kind},"
                                  f"{m.entry.country}] {m.entry.id}{where}", e["opt"]))
        if e["opt"]:
            t["opt_hit"] += 1
            continue
        t["found"] += 1
        t["ev_ok"] += m.event_type in e["ev"]
        if m.event_type not in e["ev"]:
            errors["event"].append((e["s"], e["ctx"], m.event_type, sorted(e["ev"])))
        if ok:
            t["tp"] += 1
        else:
            t["fn"] += 1
            t["fp"] += 1  # found but misplaced: a wrong pin
    for k, m in enumerate(preds):
        if k not in used:
            t["fp"] += 1
            t["loose_fp"] += 1
            errors["fp"].append((m.text, m.entry.name, m.entry.kind, m.entry.country,
                                 text[max(0, m.start - 40) : m.end + 25].replace("\n", " ")))


def main(part: str) -> None:
    gold = load_gold(part)
    gaz = load_gazetteer()
    totals: dict[str, Counter] = {}
    started = time.perf_counter()
    for doc, entries in gold.items():
        text = (PARTS[part] / "articles" / f"{doc}.txt").read_text("utf-8")
        lang, _ = article_language(text, {})
        preds = [m for m in geoparse(text, gaz, lang=lang) if m.role == "place"]
        t: Counter = Counter()
        errors: dict[str, list] = {"fn": [], "fp": [], "res": [], "trap": [], "event": []}
        score_doc(text, entries, preds, t, errors)
        totals.setdefault(lang, Counter()).update(t)
        totals.setdefault("all", Counter()).update(t)
        if part in DEVELOPMENT:
            print(f"\n=== {doc} ({lang}) gold {t['gold']} tp {t['tp']} fp {t['fp']} "
                  f"traps {t['traps_hit']}")
            for kind, rows in errors.items():
                for row in rows:
                    print(f"  {kind.upper():5}", row)
    for lang, total in sorted(totals.items(), key=lambda kv: kv[0] == "all"):
        if len(totals) > 2 or lang == "all":
            report(f"{part} {lang}" if lang != "all" else part, total)
    print(f"({len(gold)} articles, {time.perf_counter() - started:.1f} s)")


def report(name: str, total: Counter) -> None:
    p = total["tp"] / max(1, total["tp"] + total["fp"])
    r = total["tp"] / max(1, total["gold"])
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    lp = total["found"] / max(1, total["found"] + total["loose_fp"])
    lr = total["found"] / max(1, total["gold"])
    print(f"\n{name}: found only (as newsroom_dev/score.py): P={lp:.3f} R={lr:.3f} "
          f"F1={2 * lp * lr / max(1e-9, lp + lr):.3f}")
    print(f"{name}: strict (found and placed): P={p:.3f} R={r:.3f} F1={f1:.3f} "
          f"traps hit={total['traps_hit']} "
          f"res_acc={total['res_ok'] / max(1, total['res_n']):.3f} "
          f"events={total['ev_ok'] / max(1, total['found']):.3f} "
          f"({total['ev_ok']}/{total['found']} found mentions of an accepted type)")


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in PARTS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(PARTS)}}}")
    main(sys.argv[1])
