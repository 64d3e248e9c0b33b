"""Finding the gazetteer names in an article's tokens: the longest runs of capitalised words
(and connectors) that name a place, looked up with the division word before them ("municipio
Sucre", "condado de Cook") or after them ("Sifontes municipality"), and a division named alone
again after the article named it so ("the mayor of Sifontes")."""

from __future__ import annotations

from ..gazetteer.index import Gazetteer
from ..text.lexicon import word_set
from ..text.tokens import name_key
from .names import (
    ARTICLES,
    CONNECTORS,
    COUNTY_LIST_WORDS,
    COUNTY_TAILS,
    DIVISION_HEADS,
    DIVISION_TAILS,
    FEATURE_HEADS,
    LIST_GAP,
    NATURAL_FEATURES,
    PLACE_HEADS,
    Span,
    Token,
    is_name_word,
    joinable,
)
from .verdicts import main_name

#: Longest name looked up, in tokens.
MAX_NAME_TOKENS = 6
#: The last words of the names of US counties and Louisiana parishes ("Avoyelles Parish").
_COUNTY_WORDS = frozenset({"county", "parish"})
#: How many tokens a list of county names before "counties" may span.
_COUNTY_LIST_TOKENS = 16
#: The words that join the last two names of a list ("Harris and Fort Bend").
_LIST_WORDS = frozenset({"and", "or"})
#: The division word a name followed by a division tail ("municipality") is looked up with.
_TAIL_HEAD = "municipio"
#: Offices of a municipality before "de" ("el alcalde de Carirubana"): looked up as "municipio X"
_MUNICIPAL_OFFICES = word_set("recognition", "municipal_offices")


def gazetteer_names(
    text: str, tokens: list[Token], gaz: Gazetteer, lang: str = "en"
) -> list[Span]:
    """The longest runs of capitalised tokens (and connectors) that are gazetteer names, in an
    article of language ``lang``."""
    spans: list[Span] = []
    tails = [k for k, t in enumerate(tokens) if t.key in DIVISION_TAILS and not t.cap]
    county_tails = [k for k, t in enumerate(tokens) if t.key in COUNTY_TAILS and not t.cap]
    # the divisions named with their word so far, by the key of their bare name
    divisions: dict[str, str] = {}  # "sifontes" -> "municipio sifontes"
    counties = _counties_named(text, tokens, gaz)  # "avoyelles" -> "avoyelles parish"
    listed: tuple[int, str] | None = None  # last token and head of a division just found
    i = 0
    while i < len(tokens):
        found = None
        if tokens[i].cap or _numbered_place(text, tokens, i, gaz):
            head = _division_head(text, tokens, i) or _listed_head(text, tokens, i, listed)
            found = _longest_name(text, tokens, i, gaz, head) if head else None
            if found and (plain := _longest_name(text, tokens, i, gaz)) and plain[0] > found[0]:
                found = None  # "la provincia de Santa Elena": no "provincia del Santa" + "Elena"
            if not head and any(i < k <= i + MAX_NAME_TOKENS for k in tails):
                found = _name_before_tail(text, tokens, i, gaz)
                head = _TAIL_HEAD if found else ""
            if not head and _after_municipal_office(text, tokens, i):
                found = _municipality_only(text, tokens, i, gaz)
                head = _TAIL_HEAD if found else ""
            if found:
                divisions[_bare(found[1], head)] = found[1]
            if not head and (feature := _feature_head(text, tokens, i)):
                found = _longest_name(text, tokens, i, gaz, feature)  # not named again bare
            if not found and any(i < k <= i + _COUNTY_LIST_TOKENS for k in county_tails):
                found = _listed_county(text, tokens, i, gaz)
            found = (
                found
                or _county_or_name(
                    _named_again(text, tokens, i, gaz, counties),
                    _longest_name(text, tokens, i, gaz),
                    gaz,
                )
                or _named_again(text, tokens, i, gaz, divisions)
            )
        if found is None or _article_before_a_longer_name(text, tokens, i, gaz, found[0]):
            i += 1
            continue
        last, key, is_demonym = found
        listed = (last, head) if head and key.startswith(head + " ") else None
        spans.append(Span(text, tokens, i, last, key, is_demonym, gaz, lang))
        i = last + 1
    return spans


