"""When it happened: date expressions in English and Spanish, mention dates, the article's
language, and dates through a real ingest (hand edits of dates survive it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vzmap.cli import main
from vzmap.ingest import ingest
from vzmap.text.dates import DatedText, article_date, find_dates
from vzmap.text.language import article_language, detect_language, metadata_language


def dates(text: str, lang: str = "en", article: str | None = "2024-09-02") -> list:
    return [(d.text, d.date) for d in find_dates(text, lang, article)]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "On 28 July 2024, protesters gathered in Valencia.", [("28 July 2024", "2024-07-28")]),
    ("en", "In March 2023, soldiers clashed near Maracay.", [("March 2023", "2023-03")]),
    ("en", "Police said on Tuesday that six men were held.", [("Tuesday", "2024-08-27")]),
    ("en", "The raid took place on August 30, 2024.", [("August 30, 2024", "2024-08-30")]),
    ("en", "A bomb went off on December 28.", [("December 28", "2023-12-28")]),
    ("en", "The group has been active since 2019.", [("2019", "2019")]),
    ("en", "The census of 2024-06-01 counted them.", [("2024-06-01", "2024-06-01")]),
    ("es", "El 28 de julio, manifestantes salieron en Valencia.", [("28 de julio", "2024-07-28")]),
    ("es", "En marzo de 2023 hubo combates cerca de Maracay.", [("marzo de 2023", "2023-03")]),
    ("es", "Ayer fueron detenidos 12 jóvenes en Barquisimeto.", [("Ayer", "2024-09-01")]),
    ("es", "El pasado domingo llegaron 40 caminantes a Cúcuta.", [("domingo", "2024-09-01")]),
    ("es", "El acto fue el 03/09/2024 en Caracas.", [("03/09/2024", "2024-09-03")]),
])
def test_dates_in_both_languages(lang, text, expected):
    assert dates(text, lang) == expected


@pytest.mark.parametrize("text", [
    "The March for Freedom reached Caracas.",         # a march, not a month
    "Police may detain them in Caracas.",             # a verb
    "He was held for 45 days in El Helicoide.",       # a duration
    "The 2019 uprising failed; 2,000 soldiers left.",  # numbers, not dates of this sentence
    "Santo Domingo recibió a los deportados.",         # a name, not a weekday
])
def test_words_that_only_look_like_dates(text):
    lang = "es" if "recibió" in text else "en"
    assert dates(text, lang) == []


def test_what_the_article_date_cannot_tell_is_left_undated():
    assert dates("Police raided a house on Tuesday.", article="2024-08") == []
    assert dates("On 28 July protesters gathered.", article=None) == []
    assert dates("On 28 July 2024 protesters gathered.", article=None) == [
        ("28 July 2024", "2024-07-28")]


def test_article_dates_from_metadata():
    assert article_date("2024-09-02T08:15:00Z") == "2024-09-02"
    assert article_date("2024-08") == "2024-08"
    assert [article_date(v) for v in ("2024-13", "yesterday", None, 2024)] == [None] * 4


def test_a_mention_takes_the_nearest_date_of_its_own_sentence():
    text = ("On 28 July 2024 crowds marched in Valencia, and on 30 July in Maracay. "
            "Police detained six men in Cagua.")
    dated = DatedText(text, "en", "2024-09-02")
    first = (0, text.index(" Police") + 1)
    second = (first[1], len(text))
    span = (text.index("Valencia"), text.index("Valencia") + 8)
    assert dated.mention_date(first, span) == ("2024-07-28", "text")
    span = (text.index("Maracay"), text.index("Maracay") + 7)
    assert dated.mention_date(first, span) == ("2024-07-30", "text")
    assert dated.mention_date(second, (text.index("Cagua"), len(text) - 1)) == (
        "2024-09-02", "article")
    assert DatedText(text, "en", None).mention_date(second, (0, 1)) == (None, None)


def test_a_date_of_the_mentions_own_clause_wins_over_a_nearer_one():
    text = "Crowds marched in Valencia on 28 July, a week after the 21 July clashes in Maracay."
    dated = DatedText(text, "en", "2024-09-02")
    at = {name: (text.index(name), text.index(name) + len(name)) for name in ("Valencia",
                                                                             "Maracay")}
    assert dated.mention_date((0, len(text)), at["Valencia"]) == ("2024-07-28", "text")
    assert dated.mention_date((0, len(text)), at["Maracay"]) == ("2024-07-21", "text")


def test_language_from_metadata_or_detected():
    assert detect_language("Las fuerzas de seguridad detuvieron a seis hombres en Cagua.") == "es"
    assert detect_language("Security forces detained six men in Cagua on Tuesday.") == "en"
    assert detect_language("Cagua") is None
    assert metadata_language({"lang": "es-VE"}) == "es"
    assert metadata_language({"language": "Spanish"}) == "es"
    assert article_language("Police detained six men in Cagua.", {"lang": "es"}) == ("es", None)
    lang, note = article_language("La police a arrêté six hommes à Paris mardi soir.", {})
    assert lang == "en" and "'fr'" in note and "English" in note


ARTICLE = """---
title: Three events
date: 2024-09-02
---
On 28 July 2024, protesters gathered in Valencia. In March 2023, soldiers clashed with a gang \
near Maracay. Police detained six men in Cagua.
"""

ARTICULO = """Detienen a seis jóvenes tras las protestas

