"""Long and awkward articles: names across the segmenter's breaks, linear cost, progress."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from vzmap.gazetteer.index import distance_km, load_gazetteer
from vzmap.geoparse.pipeline import geoparse, mention_record

ROOT = Path(__file__).resolve().parent.parent
#: real news text kept in the repository: the seed articles and the benchmark articles
NEWS = sorted([*(ROOT / "seeds").glob("*.txt"), *(ROOT / "benchmarks").rglob("*.txt")])

TAMPA = "It is part of the Tampa–St. Petersburg area."
BORDER = "It straddles the Canada–U.S. border."
SAULT = "The plant was in Sault Ste. Marie, Ontario. From 1900 it grew."
GOOD = "Inmates of the Tocorón prison in Aragua state were moved to Caracas on Tuesday."


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def news_article(chars: int) -> str:
    """Real news articles one after the other (a blank line between), round again, to ``chars``."""
    texts = [p.read_text(encoding="utf-8").strip() for p in NEWS]
    parts: list[str] = []
    size = 0
    while size < chars:
        parts.append(texts[len(parts) % len(texts)])
        size += len(parts[-1]) + 2
    return "\n\n".join(parts)


def placed(text, gaz):
    """name as written -> (country, kind, lat, lon) of each pinned place, checking its offsets."""
    out = {}
    for m in geoparse(text, gaz):
        assert text[m.start:m.end] == m.text
        assert m.excerpt_start <= m.start < m.end <= m.excerpt_end
        if m.role == "place":
            out[m.text] = (m.entry.country, m.entry.kind, m.entry.lat, m.entry.lon)
    return out


def test_a_name_after_st_and_a_dash_is_one_place_in_florida(gaz):
    found = placed(TAMPA, gaz)
    assert set(found) == {"Tampa", "St. Petersburg"}
    country, kind, lat, lon = found["St. Petersburg"]
    assert (country, kind) == ("US", "city")
    assert distance_km(lat, lon, 27.77, -82.68) < 30  # Florida's, next to Tampa, not Russia's
    assert found["Tampa"][0] == "US"


def test_an_acronym_after_a_dash_stays_whole(gaz):
    found = placed(BORDER, gaz)
    assert {name: found[name][:2] for name in found} == {
        "Canada": ("CA", "country"), "U.S.": ("US", "country")}


def test_ste_inside_a_name_is_no_sentence_end(gaz):
    found = placed(SAULT, gaz)
    assert set(found) == {"Sault Ste. Marie", "Ontario"}
    country, kind, lat, lon = found["Sault Ste. Marie"]
    assert (country, kind) == ("CA", "city")
    assert distance_km(lat, lon, 46.52, -84.33) < 20
    assert found["Ontario"][:2] == ("CA", "admin1")


def test_the_excerpt_is_the_whole_sentence_around_the_name(gaz):
    text = f"{TAMPA} {BORDER} {SAULT}"
    excerpts = {m.text: mention_record("d", text, m)["excerpt"] for m in geoparse(text, gaz)}
    assert excerpts["St. Petersburg"] == TAMPA
    assert excerpts["U.S."] == BORDER
    assert excerpts["Sault Ste. Marie"] == "The plant was in Sault Ste. Marie, Ontario."


def test_an_article_with_the_three_and_a_good_paragraph_loses_nothing(gaz, tmp_path):
    alone = [(m.text, m.entry.id, m.event_type) for m in geoparse(GOOD, gaz)]
    path = tmp_path / "article.txt"
    path.write_text(f"{GOOD}\n\n{TAMPA} {BORDER}\n{SAULT}\n\n{GOOD}\n", encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    found = geoparse(text, gaz)
    second = text.rindex(GOOD)
    head = [(m.text, m.entry.id, m.event_type) for m in found if m.end <= len(GOOD)]
    tail = [(m.text, m.entry.id, m.event_type) for m in found if m.start >= second]
    assert head == alone == tail
    assert {"Tocorón", "Aragua", "Caracas"} <= {name for name, _, _ in alone}
    names = {m.text for m in found if m.role == "place"}
    assert {"Tampa", "St. Petersburg", "Canada", "U.S.", "Sault Ste. Marie", "Ontario"} <= names


def test_cost_is_linear_in_the_articles_length(gaz):
    small, large = news_article(100_000), news_article(1_000_000)
    geoparse(small[:5000], gaz)  # warm the classifier
    # the best of two runs of each, so that one run slowed by the machine decides nothing
    small_s = min(_seconds(small, gaz) for _ in range(2))
    large_s = min(_seconds(large, gaz) for _ in range(2))
    # 10x the text: about 10x the time; a cost in the square of the length would be ~100x
    assert large_s <= 12 * small_s, (small_s, large_s)


def _seconds(text, gaz) -> float:
    t0 = time.perf_counter()
    geoparse(text, gaz)
    return time.perf_counter() - t0


def test_progress_is_reported_in_increasing_counts_up_to_the_total(gaz):
    text = news_article(100_000)
    calls: list[tuple[int, int]] = []
    mentions = geoparse(text, gaz, progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 20  # a bar that moves, not one jump at the end
    assert len(calls) <= 110  # cheap: per block, not per token
    assert all(total == len(text) for _, total in calls)
    done = [d for d, _ in calls]
    assert done == sorted(set(done)) and done[0] >= 0 and done[-1] == len(text)
    # the callback changes nothing
    assert [(m.start, m.entry.id, m.event_type) for m in mentions] == [
        (m.start, m.entry.id, m.event_type) for m in geoparse(text, gaz)]


def test_progress_of_an_empty_or_short_text_still_ends_at_its_total(gaz):
    calls: list[tuple[int, int]] = []
    geoparse("", gaz, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 0)]
    calls.clear()
    geoparse("Caracas.", gaz, progress=lambda done, total: calls.append((done, total)))
    done = [d for d, _ in calls]
    assert done == sorted(set(done)) and done[-1] == 8 and all(t == 8 for _, t in calls)
