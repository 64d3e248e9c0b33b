"""Keeping hand edits when ``ingest`` runs again: a three-way merge of the places file.

The three versions:

- *base*: the last generated output, kept beside the places file (``data/.places.geojson.base``,
  see :func:`vzmap.placesfile.base_path`); what the file looked like before anyone edited it.
- *current*: the places file as it is now, hand edits included.
- *generated*: the new output of the geoparser for the documents being ingested.

A value that differs between base and current was edited by hand and wins; otherwise the
generated value wins. Mentions are identified by ``(doc, start, end)``; when an article changed,
mentions are re-anchored by their text (same words, in the same order). Mentions of documents
that are not being ingested are never touched. The rule for people is in
``docs/places-format.md`` ("How hand edits survive ingest").
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..text.sentences import nearest_occurrence
from ..text.tokens import name_key
from .contract import mention_key, normalize

#: Mention fields that locate it in its article; they always come from the generator when the
#: generator still finds the mention (so they match the article's current text).
POSITION_FIELDS = ("doc", "start", "end", "text", "excerpt", "excerpt_start")
#: Mention fields the machine owns when there is no base to tell a hand edit from stale output.
MACHINE_FIELDS = ("confidence", "candidates")

_MISSING = object()

Key = tuple[str, int, int]


@dataclass
class MergeReport:
    """What a merge did, in numbers, plus anything a person should look at."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    kept_edits: int = 0
    kept_deleted: int = 0
    kept_added: int = 0
    reanchored: int = 0
    untouched: int = 0
    places: int = 0
    mentions: int = 0
    base_missing: bool = False
    orphaned: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    path: Path | None = None
    base_path: Path | None = None

    def summary(self) -> str:
        """One line for people, e.g. for ``vzmap ingest``."""
        parts = [
            f"{self.places} places, {self.mentions} mentions",
            f"{self.added} added",
            f"{self.updated} updated",
            f"{self.removed} removed",
            f"{self.kept_edits} hand edits kept",
            f"{self.kept_deleted} deleted mentions stay deleted",
        ]
        if self.kept_added:
            parts.append(f"{self.kept_added} hand-added mentions kept")
        if self.reanchored:
            parts.append(f"{self.reanchored} re-anchored")
        if self.orphaned:
            parts.append(f"{len(self.orphaned)} hand-edited mentions dropped (text gone)")
        return "; ".join(parts)


# --------------------------------------------------------------------------- decomposing


def _split(fc: dict | None, docs: set[str] | None = None, *, keep: bool = True):
    """(places by id without mentions, {key: (place id, mention)}) of a collection.

    With ``docs``, only mentions whose document is (``keep``) or is not (``not keep``) in it.
    """
    places: dict[str, dict] = {}
    mentions: dict[Key, tuple[str, dict]] = {}
    if not fc:
        return places, mentions
    for feature in fc.get("features", []):
        pid = feature["id"]
        shell = copy.deepcopy({k: v for k, v in feature.items() if k != "properties"})
        props = feature.get("properties", {})
        shell["properties"] = copy.deepcopy({k: v for k, v in props.items() if k != "mentions"})
        places[pid] = shell
        for m in props.get("mentions", []):
            if docs is not None and (m["doc"] in docs) != keep:
                continue
            mentions[mention_key(m)] = (pid, copy.deepcopy(m))
    return places, mentions


def _attrs(place: dict | None) -> dict[str, Any]:
    """A place's editable attributes as flat fields: ``geometry``, ``properties.<k>``, ``<k>``."""
    if place is None:
        return {}
    out: dict[str, Any] = {}
    for k, v in place.items():
        if k in ("type", "id"):
            continue
        if k == "properties" and isinstance(v, dict):
            for pk, pv in v.items():
                out[f"properties.{pk}"] = pv
        else:
            out[k] = v
    return out


def _unflatten(pid: str, attrs: dict[str, Any], mentions: list[dict]) -> dict:
    feature: dict[str, Any] = {"type": "Feature", "id": pid}
    props: dict[str, Any] = {}
    for k, v in attrs.items():
        if k.startswith("properties."):
            props[k[len("properties."):]] = v
        else:
            feature[k] = v
    props["mentions"] = mentions
    feature["properties"] = props
    return feature


def _merge_aliases(b: list | None, c: list | None, g: list | None) -> list:
    b_set, c_list, g_list = set(b or []), list(c or []), list(g or [])
    out = [a for a in c_list if a in g_list or a not in b_set]
    out += [a for a in g_list if a not in c_list and a not in b_set]
    return list(dict.fromkeys(out))


def _three_way(b: Any, c: Any, g: Any) -> tuple[Any, bool]:
    """(merged value, whether the hand edit won); ``_MISSING`` stands for an absent key."""
    if c != b:
        return c, c != g
    return g, False


