#!/usr/bin/env python3
"""Structural check of the blind event-type set. Plain python; does not import vzmap.

Checks: every line parses; ids unique; labels are known ids; place occurs verbatim
in text; coverage minimums; each gold ctx occurs exactly once in its article and
contains its place; 10-20 gold lines per article; article length 200-400 words.
Prints label counts (best label, and any acceptable label) per language.
"""
import json, pathlib, sys
from collections import Counter

HERE = pathlib.Path(__file__).resolve().parent
IDS = ["arrest_raid", "attack_civilians", "armed_clash", "criminal_presence",
       "diplomatic_political", "prison", "repression", "protest", "migration", "other"]
MIN = {i: 10 for i in IDS}; MIN["migration"] = 20
errors = []

def load(path):
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append((n, json.loads(line)))
        except json.JSONDecodeError as e:
            errors.append(f"{path.name}:{n}: bad JSON: {e}")
    return rows

seen = set()
for lang in ("en", "es"):
    path = HERE / f"sentences_{lang}.jsonl"
    rows = load(path)
    if len(rows) != 150:
        errors.append(f"{path.name}: {len(rows)} lines, expected 150")
    best, anyl = Counter(), Counter()
    for n, r in rows:
        where = f"{path.name}:{n}"
        for k in ("id", "text", "place", "labels"):
            if k not in r: errors.append(f"{where}: missing {k}")
        if set(r) - {"id", "text", "place", "labels", "note"}:
            errors.append(f"{where}: unexpected keys {set(r) - {'id','text','place','labels','note'}}")
        if r.get("id") in seen: errors.append(f"{where}: duplicate id {r.get('id')}")
        seen.add(r.get("id"))
        if not str(r.get("id", "")).startswith(lang + "-"): errors.append(f"{where}: id prefix")
        if r.get("place", "") not in r.get("text", "") or not r.get("place"):
            errors.append(f"{where}: place {r.get('place')!r} not in text")
        labs = r.get("labels", [])
        if not labs or len(set(labs)) != len(labs) or any(l not in IDS for l in labs):
            errors.append(f"{where}: bad labels {labs}")
            continue
        best[labs[0]] += 1
        anyl.update(labs)
    print(f"\n{lang}: {len(rows)} sentences")
    print(f"  {'label':22s} best  any")
    for i in IDS:
        print(f"  {i:22s} {best[i]:4d} {anyl[i]:4d}")
        if best[i] < MIN[i]: errors.append(f"{lang}: {i} has {best[i]} best-label sentences < {MIN[i]}")

gold = load(HERE / "articles_gold.jsonl")
per_doc, gbest, gany = Counter(), Counter(), Counter()
for n, g in gold:
    where = f"articles_gold.jsonl:{n}"
    art = HERE / "articles" / f"{g.get('doc')}.txt"
    if not art.exists():
        errors.append(f"{where}: no article {art.name}"); continue
    text = art.read_text(encoding="utf-8")
    c = text.count(g["ctx"])
    if c != 1: errors.append(f"{where}: ctx {g['ctx']!r} occurs {c} times")
    if g["place"] not in g["ctx"]: errors.append(f"{where}: place {g['place']!r} not in ctx")
    labs = g.get("labels", [])
    if not labs or any(l not in IDS for l in labs): errors.append(f"{where}: bad labels {labs}")
    else:
        gbest[labs[0]] += 1; gany.update(labs)
    per_doc[g["doc"]] += 1
print("\narticles:")
for art in sorted((HERE / "articles").glob("*.txt")):
    words = len(art.read_text(encoding="utf-8").split())
    print(f"  {art.stem:26s} {words:4d} words {per_doc[art.stem]:3d} gold lines")
    if not 200 <= words <= 400: errors.append(f"{art.name}: {words} words")
    if not 10 <= per_doc[art.stem] <= 20: errors.append(f"{art.name}: {per_doc[art.stem]} gold lines")
print(f"  gold lines: {len(gold)}")
print(f"  {'label':22s} best  any")
for i in IDS:
    print(f"  {i:22s} {gbest[i]:4d} {gany[i]:4d}")

if errors:
    print("\nERRORS:"); print("\n".join(errors)); sys.exit(1)
print("\nOK")
