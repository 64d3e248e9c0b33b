"""Classifying what happened at a place mention into an event type of the taxonomy (rule-based)."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from threading import Lock

from .. import settings
from ..errors import TaxonomyError
from .taxonomy import Taxonomy, load_taxonomy


def _setting(name: str) -> float:
    return settings.value(f"events.{name}")


LANGS = ("en", "es")

# Negation words (accent-free, lower case) that weaken a following trigger or cue.
_NEGATIONS = {
    "en": frozenset({
        "no", "not", "never", "without", "denied", "denies", "deny", "nobody", "neither", "nor",
        "didn", "wasn", "weren", "hasn", "haven", "isn", "aren",
    }),
    "es": frozenset({
        "no", "nunca", "sin", "niega", "nego", "negaron", "ningun", "ninguna", "ninguno", "ni",
        "tampoco",
    }),
}
# What separates two clauses of a sentence.
_CLAUSE_BREAK_RE = re.compile(
    r";|\b(?:while|whereas|but|meanwhile|although|mientras|aunque|pero|sino)\b", re.IGNORECASE
)
# Verbs after which a party is the source of the news, not the actor ("Police said/found ...").
_REPORTING = {
    "en": frozenset({
        "say", "said", "says", "found", "find", "finds", "reported", "report", "reports",
        "discovered", "believe", "believes", "told", "confirmed", "announced", "stated", "added",
    }),
    "es": frozenset({
        "dijo", "dijeron", "informo", "informaron", "hallaron", "hallo", "encontraron",
        "encontro", "reporto", "reportaron", "senalo", "confirmo", "anuncio", "indico",
    }),
}
_SELF_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their"})


def _reports(tokens: list[Token], after: int, lang: str) -> bool:
    """Whether a reporting verb follows token ``after`` (within 2 tokens), about someone else."""
    reporting = _REPORTING.get(lang, frozenset())
    for j in range(after, min(after + 2, len(tokens))):
        if tokens[j].text in reporting:
            following = {t.text for t in tokens[j + 1 : j + 3]}
            return not (following & _SELF_PRONOUNS)
    return False


# Words that introduce the agent of a passive verb.
_BY = {"en": frozenset({"by"}), "es": frozenset({"por"})}
# "not only" is not a negation.
_NOT_NEGATING_NEXT = frozenset({"only", "solo", "solamente"})

# Lemma-ish matching: irregular forms mapped to the stem of their regular relatives.
_IRREGULAR = {
    "en": {
        "detention": "detain", "detentions": "detain", "detainee": "detainee",
        "detainees": "detainee", "seizure": "seiz", "seizures": "seiz",
        "extradition": "extradit", "extraditions": "extradit", "deportation": "deport",
        "deportations": "deport", "abduction": "abduct", "abductions": "abduct",
        "expelled": "expel", "expelling": "expel", "expulsion": "expel", "fought": "fight",
        "died": "die", "dies": "die", "dying": "die", "killings": "kill", "arrests": "arrest",
        "news": "news", "gas": "gas", "police": "police", "bus": "bus", "us": "us",
        "prisons": "prison", "crowded": "crowded", "captive": "captive", "ran": "run",
        "led": "lead",
    },
    "es": {
        "detuvo": "deten", "detuvieron": "deten", "detienen": "deten", "detiene": "deten",
        "detencion": "deten", "detenciones": "deten", "detener": "deten",
        "presos": "pres", "preso": "pres",
    },
}
_EN_SUFFIXES = ("ings", "ing", "ed", "s")
_ES_SUFFIXES = ("ieron", "aron", "ados", "adas", "idos", "idas", "ado", "ada", "ido", "ida",
                "es", "os", "as", "o", "a", "s")
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Lower case without accents (``Tocorón`` -> ``tocoron``), one char per char."""
    if text.isascii():
        return text.lower()
    out = []
    for ch in text.lower():
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base if base.isalnum() else ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def stem(word: str, lang: str = "en") -> str:
    """A light, deterministic stem so that detain/detained/detaining (or detenido/detenidos) match.

    Not a linguistic lemmatiser: it only has to map the forms of one word to one key and rarely
    map two different words of the news vocabulary to the same key.
    """
    w = _fold(word)
    irregular = _IRREGULAR.get(lang, {})
    if w in irregular:
        return irregular[w]
    if w.isdigit():
        return w
    if lang == "es":
        for suf in _ES_SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                return w[: -len(suf)]
        return w
    if len(w) > 4 and w.endswith(("ies", "ied")):
        return w[:-3] + "y"
    for suf in _EN_SUFFIXES:
        if not w.endswith(suf) or len(w) - len(suf) < 3:
            continue
        if suf == "s" and w.endswith(("ss", "us", "is")):
            break
        w = w[: -len(suf)]
        if suf in ("ing", "ings", "ed") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
        break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