def _merge_place(pid: str, b: dict | None, c: dict | None, g: dict | None, report) -> dict:
    ba, ca, ga = _attrs(b), _attrs(c), _attrs(g)
    if c is None:
        return ga if g is not None else ba
    if g is None:
        return ca
    out: dict[str, Any] = {}
    edited = False
    for k in dict.fromkeys([*ca, *ga, *ba]):
        cv, gv = ca.get(k, _MISSING), ga.get(k, _MISSING)
        if k == "properties.aliases":
            bv = ba.get(k, []) if b is not None else []
            val = _merge_aliases(bv, ca.get(k), ga.get(k))
            edited |= val != (ga.get(k) or [])
        elif b is None:
            # No base for this place: the current (possibly hand-edited) value wins.
            val = cv if cv is not _MISSING else gv
            edited |= cv is not _MISSING and cv != gv
        else:
            val, won = _three_way(ba.get(k, _MISSING), cv, gv)
            edited |= won
        if val is not _MISSING:
            out[k] = val
    if edited:
        report.kept_edits += 1
    return out


def _merge_mention(b: dict | None, c: dict, g: dict) -> tuple[dict, bool]:
    """Merge one mention's fields; (merged, whether a hand edit won)."""
    out: dict[str, Any] = {}
    edited = False
    for k in dict.fromkeys([*c, *g, *(b or {})]):
        cv, gv = c.get(k, _MISSING), g.get(k, _MISSING)
        if k in POSITION_FIELDS:
            val = gv if gv is not _MISSING else cv
        elif b is None:
            val = gv if (k in MACHINE_FIELDS and gv is not _MISSING) else (
                cv if cv is not _MISSING else gv)
            edited |= val is cv and cv != gv
        else:
            val, won = _three_way(b.get(k, _MISSING), cv, gv)
            edited |= won
        if val is not _MISSING:
            out[k] = val
    return out, edited


# --------------------------------------------------------------------------- re-anchoring


def _anchors(m: dict, text: str | None) -> bool:
    if text is None:
        return True
    s, e = m["start"], m["end"]
    return 0 <= s < e <= len(text) and text[s:e] == m["text"]


def reanchor(mention: dict, text: str) -> dict | None:
    """``mention`` moved to where its words are in the (changed) article ``text``, or ``None``.

    Prefers the spot inside the mention's excerpt (when the sentence is still there), else the
    occurrence nearest to the old offset. The excerpt offset follows when the excerpt is found.
    """
    m = dict(mention)
    words = m.get("text") or ""
    start = m.get("start", 0)
    if _anchors(m, text):
        new_start = start
    else:
        new_start = None
        excerpt, es = m.get("excerpt"), m.get("excerpt_start")
        if isinstance(excerpt, str) and excerpt and isinstance(es, int):
            rel = start - es
            pos = text.find(excerpt)
            while pos != -1 and new_start is None:
                if text[pos + rel : pos + rel + len(words)] == words:
                    new_start = pos + rel
                pos = text.find(excerpt, pos + 1)
        if new_start is None and words:
            new_start = nearest_occurrence(text, words, start)
        if new_start is None:
            return None
    m["start"], m["end"] = new_start, new_start + len(words)
    excerpt, es = m.get("excerpt"), m.get("excerpt_start")
    has_excerpt = isinstance(excerpt, str) and excerpt and isinstance(es, int)
    if has_excerpt and (
        text[es : es + len(excerpt)] != excerpt or not (es <= new_start < es + len(excerpt))
    ):
        pos = text.find(excerpt)
        while pos != -1:
            if pos <= new_start and new_start + len(words) <= pos + len(excerpt):
                m["excerpt_start"] = pos
                break
            pos = text.find(excerpt, pos + 1)
    return m


def _align(old: dict[Key, dict], new: dict[Key, dict], text: str | None) -> dict[Key, Key]:
    """Pair old mention keys of one document with new ones: same span and words first, then the
    remaining ones by the order of their words (an LCS of the two word sequences), as long as
    their sentences (excerpts) are still alike."""
    pairs: dict[Key, Key] = {}
    for k, m in old.items():
        if k in new and new[k]["text"] == m["text"]:
            pairs[k] = k
    used = set(pairs.values())
    # Old mentions that still sit on their words in the current article were not moved.
    rest_old = sorted(
        (k for k in old if k not in pairs and not (text is not None and _anchors(old[k], text))),
        key=lambda k: k[1:],
    )
    rest_new = sorted((k for k in new if k not in used), key=lambda k: k[1:])
    if rest_old and rest_new:
        sm = difflib.SequenceMatcher(
            a=[old[k]["text"] for k in rest_old],
            b=[new[k]["text"] for k in rest_new],
            autojunk=False,
        )
        for block in sm.get_matching_blocks():
            for n in range(block.size):
                o, g = rest_old[block.a + n], rest_new[block.b + n]
                if _same_sentence(old[o], new[g]):
                    pairs[o] = g
    return pairs


