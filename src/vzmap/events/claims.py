"""Claims: evidence of one type counts for another when who did it, or to whom, says so."""

from __future__ import annotations

from dataclasses import dataclass, field

from .context import impersonated, reports, setting
from .phrases import Claim
from .stems import Token, folded_set


@dataclass
class Hit:
    type_id: str
    kind: str
    start: int  # token index
    end: int  # token index, exclusive
    weight: float
    text: str
    origin: str = ""  # the type the phrase was evidence of before any claim re-typed it

    def __post_init__(self):
        self.origin = self.origin or self.type_id


#: Type id -> who list name -> the phrases of that list found in the sentence.
WhoHits = dict[str, dict[str, list[Hit]]]


@dataclass
class Outcome:
    """The evidence after claims: hits (re-typed), bonus per claimer, who-phrases they cited."""

    hits: list[Hit]
    bonus: dict[str, float] = field(default_factory=dict)
    who_cited: dict[str, list[Hit]] = field(default_factory=dict)


@dataclass(slots=True)
class _Scene:
    """What a claim of evidence ``src_hits`` is checked against."""

    src_hits: list[Hit]
    who: dict[str, list[Hit]]  # the claimer's who lists
    present: set[str]  # types with evidence
    hits: list[Hit]
    tokens: list[Token]
    clause: list[int]
    lang: str

    def near(self, h: Hit) -> bool:
        """Whether ``h`` is in the same clause as, and close to, some of the claimed evidence."""
        window = int(setting("claim_window"))
        return any(
            h.start < s.end + window and s.start < h.end + window
            and self.clause[h.start] == self.clause[s.start]
            for s in self.src_hits
        )

    def agent_marker_after(self, h: Hit, upto: int) -> bool:
        """Whether "by" (or "por") stands between evidence ``h`` and token ``upto``."""
        by_words = folded_set("agent_markers", (self.lang,))
        return h.end <= upto and any(t.text in by_words for t in self.tokens[h.end : upto])


class ClaimPlan:
    """The claims of a taxonomy in the order they are tried, and how a winner is chosen."""

    def __init__(self, claims: list[Claim], priority: dict[str, int], order: dict[str, int]):
        self._priority = priority
        self._order = order
        # From the most general type (highest priority number) to the most specific, so that a
        # chain works: a killing claimed by an arrest, then the arrest claimed by repression when
        # the suspect is a journalist.
        ordered = sorted(claims, key=lambda c: (-priority[c.claimer], order[c.claimer]))
        self._sources: list[str] = []
        self._claims_of: dict[str, list[Claim]] = {}
        for c in ordered:
            if c.source == c.claimer:
                continue
            if c.source not in self._claims_of:
                self._sources.append(c.source)
            self._claims_of.setdefault(c.source, []).append(c)

    def apply(self, hits: list[Hit], who: WhoHits, tokens: list[Token], clause: list[int],
              lang: str) -> Outcome:
        """Re-type claimed evidence, in up to 3 rounds (until nothing changes)."""
        out = Outcome(hits)
        for _round in range(3):
            changed = False
            for source in self._sources:
                changed |= self._claim_source(source, out, who, tokens, clause, lang)
            if not changed:
                break
        return out

    def _claim_source(self, source: str, out: Outcome, who: WhoHits, tokens: list[Token],
                      clause: list[int], lang: str) -> bool:
        """Give the evidence of ``source`` to its best eligible claimer; whether one took it."""
        src_hits = [h for h in out.hits if h.type_id == source]
        if not src_hits:
            return False
        present = {h.type_id for h in out.hits}
        options = []
        for c in self._claims_of[source]:
            scene = _Scene(src_hits, who.get(c.claimer, {}), present, out.hits, tokens, clause,
                           lang)
            used = self._eligible(c, scene)
            if used is not None:
                options.append((self._rank(c, present), c, used))
        if not options:
            return False
        _, c, used = min(options, key=lambda o: o[0])
        for h in src_hits:
            h.type_id = c.claimer
        out.bonus[c.claimer] = out.bonus.get(c.claimer, 0.0) + setting("claim_bonus")
        out.who_cited.setdefault(c.claimer, []).extend(used)
        # A phrase that served as the claimer's actor/target is not evidence of a third type:
        # in "police detained protesters", "protesters" is who was detained.
        spans = {(w.start, w.end) for w in used}
        out.hits = [h for h in out.hits if h.type_id == c.claimer or (h.start, h.end) not in spans]
        return True

    def _rank(self, c: Claim, present: set[str]) -> tuple:
        """Prefer a claimer with its own evidence, then the most specific claim (more
        conditions), then the lower priority."""
        return (c.claimer not in present, -len(c.conditions), self._priority[c.claimer],
                self._order[c.claimer])

    def _eligible(self, claim: Claim, scene: _Scene) -> list[Hit] | None:
        """The who-phrases that make ``claim`` hold (one distinct phrase per who condition), or
        None when it does not hold. Conditions only look near the claimed evidence."""
        used: list[Hit] = []
        for cond in claim.conditions:
            if cond == "self":
                if claim.claimer not in scene.present:
                    return None
            elif cond in self._priority:
                if not _type_nearby(cond, scene):
                    return None
            else:
                taken = {(u.start, u.end) for u in used}
                pick = next((w for w in self._candidates(claim, cond, scene)
                             if (w.start, w.end) not in taken), None)
                if pick is None:
                    return None
                used.append(pick)
        if self._agent_conditions(claim) >= 2 and not _parties_face(used, scene):
            return None
        return used

    def _candidates(self, claim: Claim, cond: str, scene: _Scene) -> list[Hit]:
        """The phrases of who list ``cond`` that may fill that role for this evidence."""
        candidates = [w for w in scene.who.get(cond, []) if scene.near(w)]
        if cond.startswith("target"):
            # armed parties acted on (targets_armed) could be the ones who acted
            armed = cond.startswith("targets_armed")
            return [w for w in candidates if not _named_as_agent(w, scene)
                    and not (armed and _subject_of_active(w, scene))]
        candidates = [w for w in candidates if not reports(scene.tokens, w.end, scene.lang)
                      and not impersonated(scene.tokens, w.start, scene.lang)]
        if self._agent_conditions(claim) == 1:
            candidates = _after_passive_agent(candidates, scene)
        return candidates

    def _agent_conditions(self, claim: Claim) -> int:
        """How many conditions of ``claim`` name a who list of agents (not of targets)."""
        return sum(c != "self" and c not in self._priority and not c.startswith("target")
                   for c in claim.conditions)


