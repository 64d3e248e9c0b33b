"""Articles on disk: ids, decoding, sidecar metadata, path tricks (formats: test_formats.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vzmap.errors import DocumentError, VzmapError
from vzmap.text.documents import (
    MAX_ID_BYTES,
    find_document,
    id_problem,
    is_doc_id,
    iter_document_paths,
    load_documents,
    read_document,
)

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


# --- ids the file system can keep ----------------------------------------------------------


def test_the_longest_id_allowed_can_be_kept_beside_a_places_file(tmp_path):
    """The store writes ``<id>.meta.json`` and temp files
    ``.<id>.meta.json.<host>-<pid>.<random>.tmp``: an id at the limit must still fit in the file
    system's 255 bytes per name."""
    from vzmap.places.articles import articles_dir, store_articles

    name = "é" * (MAX_ID_BYTES // 2)  # two bytes each in UTF-8
    path = tmp_path / f"{name}.txt"
    path.write_text("Protesta en Mérida", encoding="utf-8")
    doc = read_document(path)
    places = tmp_path / "out" / "places.geojson"
    places.parent.mkdir()
    store_articles(places, [doc])
    assert (articles_dir(places) / f"{name}.meta.json").is_file()
    assert (articles_dir(places) / f"{name}.txt").read_text("utf-8") == "Protesta en Mérida"


def test_an_id_too_long_to_keep_names_the_file_and_the_limit(tmp_path):
    path = tmp_path / ("a" * 201 + ".txt")
    path.write_text("Protesta en Mérida", encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(f"{path}: the file name ")
    assert "is 201 bytes long in UTF-8, more than the 200 an id may have" in message
    assert "rename the file" in message
    assert is_doc_id("a" * 200) and not is_doc_id("a" * 201)
    assert id_problem("é" * 101) is not None


# --- ids that differ only by case ----------------------------------------------------------


def test_ids_differing_only_by_case_clash_instead_of_overwriting(tmp_path):
    from vzmap.ingest import read_documents

    (tmp_path / "Report.txt").write_text("Protesta en Mérida", encoding="utf-8")
    (tmp_path / "report.txt").write_text("Apagón en Maracaibo", encoding="utf-8")
    (tmp_path / "otro.txt").write_text("Colas en Coro", encoding="utf-8")
    skipped: list[str] = []
    docs = read_documents([tmp_path], skipped)
    assert [d.id for d in docs] == ["Report", "otro"]
    assert skipped == [
        f"{tmp_path / 'report.txt'}: document id 'report' is also {tmp_path / 'Report.txt'} "
        "(as 'Report' there: ids differing only in case are one file on macOS and Windows "
        "disks); rename one of them"
    ]


def test_the_same_id_twice_is_still_a_clash(tmp_path):
    from vzmap.ingest import read_documents

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "nota.txt").write_text("Protesta en Mérida", encoding="utf-8")
    (tmp_path / "b" / "nota.md").write_text("Apagón en Maracaibo", encoding="utf-8")
    skipped: list[str] = []
    assert [d.text for d in read_documents([tmp_path], skipped)] == ["Protesta en Mérida"]
    assert skipped == [f"{tmp_path / 'b' / 'nota.md'}: document id 'nota' is also "
                       f"{tmp_path / 'a' / 'nota.txt'}; rename one of them"]
