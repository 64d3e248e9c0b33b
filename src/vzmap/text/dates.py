"""When a sentence says its event happened: date expressions, read against the article's date.

:func:`find_dates` finds the date expressions of a text ("On 28 July 2024", "in March 2023",
"el 28 de julio", "on Tuesday", "ayer"); the names of months, weekdays and relative days come
from ``dateparser``'s locale data, and ``dateparser`` reads each expression found, relative ones
against the article's date. :func:`mention_date` gives a mention its ``(date, date_source)``:
the nearest expression of its own sentence (``"text"``), else the article's date
(``"article"``), else ``(None, None)``. Dates are ISO 8601 with the precision the words give:
``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

Pure: no I/O; the patterns are built once per language.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

#: A partial ISO 8601 date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
ISO_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: Languages whose date words are known here (others read numeric dates only, as English).
LANGUAGES = ("en", "es")

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Periods of ``dateparser`` and the ISO precision they give (a week has none).
_PRECISION = {"day": 10, "month": 7, "year": 4}
_YEAR = r"(?:1[89]|20)\d{2}"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A date expression of a text: its characters and the ISO date it names."""

    start: int
    end: int
    text: str
    date: str


def date_interval(value: Any) -> tuple[dt.date, dt.date] | None:
    """The first and last day a partial ISO date names (``"2023-03"``: 1 to 31 March 2023),
    or ``None`` when ``value`` is not a string ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming
    a day of the calendar."""
    m = ISO_DATE_RE.match(value) if isinstance(value, str) else None
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if not month:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if not day:
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            return dt.date(year, month, 1), dt.date(year, month, last)
        return dt.date(year, month, day), dt.date(year, month, day)
    except ValueError:  # month 13, 31 April, year 0
        return None


def parse_partial_date(value: Any) -> dt.date | None:
    """The first day of a partial ISO date ``YYYY[-MM[-DD]]`` (``None`` if it is not one).

    A longer ISO timestamp (``2024-08-01T10:00:00Z``) counts by its date part.
    """
    if isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    span = date_interval(value.strip()[:10]) if isinstance(value, str) else None
    return span[0] if span else None


def article_date(value: Any) -> str | None:
    """An article's metadata ``date`` as a partial ISO date, or ``None`` if it names none.

    ``"2024-08"`` stays as it is; ``"2024-09-02T08:15:00Z"`` becomes ``"2024-09-02"``.
    """
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if not isinstance(value, str) or parse_partial_date(value) is None:
        return None
    m = ISO_DATE_RE.match(value.strip()[:10])
    assert m is not None
    return "-".join(part for part in m.groups() if part)


@cache
def _locale(lang: str) -> dict:
    from dateparser.languages.loader import LocaleDataLoader

    return next(LocaleDataLoader().get_locales(languages=[lang])).info


def _names(info: dict, keys: tuple[str, ...]) -> str:
    """An alternation of the full names (no abbreviations) of ``keys`` in a locale."""
    names = {n for k in keys for n in info.get(k, []) if len(n) > 3 or n in ("may", "mayo")}
    return "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))


def _relative_days(info: dict) -> str:
    words = [w for k in ("0 day ago", "1 day ago") for w in info.get("relative-type", {})
             .get(k, []) if w.isalpha()]
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


#: Words before a bare month or year ("in March", "en 2019") or a Spanish weekday ("el martes").
_PREPOSITIONS = {
    "en": r"in|since|during|until|by|early|late|mid-",
    "es": r"en|desde|durante|hasta|el pasado|el|este|pasado|a finales de|a principios de",
}


@dataclass(frozen=True)
class _Grammar:
    pattern: re.Pattern[str]
    bare: re.Pattern[str]  # forms that are a date only after a preposition


@cache
def _grammar(lang: str) -> _Grammar:
    """The date expressions of ``lang``: day-month(-year), month-year, ``in <month>``,
    ``in <year>``, weekdays, yesterday/today and ISO dates."""
    info = _locale(lang)
    m, w, rel = _names(info, _MONTHS), _names(info, _WEEKDAYS), _relative_days(info)
    if lang == "es":
        forms = [rf"(?:(?:{w})\s+)?{_DAY}\s+de\s+(?:{m})(?:\s+(?:de|del)\s+{_YEAR})?",
                 rf"(?:{m})\s+(?:de|del)\s+{_YEAR}", rf"{_DAY}/(?:1[0-2]|0?[1-9])/{_YEAR}"]
        bare = rf"(?:{m}|(?:año\s+)?{_YEAR}|{w})"
        flags = re.IGNORECASE
    else:  # English capitalises months and weekdays: "may" is a verb
        m, w = _capitalised(m), _capitalised(w)
        forms = [rf"(?:(?:{w}),?\s+)?{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{m})(?:,?\s+{_YEAR})?",
                 rf"(?:(?:{w}),?\s+)?(?:{m})\s+{_DAY}(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?",
                 rf"(?:{m}),?\s+(?:of\s+)?{_YEAR}", w]
        bare = rf"(?:{m}|{_YEAR})"
        flags = re.NOFLAG
    iso = rf"{_YEAR}-(?:1[0-2]|0[1-9])-(?:[12]\d|3[01]|0[1-9])"
    alts = "|".join([iso, *forms, bare, rf"(?i:{rel})"])
    prep = rf"(?i:(?P<prep>\b(?:{_PREPOSITIONS[lang]})\s+))?"
    return _Grammar(re.compile(rf"{prep}\b(?P<date>{alts})\b", flags),
                    re.compile(bare, flags))