@dataclass(frozen=True)
class Token:
    text: str  # folded surface form
    key: str  # stem
    start: int
    end: int


def tokenize(text: str, lang: str = "en") -> list[Token]:
    """Word tokens with their stems and offsets into ``text``."""
    return list(_tokenize(text, lang))


@lru_cache(maxsize=256)
def _tokenize(text: str, lang: str) -> tuple[Token, ...]:
    # cached: the mentions of one sentence are classified one after the other
    return tuple(
        Token(_fold(m.group()), stem(m.group(), lang), m.start(), m.end())
        for m in _TOKEN_RE.finditer(text)
    )


@dataclass(frozen=True)
class Classification:
    """The event type decided for one mention's sentence."""

    event_type: str
    score: float  # in [0, 1]
    evidence: tuple[str, ...] = ()  # the cue phrases (as written in the sentence) that decided

    def __post_init__(self):
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score!r} must be in [0, 1]")


# Evidence kinds of phrases a type may list (field name prefix); any other list named in a
# claim condition (``actors``, ``targets``, ``state_forces``, ...) is a "who" list.
_EVIDENCE_KINDS = ("triggers", "cues")
_KINDS = (*_EVIDENCE_KINDS, "exclude")


@dataclass(frozen=True)
class _Phrase:
    keys: tuple[str, ...]  # stems (or folded surface forms for kind "exclude")
    type_id: str
    kind: str
    text: str


@dataclass(frozen=True)
class _Claim:
    claimer: str
    source: str
    conditions: tuple[str, ...]  # "self", a type id, or the name of a who list of the claimer


@dataclass
class _Hit:
    type_id: str
    kind: str
    start: int  # token index
    end: int  # token index, exclusive
    weight: float
    text: str


def _parse_claims(tax: Taxonomy) -> list[_Claim]:
    """The ``claims`` of every type; each condition checked against the type's fields."""
    claims = []
    ids = set(tax.ids)
    for t in tax.types:
        raw = t.extra.get("claims", [])
        if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
            raise TaxonomyError(
                f"{tax.source}: type {t.id!r}: claims must be a list of strings like "
                f"'arrest_raid:targets'"
            )
        for item in raw:
            source, _, cond = item.partition(":")
            source = source.strip()
            conditions = tuple(c.strip() for c in cond.split("+") if c.strip()) or ("self",)
            if source not in ids:
                raise TaxonomyError(
                    f"{tax.source}: type {t.id!r}: claim {item!r} names unknown type "
                    f"{source!r}; known types: {sorted(ids)}"
                )
            for c in conditions:
                if c == "self" or c in ids:
                    continue
                if c in _KINDS or not any(f"{c}_{lang}" in t.extra for lang in LANGS):
                    raise TaxonomyError(
                        f"{tax.source}: type {t.id!r}: claim {item!r}: condition {c!r} must be "
                        f"'self', a type id or the name of a list of this type such as "
                        f"{c}_en = [...]"
                    )
            claims.append(_Claim(t.id, source, conditions))
    return claims


