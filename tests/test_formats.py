"""Articles in the formats newsrooms have: saved web pages, Word, PDF, Windows text, Markdown.

Each test reads a real file (a committed fixture under tests/data/formats/ or one built here)
and checks what a user sees: the text holds the article and not the page around it, the
title and date, how the file was read, and errors that say what to do.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import unicodedata
from pathlib import Path

import pytest

from vzmap.errors import DocumentError
from vzmap.text.documents import (
    TEXT_SUFFIXES,
    find_document,
    is_doc_id,
    iter_document_paths,
    read_document,
)

DATA = Path(__file__).resolve().parent / "data" / "formats"


# --- building real files -------------------------------------------------------------------


def make_pdf(pages: list[str | None]) -> bytes:
    """A minimal valid PDF: one page per item, with that text (Helvetica) or, for ``None``,
    only an image (what a scanner writes)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the pages are known
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    image = add(b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream")
    kids = []
    for text in pages:
        if text is None:
            content = b"q 400 0 0 400 100 300 cm /Im1 Do Q"
        else:
            lines = [ln.replace("(", r"\(").replace(")", r"\)") for ln in text.split("\n")]
            shown = b" T* ".join(b"(" + ln.encode("latin-1") + b") Tj" for ln in lines)
            content = b"BT /F1 12 Tf 14 TL 72 720 Td " + shown + b" ET"
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
            % (pages_obj, stream, font, image)
        ))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, catalog, xref))
    return out.getvalue()


def make_docx(path: Path, *, title: str | None = "Informe de Maturín") -> Path:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Redacción Madrid · borrador interno"
    document.add_heading("Colas de gasolina en Maturín", level=1)
    document.add_paragraph("Los conductores de Maturín esperaron hasta diez horas.")
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Estaciones cerradas en Monagas"
    table.cell(1, 0).text = "Punta de Mata"
    table.cell(1, 1).text = "Caripito"
    document.add_paragraph("La gobernación prometió más camiones cisterna.")
    if title:
        document.core_properties.title = title
    document.save(path)
    return path


# --- plain text ----------------------------------------------------------------------------


def test_windows_1252_text_is_decoded_and_the_user_told(tmp_path):
    doc = read_document(DATA / "windows1252.txt")
    assert "En Mérida, el año pasado" in doc.text
    assert "«No nos vamos a callar»" in doc.text
    assert "\r\n" in doc.text  # the text is as on disk, only decoded
    assert doc.meta["encoding"] == "windows-1252"
    assert doc.notes == (f"{DATA / 'windows1252.txt'}: read as windows-1252 (not UTF-8)",)
    assert doc.title == "Protestas en Mérida"


@pytest.mark.parametrize("codec", ["cp1252", "mac_roman", "cp850"])
def test_older_encodings_of_a_spanish_article_are_told_apart(tmp_path, codec):
    text = (DATA / "windows1252.txt").read_bytes().decode("cp1252").replace("«", '"')
    text = text.replace("»", '"')
    path = tmp_path / "nota.txt"
    path.write_bytes(text.encode(codec))
    assert read_document(path).text == text


@pytest.mark.parametrize("line", ["Caracas y Maracaibo, año 2024",
                                  "Protesta en Mérida", "Niños en Cúcuta: 40"])
def test_a_short_latin_line_is_not_read_as_an_asian_script(tmp_path, line):
    path = tmp_path / "corta.txt"
    path.write_bytes(line.encode("cp1252"))
    assert read_document(path).text == line


def test_text_in_another_script_keeps_the_detectors_reading(tmp_path):
    line = "Привет мир, это тест кодировки Windows-1251, и ещё немного текста."
    path = tmp_path / "ru.txt"
    path.write_bytes(line.encode("cp1251"))
    assert read_document(path).text == line