def _article_before_a_longer_name(
    text: str, tokens: list[Token], i: int, gaz: Gazetteer, last: int
) -> bool:
    """Whether the name found at token ``i`` opens with an article that a longer name after it
    leaves out: "La Comunidad de Madrid" is the Comunidad de Madrid, not a town La Comunidad."""
    if tokens[i].key not in ARTICLES or i + 1 >= len(tokens):
        return False
    after = _longest_name(text, tokens, i + 1, gaz)
    return after is not None and after[0] > last


def _counties_named(text: str, tokens: list[Token], gaz: Gazetteer) -> dict[str, str]:
    """The counties the article names with their word anywhere ("Avoyelles Parish", "the
    Mecklenburg County Sheriff's Office"), by the key of their bare name: named alone before or
    after, the name is the county's ("across Mecklenburg and ...")."""
    counties: dict[str, str] = {}
    for k, tok in enumerate(tokens):
        if not tok.cap or tok.key not in _COUNTY_WORDS:
            continue
        first = k
        while first > 0 and k - first < MAX_NAME_TOKENS and tokens[first - 1].cap and joinable(
            text, tokens[first - 1], tokens[first]
        ):
            first -= 1
        for start in range(first, k):  # the longest name the gazetteer has
            key = " ".join(t.key for t in tokens[start : k + 1])
            if key in gaz.names:
                counties[key.rsplit(" ", 1)[0]] = key
                break
    return counties


def _feature_head(text: str, tokens: list[Token], i: int) -> str:
    """The lower-case words opening a natural feature's full name before token ``i`` ("golfo
    de" of "el golfo de Paria"), or ``""``: the name is first looked up with them."""
    if i < 2 or tokens[i - 1].key not in ("de", "del") or tokens[i - 1].cap:
        return ""
    head, link = tokens[i - 2], tokens[i - 1]
    if head.cap or head.key not in FEATURE_HEADS:
        return ""
    joined = joinable(text, head, link) and joinable(text, link, tokens[i])
    return f"{head.key} {link.key}" if joined else ""


def _numbered_place(text: str, tokens: list[Token], i: int, gaz: Gazetteer) -> bool:
    """Whether token ``i`` is a number opening a place's name: after a place word ("parroquia
    23 de Enero"), or before "de" and a capitalised word outside a headline where "en" or a
    list puts a place ("en el 23 de Enero", "Catia, el 23 de Enero") or the name is a curated
    place's ("vecinos del 23 de Enero"). A date's month is lower case, and a capitalised holiday
    that only far towns are named after stands alone ("el acto del 25 de Mayo")."""
    if not tokens[i].text.isdigit() or i == 0:
        return False
    if tokens[i - 1].key in PLACE_HEADS and joinable(text, tokens[i - 1], tokens[i]):
        return True
    link, word = (tokens[i + 1], tokens[i + 2]) if i + 2 < len(tokens) else (None, None)
    if link is None or word is None or link.key != "de" or not word.cap or word.headline:
        return False
    j = i - 1 if tokens[i - 1].key in ARTICLES and i > 1 else i
    before = tokens[j - 1]
    if (before.key == "en" and not before.cap) or (
        before.cap and text[before.end : tokens[j].start] == ", "
    ):
        return True
    key = name_key(text[tokens[i].start : word.end])
    return any(e.curated for e, _ in gaz.candidates(key))


def _division_head(text: str, tokens: list[Token], i: int) -> str:
    """The lower-case division word right before token ``i`` ("municipio Sucre", "condado de
    Cook"), or ``""``: the name is first looked up with it."""
    for back in (1, 2):
        if i - back < 0 or not joinable(text, tokens[i - back], tokens[i - back + 1]):
            return ""
        tok = tokens[i - back]
        if tok.key in DIVISION_HEADS and not tok.cap:  # "los municipios X": as "municipio X"
            plural = tok.key.endswith("s") and tok.key[:-1] in DIVISION_HEADS
            return tok.key[:-1] if plural else tok.key
        if tok.key not in ("de", "del"):
            return ""
    return ""