class Classifier:
    """Rule-based event classifier, built once from a taxonomy (phrases precompiled per language).

    Every phrase comes from the taxonomy file, per type and language:

    - ``triggers_<lang>``: evidence for the type (weight 1);
    - ``cues_<lang>`` (optional): weaker evidence (weight 0.6);
    - ``exclude_<lang>`` (optional): exact word forms that cancel this type's phrase at the same
      place (e.g. ``jailed`` is an arrest, not a prison event);
    - ``claims`` (optional): ``"source:cond+cond"``: when every condition holds near the
      evidence of type ``source`` (same clause, within ``claim_window`` tokens), that evidence
      counts for this type instead. Conditions: ``self`` (this type has evidence of its own), a
      type id (that type has evidence, at least ``condition_min``) or the name of a "who" list
      of this type, e.g. ``targets`` for ``targets_<lang>``: one of its phrases occurs. Who
      lists (``actors``, ``targets``, ``state_forces``...) are not evidence by themselves.
      Example on ``repression``: ``"arrest_raid:targets"``: protesters detained is repression.
      A target named after "by" is not a target; an actor named before a passive "... by" is
      not the actor. When several types may claim the same evidence, the one with evidence of
      its own wins, then the claim with more conditions, then the lower priority.

    Overlapping phrases: the longest wins (so ``FARC dissidents`` is not read as ``dissidents``);
    a phrase in another clause than the mention or far from it weighs less, one after a negation
    much less. Ties of score go to the lower ``priority``, then to file order. Below
    ``min_score`` the taxonomy's fallback type is returned.
    """

    def __init__(self, taxonomy: Taxonomy | None = None):
        self.taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
        self._order = {t.id: i for i, t in enumerate(self.taxonomy.types)}
        self._priority = {t.id: t.priority for t in self.taxonomy.types}
        self._claims = _parse_claims(self.taxonomy)
        ids = set(self.taxonomy.ids)
        self._who_lists: dict[str, set[str]] = {}
        for c in self._claims:
            for cond in c.conditions:
                if cond != "self" and cond not in ids:
                    self._who_lists.setdefault(c.claimer, set()).add(cond)
        self._index: dict[str, dict[str, list[_Phrase]]] = {}
        for lang in LANGS:
            index: dict[str, list[_Phrase]] = {}
            for t in self.taxonomy.types:
                for kind in (*_KINDS, *sorted(self._who_lists.get(t.id, ()))):
                    field = f"{kind}_{lang}"
                    phrases = getattr(t, field, None) if kind == "triggers" else None
                    if phrases is None:
                        phrases = t.extra.get(field, ())
                    if isinstance(phrases, str) or not all(isinstance(p, str) for p in phrases):
                        raise TaxonomyError(
                            f"{self.taxonomy.source}: type {t.id!r}: {field} must be a list "
                            f"of strings"
                        )
                    for text in phrases:
                        toks = tokenize(text, lang)
                        if not toks:
                            continue
                        keys = tuple(
                            tok.text if kind == "exclude" else tok.key for tok in toks
                        )
                        index.setdefault(keys[0], []).append(_Phrase(keys, t.id, kind, text))
            self._index[lang] = index
        # Claims are applied from the most general type (highest priority number) to the most
        # specific, so that a chain works: a killing claimed by an arrest, then the arrest claimed
        # by repression when the suspect is a journalist.
        self._claims.sort(key=lambda c: (-self._priority[c.claimer], self._order[c.claimer]))
        self._sources: list[str] = []
        self._claims_of: dict[str, list[_Claim]] = {}
        for c in self._claims:
            if c.source == c.claimer:
                continue
            if c.source not in self._claims_of:
                self._sources.append(c.source)
            self._claims_of.setdefault(c.source, []).append(c)

    def _eligible(
        self,
        claim: _Claim,
        src_hits: list[_Hit],
        who: dict[str, list[_Hit]],
        present: set[str],
        hits: list[_Hit],
        tokens: list[Token],
        clause: list[int],
        lang: str,
    ) -> list[_Hit] | None:
        """The who-phrases that make ``claim`` hold (one distinct phrase per who condition), or
        None when it does not hold. Conditions only look near the claimed evidence."""
        window = int(_setting("claim_window"))
        by_words = _BY.get(lang, frozenset())

        def near(h: _Hit) -> bool:
            return any(
                h.start < s.end + window
                and s.start < h.end + window
                and clause[h.start] == clause[s.start]
                for s in src_hits
            )

        who_conds = [c for c in claim.conditions if c != "self" and c not in self._priority]
        used: list[_Hit] = []
        for cond in claim.conditions:
            if cond == "self":
                if claim.claimer not in present:
                    return None
                continue
            if cond in self._priority:  # a type id: that type has strong evidence nearby
                total = sum(h.weight for h in hits if h.type_id == cond and near(h))
                if total < _setting("condition_min"):
                    return None
                continue
            candidates = [w for w in who.get(cond, []) if near(w)]
            if cond.startswith("target"):
                # A target named after "by" following the event ("was abducted by gang members")
                # is the one who acted, not the one acted on.
                candidates = [
                    w for w in candidates
                    if not any(
                        h.end <= w.start
                        and any(t.text in by_words for t in tokens[h.end : w.start])
                        for h in src_hits
                    )
                ]
            else:
                # "Police said ..." / "Police found the body ...": a source, not the actor
                # (unless it goes on about itself: "the army said it killed ...").
                candidates = [w for w in candidates if not _reports(tokens, w.end, lang)]
            if not cond.startswith("target") and sum(
                not c.startswith("target") for c in who_conds
            ) == 1:
                # The agent of a passive event ("was killed by her trafficker") comes after "by":
                # an actor named before the event is then not the one who did it. (Not for claims
                # that need two parties: "marines repelled an attack by gunmen".)
                agent_from = [
                    j for h in src_hits for j in range(h.end, min(h.end + 4, len(tokens)))
                    if tokens[j].text in by_words
                ]
                if agent_from:
                    candidates = [w for w in candidates if w.start > min(agent_from)]
            taken = {(u.start, u.end) for u in used}
            pick = next((w for w in candidates if (w.start, w.end) not in taken), None)
            if pick is None:
                return None
            used.append(pick)
        return used

    # -- matching -------------------------------------------------------------------------------

    def _matches(self, tokens: list[Token], lang: str) -> list[tuple[int, int, list[_Phrase]]]:
        """All phrase matches as (start, end, phrases), longest non-overlapping spans kept."""
        index = self._index[lang]
        found: dict[tuple[int, int], list[_Phrase]] = {}
        for i, tok in enumerate(tokens):
            for key in (tok.key,) if tok.key == tok.text else (tok.key, tok.text):
                for ph in index.get(key, ()):
                    n = len(ph.keys)
                    if i + n > len(tokens):
                        continue
                    if ph.kind == "exclude":
                        ok = all(tokens[i + j].text == ph.keys[j] for j in range(n))
                    else:
                        ok = all(tokens[i + j].key == ph.keys[j] for j in range(n))
                    if ok and ph not in found.get((i, i + n), ()):
                        found.setdefault((i, i + n), []).append(ph)
        spans = sorted(found, key=lambda s: (-(s[1] - s[0]), s[0]))
        taken = [False] * len(tokens)
        chosen: list[tuple[int, int, list[_Phrase]]] = []
        for s, e in spans:
            if any(taken[s:e]):
                continue
            for j in range(s, e):
                taken[j] = True
            phrases = list(found[(s, e)])
            # Shorter phrases inside a longer one still count when they are of the same type
            # (a longer phrase containing a trigger is at least as strong as the trigger).
            types_here = {p.type_id for p in phrases}
            for (s2, e2), inner in found.items():
                if s <= s2 and e2 <= e and (s2, e2) != (s, e):
                    phrases.extend(
                        p for p in inner if p.type_id in types_here and p.kind != "exclude"
                    )
            chosen.append((s, e, phrases))
        chosen.sort(key=lambda c: c[0])
        return chosen

    @staticmethod
    def _negated(tokens: list[Token], start: int, lang: str) -> bool:
        window = int(_setting("negation_window"))
        negs = _NEGATIONS.get(lang, frozenset())
        for j in range(max(0, start - window), start):
            if tokens[j].text in negs:
                nxt = tokens[j + 1].text if j + 1 < len(tokens) else ""
                if nxt not in _NOT_NEGATING_NEXT:
                    return True
        return False

    @staticmethod
    def _distance_factor(start: int, end: int, mention_tokens: tuple[int, int] | None) -> float:
        if mention_tokens is None:
            return 1.0
        ms, me = mention_tokens
        if end <= ms:
            d = ms - end
        elif start >= me:
            d = start - me
        else:
            d = 0
        near = _setting("near_tokens")
        if d <= near:
            return 1.0
        return max(_setting("min_distance_factor"), 1.0 - (d - near) * _setting("decay_per_token"))

    # -- classification -------------------------------------------------------------------------

    def classify(
        self, sentence: str, mention: tuple[int, int] | None = None, *, lang: str = "en"
    ) -> Classification:
        """Classify the event that ``sentence`` reports at the place ``sentence[start:end]``."""
        if lang not in LANGS:
            raise ValueError(f"lang {lang!r} is not supported; use one of {LANGS}")
        if mention is not None:
            start, end = mention
            if not (0 <= start <= end <= len(sentence)):
                raise ValueError(
                    f"mention {mention!r} is outside the sentence (length {len(sentence)})"
                )
        tokens = tokenize(sentence, lang)
        # Clause number of each token: phrases in another clause than the mention count less, and
        # claims do not reach across clauses.
        breaks = [m.start() for m in _CLAUSE_BREAK_RE.finditer(sentence)]
        clause = [sum(b < t.start for b in breaks) for t in tokens] if breaks else [0] * len(tokens)
        mention_tokens = None
        mention_clause = None
        if mention is not None:
            idx = [i for i, t in enumerate(tokens) if t.start < mention[1] and t.end > mention[0]]
            if idx:
                mention_tokens = (idx[0], idx[-1] + 1)
                mention_clause = clause[idx[0]]

        hits: list[_Hit] = []
        who: dict[str, dict[str, list[_Hit]]] = {}  # type id -> who list name -> phrases
        for s, e, phrases in self._matches(tokens, lang):
            text = sentence[tokens[s].start : tokens[e - 1].end]
            excluded = {p.type_id for p in phrases if p.kind == "exclude"}
            best: dict[str, float] = {}
            for p in phrases:
                if p.type_id in excluded or p.kind == "exclude":
                    continue
                if p.kind in _EVIDENCE_KINDS:
                    base = _setting("trigger_weight" if p.kind == "triggers" else "cue_weight")
                    best[p.type_id] = max(best.get(p.type_id, 0.0), base)
                else:
                    lists = who.setdefault(p.type_id, {})
                    lists.setdefault(p.kind, []).append(_Hit(p.type_id, p.kind, s, e, 0.0, text))
            if not best:
                continue
            factor = 1.0 + _setting("length_bonus") * (e - s - 1)
            factor *= self._distance_factor(s, e, mention_tokens)
            if mention_clause is not None and clause[s] != mention_clause:
                factor *= _setting("clause_factor")
            if self._negated(tokens, s, lang):
                factor *= _setting("negated_factor")
            for type_id, base in best.items():
                hits.append(_Hit(type_id, "evidence", s, e, base * factor, text))

        bonus: dict[str, float] = {}
        who_cited: dict[str, list[_Hit]] = {}
        for _round in range(3):
            changed = False
            for source in self._sources:
                src_hits = [h for h in hits if h.type_id == source]
                if not src_hits:
                    continue
                present = {h.type_id for h in hits}
                options = []
                for c in self._claims_of[source]:
                    used = self._eligible(
                        c, src_hits, who.get(c.claimer, {}), present, hits, tokens, clause, lang
                    )
                    if used is not None:
                        # Prefer a claimer with its own evidence, then the most specific claim
                        # (more conditions), then the lower priority.
                        rank = (
                            c.claimer not in present,
                            -len(c.conditions),
                            self._priority[c.claimer],
                            self._order[c.claimer],
                        )
                        options.append((rank, c, used))
                if not options:
                    continue
                _, c, used = min(options, key=lambda o: o[0])
                for h in src_hits:
                    h.type_id = c.claimer
                bonus[c.claimer] = bonus.get(c.claimer, 0.0) + _setting("claim_bonus")
                who_cited.setdefault(c.claimer, []).extend(used)
                # A phrase that served as the claimer's actor/target is not evidence of a third
                # type: in "police detained protesters", "protesters" is who was detained.
                spans = {(w.start, w.end) for w in used}
                hits = [h for h in hits if h.type_id == c.claimer or (h.start, h.end) not in spans]
                changed = True
            if not changed:
                break

        score: dict[str, float] = {t.id: bonus.get(t.id, 0.0) for t in self.taxonomy.types}
        evidence: dict[str, list[tuple[int, str]]] = {t.id: [] for t in self.taxonomy.types}
        for h in hits:
            score[h.type_id] += h.weight
            evidence[h.type_id].append((h.start, h.text))
        for tid, cited_who in who_cited.items():
            evidence[tid].extend((w.start, w.text) for w in cited_who)

        ranked = sorted(
            score, key=lambda tid: (-round(score[tid], 9), self._priority[tid], self._order[tid])
        )
        best_id = ranked[0]
        best_score = score[best_id]
        fallback = self.taxonomy.fallback
        if best_score < _setting("min_score"):
            if best_score <= 0:
                return Classification(fallback, _setting("fallback_score"), ())
            return Classification(fallback, round(1.0 - _squash(best_score), 4), ())
        runner_up = score[ranked[1]] if len(ranked) > 1 else 0.0
        confidence = _squash(best_score) * best_score / (best_score + runner_up)
        seen: set[str] = set()
        cited = []
        for _, text in sorted(evidence[best_id]):
            if text not in seen:
                seen.add(text)
                cited.append(text)
        return Classification(best_id, round(min(1.0, max(0.0, confidence)), 4), tuple(cited))