def test_utf8_with_a_bom_reads_without_it(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfMaracay amaneci\xc3\xb3 sin luz.\n")
    doc = read_document(path)
    assert doc.text == "Maracay amaneció sin luz.\n"
    assert doc.text[0:7] == "Maracay"  # offsets count from the first letter, not the mark
    assert doc.meta["encoding"] == "utf-8" and doc.notes == ()


def test_notepad_unicode_text_is_read(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("Barquisimeto y Carora\r\n".encode("utf-16"))
    doc = read_document(path)
    assert doc.text == "Barquisimeto y Carora\r\n"
    assert "utf-16" in doc.notes[0]


def test_utf8_with_a_few_stray_bytes_keeps_the_rest(tmp_path):
    path = tmp_path / "pegado.txt"
    path.write_bytes("Ciudad Bolívar y Maturín\n".encode() + b"pegado de otro sitio: caf\xe9\n")
    doc = read_document(path)
    assert doc.text.startswith("Ciudad Bolívar y Maturín\n")
    assert "\ufffd" in doc.text
    assert "line 2" in doc.notes[0] and "replaced" in doc.notes[0]


@pytest.mark.parametrize(
    "content", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", bytes(range(256)) * 8]
)
def test_a_binary_file_named_txt_is_refused_by_name(tmp_path, content):
    path = tmp_path / "foto.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match="not a text file") as info:
        read_document(path)
    assert str(path) in str(info.value)


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_front_matter_is_metadata_not_text():
    doc = read_document(DATA / "front_matter.md")
    assert doc.meta["title"] == "Apagón en Maracaibo: tercer día sin luz"
    assert doc.title == "Apagón en Maracaibo: tercer día sin luz"
    assert doc.meta["date"] == "2024-03-07"  # a YAML date, stored as an ISO string
    assert doc.meta["byline"] == "Equipo de Datos" and doc.meta["lang"] == "es"
    assert doc.meta["tags"] == ["electricidad", "Zulia"]
    assert doc.text.startswith("# Apagón en Maracaibo\n")
    for front in ("title:", "Equipo de Datos", "Valencia", "---"):
        assert front not in doc.text
    start = doc.text.index("Maracaibo, en el estado Zulia")
    assert doc.text[start : start + 9] == "Maracaibo"


@pytest.mark.parametrize(
    ("front", "line", "what"),
    [
        ("title: Apagón\ndate: [2024\n", 4, "not valid YAML"),
        ("title: Apagón\n  - lista: rota\n", 3, "not valid YAML"),
        ("título: Apagón\nfecha: 2024-03-07: tarde\n", 3, "not valid YAML"),
    ],
)
def test_broken_front_matter_names_the_file_and_line(tmp_path, front, line, what):
    path = tmp_path / "nota.md"
    path.write_text(f"---\n{front}---\nTexto sobre Coro.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=what) as info:
        read_document(path)
    assert str(info.value).startswith(f"{path}:{line}:")


def test_front_matter_never_closed_is_an_error(tmp_path):
    path = tmp_path / "nota.md"
    path.write_text("---\ntitle: Apagón\n\nTexto sobre Coro.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r":1: front matter .* never closed"):
        read_document(path)


def test_front_matter_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = tmp_path / "bomba.md"
    path.write_text("---\n" + "\n".join(lines) + "\n---\nTexto.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="too large once expanded"):
        read_document(path)


def test_a_date_that_is_no_date_is_kept_as_written_with_a_note(tmp_path):
    path = tmp_path / "nota.md"
    path.write_text("---\ntitle: Allanamiento\ndate: 2024-02-30\n---\nAllanamiento en Maracaibo.\n",
                    encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "Allanamiento en Maracaibo.\n"
    assert doc.meta["date"] == "2024-02-30" and doc.meta["title"] == "Allanamiento"
    assert len(doc.notes) == 1
    assert doc.notes[0].startswith(f"{path}:3: '2024-02-30' is not a real date")
    assert "kept as the text it was written as" in doc.notes[0]


@pytest.mark.parametrize(
    "opening",
    ["---\nSoldados allanaron una casa en Maracaibo.\n\n---\n\nMás desde Lima.\n",
     "---\n- solo\n- una lista\n---\nTexto sobre Coro.\n",
     "---\n\"Allanaron\" una casa en Maracaibo, dijo.\n[fin\n---\nMás.\n"],
)
def test_an_opening_horizontal_rule_is_text_not_front_matter(tmp_path, opening):
    path = tmp_path / "nota.md"
    path.write_text(opening, encoding="utf-8")
    doc = read_document(path)
    assert doc.text == opening
    assert [m for m in doc.meta if m not in ("format", "source", "source_sha256", "encoding")] == []
    assert doc.notes == (
        f"{path}:1: the opening '---' is read as a horizontal rule, not front matter (no "
        "'key: value' lines follow it); the whole file is the article's text",
    )


def test_markdown_without_front_matter_is_text(tmp_path):
    path = tmp_path / "nota.md"
    path.write_text("Notas de Barinas\n\n---\n\nMás notas.\n", encoding="utf-8")
    assert read_document(path).text == "Notas de Barinas\n\n---\n\nMás notas.\n"


# --- saved web pages -----------------------------------------------------------------------


def test_saved_web_page_gives_the_article_only():
    doc = read_document(DATA / "saved_page.html")
    assert "Maracay" in doc.text and "La Barraca" in doc.text
    for around in ("Madrid", "Lima", "Quito", "Bogotá", "Montevideo", "Santiago", "gtag",
                   "Todos los derechos", "<p>"):
        assert around not in doc.text, around
    assert doc.title == "Vecinos de Maracay protestan por fallas eléctricas"
    assert doc.meta["byline"] == "María Fernanda Rojas"
    assert doc.meta["date"] == "2024-03-05"
    assert doc.meta["lang"] == "es" and doc.meta["encoding"] == "utf-8"
    assert "\n\nLos manifestantes cerraron" in doc.text  # paragraphs apart by a blank line


def test_saved_page_places_come_from_the_article_and_offsets_hold():
    from vzmap.geoparse.pipeline import geoparse

    doc = read_document(DATA / "saved_page.html")
    mentions = geoparse(doc.text, lang="es")
    again = read_document(DATA / "saved_page.html").text
    names = {m.text for m in mentions}
    assert "Maracay" in names
    assert not names & {"Madrid", "Lima", "Quito", "Bogotá", "Santiago"}
    for m in mentions:
        assert again[m.start : m.end] == m.text


def test_a_windows_1252_page_is_decoded_by_its_meta_charset(tmp_path):
    body = ("<p>En Mérida, el año pasado, cientos de estudiantes marcharon hacia la sede del "
            "gobierno regional para pedir la liberación de sus compañeros detenidos.</p>") * 3
    page = ('<html><head><meta charset="windows-1252"><title>Mérida</title></head><body>'
            f"<article><h1>Marcha en Mérida</h1>{body}</article></body></html>")
    path = tmp_path / "pagina.htm"
    path.write_bytes(page.encode("cp1252"))
    doc = read_document(path)
    assert "En Mérida, el año pasado" in doc.text
    assert doc.meta["encoding"] == "windows-1252" and doc.meta["format"] == "html"


def test_a_page_with_no_article_says_so(tmp_path):
    path = tmp_path / "portada.html"
    path.write_text(
        "<html><head><title>Portada</title><script>var x = 'Lima';</script></head><body>"
        "<nav><a href='/a'>Madrid</a> <a href='/b'>Lima</a></nav></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(DocumentError, match="no article text found in this web page") as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_a_page_of_bare_divs_still_gives_its_article(tmp_path):
    sentence = ("<div>Cientos de vecinos de Maracay, en el estado Aragua, salieron este martes "
                "a la calle para protestar por los cortes de electricidad.</div>")
    path = tmp_path / "sopa.html"
    path.write_text(
        "<html><body><div id=menu><a href=/>Madrid</a> <a href=/x>Lima</a></div>"
        f"<div class=c>{sentence * 3}</div><div class=foot>Bogotá, Colombia</div></body></html>",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert "vecinos de Maracay" in doc.text
    assert "Madrid" not in doc.text and "Bogotá" not in doc.text


# --- Word ----------------------------------------------------------------------------------


def test_word_paragraphs_and_table_cells_in_reading_order(tmp_path):
    doc = read_document(make_docx(tmp_path / "informe.docx"))
    assert doc.text == (
        "Colas de gasolina en Maturín\n\n"
        "Los conductores de Maturín esperaron hasta diez horas.\n\n"
        "Estaciones cerradas en Monagas\n\n"
        "Punta de Mata\n\nCaripito\n\n"
        "La gobernación prometió más camiones cisterna."
    )
    assert "Madrid" not in doc.text  # the page header is not the article
    assert doc.title == "Informe de Maturín"
    assert doc.meta["format"] == "docx"


def test_word_title_falls_back_to_the_first_line(tmp_path):
    doc = read_document(make_docx(tmp_path / "informe.docx", title=None))
    assert doc.title == "Colas de gasolina en Maturín"


def test_an_old_doc_renamed_docx_is_refused_clearly(tmp_path):
    path = tmp_path / "viejo.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(DocumentError, match="not a Word .docx file.*save it as .docx"):
        read_document(path)


# --- PDF -----------------------------------------------------------------------------------


def test_pdf_text_layer_pages_apart_by_a_blank_line(tmp_path):
    path = tmp_path / "boletin.pdf"
    path.write_bytes(make_pdf(["Protesta en Maracay\nsegunda linea", "Detenidos en Valencia"]))
    doc = read_document(path)
    assert doc.text == "Protesta en Maracay\nsegunda linea\n\nDetenidos en Valencia"
    assert doc.meta["format"] == "pdf" and doc.notes == ()


def test_pdf_with_a_scanned_page_keeps_the_rest_and_says_which(tmp_path):
    path = tmp_path / "mixto.pdf"
    path.write_bytes(make_pdf(["Protesta en Maracay", None, "Detenidos en Valencia"]))
    doc = read_document(path)
    assert doc.text == "Protesta en Maracay\n\nDetenidos en Valencia"
    assert "page(s) 2 have no text layer" in doc.notes[0]


def test_scanned_pdf_says_to_run_ocr(tmp_path):
    path = tmp_path / "escaneo.pdf"
    path.write_bytes(make_pdf([None, None]))
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert str(info.value) == (
        f"{path}: this PDF has no text layer (a scan?); run OCR first, e.g. ocrmypdf, "
        "and ingest the result"
    )


def _encrypted(pdf: bytes, user_password: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password=user_password, owner_password="dueño", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf_is_refused_clearly(tmp_path):
    path = tmp_path / "clave.pdf"
    path.write_bytes(_encrypted(make_pdf(["Protesta en Maracay"]), "secreto"))
    with pytest.raises(DocumentError, match="password-protected") as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_pdf_locked_only_against_editing_is_read(tmp_path):
    path = tmp_path / "protegido.pdf"
    path.write_bytes(_encrypted(make_pdf(["Protesta en Maracay"]), ""))
    assert read_document(path).text == "Protesta en Maracay"


def test_a_damaged_pdf_is_read_without_library_chatter(tmp_path, caplog):
    path = tmp_path / "desplazado.pdf"
    path.write_bytes(make_pdf(["Protesta en Maracay"]).replace(b"startxref\n", b"startxref\n9"))
    before = logging.getLogger("pypdf").level
    with caplog.at_level(logging.DEBUG):
        assert read_document(path).text == "Protesta en Maracay"
    assert [r for r in caplog.records if r.name.startswith("pypdf")] == []
    assert logging.getLogger("pypdf").level == before


def test_a_damaged_pdf_is_a_document_error(tmp_path):
    path = tmp_path / "roto.pdf"
    path.write_bytes(make_pdf(["Protesta en Maracay"])[:60])
    with pytest.raises(DocumentError, match="cannot be read as a pdf file") as info:
        read_document(path)
    assert str(path) in str(info.value)


# --- every format --------------------------------------------------------------------------


def _one_of_each(tmp_path: Path) -> list[Path]:
    pdf = tmp_path / "boletin.pdf"
    pdf.write_bytes(make_pdf(["Protesta en Maracay"]))
    return [DATA / "windows1252.txt", DATA / "front_matter.md", DATA / "saved_page.html",
            make_docx(tmp_path / "informe.docx"), pdf]


def test_every_format_records_format_source_and_hash(tmp_path):
    formats = []
    for path in _one_of_each(tmp_path):
        doc = read_document(str(path))
        formats.append(doc.meta["format"])
        assert doc.meta["source"] == str(path)
        assert doc.meta["source_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert formats == ["txt", "md", "html", "docx", "pdf"]


def test_stored_text_reads_back_identically(tmp_path):
    """What ingest stores (the text as UTF-8 .txt) reads back the same, so offsets hold."""
    for path in _one_of_each(tmp_path):
        doc = read_document(path)
        stored = tmp_path / "stored" / f"{doc.id}.txt"
        stored.parent.mkdir(exist_ok=True)
        stored.write_bytes(doc.text.encode("utf-8"))
        assert read_document(stored).text == doc.text, path.name


def test_the_sidecar_wins_over_what_the_file_says(tmp_path):
    page = tmp_path / "pagina.html"
    page.write_bytes((DATA / "saved_page.html").read_bytes())
    (tmp_path / "pagina.meta.json").write_text('{"title": "Título corregido"}', "utf-8")
    doc = read_document(page)
    assert doc.title == "Título corregido"
    assert doc.meta["byline"] == "María Fernanda Rojas"


def test_suffixes_in_any_case_are_articles(tmp_path):
    path = tmp_path / "NOTA.TXT"
    path.write_text("Cumaná", encoding="utf-8")
    assert read_document(path).text == "Cumaná"
    assert {".txt", ".md", ".html", ".htm", ".docx", ".pdf"} <= set(TEXT_SUFFIXES)


@pytest.mark.parametrize(
    ("name", "hint"), [("viejo.doc", "save it as .docx"), ("pagina.mhtml", "HTML only"),
                       ("datos.json", ".json files are not articles")],
)
def test_other_files_say_what_to_do(tmp_path, name, hint):
    path = tmp_path / name
    path.write_bytes(b"x")
    with pytest.raises(DocumentError, match=hint):
        read_document(path)


@pytest.mark.parametrize("url", ["https://efectococuyo.com/politica/nota", "http://x.org/a.html"])
def test_a_url_is_not_read_from_the_web(url):
    message = (f"{url}: reading articles from the web is not supported yet; save the page "
               "(Ctrl+S) and ingest the .html file")
    with pytest.raises(DocumentError) as info:
        read_document(url)
    assert str(info.value) == message
    with pytest.raises(DocumentError) as info:
        list(iter_document_paths([url]))
    assert str(info.value) == message
    problems: list[str] = []
    assert list(iter_document_paths([url], on_problem=problems.append)) == []
    assert problems == [message]


# --- ids -----------------------------------------------------------------------------------


def test_any_file_name_is_an_id_accents_and_spaces_kept(tmp_path):
    path = tmp_path / "Café Mérida.txt"
    path.write_text("Protesta en Mérida", encoding="utf-8")
    doc = read_document(path)
    assert doc.id == "Café Mérida"
    assert find_document(tmp_path, "Café Mérida") == path
    assert [p.name for p in iter_document_paths([tmp_path])] == ["Café Mérida.txt"]


def test_a_decomposed_name_has_the_composed_id(tmp_path):
    path = tmp_path / (unicodedata.normalize("NFD", "Maturín") + ".txt")
    path.write_text("Colas en Maturín", encoding="utf-8")
    assert read_document(path).id == "Maturín"
    assert find_document(tmp_path, "Maturín") == path


@pytest.mark.parametrize(
    ("doc_id", "ok"),
    [("Café Mérida", True), ("informe (2) final", True), ("北京 报道", True), ("a.b", True),
     ("", False), (".", False), ("..", False), (".oculto", False), ("a/b", False),
     ("a\\b", False), ("a\x00b", False), ("a\nb", False), ("a\x7fb", False)],
)
def test_is_doc_id(doc_id, ok):
    assert is_doc_id(doc_id) is ok


@pytest.mark.parametrize("doc_id", ["../x", "a/b", "..", "../formats/saved_page", ""])
def test_find_document_never_leaves_the_folder(tmp_path, doc_id):
    (tmp_path / "x.txt").write_text("Coro", encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    assert find_document(inner, doc_id) is None


def test_a_name_with_a_control_character_is_refused(tmp_path):
    path = tmp_path / "nota\x01.txt"
    path.write_text("Coro", encoding="utf-8")
    with pytest.raises(DocumentError, match="control character U\\+0001.*rename the file"):
        read_document(path)


def test_a_name_not_in_utf8_is_refused(tmp_path):
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.txt"))
    path.write_text("Coro", encoding="utf-8")
    with pytest.raises(DocumentError, match="not valid UTF-8.*rename the file"):
        read_document(path)


# --- folders -------------------------------------------------------------------------------


def test_folders_yield_every_format_and_skip_page_assets(tmp_path):
    for name in ("a.txt", "b.md", "c.html", "d.HTM", "e.docx", "f.pdf", "~$e.docx",
                 "a.meta.json", "foto.JPG", "estilo.css", "Thumbs.db"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "c_files").mkdir()
    (tmp_path / "c_files" / "anuncio.html").write_bytes(b"<p>Madrid</p>")
    (tmp_path / "c_files" / "datos.xhtml").write_bytes(b"<p>Madrid</p>")
    problems: list[str] = []
    names = [p.name for p in iter_document_paths([tmp_path], on_problem=problems.append)]
    assert names == ["a.txt", "b.md", "c.html", "d.HTM", "e.docx", "f.pdf"]
    assert problems == []


def test_files_of_other_types_are_named_once_in_a_summary(tmp_path):
    (tmp_path / "ok.txt").write_text("Coro", encoding="utf-8")
    for name in ("story", "page.xhtml", "notes.text", "ok.meta.json", "logo.png", "app.js"):
        (tmp_path / name).write_text("Coro", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "datos.csv").write_text("Coro", encoding="utf-8")
    problems: list[str] = []
    found = list(iter_document_paths([tmp_path, tmp_path / "ok.txt"],
                                     on_problem=problems.append))
    assert [p.name for p in found] == ["ok.txt"]
    assert problems == [
        "4 files of other types, not articles: notes.text, page.xhtml, story, sub/datos.csv "
        "(articles are .txt, .md, .markdown, .html, .htm, .docx, .pdf)"
    ]


def test_one_file_of_another_type_and_many_are_told_in_few_words(tmp_path):
    (tmp_path / "uno").mkdir()
    (tmp_path / "uno" / "nota.rst").write_text("Coro", encoding="utf-8")
    problems: list[str] = []
    list(iter_document_paths([tmp_path / "uno"], on_problem=problems.append))
    assert problems == ["1 file of another type, not articles: nota.rst (articles are .txt, .md, "
                        ".markdown, .html, .htm, .docx, .pdf)"]
    for i in range(25):
        (tmp_path / f"n{i:02}.rst").write_text("Coro", encoding="utf-8")
    problems.clear()
    list(iter_document_paths([tmp_path], on_problem=problems.append))
    assert len(problems) == 1
    assert problems[0].startswith("26 files of other types, not articles: n00.rst, n01.rst, ")
    assert " and 16 more (articles are" in problems[0]


def test_a_loop_of_links_is_called_a_loop_not_a_broken_link(tmp_path):
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    (tmp_path / "ok.txt").write_text("Coro", encoding="utf-8")
    problems: list[str] = []
    list(iter_document_paths([tmp_path], on_problem=problems.append))
    assert problems == [
        f"{tmp_path / n}: a loop of links (it points to {t}, and following the links never "
        "reaches a file or folder); no article was read from it"
        for n, t in (("a", "b"), ("b", "a"))
    ]
    problems.clear()
    assert list(iter_document_paths([tmp_path / "a"], on_problem=problems.append)) == []
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path / 'a'}: a loop of links")
    with pytest.raises(DocumentError, match="a loop of links"):
        list(iter_document_paths([tmp_path / "a"]))
    (tmp_path / "roto").symlink_to("borrado")
    problems.clear()
    list(iter_document_paths([tmp_path / "roto"], on_problem=problems.append))
    assert problems[0].startswith(f"{tmp_path / 'roto'}: broken link (it points to borrado,")


def test_the_articles_vzmap_keeps_beside_a_places_file_are_not_read_again(tmp_path):
    (tmp_path / "nota.txt").write_text("Coro", encoding="utf-8")
    (tmp_path / "places.geojson").write_text("{}", encoding="utf-8")
    (tmp_path / "places.geojson.bak").write_text("{}", encoding="utf-8")
    (tmp_path / "places.articles").mkdir()
    (tmp_path / "places.articles" / "nota.txt").write_text("Coro", encoding="utf-8")
    (tmp_path / "places.articles" / "nota.meta.json").write_text("{}", encoding="utf-8")
    (tmp_path / "viejos.articles").mkdir()  # no viejos.geojson beside it: the user's folder
    (tmp_path / "viejos.articles" / "otra.txt").write_text("Coro", encoding="utf-8")
    problems: list[str] = []
    found = list(iter_document_paths([tmp_path], on_problem=problems.append))
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "nota.txt", "viejos.articles/otra.txt"]
    assert problems == []
    given = list(iter_document_paths([tmp_path / "places.articles"], on_problem=pytest.fail))
    assert [p.name for p in given] == ["nota.txt"]


def test_folder_problems_are_reported_and_the_rest_yielded(tmp_path, monkeypatch):
    (tmp_path / "bueno.txt").write_text("Coro", encoding="utf-8")
    (tmp_path / "roto.txt").symlink_to(tmp_path / "borrado.txt")
    (tmp_path / "bucle.txt").symlink_to(tmp_path / "bucle.txt")
    (tmp_path / "viejo.doc").write_bytes(b"x")
    locked = tmp_path / "cerrada"
    locked.mkdir()
    (locked / "oculto.txt").write_text("Coro", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # tests run as root, who can read any folder: deny this one
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    problems: list[str] = []
    found = list(iter_document_paths([tmp_path], on_problem=problems.append))
    assert [p.name for p in found] == ["bueno.txt"]
    text = "\n".join(problems)
    assert f"{tmp_path / 'roto.txt'}: broken link" in text
    assert f"{tmp_path / 'bucle.txt'}: a loop of links" in text
    assert f"{tmp_path / 'viejo.doc'}: an old Word file" in text
    assert f"{locked}: folder cannot be read (Permission denied)" in text
    assert len(problems) == 4


def test_without_a_callback_problems_are_logged_not_hidden(tmp_path, caplog):
    (tmp_path / "bueno.txt").write_text("Coro", encoding="utf-8")
    (tmp_path / "roto.txt").symlink_to(tmp_path / "borrado.txt")
    with caplog.at_level(logging.WARNING, logger="vzmap"):
        assert [p.name for p in iter_document_paths([tmp_path])] == ["bueno.txt"]
    assert "roto.txt: broken link" in caplog.text
    with pytest.raises(DocumentError, match="no such file or folder"):
        list(iter_document_paths([tmp_path / "no-existe"]))


def test_a_linked_folder_is_followed_once(tmp_path):
    (tmp_path / "notas").mkdir()
    (tmp_path / "notas" / "a.txt").write_text("Coro", encoding="utf-8")
    (tmp_path / "notas" / "vuelta").symlink_to(tmp_path)
    (tmp_path / "atajo").symlink_to(tmp_path / "notas")
    found = list(iter_document_paths([tmp_path], on_problem=pytest.fail))
    assert [p.name for p in found] == ["a.txt"]
