"""Event types on the frozen blind set: share of found mentions with an acceptable type.

The set (sentences_en/es.jsonl, articles/, articles_gold.jsonl) was written and labelled before
the classifier saw it; see README.md here. It is **never** tuned on and never a test floor:
run it by hand, report the figures.

For each sentence the place is looked up as the pipeline finds it (``geoparse`` in the
sentence's language); when the geoparser does not find the place there, the classifier is asked
directly about that span (counted apart). For each article, every gold mention the pipeline
finds is scored (the article's language detected as ``vzmap ingest`` does).
*Lenient*: the type is one of the accepted labels; *strict*: it is the first (best) label.
Prints the figures per language and a confusion matrix (rows: best label, columns: predicted).

Usage: python benchmarks/events_blind/score.py [--errors]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(name: str) -> list[dict]:
    lines = (HERE / name).read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def sentence_results(lang: str, gaz, classifier) -> list[dict]:
    from vzmap.geoparse.pipeline import geoparse

    out = []
    for row in load(f"sentences_{lang}.jsonl"):
        text, place = row["text"], row["place"]
        start = text.index(place)
        span = (start, start + len(place))
        hits = [m for m in geoparse(text, gaz, classifier, lang=lang)
                if m.role == "place" and m.start < span[1] and span[0] < m.end]
        if hits:
            predicted, how = hits[0].event_type, "found"
        else:
            predicted, how = classifier.classify(text, span, lang=lang).event_type, "direct"
        out.append({"id": row["id"], "labels": row["labels"], "predicted": predicted,
                    "how": how, "text": text, "place": place})
    return out


def article_results(gaz, classifier) -> tuple[list[dict], Counter]:
    from vzmap.geoparse.pipeline import geoparse
    from vzmap.text.documents import read_document
    from vzmap.text.language import article_language

    gold: dict[str, list[dict]] = {}
    for row in load("articles_gold.jsonl"):
        gold.setdefault(row["doc"], []).append(row)
    out, missed = [], Counter()
    for doc, rows in sorted(gold.items()):
        document = read_document(HERE / "articles" / f"{doc}.txt")
        text = document.text
        lang, _ = article_language(text, document.meta)
        found = [m for m in geoparse(text, gaz, classifier, lang=lang) if m.role == "place"]
        for row in rows:
            start = text.index(row["ctx"]) + row["ctx"].index(row["place"])
            end = start + len(row["place"])
            hits = [m for m in found if m.start < end and start < m.end]
            if not hits:
                missed[lang] += 1
                continue
            out.append({"id": f"{doc}:{row['place']}", "labels": row["labels"],
                        "predicted": hits[0].event_type, "how": "found", "lang": lang,
                        "text": row["ctx"], "place": row["place"]})
    return out, missed


def share(rows: list[dict], strict: bool) -> str:
    if not rows:
        return "-"
    ok = sum((r["predicted"] == r["labels"][0]) if strict else (r["predicted"] in r["labels"])
             for r in rows)
    return f"{ok / len(rows):.3f} ({ok}/{len(rows)})"


def confusion(rows: list[dict], ids: list[str]) -> str:
    cells = Counter((r["labels"][0], r["predicted"]) for r in rows)
    short = [i[:6] for i in ids]
    lines = ["best \\ predicted   " + " ".join(f"{s:>6}" for s in short)]
    for gold_id in ids:
        counts = [cells[(gold_id, p)] for p in ids]
        if any(counts):
            lines.append(f"{gold_id:<19}" + " ".join(f"{c or '.':>6}" for c in counts))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list every wrong type (read only "
                    "after the classifier is frozen: reading errors here to fix them spends "
                    "the set)")
    args = ap.parse_args(argv)
    from vzmap.events.classify import get_classifier
    from vzmap.gazetteer.index import load_gazetteer

    gaz, classifier = load_gazetteer(), get_classifier()
    ids = list(classifier.taxonomy.ids)
    articles, missed = article_results(gaz, classifier)
    for lang in ("en", "es"):
        sents = sentence_results(lang, gaz, classifier)
        arts = [r for r in articles if r["lang"] == lang]
        direct = sum(r["how"] == "direct" for r in sents)
        print(f"== {lang}")
        print(f"sentences ({len(sents)}; {direct} places not found by the geoparser, asked "
              f"directly): lenient {share(sents, False)}, strict {share(sents, True)}")
        print(f"articles (found {len(arts)} of {len(arts) + missed[lang]} gold mentions): "
              f"lenient {share(arts, False)}, strict {share(arts, True)}")
        print(f"all found mentions: lenient {share(sents + arts, False)}")
        print(confusion(sents + arts, ids))
        if args.errors:
            for r in sents + arts:
                if r["predicted"] not in r["labels"]:
                    print(f"  {r['id']}: {r['place']!r} {r['predicted']} not in {r['labels']}"
                          f" | {r['text'][:110]}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