def _squash(x: float) -> float:
    """Map an evidence score in [0, inf) to [0, 1): 1 -> 0.70, 2 -> 0.91."""
    return 1.0 - math.exp(-1.2 * x)


_DEFAULT: Classifier | None = None
_CACHE: dict[int, tuple[Taxonomy, Classifier]] = {}
_LOCK = Lock()


def get_classifier(taxonomy: Taxonomy | None = None) -> Classifier:
    """The cached classifier of ``taxonomy`` (the default taxonomy when None)."""
    global _DEFAULT
    with _LOCK:
        if taxonomy is None:
            if _DEFAULT is None:
                _DEFAULT = Classifier()
            return _DEFAULT
        cached = _CACHE.get(id(taxonomy))
        if cached is not None and cached[0] is taxonomy:
            return cached[1]
        clf = Classifier(taxonomy)
        if len(_CACHE) >= 8:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[id(taxonomy)] = (taxonomy, clf)
        return clf


def classify(
    sentence: str,
    mention: tuple[int, int] | None = None,
    *,
    taxonomy: Taxonomy | None = None,
    lang: str = "en",
) -> Classification:
    """Classify what ``sentence`` says happened at the place ``sentence[mention[0]:mention[1]]``.

    >>> classify("Police in Caracas detained dozens of protesters.", (10, 17)).event_type
    'repression'
    """
    return get_classifier(taxonomy).classify(sentence, mention, lang=lang)
