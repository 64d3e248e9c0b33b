"""Score vzmap on newswire_es: Spanish agency wires with CoNLL-style entity spans (development).

The figures are the ones ``../external.py`` gives for CoNLL-2002 Spanish, on data of our own
(see README.md): the share of gold LOC spans a mention overlaps (LOC recall), the share of
mentions that overlap a LOC span, and where the others fall (on a PER, ORG or MISC span, or on
no entity), for *pinned places* and for *all mentions*. Every item is parsed with ``lang="es"``.
This is development data, so the errors are printed.

Usage: python benchmarks/newswire_es/score.py [--errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the sibling script ../external.py

from external import CONLL_TYPES, VIEWS, conll_score  # noqa: E402

from vzmap.gazetteer.index import load_gazetteer  # noqa: E402
from vzmap.geoparse.pipeline import geoparse  # noqa: E402


def load_items(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """``(text, spans)`` per item, each span ``(start, end, type)``."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            items.append((item["text"], [(s, e, t) for s, e, t, _ in item["entities"]]))
    return items


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", type=int, default=1000, help="errors of each sort to print")
    args = ap.parse_args(argv)
    items = load_items(HERE / "items.jsonl")
    gaz = load_gazetteer()
    t0 = time.perf_counter()
    predictions = [geoparse(text, gaz, lang="es") for text, _ in items]
    elapsed = time.perf_counter() - t0
    print(f"newswire_es: {len(items)} items in {elapsed:.2f} s")
    print(f"{'view':<14} {'LOC R':>6} {'on LOC':>6} {'pred':>5} {'found':>5} {'gold':>5} "
          + " ".join(f"{k:>5}" for k in (*CONLL_TYPES, "none")))
    for view, roles in VIEWS:
        s = conll_score(items, predictions, roles)
        recall = s["found"] / s["gold_loc"] if s["gold_loc"] else 0.0
        on_loc = s["classes"]["LOC"] / s["predicted"] if s["predicted"] else 0.0
        print(f"{view:<14} {recall:6.3f} {on_loc:6.3f} {s['predicted']:5d} {s['found']:5d} "
              f"{s['gold_loc']:5d} "
              + " ".join(f"{s['classes'][k]:5d}" for k in (*CONLL_TYPES, "none")))
        if view == "pinned places":
            for n, name in s["misses"][: args.errors]:
                print(f"  MISS  {n:3d} {name!r}")
            for n, text, cls, entry, cc in s["wrong"][: args.errors]:
                print(f"  WRONG {n:3d} {text!r} on {cls} -> {entry} [{cc}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
