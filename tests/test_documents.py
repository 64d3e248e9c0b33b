"""Articles on disk: ids, strict UTF-8, sidecar metadata, path tricks."""

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
    [(b"", "empty article"), (b"\n \n", "empty article"), (b"ok\n\xe9t\xe9", ":2: not UTF-8")],
)
def test_bad_articles_name_the_file(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(DocumentError, match=message) as info:
        read_document(p)
    assert str(p) in str(info.value)
    assert isinstance(info.value, VzmapError) and isinstance(info.value, ValueError)


def test_folders_are_searched_for_txt_and_md_only(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("x", encoding="utf-8")
    (tmp_path / "c.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    names = [p.name for p in iter_document_paths([tmp_path])]
    assert names == ["a.txt", "b.md"]


@pytest.mark.parametrize("doc_id", ["../etc/passwd", "a/b", "", "..", "%2e%2e"])
def test_path_tricks_find_nothing(doc_id):
    assert find_document(ROOT / "seeds", doc_id) is None


def test_load_documents_skips_unreadable(tmp_path):
    (tmp_path / "good.txt").write_text("Caracas", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff")
    assert list(load_documents(tmp_path)) == ["good"]