El 29 de julio de 2024, funcionarios detuvieron a seis jóvenes en Barquisimeto tras una protesta.
"""


def _dates_by_place(path: Path) -> dict[str, set]:
    fc = json.loads(path.read_text("utf-8"))
    return {f["properties"]["name"]: {(m.get("date"), m.get("date_source"))
                                      for m in f["properties"]["mentions"]}
            for f in fc["features"]}


@pytest.fixture
def dated_articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "aragua.md").write_text(ARTICLE, "utf-8")
    (folder / "barquisimeto.txt").write_text(ARTICULO, "utf-8")  # no metadata: detected
    return folder


def test_ingest_dates_every_mention(tmp_path, dated_articles):
    out = tmp_path / "places.geojson"
    result = CliRunner().invoke(main, ["ingest", str(dated_articles), "--out", str(out)])
    assert result.exit_code == 0, result.output
    got = _dates_by_place(out)
    assert got["Valencia"] == {("2024-07-28", "text")}
    assert got["Maracay"] == {("2023-03", "text")}
    assert got["Cagua"] == {("2024-09-02", "article")}
    assert ("2024-07-29", "text") in got["Barquisimeto"]  # read as Spanish


def test_a_date_edited_by_hand_survives_reingest(tmp_path, dated_articles):
    out = tmp_path / "places.geojson"
    ingest([dated_articles], out)
    fc = json.loads(out.read_text("utf-8"))
    cagua = next(f for f in fc["features"] if f["properties"]["name"] == "Cagua")
    cagua["properties"]["mentions"][0].update(date="2024-08-30", date_source="text")
    out.write_text(json.dumps(fc, ensure_ascii=False, indent=2), "utf-8")
    (dated_articles / "aragua.md").write_text(ARTICLE + "\nMore protests followed.\n", "utf-8")
    ingest([dated_articles], out)
    assert _dates_by_place(out)["Cagua"] == {("2024-08-30", "text")}
    assert _dates_by_place(out)["Valencia"] == {("2024-07-28", "text")}


def test_a_bad_hand_written_date_names_the_line_and_the_valid_form(tmp_path, dated_articles):
    out = tmp_path / "places.geojson"
    ingest([dated_articles], out)
    text = out.read_text("utf-8").replace('"2023-03"', '"2023-02-30"')
    out.write_text(text, "utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "2023-02-30" in s)
    result = CliRunner().invoke(main, ["validate", str(out)])
    assert result.exit_code != 0
    assert f"places.geojson:{line}:" in result.output
    assert "YYYY-MM-DD" in result.output and "not a day of the calendar" in result.output


def test_a_quote_in_the_other_language_is_read_in_its_own():
    from vzmap.text.language import sentence_language

    quote = "«En Petare la policía se llevó a los muchachos de la casa», dijo una vecina."
    assert sentence_language(quote, "en") == "es"
    assert sentence_language("Police raided homes in Petare, a neighbour said.", "en") == "en"
    assert sentence_language("The gang operates in Lima, según la policía.", "en") == "en"
    quote = '"They took them away at night," she said of the raid in El Valle.'
    assert sentence_language(quote, "es") == "en"
    assert sentence_language("Dijo que la policía llegó a El Valle.", "es") == "es"
