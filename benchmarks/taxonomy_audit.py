"""Audit of the taxonomy's phrases against the development data: which exist for one sentence.

Usage:
    .venv/bin/python benchmarks/taxonomy_audit.py [--taxonomy PATH] [--all]

For each type and language it prints, with the classifier's own matching (stems, longest span):

- phrases (triggers, cues, exclusions, who lists) that match exactly one sentence of the
  development data and no other: a phrase that exists for one sentence, to remove or generalise;
- multi-word phrases (3 words or more, or 2 with a possessive/determiner such as "her home")
  that match at most one sentence: they look sentence-specific;
- with ``--all``, also the phrases that match nothing (not an error: general vocabulary the
  development data happens not to use).

Development data: every ``benchmarks/events_*.jsonl`` file and the articles of
``newsroom_dev/`` and ``newsroom_es/dev/``, split into sentences. The frozen sets
(``events_blind/``, ``newsroom_es/holdout*``) are never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from vzmap.events.classify import LANGS
from vzmap.events.phrases import KINDS, Phrase, build_index, parse_claims, who_lists
from vzmap.events.phrases import _all_matches as all_matches
from vzmap.events.stems import tokenize
from vzmap.events.taxonomy import load_taxonomy
from vzmap.text.sentences import sentence_spans

HERE = Path(__file__).resolve().parent
ARTICLE_SETS = [(HERE / "newsroom_dev", "en"), (HERE / "newsroom_es" / "dev", "es")]
#: Words that make a two-word phrase look like a piece of one sentence ("her home").
SPECIFIC_WORDS = {"en": {"her", "his", "its", "their", "the", "a", "an", "this", "that"},
                  "es": {"su", "sus", "el", "la", "los", "las", "un", "una", "este", "esta"}}


def dev_sentences() -> dict[str, list[str]]:
    """Language -> every development sentence (unique)."""
    out: dict[str, set[str]] = defaultdict(set)
    for path in sorted(HERE.glob("events_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out[row.get("lang", "en")].add(row["text"])
    for folder, lang in ARTICLE_SETS:
        for art in sorted((folder / "articles").glob("*.txt")):
            text = art.read_text(encoding="utf-8")
            out[lang].update(text[s:e].strip() for s, e in sentence_spans(text, lang))
    return {lang: sorted(s) for lang, s in out.items()}


def phrase_counts(tax, lang: str, sentences: list[str]) -> dict[Phrase, int]:
    """Every phrase of ``lang`` -> how many sentences it matches."""
    claims = parse_claims(tax, LANGS)
    index = build_index(tax, who_lists(claims, set(tax.ids)), lang)
    counts: dict[Phrase, int] = {p: 0 for ps in index.values() for p in ps}
    for s in sentences:
        seen: set[Phrase] = set()
        for phrases in all_matches(index, tokenize(s, lang)).values():
            seen.update(phrases)
        for p in seen:
            counts[p] += 1
    return counts


def looks_specific(p: Phrase, lang: str) -> bool:
    words = p.text.lower().split()
    return len(words) >= 3 or (len(words) == 2 and bool(set(words) & SPECIFIC_WORDS[lang]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--taxonomy", type=Path, help="taxonomy TOML (default: the packaged one)")
    ap.add_argument("--all", action="store_true", help="also list phrases that match nothing")
    args = ap.parse_args(argv)
    tax = load_taxonomy(args.taxonomy)
    sentences = dev_sentences()
    totals = defaultdict(int)
    for lang in LANGS:
        counts = phrase_counts(tax, lang, sentences.get(lang, []))
        print(f"\n##### {lang}: {len(sentences.get(lang, []))} development sentences, "
              f"{len(counts)} phrases")
        for t in tax.types:
            mine = sorted((p for p in counts if p.type_id == t.id), key=lambda p: p.text)
            once = [p for p in mine if counts[p] == 1]
            specific = [p for p in mine if counts[p] <= 1 and looks_specific(p, lang)]
            unused = [p for p in mine if counts[p] == 0]
            totals["phrases"] += len(mine)
            totals["once"] += len(once)
            totals["specific"] += len(specific)
            totals["unused"] += len(unused)
            if not (once or specific or (args.all and unused)):
                continue
            print(f"\n== {t.id} ({lang}): {len(mine)} phrases")
            if once:
                print("   one sentence only: " + "; ".join(f"{p.kind}:{p.text}" for p in once))
            if specific:
                print("   sentence-like:     " + "; ".join(f"{p.kind}:{p.text}"
                                                          for p in specific))
            if args.all and unused:
                print("   no sentence:       " + "; ".join(f"{p.kind}:{p.text}" for p in unused))
    print(f"\nkinds: {', '.join(KINDS)} and who lists; totals: {dict(totals)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