def _after_municipal_office(text: str, tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` follows a municipality's office and "de" ("el alcalde de X")."""
    if i < 2 or tokens[i - 1].key not in ("de", "del") or tokens[i - 2].cap:
        return False
    office, link = tokens[i - 2], tokens[i - 1]
    return (
        office.key in _MUNICIPAL_OFFICES
        and joinable(text, office, link) and joinable(text, link, tokens[i])
    )


def _municipality_only(
    text: str, tokens: list[Token], i: int, gaz: Gazetteer
) -> tuple[int, str, bool] | None:
    """The municipality named at token ``i`` when the gazetteer knows the name only as one
    ("el alcalde de Carirubana"), or knows no place of that name in the municipality's country
    ("el alcalde de Valdez" is Venezuela's municipio, not a town of Ecuador; "el alcalde de
    Puerto Escondido" is the town's)."""
    found = _longest_name(text, tokens, i, gaz, _TAIL_HEAD)
    plain = _longest_name(text, tokens, i, gaz)
    if found is None or plain is None:
        return found
    countries = {e.country for e, _ in gaz.candidates(found[1])}
    if plain[0] > found[0] or any(e.country in countries for e, _ in gaz.candidates(plain[1])):
        return None
    return found


def _listed_head(
    text: str, tokens: list[Token], i: int, listed: tuple[int, str] | None
) -> str:
    """The division word of the list token ``i`` continues ("los municipios Francisco de
    Miranda, Juan Germán Roscio y Leonardo Infante"), or ``""``."""
    if listed is None:
        return ""
    last, head = listed
    gap = text[tokens[last].end : tokens[i].start]
    return head if LIST_GAP.fullmatch(gap) else ""


def _bare(key: str, head: str) -> str:
    """The key of a division's name without its head ("municipio sifontes" -> "sifontes")."""
    return key[len(head) + 1 :] if head and key.startswith(head + " ") else key


def _named_again(
    text: str, tokens: list[Token], i: int, gaz: Gazetteer, again: dict[str, str]
) -> tuple[int, str, bool] | None:
    """A division named without its word where the article names it with it ("Sifontes
    municipality ... the mayor of Sifontes"; a county anywhere in the article: "across
    Mecklenburg ... the Mecklenburg County Sheriff's Office"): ``again``
    maps the key of the bare name to the division's ("sifontes" -> "municipio sifontes",
    "bexar" -> "bexar county"); the longest such name from token ``i``, if any."""
    if not again:
        return None
    found = None
    parts: list[str] = []
    for j in range(i, min(len(tokens), i + MAX_NAME_TOKENS)):
        t = tokens[j]
        if (j > i and not joinable(text, tokens[j - 1], t)) or not (t.cap or t.key in CONNECTORS):
            break
        parts.append(t.key)
        full = again.get(" ".join(parts)) if t.cap else None
        if full is not None and full in gaz.names:
            found = (j, full, False)
    return found


def _county_or_name(
    county: tuple[int, str, bool] | None, name: tuple[int, str, bool] | None, gaz: Gazetteer
) -> tuple[int, str, bool] | None:
    """The county named again, unless the name runs longer ("Granville County" in full) or is
    a place of that county's state ("Los Angeles" after "Los Angeles County": the city)."""
    if county is None or name is None:
        return county or name
    if name[0] > county[0]:
        return name
    states = {e.admin1_code for e, _ in gaz.candidates(county[1])}
    return name if any(e.admin1_code in states for e, _ in gaz.candidates(name[1])) else county


def _name_before_tail(
    text: str, tokens: list[Token], i: int, gaz: Gazetteer
) -> tuple[int, str, bool] | None:
    """The name from token ``i`` that a division word follows ("Sifontes municipality"),
    looked up as the Spanish division ("municipio Sifontes"), if any."""
    found = _longest_name(text, tokens, i, gaz, _TAIL_HEAD)
    after = tokens[found[0] + 1] if found and found[0] + 1 < len(tokens) else None
    if found and after is not None and after.key in DIVISION_TAILS and not after.cap:
        return found if joinable(text, tokens[found[0]], after) else None
    return None


def _listed_county(
    text: str, tokens: list[Token], i: int, gaz: Gazetteer
) -> tuple[int, str, bool] | None:
    """The county named from token ``i`` in a list that a plural county word ends ("in Harris
    and Fort Bend counties" is "Harris County" and "Fort Bend County"; so is "Harris" in "Harris
    and surrounding counties"), if the gazetteer has it."""
    runs: list[tuple[int, int]] = []  # (first, last) token of each capitalised name of the list
    j = i
    while j < len(tokens) and tokens[j].cap and len(runs) < _COUNTY_LIST_TOKENS:
        last = j
        while last + 1 < len(tokens) and tokens[last + 1].cap and joinable(
            text, tokens[last], tokens[last + 1]
        ):
            last += 1
        runs.append((j, last))
        nxt = tokens[last + 1] if last + 1 < len(tokens) else None
        if nxt is None:
            return None
        if _county_tail(text, tokens, last, last + 1):
            return _first_county(tokens, runs[0], nxt, gaz)
        j = last + 2 if not nxt.cap and nxt.key in _LIST_WORDS else last + 1
        if j > last + 1 and j < len(tokens) and tokens[j].key in COUNTY_LIST_WORDS:
            tail = tokens[j + 1] if _county_tail(text, tokens, j, j + 1) else None
            return _first_county(tokens, runs[0], tail, gaz) if tail is not None else None
        if j >= len(tokens) or not LIST_GAP.fullmatch(text[tokens[last].end : tokens[j].start]):
            return None
    return None


def _county_tail(text: str, tokens: list[Token], before: int, k: int) -> bool:
    """Whether token ``k`` is a lower-case plural county word joined to token ``before``."""
    return (
        k < len(tokens) and tokens[k].key in COUNTY_TAILS and not tokens[k].cap
        and joinable(text, tokens[before], tokens[k])
    )


def _first_county(
    tokens: list[Token], run: tuple[int, int], tail: Token, gaz: Gazetteer
) -> tuple[int, str, bool] | None:
    """The county the name of tokens ``run`` is, by the plural county word ``tail`` of its list."""
    word = tail.key[:-3] + "y" if tail.key.endswith("ies") else tail.key[:-2]
    first, end = run
    key = " ".join(t.key for t in tokens[first : end + 1]) + " " + word
    return (end, key, False) if word in _COUNTY_WORDS and key in gaz.names else None


def _longest_name(
    text: str, tokens: list[Token], i: int, gaz: Gazetteer, head: str = ""
) -> tuple[int, str, bool] | None:
    """``(last token, key, is demonym)`` of the longest name starting at token ``i``, if any;
    with a division ``head`` ("municipio"), of the name looked up with it. A number may be part
    of a name ("Cota 905"), and so may a lower-case natural feature that ends it, where the
    gazetteer has the name with it ("the Paria peninsula"). A sentence-initial preposition is
    part of a name only that some place has as its main one ("In Salah"; "Del Zulia llegaron"
    is no San Carlos del Zulia, which has "Del Zulia" as an alternate name). A possessive's
    "s" is part of a name that has it ("Randall's Island", "St. John's")."""
    found = None
    lead = not is_name_word(tokens[i]) and tokens[i].key not in ARTICLES
    parts: list[str] = [head] if head else []
    for j in range(i, min(len(tokens), i + MAX_NAME_TOKENS)):
        t = tokens[j]
        owner = j > i and _possessive(text, tokens[j - 1], t)  # "Randall's Island"
        if j > i and not joinable(text, tokens[j - 1], t) and not owner:
            break
        number = t.text.isdigit()
        feature = j > i and not t.cap and t.key in NATURAL_FEATURES and is_name_word(tokens[i])
        if not (t.cap or number or feature or owner) and t.key not in CONNECTORS and t.key != "a":
            break  # "a" joins only names the gazetteer has whole ("Gracias a Dios")
        parts.append(t.key)
        if t.cap or number or feature or owner:
            reading = _reading(" ".join(parts), text[t.end : t.end + 1] == ".", gaz)
            if reading is not None and not (lead and j > i and not main_name(reading[0], gaz)):
                found = (j, *reading)
        if feature:
            break
    return found


def _possessive(text: str, a: Token, b: Token) -> bool:
    """Whether ``b`` is the "s" of a possessive right after ``a`` ("Martha's", "St. John's")."""
    return b.key == "s" and text[a.end : b.start] in ("'", "’") and a.cap


def _reading(key: str, dotted: bool, gaz: Gazetteer) -> tuple[str, bool] | None:
    """The gazetteer key of the words ``key`` and whether it is an adjectival form, if any.

    A name followed by a period is first looked up with it, as abbreviations ("Ky.") only
    match with their period.
    """
    if dotted and key + "." in gaz.names:
        return key + ".", False
    if key in gaz.demonyms:
        return key, True
    if key in gaz.names:
        return key, False
    return None
