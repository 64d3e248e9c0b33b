"""Sentence excerpts: exact offsets into the original text, whatever the segmenter does."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from vzmap.text.sentences import nearest_occurrence, sentence_spans

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
