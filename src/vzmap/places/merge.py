"""Keeping hand edits when ``ingest`` runs again: a three-way merge of the places file.

The three versions:

- *base*: the last generated output, kept beside the places file (``data/.places.geojson.base``,
  see :func:`vzmap.places.io.base_path`); what the file looked like before anyone edited it.
- *current*: the places file as it is now, hand edits included.
- *generated*: the new output of the geoparser for the documents being ingested.

A value that differs between base and current was edited by hand and wins; otherwise the
generated value wins. Mentions are identified by ``(doc, start, end)``; when an article changed,
mentions are re-anchored by their text (same words, in the same order). Mentions of documents
that are not being ingested are never touched. The rule for people is in
``docs/places-format.md`` ("How hand edits survive ingest").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..text.tokens import name_key
from .contract import mention_key, normalize
from .merge_anchor import Key, align, reanchor

#: Mention fields that locate it in its article; they always come from the generator when the
#: generator still finds the mention (so they match the article's current text).
POSITION_FIELDS = ("doc", "start", "end", "text", "excerpt", "excerpt_start")
#: Mention fields the machine owns when there is no base to tell a hand edit from stale output.
MACHINE_FIELDS = ("confidence", "candidates")

_MISSING = object()



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
    Nothing is copied: the merge never changes its inputs, it builds new features from them.
    """
    places: dict[str, dict] = {}
    mentions: dict[Key, tuple[str, dict]] = {}
    if not fc:
        return places, mentions
    for feature in fc.get("features", []):
        pid = feature["id"]
        shell = {k: v for k, v in feature.items() if k != "properties"}
        props = feature.get("properties", {})
        shell["properties"] = {k: v for k, v in props.items() if k != "mentions"}
        places[pid] = shell
        for m in props.get("mentions", []):
            if docs is not None and (m["doc"] in docs) != keep:
                continue
            mentions[mention_key(m)] = (pid, m)
    return places, mentions


def _by_doc(mentions: dict[Key, tuple[str, dict]]) -> dict[str, dict[Key, dict]]:
    """The mentions of each document, by key (in the order of ``mentions``)."""
    out: dict[str, dict[Key, dict]] = {}
    for k, (_, m) in mentions.items():
        out.setdefault(k[0], {})[k] = m
    return out


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


# --------------------------------------------------------------------------- merging