def _type_nearby(type_id: str, scene: _Scene) -> bool:
    """Whether type ``type_id`` has strong evidence (``condition_min``) near the claimed one,
    counting its phrases that another claim already re-typed ("detained after the protests":
    the protest is still a protest when repression has taken it)."""
    total = sum(h.weight for h in scene.hits
                if type_id in (h.type_id, h.origin) and scene.near(h))
    return total >= setting("condition_min")


def _passive_agents_from(scene: _Scene) -> int | None:
    """The token of the first "by" (or "por") just after the claimed evidence, if any."""
    by_words = folded_set("agent_markers", (scene.lang,))
    starts = [j for h in scene.src_hits for j in range(h.end, min(h.end + 4, len(scene.tokens)))
              if scene.tokens[j].text in by_words]
    return min(starts) if starts else None


def _parties_face(used: list[Hit], scene: _Scene) -> bool:
    """Whether the parties of a two-party claim can be on both sides of the act. After a
    passive "was abducted by ...", the one acted on comes before the act: when every party
    is named after "by" ("abducted by gang members posing as police officers"), one side did
    it to someone else, not to the other."""
    if _passive_agents_from(scene) is None:
        return True
    first_evidence = min(h.start for h in scene.src_hits)
    return any(u.end <= first_evidence for u in used)


def _named_as_agent(w: Hit, scene: _Scene) -> bool:
    """A target named after "by" following the event ("was abducted by gang members") is the
    one who acted, not the one acted on."""
    return any(scene.agent_marker_after(h, w.start) for h in scene.src_hits)


def _subject_of_active(w: Hit, scene: _Scene) -> bool:
    """A target named before every claimed act is its subject, unless the act is passive (a
    ``passive_auxiliaries`` word just before it: "fighters were killed"): in "dissidents killed
    a social leader" the dissidents did it."""
    first = min(scene.src_hits, key=lambda h: h.start)
    if w.end > first.start:
        return False
    aux = folded_set("passive_auxiliaries", (scene.lang,))
    return not any(t.text in aux for t in scene.tokens[max(w.end, first.start - 3) : first.start])


def _after_passive_agent(candidates: list[Hit], scene: _Scene) -> list[Hit]:
    """The agent of a passive event ("was killed by her trafficker") comes after "by": an actor
    named before the event is then not the one who did it. (Only for claims with one agent:
    "marines repelled an attack by gunmen" needs two parties.)"""
    agent_from = _passive_agents_from(scene)
    if agent_from is None:
        return candidates
    return [w for w in candidates if w.start > agent_from]