def _capitalised(names: str) -> str:
    """An alternation of names with each name capitalised ("March|May", not "march|may")."""
    return "|".join(n[:1].upper() + n[1:] for n in names.split("|"))


@lru_cache(maxsize=64)
def _parser(lang: str, base: dt.date | None):
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                                "DATE_ORDER": "DMY" if lang == "es" else "MDY"}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=[lang if lang in LANGUAGES else "en"], settings=settings)


@cache
def _month_re(lang: str) -> re.Pattern[str]:
    return re.compile(_names(_locale(lang), _MONTHS), re.IGNORECASE)


def _iso(expression: str, lang: str, article: str | None) -> str | None:
    """The ISO date ``expression`` names, read against the article's date; ``None`` when it
    needs more of that date than there is ("28 July" with no article date, "on Tuesday" in an
    article dated ``2024-08``)."""
    base = parse_partial_date(article)
    has_year = re.search(_YEAR, expression) is not None
    if not has_year:
        if base is None:
            return None
        relative = not re.search(r"\d", expression) and not _month_re(lang).search(expression)
        if relative and len(article or "") < 10:  # a weekday, "yesterday": needs the day
            return None
    data = _parser(lang, base).get_date_data(expression)
    if data.date_obj is None or data.period not in _PRECISION:
        return None
    found = data.date_obj.date()
    if base is not None and not has_year and found > _last_day(article):
        found = found.replace(year=found.year - 1)  # "28 December" in a January article
    return found.isoformat()[: _PRECISION[data.period]]


def _lang(lang: str) -> str:
    return lang if lang in LANGUAGES else "en"


def _last_day(article: str | None) -> dt.date:
    span = date_interval(article)
    assert span is not None
    return span[1]


def _expressions(text: str, lang: str, start: int = 0, end: int | None = None
                 ) -> list[tuple[int, int, str]]:
    """``(start, end, words)`` of what looks like a date in ``text[start:end]``, unread."""
    grammar = _grammar(lang)
    found = []
    for m in grammar.pattern.finditer(text, start, len(text) if end is None else end):
        if m["prep"] is None and grammar.bare.fullmatch(m["date"]):
            continue  # "March" alone may be a march; "2019" alone a number
        found.append((m.start("date"), m.end(), m["date"]))
    return found


def _read(words: str, lang: str, article: str | None) -> str | None:
    """:func:`_iso`, remembered: an expression with its year reads the same in any article."""
    return _read_cached(words, lang, None if re.search(_YEAR, words) else article)


@lru_cache(maxsize=4096)
def _read_cached(words: str, lang: str, article: str | None) -> str | None:
    return _iso(words, lang, article)


def find_dates(text: str, lang: str = "en", article: str | None = None, start: int = 0,
               end: int | None = None) -> list[DateExpression]:
    """The date expressions of ``text[start:end]`` in text order, each with the ISO date it
    names (read against ``article``, the article's partial ISO date, when it names no year)."""
    lang = _lang(lang)
    found = []
    for at, until, words in _expressions(text, lang, start, end):
        iso = _read(words, lang, article)
        if iso is not None:
            found.append(DateExpression(at, until, words, iso))
    return found


#: What ends a clause for dating: a mention takes a date of its own clause first.
_CLAUSE_BREAK_RE = re.compile(r"[,;:()\u2013\u2014]")


class DatedText:
    """The date expressions of one article, to date its mentions by sentence."""

    def __init__(self, text: str, lang: str = "en", article: Any = None) -> None:
        self.text = text
        self.lang = _lang(lang)
        self.article = article_date(article)
        self._by_sentence: dict[tuple[int, int], list[DateExpression]] = {}

    def dates_in(self, sentence: tuple[int, int]) -> list[DateExpression]:
        """The dates of one sentence (read once, the first time a mention there asks)."""
        if sentence not in self._by_sentence:
            self._by_sentence[sentence] = find_dates(self.text, self.lang, self.article,
                                                     *sentence)
        return self._by_sentence[sentence]

    def mention_date(self, sentence: tuple[int, int], mention: tuple[int, int]
                     ) -> tuple[str | None, str | None]:
        """``(date, date_source)`` of a mention: a date of its sentence (the nearest of its
        clause, else the nearest before it, else the nearest after it), else the article's
        date, else ``(None, None)``."""
        inside = self.dates_in(sentence)
        if inside:
            return self._nearest(inside, mention).date, "text"
        if self.article is not None:
            return self.article, "article"
        return None, None

    def _nearest(self, dates: list[DateExpression], span: tuple[int, int]) -> DateExpression:
        same = [d for d in dates if not self._break_between(d, span)]
        before = [d for d in dates if d.end <= span[0]]
        pool = same or before or dates
        return min(pool, key=lambda d: (_gap(d, span), d.start))

    def _break_between(self, d: DateExpression, span: tuple[int, int]) -> bool:
        lo, hi = (d.end, span[0]) if d.end <= span[0] else (span[1], d.start)
        return _CLAUSE_BREAK_RE.search(self.text, lo, max(lo, hi)) is not None


def _gap(d: DateExpression, span: tuple[int, int]) -> int:
    return max(d.start - span[1], span[0] - d.end, 0)