def _same_sentence(a: dict, b: dict) -> bool:
    """Whether two mentions with the same words sit in (about) the same sentence."""
    ea, eb = a.get("excerpt"), b.get("excerpt")
    if not (isinstance(ea, str) and isinstance(eb, str)) or ea == eb:
        return True
    return difflib.SequenceMatcher(a=ea.split(), b=eb.split(), autojunk=False).ratio() >= 0.5


# --------------------------------------------------------------------------- merging


def _restrict(fc: dict, docs: set[str]) -> dict:
    """``fc`` with only the mentions of ``docs`` and only the places that have some."""
    features = []
    for f in fc.get("features", []):
        ms = [m for m in f["properties"].get("mentions", []) if m["doc"] in docs]
        if ms:
            g = copy.deepcopy(f)
            g["properties"]["mentions"] = copy.deepcopy(ms)
            features.append(g)
    return normalize({"type": "FeatureCollection", "features": features})


def merge_places(
    base: dict | None,
    current: dict | None,
    generated: dict,
    ingested_docs: set[str],
    *,
    doc_texts: dict[str, str] | None = None,
) -> tuple[dict, dict, MergeReport]:
    """Three-way merge of a places file; returns ``(merged, new_base, report)``.

    ``generated`` holds the fresh output for ``ingested_docs`` (mentions of other documents in it
    are ignored). ``doc_texts`` (document id -> current text) lets mentions kept from ``current``
    be re-anchored in changed articles; without it they are kept where they are. ``new_base`` is
    what to store as the base for the next merge. Pure: no I/O, inputs are not modified.
    """
    report = MergeReport()
    docs = set(ingested_docs)
    gen = _restrict(generated, docs)
    if current is None:
        # Nothing to keep: the generated output is the file (any old base is meaningless).
        merged = gen
        report.added = sum(len(f["properties"]["mentions"]) for f in gen["features"])
        report.places = len(gen["features"])
        report.mentions = report.added
        return merged, copy.deepcopy(gen), report
    report.base_missing = base is None
    texts = doc_texts or {}

    b_places, b_ment = _split(base, docs, keep=True)
    c_places, c_ment = _split(current, docs, keep=True)
    g_places, g_ment = _split(gen)
    _, c_other = _split(current, docs, keep=False)
    report.untouched = len(c_other)

    out: dict[Key, tuple[str, dict]] = {}
    hand_kept: dict[Key, tuple[str, dict]] = {}
    for doc in sorted(docs):
        bd = {k: m for k, (_, m) in b_ment.items() if k[0] == doc}
        cd = {k: m for k, (_, m) in c_ment.items() if k[0] == doc}
        gd = {k: m for k, (_, m) in g_ment.items() if k[0] == doc}
        old = {**cd, **bd}  # words of an old key: the base's, else the current file's
        pairs = _align(old, gd, texts.get(doc))
        mapped = set(pairs.values())
        for o in sorted(old):
            b, c = bd.get(o), cd.get(o)
            gk = pairs.get(o)
            g = gd.get(gk) if gk else None
            if g is not None:
                if c is None:
                    if b is not None:
                        report.kept_deleted += 1  # deleted by hand: stays deleted
                    continue
                b_pid = b_ment[o][0] if b is not None else None
                c_pid, g_pid = c_ment[o][0], g_ment[gk][0]
                if b_pid is None:
                    pid, pid_edit = c_pid, c_pid != g_pid
                else:
                    pid, pid_edit = _three_way(b_pid, c_pid, g_pid)
                merged_m, edited = _merge_mention(b, c, g)
                if edited or pid_edit:
                    report.kept_edits += 1
                elif merged_m != c:
                    report.updated += 1
                if gk != o:
                    report.reanchored += 1
                out[gk] = (pid, merged_m)
            elif c is not None:
                hand_edited = b is None or c != b or c_ment[o][0] != b_ment[o][0]
                if not hand_edited:
                    report.removed += 1  # no longer generated, never edited
                    continue
                moved = reanchor(c, texts[doc]) if doc in texts else c
                if moved is None:
                    report.orphaned.append({**c, "place": c_ment[o][0]})
                    continue
                if mention_key(moved) != o:
                    report.reanchored += 1
                if b is None:
                    report.kept_added += 1
                else:
                    report.kept_edits += 1
                hand_kept[mention_key(moved)] = (c_ment[o][0], moved)
        for gk in sorted(set(gd) - mapped):
            out[gk] = (g_ment[gk][0], copy.deepcopy(gd[gk]))
            report.added += 1
    out.update(hand_kept)  # a hand-kept mention wins over a generated one on the same span
    out.update(c_other)  # other documents: untouched

    # Places: those with mentions, ``user:`` ones, and places without mentions that a person
    # added (not in the base); a generated place whose mentions were all deleted or moved goes.
    by_place: dict[str, list[dict]] = {}
    for pid, m in out.values():
        by_place.setdefault(pid, []).append(m)
    keep_ids = set(by_place)
    had_mentions = {
        f["id"] for f in current.get("features", []) if f.get("properties", {}).get("mentions")
    }
    for pid, place in c_places.items():
        hand_made = pid.startswith("user:") or (pid not in had_mentions and pid not in b_places)
        hand_edited = pid in b_places and _attrs(place) != _attrs(b_places[pid])
        if hand_made or hand_edited:
            keep_ids.add(pid)
    features = []
    for pid in sorted(keep_ids):
        attrs = _merge_place(
            pid, b_places.get(pid), c_places.get(pid), g_places.get(pid), report
        )
        features.append(_unflatten(pid, attrs, by_place.get(pid, [])))
    merged = normalize({"type": "FeatureCollection", "features": features})
    report.places = len(features)
    report.mentions = len(out)

    new_base = _new_base(base, gen, docs)
    return merged, new_base, report


