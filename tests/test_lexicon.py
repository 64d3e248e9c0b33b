"""The word-list loader: shipped lexicons load, broken ones are reported with file and line."""

from __future__ import annotations

import pytest

from vzmap.errors import LexiconError
from vzmap.geoparse import recognise
from vzmap.text import lexicon

SHIPPED = sorted(lexicon.lexicon_dir().glob("*/*.toml"))


@pytest.fixture
def lexicons(tmp_path, monkeypatch):
    """A temporary lexicon folder; returns a writer of ``<lang>/<part>.toml`` files."""
    monkeypatch.setattr(lexicon, "lexicon_dir", lambda: tmp_path)
    lexicon.load.cache_clear()

    def write(lang: str, part: str, text: str):
        path = tmp_path / lang / f"{part}.toml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    yield write
    lexicon.load.cache_clear()


def test_a_duplicate_is_reported_with_the_file_and_both_lines(lexicons):
    text = '# places\nwords = [\n    "lake",\n    "river",\n    "lake",\n]\n'
    path = lexicons("en", "sample", text)
    with pytest.raises(LexiconError) as err:
        lexicon.load("sample", "en")
    message = str(err.value)
    assert str(path) in message
    assert "lines 3 and 5" in message
    assert "'lake'" in message and "'words'" in message


@pytest.mark.parametrize(
    "body", ['words = "lake"', "words = 3", 'words = ["lake", 3]', 'words = ["lake", ""]']
)
def test_a_list_of_anything_but_words_is_an_error_naming_the_file(lexicons, body):
    path = lexicons("en", "sample", body + "\n")
    with pytest.raises(LexiconError, match="must be a list of non-empty strings") as err:
        lexicon.load("sample", "en")
    assert str(path) in str(err.value)


def test_invalid_toml_is_an_error_naming_the_file(lexicons):
    path = lexicons("es", "sample", "words = [\n")
    with pytest.raises(LexiconError, match="not valid TOML") as err:
        lexicon.load("sample", "es")
    assert str(path) in str(err.value)


def test_a_missing_file_is_an_error_naming_it(lexicons):
    lexicons("en", "other", "words = []\n")
    with pytest.raises(LexiconError, match="cannot read") as err:
        lexicon.load("sample", "en")
    assert "sample.toml" in str(err.value)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_lexicon_loads(path):
    lists = lexicon.load(path.stem, path.parent.name)
    assert lists, f"{path} holds no word list"


def test_shipped_lexicons_exist():
    assert {p.stem for p in SHIPPED} >= {"recognition"}
    assert {p.parent.name for p in SHIPPED} >= {"en", "es"}


def test_word_set_unions_the_languages(lexicons):
    lexicons("en", "sample", 'words = ["of", "the"]\nonly_en = ["upon"]\n')
    lexicons("es", "sample", 'words = ["de", "the"]\n')
    lexicons("pt", "other", 'words = ["do"]\n')
    assert lexicon.languages("sample") == ("en", "es")
    assert lexicon.word_set("sample", "words") == {"of", "the", "de"}
    assert lexicon.word_set("sample", "words", ["es"]) == {"de", "the"}
    assert lexicon.word_set("sample", "only_en") == {"upon"}
    assert lexicon.word_list("sample", "words") == ("of", "the", "de")


def test_recognition_words_come_from_both_languages():
    connectors = recognise.CONNECTORS
    assert {"of", "de", "del"} <= connectors
    assert connectors == lexicon.word_set("recognition", "connectors")
    assert connectors > lexicon.word_set("recognition", "connectors", ["en"])
