"""Sentence excerpts: exact offsets into the original text, whatever the segmenter does."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from vzmap.text.sentences import MAX_SENTENCE, merge_spans, nearest_occurrence, sentence_spans

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_seed_sentences_are_exact_and_complete():
    for path in SEEDS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        spans = sentence_spans(text)
        for s, e in spans:
            assert text[s:e] == text[s:e].strip() and s < e
        # every non-space character belongs to exactly one sentence
        inside = [0] * len(text)
        for s, e in spans:
            for i in range(s, e):
                inside[i] += 1
        assert all(inside[i] == 1 for i, ch in enumerate(text) if not ch.isspace())


def test_blank_lines_swallowed_by_the_segmenter_do_not_shift_offsets():
    text = "It is a partnership.\n\nCeballos has created a taskforce. As such, Tocorón fell."
    spans = sentence_spans(text)
    sentences = [text[s:e] for s, e in spans]
    assert sentences == ["It is a partnership.", "Ceballos has created a taskforce.",
                         "As such, Tocorón fell."]


def test_headlines_and_captions_stand_alone():
    text = "Maduro Plans Prisons\nThe Siege of Tocorón. (Picture: Eligio Rojas)\n\nBody text here."
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences[0] == "Maduro Plans Prisons"
    assert "Body text here." in sentences


@given(st.text(alphabet=st.sampled_from("ab. \n\u00a0é’?!\"“”"), max_size=200))
def test_spans_are_ordered_and_inside_the_text(text):
    spans = sentence_spans(text)
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        prev = e


def test_nearest_occurrence_picks_the_closest_copy():
    text = "Caracas, then Maracaibo, then Caracas again, and Caracas."
    assert nearest_occurrence(text, "Caracas", 33) == text.index("Caracas again")
    assert nearest_occurrence(text, "Bogotá", 10) is None


def sentences_of(text):
    return [text[s:e] for s, e in sentence_spans(text)]


def test_no_sentence_break_inside_a_place_name():
    assert sentences_of("It is part of the Tampa–St. Petersburg area. Next.") == [
        "It is part of the Tampa–St. Petersburg area.", "Next."]
    assert sentences_of("It straddles the Canada–U.S. border.") == [
        "It straddles the Canada–U.S. border."]
    assert sentences_of("The plant was in Sault Ste. Marie, Ontario. From 1900 it grew.") == [
        "The plant was in Sault Ste. Marie, Ontario.", "From 1900 it grew."]
    # real sentence ends after an acronym or an abbreviation stay
    assert sentences_of("He flew to the U.S. It was cold.") == [
        "He flew to the U.S.", "It was cold."]
    assert sentences_of("They met on 1st. Then they left.") == [
        "They met on 1st.", "Then they left."]


def test_a_line_without_full_stops_is_cut_into_short_sentences_at_commas():
    text = "Caracas, Maracaibo, Valencia, Barquisimeto, " * 400 + "and Mérida"
    spans = sentence_spans(text)
    assert len(spans) > 5
    assert all(e - s <= MAX_SENTENCE for s, e in spans)
    assert all(text[s:e].endswith(",") for s, e in spans[:-1])  # cut after a comma
    assert text[spans[-1][0]:spans[-1][1]].endswith("and Mérida")
    covered = sum(e - s for s, e in spans) + len(spans) - 1
    assert covered == len(text.rstrip())  # nothing lost but the spaces at the cuts


def test_a_text_with_no_space_at_all_is_still_cut(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_text("A" * 5000 + ".", encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    spans = sentence_spans(text)
    assert [e - s for s, e in spans] == [MAX_SENTENCE, MAX_SENTENCE, 1001]


def test_offsets_hold_when_the_segmenter_drops_text(monkeypatch):
    """sentencex may drop a blank line and shift its offsets: sentences are then found again by
    their first characters, a little past the previous one."""
    from vzmap.text import sentences

    def dropping(lang, text):
        out, pos = [], 0
        for piece in ["One sentence here. ", "Two sentences here.", "Three is last."]:
            out.append({"start_index": pos, "text": piece})
            pos += len(piece)
        return out

    monkeypatch.setattr(sentences, "get_sentence_boundaries", dropping)
    text = "One sentence here. Two sentences here.\n\nThree is last."
    assert sentences_of(text) == ["One sentence here.", "Two sentences here.", "Three is last."]


def test_a_sentence_repeating_the_start_of_the_next_one_keeps_its_end():
    text = ("Russia will close the consulate, Russian Foreign Minister Sergey Lavrov has said.\n\n"
            "Russian Foreign Minister Sergey Lavrov said on Thursday that it would retaliate.")
    assert sentences_of(text) == text.split("\n\n")


def test_lone_surrogates_do_not_stop_the_segmenter():
    text = "Caracas\ud800 is big. Maracaibo is hot."
    assert sentences_of(text) == ["Caracas\ud800 is big.", "Maracaibo is hot."]


def test_merge_spans_joins_the_sentences_a_name_crosses():
    spans = [(0, 10), (11, 20), (21, 30), (31, 40)]
    assert merge_spans(spans, []) == spans
    assert merge_spans(spans, [(8, 14)]) == [(0, 20), (21, 30), (31, 40)]
    assert merge_spans(spans, [(8, 14), (18, 33)]) == [(0, 40)]
    assert merge_spans(spans, [(11, 20), (25, 28)]) == spans  # inside one sentence


PIECES = ["St.", "Ste.", "U.", "S.", "U.S.", "Petersburg", "Marie", "Tampa–", "Canada–", " ",
          ". ", ", ", "\n", "\n\n", "a", "Ab", "?", "\u00a0", "“", "”", "…", "é", "\r\n"]


@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_every_character_is_in_exactly_one_sentence(text):
    spans = sentence_spans(text)
    inside = [0] * len(text)
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip() and "\n" not in text[s:e]
        prev = e
        for i in range(s, e):
            inside[i] += 1
    assert all(inside[i] == 1 for i, ch in enumerate(text) if not ch.isspace())


@given(st.text(alphabet="ab ", max_size=60), st.sampled_from(["a", "ab", "b a", " "]),
       st.integers(-5, 70))
def test_nearest_occurrence_is_the_closest_one(text, needle, near):
    every = [i for i in range(len(text)) if text.startswith(needle, i)]
    expected = min(every, key=lambda i: (abs(i - near), i)) if every else None
    assert nearest_occurrence(text, needle, near) == expected
