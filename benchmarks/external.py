"""Geoparsing on two public corpora, LGL and CoNLL-2002 Spanish (to measure; data not shipped).

The corpora stay outside the repository (their licences do not allow shipping them); this
script reads them from the paths given. Its figures are for reading, not for tuning: it has no
``--set`` option on purpose.

- ``--lgl PATH/lgl.xml``: Lieberman's Local-Global Lexicon corpus of English local news, in the
  XML of milangritta/Pragmatic-Guide-to-Geoparsing-Evaluation (``<article>`` with ``<text>`` and
  ``<toponyms>``, each ``<toponym>`` with ``<start>``, ``<end>``, ``<phrase>`` and, when it was
  resolved, a ``<gaztag>`` with ``<lat>`` and ``<lon>``). Toponyms without coordinates (streets,
  roads, ...) are gold for recognition only, as GeoWebNews' ``toponyms_no_coords`` in
  ``geoparse_accuracy.py``, whose :func:`score` (overlap matching, Acc@161 km, median km) this
  script reuses. Every article is parsed with ``lang="en"``. Two views as there: *all mentions*
  and *pinned places*.
- ``--conll PATH/esp.testb``: the CoNLL-2002 Spanish NER corpus (EFE newswire), one token a line
  (``word [POS] TAG``, IOB tags; ``-DOCSTART-`` lines separate documents when there are any,
  else every :data:`GROUP` consecutive sentences are taken as one article so that vzmap's
  context has some text around each name). The text of an article is its tokens joined by
  single spaces, one sentence a line ("Coruña , 23 may ( EFECOM ) ." rather than
  "Coruña, 23 may (EFECOM)."), which is a detokenisation, not the original text. Parsed with
  ``lang="es"``. There are no coordinates, so only recognition is scored: the share of gold LOC
  spans overlapped by a mention (LOC recall), the share of mentions that overlap a LOC span,
  and where the others fall (on a PER, ORG or MISC span, or on no entity), for *pinned places*
  and for *all mentions*. CoNLL tags a country or city named as an actor ("Francia pidió") as
  ORG, where newsroom_dev and GeoWebNews label it a place; the pinned view says how many pins
  lie on an ORG span that is the name alone, and the share on LOC or such a span.

Usage: python benchmarks/external.py [--lgl PATH/lgl.xml] [--conll PATH/esp.testb] [--errors N]

``--errors N`` prints up to N misses and N wrong pins of each corpus (for a human's eyes).
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from geoparse_accuracy import score  # sibling script: the same matching rules

from vzmap.gazetteer.index import Gazetteer, load_gazetteer
from vzmap.geoparse.pipeline import Mention, geoparse

#: sentences taken as one article when a CoNLL file has no ``-DOCSTART-`` lines
GROUP = 20
VIEWS = (("all mentions", {"place", "demonym", "embedded"}), ("pinned places", {"place"}))
CONLL_TYPES = ("LOC", "PER", "ORG", "MISC")


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


# --- LGL -------------------------------------------------------------------------------------


def load_lgl(path: Path) -> list[dict]:
    """LGL articles as ``geoparse_accuracy`` documents (``id``, ``text``, ``toponyms`` with
    coordinates, ``toponyms_no_coords``)."""
    docs: list[dict] = []
    for article in ET.parse(path).getroot().iter("article"):
        with_coords: list[dict] = []
        without: list[dict] = []
        for top in article.iter("toponym"):
            gold = {
                "start": int(top.findtext("start") or 0),
                "end": int(top.findtext("end") or 0),
                "name": top.findtext("phrase") or "",
            }
            tag = top.find("gaztag")
            lat = tag.findtext("lat") if tag is not None else None
            lon = tag.findtext("lon") if tag is not None else None
            if tag is not None and lat and lon:
                gold["lat"], gold["lon"] = float(lat), float(lon)
                with_coords.append(gold)
            else:
                without.append(gold)
        docs.append({
            "id": article.get("docid", str(len(docs))),
            "text": article.findtext("text") or "",
            "toponyms": with_coords,
            "toponyms_no_coords": without,
        })
    return docs


def offset_mismatches(docs: list[dict]) -> int:
    """Gold toponyms whose ``text[start:end]`` is not their phrase (scored as given anyway)."""
    return sum(
        doc["text"][g["start"]:g["end"]] != g["name"]
        for doc in docs
        for g in doc["toponyms"] + doc["toponyms_no_coords"]
    )


def run_lgl(path: Path, gaz: Gazetteer, errors: int) -> None:
    docs = load_lgl(path)
    with_coords = sum(len(d["toponyms"]) for d in docs)
    without = sum(len(d["toponyms_no_coords"]) for d in docs)
    tokens = sum(len(d["text"].split()) for d in docs)
    print(f"LGL: {len(docs)} articles, {tokens} tokens (whitespace-separated), "
          f"{with_coords + without} gold toponyms ({with_coords} with coordinates, "
          f"{without} without), {offset_mismatches(docs)} with offsets not matching the phrase")
    t0 = time.perf_counter()
    predictions = [geoparse(d["text"], gaz, lang="en") for d in docs]
    elapsed = time.perf_counter() - t0
    print(f"{'view':<14} {'P':>6} {'R':>6} {'F1':>6} {'Acc@161':>8} {'median km':>9} "
          f"{'gold':>5} {'pred':>5} {'resolved':>8}")
    for view, roles in VIEWS:
        s = score(docs, predictions, roles)
        print(f"{view:<14} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
              f"{s['acc161']:8.3f} {s['median_km']:9.1f} {s['gold']:5d} {s['predicted']:5d} "
              f"{s['resolved']:8d}")
        if errors and view == "all mentions":
            print("  misses:", s["misses"][:errors])
        if errors and view == "pinned places":
            print("  wrong pins (> 161 km):", s["wrong"][:errors])
            print("  pins on no annotation:", s["fps"][:errors])
    print(f"LGL: {len(docs)} articles in {elapsed:.2f} s")


# --- CoNLL-2002 ------------------------------------------------------------------------------


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents of sentences of ``(word, tag)``: split at ``-DOCSTART-`` lines, else in groups
    of :data:`GROUP` sentences. UTF-8, else Latin-1 (the encoding of the original files)."""
    raw = path.read_bytes()
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        lines = raw.decode("latin-1").splitlines()
    docs: list[list[list[tuple[str, str]]]] = [[]]
    sentence: list[tuple[str, str]] = []
    marked = False
    for line in [*lines, ""]:
        parts = line.split()
        if parts and parts[0] == "-DOCSTART-":
            marked = True
            if sentence:
                docs[-1].append(sentence)
                sentence = []
            docs.append([])
        elif parts:
            sentence.append((parts[0], parts[-1]))
        elif sentence:
            docs[-1].append(sentence)
            sentence = []
    docs = [d for d in docs if d]
    if not marked:
        sentences = [s for d in docs for s in d]
        docs = [sentences[i:i + GROUP] for i in range(0, len(sentences), GROUP)]
    return docs


