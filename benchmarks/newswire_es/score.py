"""Score vzmap on newswire_es: Spanish agency wires with CoNLL-style entity spans (development).

The figures are the ones ``../external.py`` gives for CoNLL-2002 Spanish, on data of our own
(see README.md): the share of gold LOC spans a mention overlaps (LOC recall), the share of
mentions that overlap a LOC span, and where the others fall (on a PER, ORG or MISC span, or on
no entity), for *pinned places* and for *all mentions*. Every item is parsed with ``lang="es"``.
This is development data, so the errors are printed.

Each figure is given twice: for the items as written, and re-spaced as the CoNLL-2002 files
are once detokenised (a space around every sign, a line after every full stop), to see what the
form alone costs.

Usage: python benchmarks/newswire_es/score.py [--errors N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the sibling script ../external.py

from external import CONLL_TYPES, VIEWS, conll_score  # noqa: E402

from vzmap.gazetteer.index import load_gazetteer  # noqa: E402
from vzmap.geoparse.pipeline import geoparse  # noqa: E402

#: A token of the re-spaced text: a word (with inner hyphens, apostrophes, dots) or a sign
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")

Item = tuple[str, list[tuple[int, int, str]]]


def load_items(path: Path) -> list[Item]:
    """``(text, spans)`` per item, each span ``(start, end, type)``."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            items.append((item["text"], [(s, e, t) for s, e, t, _ in item["entities"]]))
    return items


def respaced(item: Item) -> Item:
    """The item as CoNLL files give their text once detokenised: tokens joined by spaces, a
    line after each full stop ("Mieres ( Asturias ) , 3 mar ( EFE ) ."), spans moved along;
    a span that does not start and end on a token is dropped."""
    text, spans = item
    parts: list[str] = []
    moved: dict[int, int] = {}
    pos = 0
    for m in _TOKEN.finditer(text):
        if parts:
            parts.append(" ")
            pos += 1
        moved[m.start()], moved[m.end()] = pos, pos + len(m.group())
        parts.append(m.group())
        pos += len(m.group())
        if m.group() == ".":
            parts.append("\n")
            pos += 1
    kept = [(moved[s], moved[e], t) for s, e, t in spans if s in moved and e in moved]
    return "".join(parts), kept


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", type=int, default=1000, help="errors of each sort to print")
    args = ap.parse_args(argv)
    items = load_items(HERE / "items.jsonl")
    gaz = load_gazetteer()
    for form, texts in (("as written", items), ("re-spaced", [respaced(i) for i in items])):
        t0 = time.perf_counter()
        predictions = [geoparse(text, gaz, lang="es") for text, _ in texts]
        elapsed = time.perf_counter() - t0
        print(f"newswire_es {form}: {len(texts)} items in {elapsed:.2f} s")
        report(texts, predictions, args.errors if form == "as written" else 0)
    return 0


def report(items: list[Item], predictions: list, errors: int) -> None:
    """The table of both views, and up to ``errors`` misses and wrong pins."""
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
            for n, name in s["misses"][:errors]:
                print(f"  MISS  {n:3d} {name!r}")
            for n, text, cls, entry, cc in s["wrong"][:errors]:
                print(f"  WRONG {n:3d} {text!r} on {cls} -> {entry} [{cc}]")


if __name__ == "__main__":
    raise SystemExit(main())