def _restrict(fc: dict, docs: set[str]) -> dict:
    """``fc`` with only the mentions of ``docs`` and only the places that have some."""
    features = []
    for f in fc.get("features", []):
        ms = [m for m in f["properties"].get("mentions", []) if m["doc"] in docs]
        if ms:
            features.append({**f, "properties": {**f["properties"], "mentions": ms}})
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
    what to store as the base for the next merge. Pure: no I/O, inputs are not modified; the
    results are built from them without copying their values (and are one object when there
    is no current file): copy them before changing them in place. Linear in the mentions: each
    document's mentions are merged on their own.
    """
    docs = set(ingested_docs)
    gen = _restrict(generated, docs)
    if current is None:
        return _first_output(gen)
    merge = _Merge(base, current, gen, docs, doc_texts or {})
    for doc in sorted(docs):
        merge.document(doc)
    mentions = merge.mentions()
    features = merge.features(mentions)
    merge.report.places = len(features)
    merge.report.mentions = len(mentions)
    merged = normalize({"type": "FeatureCollection", "features": features})
    return merged, _new_base(base, gen, docs), merge.report


def _first_output(gen: dict) -> tuple[dict, dict, MergeReport]:
    """Nothing to keep: the generated output is the file and its base (one object: any old base
    is meaningless)."""
    report = MergeReport()
    report.added = sum(len(f["properties"]["mentions"]) for f in gen["features"])
    report.places = len(gen["features"])
    report.mentions = report.added
    return gen, gen, report


class _Merge:
    """One merge under way: base (b), current (c) and generated (g) split into places and the
    ingested documents' mentions, the merged mentions so far, and the report."""

    def __init__(self, base: dict | None, current: dict, gen: dict, docs: set[str],
                 texts: dict[str, str]):
        self.current = current
        self.texts = texts
        self.report = MergeReport(base_missing=base is None)
        self.b_places, self.b_ment = _split(base, docs, keep=True)
        self.c_places, self.c_ment = _split(current, docs, keep=True)
        self.g_places, self.g_ment = _split(gen)
        _, self.c_other = _split(current, docs, keep=False)
        self.b_doc, self.c_doc, self.g_doc = map(_by_doc, (self.b_ment, self.c_ment, self.g_ment))
        self.report.untouched = len(self.c_other)
        self.out: dict[Key, tuple[str, dict]] = {}
        self.hand_kept: dict[Key, tuple[str, dict]] = {}

    def document(self, doc: str) -> None:
        """Merge the mentions of one ingested document."""
        bd, cd, gd = (self.b_doc.get(doc, {}), self.c_doc.get(doc, {}),
                      self.g_doc.get(doc, {}))
        old = {**cd, **bd}  # words of an old key: the base's, else the current file's
        pairs = align(old, gd, self.texts.get(doc))
        for o in sorted(old):
            gk = pairs.get(o)
            b, c = bd.get(o), cd.get(o)
            if gk is not None and (g := gd.get(gk)) is not None:
                self._still_generated(o, gk, b, c, g)
            elif c is not None:
                self._no_longer_generated(doc, o, b, c)
        for gk in sorted(set(gd) - set(pairs.values())):
            self.out[gk] = (self.g_ment[gk][0], gd[gk])
            self.report.added += 1

    def _still_generated(self, o: Key, gk: Key, b: dict | None, c: dict | None, g: dict) -> None:
        """Old mention ``o`` that the generator finds again as ``gk``: its fields and its place
        are merged, unless a person deleted it."""
        report = self.report
        if c is None:
            if b is not None:
                report.kept_deleted += 1  # deleted by hand: stays deleted
            return
        pid, pid_edit = self._place_of(o, gk, b)
        merged_m, edited = _merge_mention(b, c, g)
        if edited or pid_edit:
            report.kept_edits += 1
        elif merged_m != c:
            report.updated += 1
        if gk != o:
            report.reanchored += 1
        self.out[gk] = (pid, merged_m)

    def _place_of(self, o: Key, gk: Key, b: dict | None) -> tuple[str, bool]:
        """The place of a mention found again, and whether that is a hand edit."""
        c_pid, g_pid = self.c_ment[o][0], self.g_ment[gk][0]
        if b is None:
            return c_pid, c_pid != g_pid
        return _three_way(self.b_ment[o][0], c_pid, g_pid)

    def _no_longer_generated(self, doc: str, o: Key, b: dict | None, c: dict) -> None:
        """Old mention ``o`` that the generator no longer finds: it goes unless a person made or
        edited it; then it stays, moved to its words in the changed article (or is reported)."""
        report = self.report
        pid = self.c_ment[o][0]
        if b is not None and c == b and pid == self.b_ment[o][0]:
            report.removed += 1  # no longer generated, never edited
            return
        moved = reanchor(c, self.texts[doc]) if doc in self.texts else c
        if moved is None:
            report.orphaned.append({**c, "place": pid})
            return
        if mention_key(moved) != o:
            report.reanchored += 1
        if b is None:
            report.kept_added += 1
        else:
            report.kept_edits += 1
        self.hand_kept[mention_key(moved)] = (pid, moved)

    def mentions(self) -> dict[Key, tuple[str, dict]]:
        """Every mention of the merged file, by key, with its place id: a hand-kept mention wins
        over a generated one on the same span; those of other documents are untouched."""
        return {**self.out, **self.hand_kept, **self.c_other}

    def features(self, mentions: dict[Key, tuple[str, dict]]) -> list[dict]:
        """The merged features, by id: the places of ``mentions`` and those kept by hand."""
        by_place: dict[str, list[dict]] = {}
        for pid, m in mentions.values():
            by_place.setdefault(pid, []).append(m)
        features = []
        for pid in sorted(set(by_place) | self._places_kept_by_hand()):
            attrs = _merge_place(pid, self.b_places.get(pid), self.c_places.get(pid),
                                 self.g_places.get(pid), self.report)
            features.append(_unflatten(pid, attrs, by_place.get(pid, [])))
        return features

    def _places_kept_by_hand(self) -> set[str]:
        """``user:`` places, places without mentions that a person added (not in the base) and
        places edited by hand; a generated place whose mentions were all deleted or moved goes."""
        had_mentions = {
            f["id"] for f in self.current.get("features", [])
            if f.get("properties", {}).get("mentions")
        }
        kept = set()
        for pid, place in self.c_places.items():
            hand_made = pid.startswith("user:") or (pid not in had_mentions
                                                     and pid not in self.b_places)
            hand_edited = pid in self.b_places and _attrs(place) != _attrs(self.b_places[pid])
            if hand_made or hand_edited:
                kept.add(pid)
        return kept


def _without_mentions(feature: dict) -> dict:
    props = {k: v for k, v in (feature.get("properties") or {}).items() if k != "mentions"}
    return {**feature, "properties": props}


def drop_unedited_empty(fc: dict, base: dict | None) -> dict:
    """``fc`` without the places left with no mention that no person made or edited: a ``user:``
    place stays, and so does one the base does not hold as it is now (without a base every other
    place is taken as vzmap's). What ``remove`` and the review queue do after taking mentions."""
    base_places = {f.get("id"): _without_mentions(f) for f in (base or {}).get("features", [])}

    def keep(f: dict) -> bool:
        if (f.get("properties") or {}).get("mentions") or str(f.get("id")).startswith("user:"):
            return True
        return base is not None and base_places.get(f.get("id")) != _without_mentions(f)

    return {**fc, "features": [f for f in fc["features"] if keep(f)]}


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
