"""Articles on disk: ids, decoding, sidecar metadata, path tricks (formats: test_formats.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vzmap.errors import DocumentError, VzmapError
from vzmap.text.documents import find_document, iter_document_paths, load_documents, read_document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "seeds"


def test_seeds_are_byte_identical_to_the_originals():
    if not SHARED.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for original in SHARED.glob("*.txt"):
        assert (ROOT / "seeds" / original.name).read_bytes() == original.read_bytes()


def test_seed_metadata_comes_from_the_sidecar():
    doc = read_document(ROOT / "seeds" / "004_0381395c104e6378.txt")
    assert doc.id == "004_0381395c104e6378"
    assert doc.title.startswith("Tocorón Reveals")
    assert doc.meta["byline"].startswith("Andrei Serbin Pont")
    assert doc.meta["date_approximate"] is True


def test_text_is_read_exactly(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"Caracas\r\nMaracaibo\r\n")
    assert read_document(p).text == "Caracas\r\nMaracaibo\r\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty article"), (b"\n \n", "empty article"),
     (b"\xef\xbb\xbf\n", "empty article"), (b"GIF89a\x01\x00\x00\x00", "not a text file")],
)
def test_bad_articles_name_the_file(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(DocumentError, match=message) as info:
        read_document(p)
    assert str(p) in str(info.value)
    assert isinstance(info.value, VzmapError) and isinstance(info.value, ValueError)


def test_text_that_is_not_utf8_is_read_and_noted(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes(b"ok\n\xe9t\xe9 en M\xe9rida")
    doc = read_document(p)
    assert doc.text == "ok\nété en Mérida"
    assert doc.notes == (f"{p}: read as windows-1252 (not UTF-8)",)


def test_folders_are_searched_for_articles_only(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("x", encoding="utf-8")
    (tmp_path / "sub" / "c.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "c.json").write_text("{}", encoding="utf-8")
    (tmp_path / "d.meta.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "e.txt").write_text("x", encoding="utf-8")
    names = [p.name for p in iter_document_paths([tmp_path])]
    assert names == ["a.txt", "b.md", "c.pdf"]


@pytest.mark.parametrize(
    "doc_id", ["../etc/passwd", "a/b", "", "..", "%2e%2e", "..\\seeds", "/etc/passwd", "\x00"]
)
def test_path_tricks_find_nothing(doc_id):
    assert find_document(ROOT / "seeds", doc_id) is None


def test_seed_ids_are_found():
    assert find_document(ROOT / "seeds", "004_0381395c104e6378").name == "004_0381395c104e6378.txt"


def test_load_documents_skips_unreadable(tmp_path):
    (tmp_path / "good.txt").write_text("Caracas", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\xff\x00")
    assert list(load_documents(tmp_path)) == ["good"]