def _new_base(base: dict | None, gen: dict, docs: set[str]) -> dict:
    """The old base with the ingested documents' mentions replaced by the generated ones."""
    b_places, b_other = _split(base, docs, keep=False)
    g_places, g_ment = _split(gen)
    by_place: dict[str, list[dict]] = {}
    for pid, m in [*b_other.values(), *g_ment.values()]:
        by_place.setdefault(pid, []).append(m)
    features = []
    for pid in sorted(by_place):
        place = g_places.get(pid) or b_places[pid]
        features.append(_unflatten(pid, _attrs(place), by_place[pid]))
    return normalize({"type": "FeatureCollection", "features": features})


# --------------------------------------------------------------------------- gazetteer


def _entry_of(f: dict, names: list[str], names_only: bool) -> dict | None:
    props = f.get("properties") or {}
    coords = (f.get("geometry") or {}).get("coordinates") or [None, None]
    if not names or len(coords) < 2:
        return None
    return {
        "id": f.get("id"),
        "name": names[0],
        "aliases": names[1:],
        "lat": coords[1],
        "lon": coords[0],
        "kind": props.get("kind"),
        "country": props.get("country"),
        "names_only": names_only,
    }


def _hand_names(f: dict, base_f: dict | None) -> list[str]:
    """Names a person gave a generated place: aliases, and its name if renamed by hand."""
    props = f.get("properties") or {}
    names = [a for a in props.get("aliases") or [] if isinstance(a, str) and a.strip()]
    name = props.get("name")
    base_name = ((base_f or {}).get("properties") or {}).get("name")
    if base_f is not None and isinstance(name, str) and name.strip() and name != base_name:
        names.insert(0, name)
    return names


def user_gazetteer_entries(fc: dict, base: dict | None = None) -> tuple[list[dict], list[str]]:
    """Gazetteer entries for places people made or named, so later articles resolve to them;
    and warnings about name clashes.

    A ``user:`` place becomes a full entry (its name, aliases, position). A generated place
    only lends the names a person gave it (aliases, a new name): with ``"names_only": True``
    the gazetteer keeps its own values for it, so that what the geoparser generates, and the
    merge base records, stays the machine's value and the hand edit stays a hand edit.
    A ``user:`` place's name that is also the name of another place in the file is not used
    (a user place never takes another place's mentions): reported instead. Sorted by id.
    """
    base_by_id = {f.get("id"): f for f in (base or {}).get("features", [])}
    features = fc.get("features", [])
    others: dict[str, str] = {}
    for f in features:
        if not str(f.get("id")).startswith("user:"):
            name = (f.get("properties") or {}).get("name")
            if isinstance(name, str):
                others.setdefault(name_key(name), str(f.get("id")))
    entries, warnings = [], []
    for f in features:
        pid = str(f.get("id"))
        if pid.startswith("user:"):
            props = f.get("properties") or {}
            names = [n for n in [props.get("name"), *(props.get("aliases") or [])]
                     if isinstance(n, str) and n.strip()]
            clash = [n for n in names if name_key(n) in others]
            warnings += [
                f'{pid}: its name "{n}" is also the name of {others[name_key(n)]} in the file; '
                "it is not used for new articles, so that it takes no mentions from that place: "
                "give one of them a distinct name" for n in clash
            ]
            entry = _entry_of(f, [n for n in names if n not in clash], names_only=False)
        else:
            entry = _entry_of(f, _hand_names(f, base_by_id.get(pid)), names_only=True)
        if entry is not None:
            entries.append(entry)
    return sorted(entries, key=lambda e: str(e["id"])), warnings