def detokenise(sentences: list[list[tuple[str, str]]]) -> tuple[str, list[tuple[int, int, str]]]:
    """The text of an article (tokens joined by spaces, one sentence a line) and its entity
    spans ``(start, end, type)``. ``B-X`` starts a span; so does an ``I-X`` that does not go on
    a span of type X (IOB1 files)."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for sentence in sentences:
        prev = "O"
        for i, (word, tag) in enumerate(sentence):
            if i:
                parts.append(" ")
                pos += 1
            kind = tag[2:] if tag[:2] in ("B-", "I-") else ""
            if kind and (tag.startswith("B-") or prev[2:] != kind):
                spans.append((pos, pos + len(word), kind))
            elif kind:
                spans[-1] = (spans[-1][0], pos + len(word), kind)
            parts.append(word)
            pos += len(word)
            prev = tag if kind else "O"
        parts.append("\n")
        pos += 1
    return "".join(parts), spans


def mention_class(m: Mention, spans: list[tuple[int, int, str]]) -> str:
    """``LOC`` when ``m`` overlaps a LOC span, else the type of the span it overlaps most, else
    ``none``."""
    hits = [s for s in spans if overlaps(m.start, m.end, s[0], s[1])]
    if any(s[2] == "LOC" for s in hits):
        return "LOC"
    if not hits:
        return "none"
    return max(hits, key=lambda s: min(m.end, s[1]) - max(m.start, s[0]))[2]


def conll_score(articles: list[tuple[str, list]], predictions: list[list[Mention]],
                roles: set[str]) -> dict:
    """LOC recall, where the mentions of ``roles`` fall, and the errors behind both."""
    gold_loc = found = bare = 0
    classes: Counter[str] = Counter()
    misses: list[tuple] = []
    wrong: list[tuple] = []
    for n, ((text, spans), preds) in enumerate(zip(articles, predictions, strict=True)):
        preds = [m for m in preds if m.role in roles]
        for s in spans:
            if s[2] != "LOC":
                continue
            gold_loc += 1
            if any(overlaps(m.start, m.end, s[0], s[1]) for m in preds):
                found += 1
            else:
                misses.append((n, text[s[0]:s[1]]))
        for m in preds:
            cls = mention_class(m, spans)
            classes[cls] += 1
            if cls == "ORG" and (m.start, m.end, "ORG") in spans:
                bare += 1  # the whole ORG span is the place's name
            if cls != "LOC":
                wrong.append((n, m.text, cls, m.entry.name, m.entry.country))
    return {"gold_loc": gold_loc, "found": found, "classes": classes,
            "predicted": sum(classes.values()), "bare": bare, "misses": misses, "wrong": wrong}


def run_conll(path: Path, gaz: Gazetteer, errors: int) -> None:
    docs = read_conll(path)
    articles = [detokenise(d) for d in docs]
    kinds = Counter(s[2] for _, spans in articles for s in spans)
    tokens = sum(len(s) for d in docs for s in d)
    gold = ", ".join(f"{kinds[k]} {k}" for k in CONLL_TYPES)
    print(f"CoNLL-2002: {len(docs)} articles, {sum(len(d) for d in docs)} sentences, "
          f"{tokens} tokens, {sum(kinds.values())} gold spans ({gold})")
    t0 = time.perf_counter()
    predictions = [geoparse(text, gaz, lang="es") for text, _ in articles]
    elapsed = time.perf_counter() - t0
    print(f"{'view':<14} {'LOC R':>6} {'on LOC':>6} {'pred':>5} {'found':>5} {'gold':>5} "
          + " ".join(f"{k:>5}" for k in (*CONLL_TYPES, "none")))
    for view, roles in VIEWS:
        s = conll_score(articles, predictions, roles)
        recall = s["found"] / s["gold_loc"] if s["gold_loc"] else 0.0
        on_loc = s["classes"]["LOC"] / s["predicted"] if s["predicted"] else 0.0
        print(f"{view:<14} {recall:6.3f} {on_loc:6.3f} {s['predicted']:5d} {s['found']:5d} "
              f"{s['gold_loc']:5d} "
              + " ".join(f"{s['classes'][k]:5d}" for k in (*CONLL_TYPES, "none")))
        if errors and view == "pinned places":
            print("  missed LOC:", s["misses"][:errors])
            print("  pins not on a LOC span:", s["wrong"][:errors])
        if view == "pinned places" and s["predicted"]:
            bare = s["bare"]
            print(f"  of the {s['classes']['ORG']} pins on an ORG span, {bare} are the whole span "
                  "(the place's name alone: a country or city as an actor, 'Francia pidió', which "
                  "newsroom_dev and GeoWebNews label as a place, or a club named after its city, "
                  "'un Valencia que', which they do not); on LOC or such a span: "
                  f"{(s['classes']['LOC'] + bare) / s['predicted']:.3f}")
    print(f"CoNLL-2002: {len(docs)} articles in {elapsed:.2f} s "
          "(LOC R: gold LOC spans overlapped by a mention; on LOC: mentions overlapping one; "
          "LOC..none: where the mentions fall)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lgl", type=Path, help="LGL in the XML of the Pragmatic Guide (lgl.xml)")
    ap.add_argument("--conll", type=Path, help="CoNLL-2002 Spanish column file (esp.testb)")
    ap.add_argument("--errors", type=int, default=0, help="print this many errors of each sort")
    args = ap.parse_args(argv)
    if not args.lgl and not args.conll:
        ap.error("give --lgl PATH and/or --conll PATH")
    for path in (args.lgl, args.conll):
        if path and not path.is_file():
            print(f"{path} not found", file=sys.stderr)
            return 2
    gaz = load_gazetteer()
    if args.lgl:
        run_lgl(args.lgl, gaz, args.errors)
    if args.conll:
        run_conll(args.conll, gaz, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
